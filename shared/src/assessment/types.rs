//! The words of an assessment: which kind of submission, the verdict per
//! section, the advice, the decision and the objection. Every enum is
//! snake_case on the wire and has its Dutch label here, so the server, the
//! e-mails and the screens say the same thing.

use serde::{Deserialize, Serialize};

use crate::framework::{framework, PortfolioKind};
use crate::rules::route::SHORTENED_ROUTE_EXEMPT;

/// What is being judged. The route of an initial portfolio decides who
/// judges what: the shortened route is exempt from B2, C1 t/m C4, D and the
/// toetsgesprek (002, A2 "Vrijstellingen").
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionKind {
    InitialFull,
    InitialShortened,
    Recertification,
}

impl SubmissionKind {
    pub const ALL: [SubmissionKind; 3] = [
        SubmissionKind::InitialFull,
        SubmissionKind::InitialShortened,
        SubmissionKind::Recertification,
    ];

    pub fn portfolio_kind(self) -> PortfolioKind {
        match self {
            SubmissionKind::InitialFull | SubmissionKind::InitialShortened => {
                PortfolioKind::Initial
            }
            SubmissionKind::Recertification => PortfolioKind::Recertification,
        }
    }

    /// Two assessors for an initial portfolio ("wordt deze beoordeeld door
    /// twee assessoren", 000), one for recertification ("Een assessor
    /// beoordeelt je portfolio", 001).
    pub fn required_assessors(self) -> usize {
        match self {
            SubmissionKind::InitialFull | SubmissionKind::InitialShortened => 2,
            SubmissionKind::Recertification => 1,
        }
    }

    /// The 30-minute toetsgesprek: initial full route only.
    pub fn has_interview(self) -> bool {
        self == SubmissionKind::InitialFull
    }

    /// The sections an assessor gives a verdict on, in framework order.
    pub fn judged_sections(self) -> Vec<&'static str> {
        framework(self.portfolio_kind())
            .sections
            .iter()
            .map(|s| s.code)
            .filter(|code| {
                self != SubmissionKind::InitialShortened || !SHORTENED_ROUTE_EXEMPT.contains(code)
            })
            .collect()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionKind::InitialFull => "initial_full",
            SubmissionKind::InitialShortened => "initial_shortened",
            SubmissionKind::Recertification => "recertification",
        }
    }

    pub fn parse(s: &str) -> Option<SubmissionKind> {
        SubmissionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            SubmissionKind::InitialFull => "Eerste certificering (volledige route)",
            SubmissionKind::InitialShortened => "Eerste certificering (verkorte route)",
            SubmissionKind::Recertification => "Hercertificering",
        }
    }
}

/// An assessor's verdict on one section.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Voldoet,
    VoldoetNiet,
    Aanvullen,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Voldoet, Verdict::VoldoetNiet, Verdict::Aanvullen];

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Voldoet => "Voldoet",
            Verdict::VoldoetNiet => "Voldoet niet",
            Verdict::Aanvullen => "Aanvullen",
        }
    }
}

/// The certificatieadvies (000: "drie adviezen mogelijk"), and with the same
/// three values the certifying body's decision.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// "je voldoet aan de certificeringseisen Register Jobcoach".
    Positief,
    /// "je wordt gevraagd je portfolio op een of meerdere onderdelen aan te
    /// vullen, waarna een definitief advies wordt gegeven".
    Uitgesteld,
    /// "je voldoet (nog) niet aan de eisen van een Register Jobcoach".
    Negatief,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Positief, Outcome::Uitgesteld, Outcome::Negatief];

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Positief => "Positief",
            Outcome::Uitgesteld => "Uitgesteld",
            Outcome::Negatief => "Negatief",
        }
    }
}

/// Where a submission stands. The order is the order of the path; an
/// objection that is upheld starts a new round at [`Stage::Submitted`].
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Waiting for the certifier to assign assessors.
    Submitted,
    /// Assessors assigned; none has confirmed independence yet.
    AssessorsAssigned,
    /// At least one assessor has opened the portfolio and is judging.
    Judging,
    /// Every assessor has sealed ("Oordeel vastleggen").
    Sealed,
    /// Toetsgesprek: slots offered, the candidate picks one.
    InterviewOffered,
    InterviewPlanned,
    InterviewHeld,
    /// The (joint) advice is in; the certifier decides.
    Advised,
    Decided,
}

impl Stage {
    pub const ALL: [Stage; 9] = [
        Stage::Submitted,
        Stage::AssessorsAssigned,
        Stage::Judging,
        Stage::Sealed,
        Stage::InterviewOffered,
        Stage::InterviewPlanned,
        Stage::InterviewHeld,
        Stage::Advised,
        Stage::Decided,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Submitted => "submitted",
            Stage::AssessorsAssigned => "assessors_assigned",
            Stage::Judging => "judging",
            Stage::Sealed => "sealed",
            Stage::InterviewOffered => "interview_offered",
            Stage::InterviewPlanned => "interview_planned",
            Stage::InterviewHeld => "interview_held",
            Stage::Advised => "advised",
            Stage::Decided => "decided",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Submitted => "Ingediend, wacht op toewijzing van assessoren",
            Stage::AssessorsAssigned => "Assessoren toegewezen",
            Stage::Judging => "Wordt beoordeeld",
            Stage::Sealed => "Oordelen vastgelegd",
            Stage::InterviewOffered => "Toetsgesprek: kies een moment",
            Stage::InterviewPlanned => "Toetsgesprek gepland",
            Stage::InterviewHeld => "Toetsgesprek gehouden",
            Stage::Advised => "Advies uitgebracht, wacht op besluit",
            Stage::Decided => "Besluit genomen",
        }
    }
}

/// Who acts next, for the candidate's timeline and the certifier's overview.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum NextActor {
    Certifier,
    Assessors,
    Candidate,
    Nobody,
}

impl NextActor {
    pub fn label(self) -> &'static str {
        match self {
            NextActor::Certifier => "De certificerende instelling",
            NextActor::Assessors => "De assessoren",
            NextActor::Candidate => "Jij",
            NextActor::Nobody => "Niemand: afgerond",
        }
    }
}

/// An objection (bezwaar) "rechtstreeks bij DNV" (000).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionStatus {
    Ontvangen,
    InBehandeling,
    /// Upheld: the portfolio is assessed anew.
    Gegrond,
    Ongegrond,
}

impl ObjectionStatus {
    pub fn label(self) -> &'static str {
        match self {
            ObjectionStatus::Ontvangen => "Ontvangen",
            ObjectionStatus::InBehandeling => "In behandeling",
            ObjectionStatus::Gegrond => "Gegrond: nieuwe beoordeling",
            ObjectionStatus::Ongegrond => "Ongegrond",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(
            self,
            ObjectionStatus::Ontvangen | ObjectionStatus::InBehandeling
        )
    }
}

/// Where a toetsgesprek takes place: "kan zowel online als offline
/// plaatsvinden" (000).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    Online { link: String },
    Location { address: String },
}

impl Place {
    pub fn describe(&self) -> String {
        match self {
            Place::Online { link } => format!("Online: {link}"),
            Place::Location { address } => format!("Locatie: {address}"),
        }
    }
}
