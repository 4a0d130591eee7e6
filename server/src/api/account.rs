//! The signed-in person's own account: `/api/me`, their passkeys and
//! recovery codes.

use crate::api::auth::me as me_of;
use crate::audit::{self, Entry, Event};
use crate::auth::accounts::Account;
use crate::auth::challenge::{self, Purpose};
use crate::auth::limit_extractors::{RecoveryCodesRenewalLimit, VerificationMailLimit};
use crate::auth::{passkeys, recovery, verification, ClientIp, Session};
use crate::db::now;
use crate::error::{ApiError, ApiJson};
use crate::policy::{self, Action, Resource};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde_json::json;
use shared::api::accounts::{Me, VerificationMailSent};
use shared::api::auth::{
    CeremonyStart, PasskeyNamed, PasskeyRemoved, Passkeys, RecoveryCodes, RenamePasskey,
};
use uuid::Uuid;
use webauthn_rs::prelude::{
    CreationChallengeResponse, PasskeyRegistration, RegisterPublicKeyCredential,
};

type AddPasskeyFinish = shared::api::auth::RegistrationFinish<RegisterPublicKeyCredential>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/me/passkeys", get(list_passkeys))
        .route("/me/passkeys/start", post(add_passkey_start))
        .route("/me/passkeys/finish", post(add_passkey_finish))
        .route(
            "/me/passkeys/{id}",
            patch(rename_passkey).delete(remove_passkey),
        )
        .route("/me/recovery-codes", post(renew_recovery_codes))
        .route("/me/verify-email", post(resend_verification))
}

fn own(session: &Session) -> Result<(), ApiError> {
    policy::require(
        &session.actor,
        Action::ManageOwnCredentials,
        &Resource::Account(session.actor.id),
    )
}

fn account_of(session: &Session) -> Account {
    let a = &session.actor;
    Account {
        id: a.id,
        name: a.name.clone(),
        email: a.email.clone(),
        roles: a.roles.clone(),
        email_verified: session.email_verified,
    }
}

/// Path ids that are not UUIDs name nothing: the same 404 as unknown ones.
fn parse_id(id: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id).map_err(|_| ApiError::not_found())
}

async fn me(session: Session) -> Result<Json<Me>, ApiError> {
    policy::require(
        &session.actor,
        Action::ReadAccount,
        &Resource::Account(session.actor.id),
    )?;
    Ok(Json(me_of(&account_of(&session))))
}

async fn list_passkeys(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Passkeys>, ApiError> {
    policy::require(
        &session.actor,
        Action::ReadAccount,
        &Resource::Account(session.actor.id),
    )?;
    let passkeys = passkeys::list(&state.db, session.actor.id).await?;
    let recovery_codes_left = recovery::codes_left(&state.db, session.actor.id).await?;
    Ok(Json(Passkeys {
        passkeys,
        recovery_codes_left,
    }))
}

async fn add_passkey_start(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<CeremonyStart<CreationChallengeResponse>>, ApiError> {
    own(&session)?;
    let actor = &session.actor;
    let exclude = passkeys::credential_ids(&state.db, actor.id).await?;
    let (options, registration) =
        passkeys::start_registration(&state, actor.id, &actor.email, &actor.name, exclude)?;
    let challenge_id = challenge::store(
        &state.db,
        Purpose::AddPasskey,
        Some(actor.id),
        &json!({}),
        &registration,
    )
    .await?;
    Ok(Json(CeremonyStart {
        challenge_id,
        options,
    }))
}

async fn add_passkey_finish(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<AddPasskeyFinish>,
) -> Result<(StatusCode, Json<PasskeyNamed>), ApiError> {
    own(&session)?;
    let taken =
        challenge::take::<PasskeyRegistration>(&state.db, &req.challenge_id, Purpose::AddPasskey)
            .await?;
    // A challenge started in someone else's session is no use here.
    if taken.user_id != Some(session.actor.id) {
        return Err(policy::forbidden());
    }
    let name = passkeys::valid_name(req.passkey_name.as_deref())?;
    let passkey = passkeys::finish_registration(&state, &req.credential, &taken.state)?;
    let user = session.actor.id;
    let mut tx = state.db.pool.begin().await?;
    let id = passkeys::add(&mut tx, user, &passkey, &name).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::PasskeyAdded)
            .actor(user)
            .subject(&user.to_string())
            .ip(ip)
            .details(json!({ "passkey": id, "name": name })),
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(PasskeyNamed {
            id: id.to_string(),
            name,
        }),
    ))
}

async fn rename_passkey(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RenamePasskey>,
) -> Result<Json<PasskeyNamed>, ApiError> {
    own(&session)?;
    let id = parse_id(&id)?;
    if req.name.trim().is_empty() {
        return Err(ApiError::unprocessable("Geef de passkey een naam."));
    }
    let name = passkeys::valid_name(Some(&req.name))?;
    let user = session.actor.id;
    if !passkeys::rename(&state.db, user, id, &name).await? {
        return Err(ApiError::not_found());
    }
    audit::record(
        &state.db.pool,
        Entry::new(Event::PasskeyRenamed)
            .actor(user)
            .subject(&user.to_string())
            .ip(ip)
            .details(json!({ "passkey": id, "name": name })),
    )
    .await?;
    Ok(Json(PasskeyNamed {
        id: id.to_string(),
        name,
    }))
}

async fn remove_passkey(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<PasskeyRemoved>, ApiError> {
    own(&session)?;
    let id = parse_id(&id)?;
    let user = session.actor.id;
    let mut tx = state.db.pool.begin().await?;
    passkeys::remove(&mut tx, user, id).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::PasskeyRemoved)
            .actor(user)
            .subject(&user.to_string())
            .ip(ip)
            .details(json!({ "passkey": id })),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(PasskeyRemoved {
        removed: id.to_string(),
    }))
}

/// A fresh set of ten codes; the old ones stop working.
async fn renew_recovery_codes(
    _limit: RecoveryCodesRenewalLimit,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
) -> Result<Json<RecoveryCodes>, ApiError> {
    own(&session)?;
    let user = session.actor.id;
    let codes = recovery::generate_codes();
    let hashes = recovery::hash_codes(&state.argon2, codes.clone()).await?;
    let mut tx = state.db.pool.begin().await?;
    recovery::store_codes(&mut tx, user, &hashes).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::RecoveryCodesRenewed)
            .actor(user)
            .subject(&user.to_string())
            .ip(ip),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(RecoveryCodes {
        recovery_codes: codes,
    }))
}

/// "Opnieuw versturen": a fresh verification link to the account's address
/// (earlier ones stop working), limited per account. The answer is the same
/// whatever was sent, and also when the address is verified already.
async fn resend_verification(
    _limit: VerificationMailLimit,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
) -> Result<Json<VerificationMailSent>, ApiError> {
    own(&session)?;
    if !session.email_verified {
        let user = session.actor.id;
        verification::send(&state, user, &session.actor.email, now()).await?;
        audit::record(
            &state.db.pool,
            Entry::new(Event::VerificationMailSent)
                .actor(user)
                .subject(&user.to_string())
                .ip(ip),
        )
        .await?;
    }
    Ok(Json(VerificationMailSent { sent: true }))
}
