//! `/api/admin/affiliates`: the external affiliates, their corrections and
//! the link to their accounts.

use super::{admin, checked, csv_response, ListQuery};
use crate::administration::corrections::{self, By};
use crate::administration::people::{self, RecordKind};
use crate::administration::{begin_write, exports};
use crate::audit::{self, Entry, Event};
use crate::auth::{accounts, ClientIp, Session};
use crate::error::{ApiError, ApiJson};
use crate::policy::Action;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde_json::json;
use shared::api::administration::{
    AffiliateCorrected, AffiliateCorrection, Affiliates, LinkRequest, Linked,
};
use std::net::IpAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/affiliates", get(list_affiliates))
        .route("/affiliates/{id}", put(update_affiliate))
        .route("/affiliates/{id}/account", put(link_affiliate))
}

#[tracing::instrument(skip_all)]
async fn list_affiliates(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let query = ListQuery::from(query);
    let affiliates = people::list_affiliates(&state.db, query.q.as_deref()).await?;
    if query.wants_csv() {
        return Ok(csv_response(exports::affiliates(&affiliates)));
    }
    Ok(Json(Affiliates { affiliates }).into_response())
}

/// `PUT /api/admin/affiliates/{id}`: corrects an affiliate's name, e-mail
/// address and address, checked as at registration. The affiliate number
/// and the invoices issued (which copied the buyer) stay as they are.
#[tracing::instrument(skip(state, ip, session, req))]
async fn update_affiliate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<AffiliateCorrection>,
) -> Result<Json<AffiliateCorrected>, ApiError> {
    admin(&session, Action::ManageRegistrations)?;
    let details = checked(req.check())?;
    let by = By {
        actor: session.actor.id,
        ip,
    };
    let mut tx = begin_write(&state.db).await?;
    let corrected = corrections::affiliate(&mut tx, &id, &details, by).await?;
    tx.commit().await?;
    Ok(Json(corrected))
}

#[tracing::instrument(skip(state, ip, session, req))]
async fn link_affiliate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<LinkRequest>,
) -> Result<Json<Linked>, ApiError> {
    link(&state, ip, &session, RecordKind::Affiliate, &id, req).await
}

/// Links a member's or affiliate's record to the account with the given
/// address, or unlinks it (`email: null`).
pub(super) async fn link(
    state: &AppState,
    ip: Option<IpAddr>,
    session: &Session,
    kind: RecordKind,
    id: &str,
    req: LinkRequest,
) -> Result<Json<Linked>, ApiError> {
    admin(session, Action::ManageRegistrations)?;
    let user = match req
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        Some(email) => Some(
            accounts::find_by_email(&state.db, email)
                .await?
                .ok_or_else(|| {
                    ApiError::field("email", "Er is geen account met dit e-mailadres.")
                })?,
        ),
        None => None,
    };
    let mut tx = begin_write(&state.db).await?;
    if !people::link_account(&mut tx, kind, id, user).await? {
        return Err(ApiError::not_found());
    }
    audit::record(
        &mut *tx,
        Entry::new(Event::RegistrationLinked)
            .actor(session.actor.id)
            .subject(id)
            .ip(ip)
            .details(json!({
                "record": if kind == RecordKind::Member { "member" } else { "affiliate" },
                "user_id": user,
            })),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Linked {
        linked: user.is_some(),
        user_id: user.map(|u| u.to_string()),
    }))
}
