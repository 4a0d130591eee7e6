//! `/api/portfolios/{id}/submit` and `/api/submissions`: submitting a
//! portfolio and every step of its assessment. Handlers extract, build the
//! step as a `shared::assessment::Command` and hand it to
//! `crate::assessment::step` (policy, state machine, storage, audit, mail);
//! the contract types are in `shared::api::submissions`.

use crate::assessment::{self, relations, submit::SubmitError};
use crate::auth::{ClientIp, Session};
use crate::dossier;
use crate::error::{ApiError, ApiJson};
use crate::policy::Action;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use shared::api::submissions::{
    AdviceRequest, AssessorList, AssignRequest, DecisionRequest, HandleObjectionRequest,
    InterviewHeldRequest, JointAdviceRequest, ObjectionHandling, ObjectionRequest, PickSlotRequest,
    SlotsRequest, SubmissionList, SubmissionResponse, SubmitRequest, SubmitResponse,
    VerdictRequest,
};
use shared::assessment::Command;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portfolios/{id}/submit", post(submit))
        .route("/submissions", get(list))
        .route("/submissions/{id}", get(detail))
        .route("/submissions/{id}/pdf", get(pdf))
        .route("/submissions/{id}/assessors", post(assign))
        .route("/submissions/{id}/independence", post(confirm_independence))
        .route("/submissions/{id}/verdicts", post(verdict))
        .route("/submissions/{id}/advice", post(advice))
        .route("/submissions/{id}/seal", post(seal))
        .route("/submissions/{id}/interview/slots", post(offer_slots))
        .route("/submissions/{id}/interview/choice", post(pick_slot))
        .route("/submissions/{id}/interview/held", post(interview_held))
        .route("/submissions/{id}/joint-advice", post(joint_advice))
        .route("/submissions/{id}/decision", post(decide))
        .route("/submissions/{id}/objection", post(object))
        .route(
            "/submissions/{id}/objection/handling",
            post(handle_objection),
        )
        .route("/assessors", get(assessors))
}

async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<SubmitRequest>,
) -> Result<(StatusCode, Json<SubmitResponse>), SubmitError> {
    let s =
        assessment::submit::submit(&state, &session.actor, ip, &id, request.declaration).await?;
    let submission = assessment::summary(&state.db, &s).await?;
    Ok((StatusCode::CREATED, Json(SubmitResponse { submission })))
}

async fn list(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<SubmissionList>, ApiError> {
    let mut submissions = Vec::new();
    for s in assessment::all_visible(&state.db, &session.actor).await? {
        submissions.push(assessment::summary(&state.db, &s).await?);
    }
    Ok(Json(SubmissionList { submissions }))
}

async fn detail(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let s = assessment::visible(&state.db, &session.actor, &id).await?;
    let submission = assessment::detail(&state.db, &session.actor, &s).await?;
    Ok(Json(SubmissionResponse { submission }))
}

/// `GET /api/submissions/{id}/pdf`: the submission as one archival PDF
/// (PDF/A-3 with the evidence embedded), for whoever may see it.
#[tracing::instrument(skip(state, session))]
async fn pdf(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let s = assessment::visible(&state.db, &session.actor, &id).await?;
    let rendered = dossier::pdf::submission(&state.db, &session.actor, &s).await?;
    Ok(super::pdf_download(rendered))
}

/// Runs one step and answers the submission as the actor now sees it.
async fn respond(
    state: &AppState,
    session: &Session,
    ip: Option<std::net::IpAddr>,
    id: &str,
    action: Action,
    command: Command,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let s = assessment::step(state, &session.actor, ip, id, action, command).await?;
    let submission = assessment::detail(&state.db, &session.actor, &s).await?;
    Ok(Json(SubmissionResponse { submission }))
}

fn me(session: &Session) -> String {
    session.actor.id.to_string()
}

async fn assign(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<AssignRequest>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let s = assessment::visible(&state.db, &session.actor, &id).await?;
    assessment::require(&session.actor, Action::AssignAssessors, &s)?;
    let assessors = assessment::eligible_assessors(&state.db, &request.assessors).await?;
    let excluded = relations::mentors_of_candidate(&state.db, s.candidate)
        .await?
        .iter()
        .map(uuid::Uuid::to_string)
        .collect();
    let command = Command::Assign {
        assessors,
        excluded,
    };
    respond(&state, &session, ip, &id, Action::AssignAssessors, command).await
}

async fn confirm_independence(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = Command::ConfirmIndependence {
        assessor: me(&session),
    };
    respond(&state, &session, ip, &id, Action::JudgeSubmission, command).await
}

async fn verdict(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<VerdictRequest>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = Command::RecordVerdict {
        assessor: me(&session),
        section: r.section,
        verdict: r.verdict,
        note: r.note,
    };
    respond(&state, &session, ip, &id, Action::JudgeSubmission, command).await
}

async fn advice(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<AdviceRequest>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = Command::RecordAdvice {
        assessor: me(&session),
        outcome: r.outcome,
        motivation: r.motivation,
    };
    respond(&state, &session, ip, &id, Action::JudgeSubmission, command).await
}

async fn seal(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = Command::Seal {
        assessor: me(&session),
    };
    respond(&state, &session, ip, &id, Action::JudgeSubmission, command).await
}

async fn offer_slots(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<SlotsRequest>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = Command::OfferSlots {
        assessor: me(&session),
        slots: r.slots,
        now: crate::db::now(),
    };
    respond(&state, &session, ip, &id, Action::JudgeSubmission, command).await
}

async fn pick_slot(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<PickSlotRequest>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = Command::PickSlot {
        candidate: me(&session),
        slot: r.slot,
    };
    respond(
        &state,
        &session,
        ip,
        &id,
        Action::RespondToSubmission,
        command,
    )
    .await
}

async fn interview_held(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<InterviewHeldRequest>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = Command::RecordInterview {
        assessor: me(&session),
        notes: r.notes,
    };
    respond(&state, &session, ip, &id, Action::JudgeSubmission, command).await
}

async fn joint_advice(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<JointAdviceRequest>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = Command::RecordJointAdvice {
        assessor: me(&session),
        outcome: r.outcome,
        motivation: r.motivation,
        sections: r.sections,
    };
    respond(&state, &session, ip, &id, Action::JudgeSubmission, command).await
}

async fn decide(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<DecisionRequest>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = Command::Decide {
        outcome: r.outcome,
        motivation: r.motivation,
        sections: r.sections,
        deadline: r.deadline,
        today: crate::administration::today(),
    };
    respond(&state, &session, ip, &id, Action::DecideSubmission, command).await
}

async fn object(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<ObjectionRequest>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = Command::LodgeObjection {
        candidate: me(&session),
        reasons: r.reasons,
        today: crate::administration::today(),
    };
    respond(
        &state,
        &session,
        ip,
        &id,
        Action::RespondToSubmission,
        command,
    )
    .await
}

async fn handle_objection(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<HandleObjectionRequest>,
) -> Result<Json<SubmissionResponse>, ApiError> {
    let command = match r.status {
        ObjectionHandling::InBehandeling => Command::StartObjection,
        ObjectionHandling::Gegrond | ObjectionHandling::Ongegrond => Command::ResolveObjection {
            upheld: r.status == ObjectionHandling::Gegrond,
            motivation: r.motivation,
        },
    };
    respond(&state, &session, ip, &id, Action::DecideSubmission, command).await
}

/// The accounts a certifier can assign (assessors), for the assignment
/// screen.
async fn assessors(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<AssessorList>, ApiError> {
    crate::policy::require(
        &session.actor,
        Action::ListAssessors,
        &crate::policy::Resource::System,
    )?;
    Ok(Json(AssessorList {
        assessors: assessment::assessor_people(&state.db).await?,
    }))
}
