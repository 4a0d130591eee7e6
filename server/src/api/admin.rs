//! Administration under `/api/admin`: invitations, accounts and their roles,
//! recovery links, the audit log. Every handler asks `policy` first.

use crate::administration::begin_write;
use crate::api::auth::me;
use crate::audit::{self, Entry, Event};
use crate::auth::{accounts, invitations, recovery, ClientIp, Session};
use crate::error::{ApiError, ApiJson};
use crate::mail::{Delivery, LinkMail};
use crate::policy::{self, Action, Resource};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use shared::api::accounts::Me;
use shared::api::auth::{
    Accounts, AuditLog, InvitationCreated, NewInvitation, RecoveryLinkIssued, SetRoles,
};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/invitations", post(create_invitation))
        .route("/accounts", get(list_accounts))
        .route("/accounts/{id}/roles", put(set_roles))
        .route("/accounts/{id}/recovery-link", post(issue_recovery_link))
        .route("/audit", get(audit_log))
}

fn target(id: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id).map_err(|_| ApiError::not_found())
}

async fn create_invitation(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<NewInvitation>,
) -> Result<(StatusCode, Json<InvitationCreated>), ApiError> {
    policy::require(&session.actor, Action::CreateInvitation, &Resource::System)?;
    let email = match req.email.as_deref().map(str::trim) {
        Some(e) if !e.is_empty() => Some(accounts::valid_email(e)?),
        _ => None,
    };
    let mut tx = state.db.pool.begin().await?;
    let created =
        invitations::create(&mut tx, req.role, email.as_deref(), session.actor.id).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::InvitationCreated)
            .actor(session.actor.id)
            .subject(&created.id.to_string())
            .ip(ip)
            .details(json!({ "role": req.role, "email": email })),
    )
    .await?;
    tx.commit().await?;
    let link = invitations::invitation_link(&state.public_origin, &created.token);
    let intro = format!(
        "{} nodigt je uit als {} voor het digitale portfolio van Register Jobcoach. \
         Maak je account aan met een passkey via deze link (7 dagen geldig):",
        session.actor.name,
        req.role.label()
    );
    let delivery = state
        .mailer
        .send_link(LinkMail {
            to: email.as_deref(),
            subject: "Uitnodiging Register Jobcoach",
            intro: &intro,
            link: &link,
            kind: "uitnodiging",
        })
        .await;
    Ok((
        StatusCode::CREATED,
        Json(InvitationCreated {
            id: created.id.to_string(),
            role: req.role,
            expires_at: created.expires_at,
            delivery,
            link: (delivery == Delivery::Manual).then_some(link),
        }),
    ))
}

async fn list_accounts(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Accounts>, ApiError> {
    policy::require(&session.actor, Action::ListAccounts, &Resource::System)?;
    let accounts = accounts::list(&state.db).await?.iter().map(me).collect();
    Ok(Json(Accounts { accounts }))
}

async fn set_roles(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SetRoles>,
) -> Result<Json<Me>, ApiError> {
    let id = target(&id)?;
    policy::require(&session.actor, Action::ChangeRoles, &Resource::Account(id))?;
    if req.roles.is_empty() {
        return Err(ApiError::unprocessable(
            "Een account heeft minstens één rol.",
        ));
    }
    let mut wanted = req.roles.clone();
    wanted.sort();
    wanted.dedup();
    let subject = id.to_string();
    let mut tx = begin_write(&state.db).await?;
    let changes = accounts::set_roles(&mut tx, id, &wanted).await?;
    let granted = changes.granted.iter().map(|r| (Event::RoleGranted, r));
    let revoked = changes.revoked.iter().map(|r| (Event::RoleRevoked, r));
    for (event, role) in granted.chain(revoked) {
        audit::record(
            &mut *tx,
            Entry::new(event)
                .actor(session.actor.id)
                .subject(&subject)
                .ip(ip)
                .details(json!({ "role": role })),
        )
        .await?;
    }
    tx.commit().await?;
    let account = accounts::find(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(me(&account)))
}

async fn issue_recovery_link(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<RecoveryLinkIssued>), ApiError> {
    let id = target(&id)?;
    policy::require(
        &session.actor,
        Action::IssueRecoveryLink,
        &Resource::Account(id),
    )?;
    let account = accounts::find(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let (token, expires_at) = recovery::issue_link(&state.db, id, session.actor.id).await?;
    audit::record(
        &state.db.pool,
        Entry::new(Event::RecoveryLinkIssued)
            .actor(session.actor.id)
            .subject(&id.to_string())
            .ip(ip),
    )
    .await?;
    let link = recovery::recovery_link(&state.public_origin, &token);
    let delivery = state
        .mailer
        .send_link(LinkMail {
            to: Some(&account.email),
            subject: "Herstellink Register Jobcoach",
            intro:
                "Met deze link registreer je een nieuwe passkey voor je account (24 uur geldig):",
            link: &link,
            kind: "herstellink",
        })
        .await;
    Ok((
        StatusCode::CREATED,
        Json(RecoveryLinkIssued {
            expires_at,
            delivery,
            link: (delivery == Delivery::Manual).then_some(link),
        }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditQuery {
    #[serde(default)]
    limit: Option<i64>,
    #[serde(default)]
    before: Option<i64>,
}

async fn audit_log(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<AuditLog>, ApiError> {
    policy::require(&session.actor, Action::ReadAuditLog, &Resource::System)?;
    let Query(query) = query.map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_query",
            "Gebruik limit en before als gehele getallen.",
        )
    })?;
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    let entries = audit::list(&state.db, limit, query.before).await?;
    Ok(Json(AuditLog { entries }))
}
