//! The JSON contract of `/api/portfolios/{id}/submit` and
//! `/api/submissions`: submitting a portfolio, and every step of its
//! assessment. The state itself is [`crate::assessment`]; what a person
//! receives is always [`crate::assessment::view`]'s projection for them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assessment::{
    AssessmentView, LateWarning, Missing, NextActor, Outcome, SlotProposal, Snapshot, Stage,
    SubmissionKind, Verdict,
};
use crate::framework::PortfolioKind;

/// The candidate's closing declaration at submitting, shown beside the
/// button "Portfolio indienen".
pub const CLOSING_DECLARATION: &str = "Ik verklaar dat ik dit portfolio naar waarheid heb \
     ingevuld, dat de bewijsstukken echt zijn en dat ik het werk zelf heb gedaan.";

/// `POST /api/portfolios/{id}/submit`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct SubmitRequest {
    /// The candidate confirmed [`CLOSING_DECLARATION`].
    pub declaration: bool,
}

/// A submission as listed, and the `submission` of the 201 answer.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SubmissionSummary {
    pub id: String,
    pub portfolio_id: String,
    /// 1 for the first submission of the portfolio, +1 for each after
    /// (a supplement after "uitgesteld").
    pub version: u32,
    pub manifest_sha256: String,
    /// UTC unix seconds.
    pub submitted_at: i64,
    pub status: Stage,
    pub kind: SubmissionKind,
    pub portfolio_kind: PortfolioKind,
    pub candidate: Person,
    pub next: NextActor,
    /// Since when it waits for the next step (UTC unix seconds).
    pub waiting_since: i64,
    #[serde(default)]
    pub late: Option<LateWarning>,
}

/// `201` to `POST /api/portfolios/{id}/submit`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SubmitResponse {
    pub submission: SubmissionSummary,
}

/// `422 incomplete`: the API's error shape with what is missing.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct IncompleteError {
    pub error: IncompleteBody,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct IncompleteBody {
    /// Always `incomplete`.
    pub code: String,
    pub message: String,
    pub missing: Vec<Missing>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub name: String,
}

/// `GET /api/assessors` (certifier): who can be assigned.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct AssessorList {
    pub assessors: Vec<Person>,
}

/// `GET /api/submissions`: what the person is part of (own, assigned, or
/// for a certifier every one), the longest waiting first.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SubmissionList {
    pub submissions: Vec<SubmissionSummary>,
}

/// The certificate a positive decision issued.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct IssuedCertificate {
    pub certificate_number: String,
    pub issue_date: NaiveDate,
    pub expiry_date: NaiveDate,
}

/// `GET /api/submissions/{id}`, and the answer to every step.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SubmissionDetail {
    pub submission: SubmissionSummary,
    pub assessors: Vec<Person>,
    pub assessment: AssessmentView,
    /// The manifest text; its SHA-256 is `submission.manifest_sha256`.
    pub manifest: String,
    /// The content as submitted; for an assessor only after confirming
    /// "geen belangenverstrengeling".
    pub snapshot: Option<Snapshot>,
    /// Sections changed since the previous version (a resubmission).
    pub changed_sections: Vec<String>,
    pub previous_submission: Option<String>,
    pub certificate: Option<IssuedCertificate>,
    /// The toetsgesprek as an iCalendar invitation (`.ics` text), once a
    /// moment is chosen; the page offers it as a download.
    pub interview_ics: Option<String>,
    /// "De kosten van certificering ... betaal je rechtstreeks aan DNV."
    pub fee_notice: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SubmissionResponse {
    pub submission: SubmissionDetail,
}

/// `POST /api/submissions/{id}/assessors` (certifier).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct AssignRequest {
    pub assessors: Vec<String>,
}

/// `POST /api/submissions/{id}/verdicts` (assessor).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct VerdictRequest {
    pub section: String,
    pub verdict: Verdict,
    #[serde(default)]
    pub note: String,
}

/// `POST /api/submissions/{id}/advice` (assessor, own advice).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct AdviceRequest {
    pub outcome: Outcome,
    pub motivation: String,
}

/// `POST /api/submissions/{id}/interview/slots` (assessor).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct SlotsRequest {
    pub slots: Vec<SlotProposal>,
}

/// `POST /api/submissions/{id}/interview/choice` (candidate).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct PickSlotRequest {
    pub slot: u32,
}

/// `POST /api/submissions/{id}/interview/held` (assessor).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct InterviewHeldRequest {
    #[serde(default)]
    pub notes: String,
}

/// `POST /api/submissions/{id}/joint-advice` (assessor).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct JointAdviceRequest {
    pub outcome: Outcome,
    pub motivation: String,
    #[serde(default)]
    pub sections: Vec<String>,
}

/// `POST /api/submissions/{id}/decision` (certifier).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct DecisionRequest {
    pub outcome: Outcome,
    #[serde(default)]
    pub motivation: String,
    #[serde(default)]
    pub sections: Vec<String>,
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

/// `POST /api/submissions/{id}/objection` (candidate).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ObjectionRequest {
    pub reasons: String,
}

/// What the certifier does with an objection.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionHandling {
    InBehandeling,
    Gegrond,
    Ongegrond,
}

/// `POST /api/submissions/{id}/objection/handling` (certifier).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct HandleObjectionRequest {
    pub status: ObjectionHandling,
    #[serde(default)]
    pub motivation: String,
}
