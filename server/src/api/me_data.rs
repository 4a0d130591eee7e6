//! "Mijn gegevens" over HTTP (issue 15): the export ZIP, erasure confirmed
//! with a passkey, and the privacy statement the person accepted. Every
//! route is about the signed-in person only (`policy`: `Resource::Account`
//! of themselves).

use crate::administration::today;
use crate::audit::{self, Entry, Event};
use crate::auth::challenge::{self, Purpose};
use crate::auth::{session, ClientIp, Session};
use crate::db::now;
use crate::dossier::{erasure, export, privacy};
use crate::error::{ApiError, ApiJson};
use crate::policy::{self, Action, Resource};
use crate::state::AppState;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_extra::extract::cookie::CookieJar;
use shared::api::me_data::{
    AcceptPrivacy, ErasureChallenge, ErasureDone, ErasureFinish, ErasurePreview, PrivacyStatus,
};
use webauthn_rs::prelude::{PasskeyAuthentication, PublicKeyCredential};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/export", get(export_zip))
        .route("/me/erasure", get(erasure_preview))
        .route("/me/erasure/start", post(erasure_start))
        .route("/me/erasure/finish", post(erasure_finish))
        .route("/me/privacy", get(privacy_status))
        .route("/me/privacy/accept", post(accept_privacy))
}

fn require(session: &Session, action: Action) -> Result<(), ApiError> {
    policy::require(&session.actor, action, &Resource::Account(session.actor.id))
}

impl From<export::ExportError> for ApiError {
    fn from(err: export::ExportError) -> Self {
        match err {
            export::ExportError::Storage(e) => e.into(),
            other => {
                tracing::error!(error = %other, "export failed");
                ApiError::internal()
            }
        }
    }
}

impl From<erasure::EraseError> for ApiError {
    fn from(err: erasure::EraseError) -> Self {
        match err {
            erasure::EraseError::LastAdmin => ApiError::new(
                StatusCode::CONFLICT,
                "last_admin",
                "Je bent de enige beheerder. Maak eerst iemand anders beheerder; daarna kun je \
                 je account verwijderen.",
            ),
            erasure::EraseError::NotFound => ApiError::not_found(),
            erasure::EraseError::Storage(e) => e.into(),
        }
    }
}

/// `GET /api/me/export`: one ZIP with `data.json` and `files/`.
async fn export_zip(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
) -> Result<impl IntoResponse, ApiError> {
    require(&session, Action::ExportOwnData)?;
    let today = today();
    let bytes = export::build(&state.db, &session, today, now()).await?;
    let me = session.actor.id;
    audit::record(
        &state.db.pool,
        Entry::new(Event::DataExported)
            .actor(me)
            .subject(&me.to_string())
            .ip(ip),
    )
    .await?;
    Ok((
        [
            (CONTENT_TYPE, "application/zip".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"mijn-gegevens-{today}.zip\""),
            ),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    ))
}

/// `GET /api/me/erasure`: what erasure would remove and keep, with counts.
async fn erasure_preview(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<ErasurePreview>, ApiError> {
    require(&session, Action::EraseOwnAccount)?;
    Ok(Json(erasure::preview(&state.db, &session, today()).await?))
}

/// `POST /api/me/erasure/start`: WebAuthn request options for the person's
/// own passkeys; the answer goes to `…/finish`.
async fn erasure_start(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<ErasureChallenge>, ApiError> {
    require(&session, Action::EraseOwnAccount)?;
    let me = session.actor.id;
    let keys = erasure::passkeys_of(&state.db, me).await?;
    if keys.is_empty() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "no_passkey",
            "Je hebt geen passkey om het verwijderen mee te bevestigen. Voeg er eerst een toe.",
        ));
    }
    let (options, auth) = state
        .webauthn
        .start_passkey_authentication(&keys)
        .map_err(|err| {
            tracing::error!(error = %err, "starting the erasure confirmation failed");
            ApiError::internal()
        })?;
    let challenge_id = challenge::store(
        &state.db,
        Purpose::ConfirmErasure,
        Some(me),
        &serde_json::Value::Object(Default::default()),
        &auth,
    )
    .await?;
    Ok(Json(ErasureChallenge {
        challenge_id,
        options: serde_json::to_value(&options).map_err(|_| ApiError::internal())?,
    }))
}

fn confirmation_failed() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "confirmation_failed",
        "Bevestigen met je passkey is niet gelukt. Er is niets verwijderd.",
    )
}

/// `POST /api/me/erasure/finish`: checks the passkey's answer (a fresh
/// assertion by one of the person's own passkeys, single use), then erases
/// and ends the session.
async fn erasure_finish(
    State(state): State<AppState>,
    session: Session,
    jar: CookieJar,
    ApiJson(req): ApiJson<ErasureFinish>,
) -> Result<(CookieJar, Json<ErasureDone>), ApiError> {
    require(&session, Action::EraseOwnAccount)?;
    let taken = challenge::take::<PasskeyAuthentication>(
        &state.db,
        &req.challenge_id,
        Purpose::ConfirmErasure,
    )
    .await?;
    // A confirmation started in someone else's session is no use here.
    if taken.user_id != Some(session.actor.id) {
        return Err(policy::forbidden());
    }
    let credential: PublicKeyCredential = serde_json::from_value(req.credential)
        .map_err(|_| ApiError::field_as_written("credential", "geen geldig passkey-antwoord."))?;
    state
        .webauthn
        .finish_passkey_authentication(&credential, &taken.state)
        .map_err(|err| {
            tracing::info!(error = %err, "erasure confirmation rejected");
            confirmation_failed()
        })?;
    let kept = erasure::erase(&state.db, &session, today()).await?;
    Ok((
        session::clear_cookie(&state, jar),
        Json(ErasureDone { erased: true, kept }),
    ))
}

/// `GET /api/me/privacy`.
async fn privacy_status(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<PrivacyStatus>, ApiError> {
    require(&session, Action::AcceptPrivacyStatement)?;
    Ok(Json(privacy::status(&state.db, session.actor.id).await?))
}

/// `POST /api/me/privacy/accept`: only the current version can be accepted.
async fn accept_privacy(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<AcceptPrivacy>,
) -> Result<Json<PrivacyStatus>, ApiError> {
    require(&session, Action::AcceptPrivacyStatement)?;
    if req.version != shared::privacy_statement::VERSION {
        return Err(privacy::version_changed());
    }
    let me = session.actor.id;
    let mut tx = state.db.pool.begin().await?;
    privacy::record(&mut *tx, me, &req.version, now()).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::PrivacyAccepted)
            .actor(me)
            .subject(&me.to_string())
            .ip(ip)
            .details(serde_json::json!({ "version": req.version })),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(privacy::status(&state.db, me).await?))
}
