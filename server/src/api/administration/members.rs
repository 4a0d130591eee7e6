//! `/api/admin/members`: the association's members, added by hand or by a
//! certificate import, their corrections and the link to their accounts.

use super::affiliates::link;
use super::{admin, checked, csv_response, ListQuery};
use crate::administration::corrections::{self, By};
use crate::administration::errors::{member_exists, OnUniqueViolation};
use crate::administration::people::{self, RecordKind};
use crate::administration::{begin_write, exports};
use crate::audit::{self, Entry, Event};
use crate::auth::{ClientIp, Session};
use crate::error::{ApiError, ApiJson};
use crate::policy::Action;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde_json::json;
use shared::api::administration::{
    LinkRequest, Linked, MemberAdded, MemberCorrected, MemberInput, Members,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/members", get(list_members).post(add_member))
        .route("/members/{id}", put(update_member))
        .route("/members/{id}/account", put(link_member))
}

#[tracing::instrument(skip_all)]
async fn list_members(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let query = ListQuery::from(query);
    let members = people::list_members(&state.db, query.q.as_deref()).await?;
    if query.wants_csv() {
        return Ok(csv_response(exports::members(&members)));
    }
    Ok(Json(Members { members }).into_response())
}

#[tracing::instrument(skip_all)]
async fn add_member(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<MemberInput>,
) -> Result<(StatusCode, Json<MemberAdded>), ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let d = checked(req.check())?;
    let mut tx = begin_write(&state.db).await?;
    let id = people::insert_member(&mut tx, &d.membership_number, &d.name, &d.email, &d.city)
        .await
        .on_unique_violation(member_exists)?;
    audit::record(
        &mut *tx,
        Entry::new(Event::MemberAdded)
            .actor(session.actor.id)
            .subject(&id)
            .ip(ip)
            .details(json!({"membership_number": d.membership_number})),
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(MemberAdded {
            id,
            membership_number: d.membership_number,
        }),
    ))
}

/// `PUT /api/admin/members/{id}`: corrects a member's number, name, e-mail
/// address and city.
#[tracing::instrument(skip(state, ip, session, req))]
async fn update_member(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<MemberInput>,
) -> Result<Json<MemberCorrected>, ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let details = checked(req.check())?;
    let by = By {
        actor: session.actor.id,
        ip,
    };
    let mut tx = begin_write(&state.db).await?;
    let corrected = corrections::member(&mut tx, &id, &details, by).await?;
    tx.commit().await?;
    Ok(Json(corrected))
}

#[tracing::instrument(skip(state, ip, session, req))]
async fn link_member(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<LinkRequest>,
) -> Result<Json<Linked>, ApiError> {
    link(&state, ip, &session, RecordKind::Member, &id, req).await
}
