//! `/api/sync`: push a client's outbox, pull the changes since its cursor.
//! The wire types and the decisions are `shared::sync`; the storage is
//! `portfolios::sync_store`.

use crate::auth::Session;
use crate::error::{ApiError, ApiJson};
use crate::policy::{self, Action, Resource};
use crate::portfolios::{self, store, sync_store};
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use shared::sync::api::{MAX_PUSH_BODY_BYTES, PULL_PAGE_SIZE};
use shared::sync::limits::RejectKind;
use shared::sync::{validate_push, PullRequest, PullResponse, PushRequest, PushResponse};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// `409 account_mismatch` unless `account_id` is the session's account: a
/// tab still holding one person's drafts while another person is signed in
/// (a shared tablet) must not write them into the other's portfolios or
/// read theirs. Nothing is stored; the tab asks to sign in as its owner.
pub fn require_account(session: &Session, account_id: &str) -> Result<(), ApiError> {
    match Uuid::parse_str(account_id) {
        Ok(id) if id == session.actor.id => Ok(()),
        _ => Err(ApiError::new(
            StatusCode::CONFLICT,
            "account_mismatch",
            "Deze gegevens horen bij een ander account dan waarmee je nu bent aangemeld. \
             Meld je aan met het account van deze concepten; ze blijven bewaard.",
        )),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        // A batch may carry long texts; this limit replaces the API's
        // general one for this route only.
        .route(
            "/push",
            post(push).layer(DefaultBodyLimit::max(MAX_PUSH_BODY_BYTES)),
        )
        .route("/pull", post(pull))
}

/// The whole batch or nothing: a request that fails validation or names a
/// portfolio the person may not edit stores nothing. The rule for other
/// people's portfolios: 404 when the person may not see it (as for
/// `GET /api/portfolios/{id}`, so ids reveal nothing), 403 when they may
/// see it but not edit it.
async fn push(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    require_account(&session, &request.account_id)?;
    validate_push(&request).map_err(rejection_error)?;
    let ids: BTreeSet<&str> = request
        .mutations
        .iter()
        .map(|m| m.portfolio_id.0.as_str())
        .collect();
    let mut kinds = HashMap::new();
    for id in ids {
        let portfolio = portfolios::visible(&state.db, &session.actor, id).await?;
        policy::require(
            &session.actor,
            Action::EditPortfolio,
            &Resource::Portfolio(&portfolio.relations()),
        )?;
        kinds.insert(portfolio.id, portfolio.kind);
    }
    let response = sync_store::push(&state.db, session.actor.id, kinds, request)
        .await
        .map_err(|e| match e {
            sync_store::PushError::Mismatch(rejection) => rejection_error(rejection),
            sync_store::PushError::Db(e) => e.into(),
        })?;
    Ok(Json(response))
}

fn rejection_error(rejection: shared::sync::Rejection) -> ApiError {
    let (status, code) = match rejection.kind {
        RejectKind::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        RejectKind::Invalid => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
        RejectKind::Mismatch => (StatusCode::CONFLICT, "mutation_mismatch"),
    };
    ApiError::new(status, code, rejection.message)
}

async fn pull(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<PullRequest>,
) -> Result<Json<PullResponse>, ApiError> {
    require_account(&session, &request.account_id)?;
    let visible: Vec<String> = portfolios::all_visible(&state.db, &session.actor)
        .await?
        .into_iter()
        .map(|p: store::Portfolio| p.id)
        .collect();
    let response = sync_store::pull(&state.db, &visible, request.cursor, PULL_PAGE_SIZE).await?;
    Ok(Json(response))
}
