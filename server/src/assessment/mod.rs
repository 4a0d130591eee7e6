//! From submission to certificate, the server's side: storage
//! ([`store`]), facts from other features ([`relations`]), the certificate
//! a positive decision issues ([`certificate`]), e-mail ([`notify`]), the
//! `.ics` invitation ([`ics`]). Every rule is `shared::assessment`'s: a step
//! is loaded, decided by `shared::assessment::apply` and stored in one
//! transaction ([`step`]); what a person is shown is
//! `shared::assessment::view` for them ([`detail`]).

pub mod certificate;
pub mod ics;
pub mod notify;
pub mod relations;
pub mod store;
pub mod submit;

use crate::administration::begin_write;
use crate::audit::{self, Entry, Event};
use crate::auth::accounts;
use crate::db::{now, Db};
use crate::error::ApiError;
use crate::policy::{self, Action, Actor, Resource, Role, SubmissionRelations};
use crate::state::AppState;
use axum::http::StatusCode;
use serde_json::json;
use shared::api::submissions::{Person, SubmissionDetail, SubmissionSummary};
use shared::assessment::{
    apply, changed_sections, view, Command, Outcome, Refusal, RefusalKind, Stage, Viewer,
    CERTIFICATION_FEE_NOTICE,
};
use std::net::IpAddr;
use store::Submission;
use uuid::Uuid;

pub fn relations(s: &Submission) -> SubmissionRelations {
    SubmissionRelations {
        candidate: s.candidate,
        assessors: s.assessor_ids(),
    }
}

pub fn may(actor: &Actor, action: Action, s: &Submission) -> bool {
    policy::can(actor, action, &Resource::Submission(&relations(s)))
}

/// [`policy::require`] for one submission (403).
pub fn require(actor: &Actor, action: Action, s: &Submission) -> Result<(), ApiError> {
    policy::require(actor, action, &Resource::Submission(&relations(s)))
}

/// The submission if the actor may see it; unknown and not visible are the
/// same 404.
pub async fn visible(db: &Db, actor: &Actor, id: &str) -> Result<Submission, ApiError> {
    match store::find(db, id).await? {
        Some(s) if may(actor, Action::ReadSubmission, &s) => Ok(s),
        _ => Err(ApiError::not_found()),
    }
}

/// Every submission the actor may see, the longest waiting first.
pub async fn all_visible(db: &Db, actor: &Actor) -> Result<Vec<Submission>, ApiError> {
    let unrelated = SubmissionRelations {
        candidate: Uuid::nil(),
        assessors: Vec::new(),
    };
    let list = if policy::can(
        actor,
        Action::ReadSubmission,
        &Resource::Submission(&unrelated),
    ) {
        store::all(db).await?
    } else {
        store::related_to(db, actor.id).await?
    };
    Ok(list
        .into_iter()
        .filter(|s| may(actor, Action::ReadSubmission, s))
        .collect())
}

/// A refusal of the state machine in the API's error shape.
pub fn refusal(r: Refusal) -> ApiError {
    let status = match r.kind() {
        RefusalKind::NotFound => return ApiError::not_found(),
        RefusalKind::Conflict => StatusCode::CONFLICT,
        RefusalKind::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ApiError::new(status, r.code(), r.message())
}

fn event_of(command: &Command) -> Event {
    match command {
        Command::Assign { .. } => Event::AssessorsAssigned,
        Command::ConfirmIndependence { .. } => Event::IndependenceConfirmed,
        Command::RecordVerdict { .. } => Event::VerdictRecorded,
        Command::RecordAdvice { .. } => Event::AdviceRecorded,
        Command::Seal { .. } => Event::JudgementSealed,
        Command::OfferSlots { .. } => Event::InterviewSlotsOffered,
        Command::PickSlot { .. } => Event::InterviewSlotChosen,
        Command::RecordInterview { .. } => Event::InterviewHeld,
        Command::RecordJointAdvice { .. } => Event::JointAdviceRecorded,
        Command::Decide { .. } => Event::DecisionRecorded,
        Command::LodgeObjection { .. } => Event::ObjectionLodged,
        Command::StartObjection | Command::ResolveObjection { .. } => Event::ObjectionHandled,
    }
}

/// What the audit log keeps of a step: what was decided, without the long
/// texts (they are in the submission's state).
fn audit_details(command: &Command, stage: Stage) -> serde_json::Value {
    let mut d = match command {
        Command::Assign { assessors, .. } => json!({ "assessors": assessors }),
        Command::RecordVerdict {
            section, verdict, ..
        } => json!({ "section": section, "verdict": verdict }),
        Command::RecordAdvice { outcome, .. } | Command::RecordJointAdvice { outcome, .. } => {
            json!({ "outcome": outcome })
        }
        Command::PickSlot { slot, .. } => json!({ "slot": slot }),
        Command::Decide {
            outcome,
            sections,
            deadline,
            ..
        } => json!({ "outcome": outcome, "sections": sections, "deadline": deadline }),
        Command::ResolveObjection { upheld, .. } => json!({ "upheld": upheld }),
        _ => json!({}),
    };
    d["stage"] = json!(stage);
    d
}

/// One step: the policy's answer to `action` (404 for someone the
/// submission does not concern, 403 when it does but not for this), then
/// [`apply`] on the locked row and the new state stored with its audit
/// entry (and, for a positive decision, the certificate) in one
/// transaction; then the e-mails.
pub async fn step(
    state: &AppState,
    actor: &Actor,
    ip: Option<IpAddr>,
    id: &str,
    action: Action,
    command: Command,
) -> Result<Submission, ApiError> {
    let found = visible(&state.db, actor, id).await?;
    policy::require(actor, action, &Resource::Submission(&relations(&found)))?;
    let holder = match &command {
        Command::Decide {
            outcome: Outcome::Positief,
            ..
        } => {
            let account = accounts::find(&state.db, found.candidate)
                .await?
                .ok_or_else(ApiError::not_found)?;
            Some(certificate::holder(&state.db, &account).await?)
        }
        _ => None,
    };
    let mut tx = begin_write(&state.db).await?;
    let current = store::lock(&mut tx, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let next = apply(&current.state, &command).map_err(refusal)?;
    let mut certificate_id = None;
    if let (Some(holder), Some(decision)) = (&holder, &next.decision) {
        let (cid, issued) =
            certificate::issue(&mut tx, holder, current.kind, decision.decided_on, actor.id)
                .await?;
        audit::record(
            &mut *tx,
            Entry::new(Event::CertificateAdded)
                .actor(actor.id)
                .subject(&cid)
                .ip(ip)
                .details(json!({
                    "submission": id,
                    "certificate_number": issued.certificate_number,
                    "expiry_date": issued.expiry_date,
                })),
        )
        .await?;
        certificate_id = Some(cid);
    }
    let at = now();
    store::save(&mut tx, id, &next, certificate_id.as_deref(), at).await?;
    audit::record(
        &mut *tx,
        Entry::new(event_of(&command))
            .actor(actor.id)
            .subject(id)
            .ip(ip)
            .details(audit_details(&command, next.stage)),
    )
    .await?;
    tx.commit().await?;
    let before = current.state.stage;
    let updated = Submission {
        state: next,
        updated_at: at,
        certificate_id: certificate_id.or(current.certificate_id.clone()),
        ..current
    };
    notify::after_step(state, before, &updated, &command).await;
    Ok(updated)
}

async fn person(db: &Db, id: Uuid) -> Result<Person, ApiError> {
    Ok(Person {
        id: id.to_string(),
        name: accounts::find(db, id)
            .await?
            .map(|a| a.name)
            .unwrap_or_default(),
    })
}

pub async fn summary(db: &Db, s: &Submission) -> Result<SubmissionSummary, ApiError> {
    Ok(SubmissionSummary {
        id: s.id.clone(),
        portfolio_id: s.portfolio_id.clone(),
        version: s.version,
        manifest_sha256: s.manifest_sha256.clone(),
        submitted_at: s.submitted_at,
        status: s.state.stage,
        kind: s.kind,
        portfolio_kind: s.kind.portfolio_kind(),
        candidate: person(db, s.candidate).await?,
        next: s.state.next_actor(),
        waiting_since: s.updated_at,
        late: s.late.clone(),
    })
}

/// The submission as this actor may see it.
pub async fn detail(db: &Db, actor: &Actor, s: &Submission) -> Result<SubmissionDetail, ApiError> {
    let me = actor.id.to_string();
    let viewer = if actor.has(Role::Assessor) && s.state.is_assessor(&me) {
        Viewer::Assessor(&me)
    } else if s.candidate == actor.id {
        Viewer::Candidate
    } else {
        Viewer::Certifier
    };
    // The portfolio opens for an assessor after "geen belangenverstrengeling".
    let opened = match viewer {
        Viewer::Assessor(me) => s
            .state
            .judgement_of(me)
            .is_some_and(|j| j.independence_confirmed),
        _ => true,
    };
    let previous = store::previous(db, s).await?;
    let changed = previous
        .as_ref()
        .filter(|_| opened)
        .map(|p| {
            changed_sections(s.kind.portfolio_kind(), &p.snapshot, &s.snapshot)
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let mut assessors = Vec::new();
    for id in s.assessor_ids() {
        assessors.push(person(db, id).await?);
    }
    let interview_ics = match s.state.interview.as_ref().and_then(|i| i.chosen_slot()) {
        Some(slot) => Some(invitation(db, s, slot).await?),
        None => None,
    };
    let certificate = match &s.certificate_id {
        Some(id) => certificate::find(db, id).await?,
        None => None,
    };
    Ok(SubmissionDetail {
        submission: summary(db, s).await?,
        assessors,
        assessment: view(&s.state, viewer),
        manifest: s.manifest.clone(),
        snapshot: opened.then(|| s.snapshot.clone()),
        changed_sections: changed,
        previous_submission: previous.map(|p| p.id),
        certificate,
        interview_ics,
        fee_notice: CERTIFICATION_FEE_NOTICE.to_string(),
    })
}

/// The people named for assignment, as the ids the state keeps: each must
/// be an account that could judge a submission once assigned (the
/// policy's answer for an assessor role); 422 otherwise. The number and
/// the conflict of interest are the state machine's to decide.
pub async fn eligible_assessors(db: &Db, ids: &[String]) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::with_capacity(ids.len());
    for raw in ids {
        let unknown = || {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_an_assessor",
                "Deze persoon is geen assessor.",
            )
        };
        let id = Uuid::parse_str(raw).map_err(|_| unknown())?;
        let account = accounts::find(db, id).await?.ok_or_else(unknown)?;
        let as_assigned = SubmissionRelations {
            candidate: Uuid::nil(),
            assessors: vec![id],
        };
        if !policy::can(
            &account.into_actor(),
            Action::JudgeSubmission,
            &Resource::Submission(&as_assigned),
        ) {
            return Err(unknown());
        }
        out.push(id.to_string());
    }
    Ok(out)
}

/// Everyone with the assessor role, by name.
pub async fn assessor_people(db: &Db) -> Result<Vec<Person>, ApiError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE r.role = 'assessor' ORDER BY u.name, u.id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| Person { id, name })
        .collect())
}

/// The toetsgesprek as an `.ics` invitation for the candidate and both
/// assessors.
async fn invitation(
    db: &Db,
    s: &Submission,
    slot: &shared::assessment::InterviewSlot,
) -> Result<String, ApiError> {
    let mut attendees = Vec::new();
    for id in std::iter::once(s.candidate).chain(s.assessor_ids()) {
        if let Some(a) = accounts::find(db, id).await? {
            attendees.push((a.name, a.email));
        }
    }
    let (location, url) = match &slot.place {
        shared::assessment::Place::Online { link } => ("Online".to_string(), Some(link.as_str())),
        shared::assessment::Place::Location { address } => (address.clone(), None),
    };
    let uid = format!("{}-{}@register-jobcoach", s.id, slot.id);
    Ok(ics::write(&ics::Invitation {
        uid: &uid,
        stamp: s.updated_at,
        starts_at: slot.starts_at,
        minutes: slot.minutes,
        summary: "Toetsgesprek Register Jobcoach",
        description: &format!(
            "Mondeling toetsgesprek van {} minuten over het ingediende portfolio, met beide \
             assessoren. {}",
            slot.minutes,
            slot.place.describe()
        ),
        location: &location,
        url,
        attendees: &attendees,
    }))
}
