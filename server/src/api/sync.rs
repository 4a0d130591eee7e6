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
use std::collections::BTreeSet;

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
    validate_push(&request).map_err(|rejection| {
        let (status, code) = match rejection.kind {
            RejectKind::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            RejectKind::Mismatch => (StatusCode::CONFLICT, "mutation_mismatch"),
            RejectKind::Invalid => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
        };
        ApiError::new(status, code, rejection.message)
    })?;
    let ids: BTreeSet<&str> = request
        .mutations
        .iter()
        .map(|m| m.portfolio_id.0.as_str())
        .collect();
    for id in ids {
        let portfolio = portfolios::visible(&state.db, &session.actor, id).await?;
        policy::require(
            &session.actor,
            Action::EditPortfolio,
            &Resource::Portfolio(&portfolio.relations()),
        )?;
    }
    let response = sync_store::push(&state.db, session.actor.id, &request).await?;
    Ok(Json(response))
}

async fn pull(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<PullRequest>,
) -> Result<Json<PullResponse>, ApiError> {
    let visible: Vec<String> = portfolios::all_visible(&state.db, &session.actor)
        .await?
        .into_iter()
        .map(|p: store::Portfolio| p.id)
        .collect();
    let response = sync_store::pull(&state.db, &visible, request.cursor, PULL_PAGE_SIZE).await?;
    Ok(Json(response))
}
