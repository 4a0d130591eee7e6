//! Server-side state of WebAuthn ceremonies between their start and finish.
//! The client only ever holds the random id: the challenge and what the
//! ceremony is for stay here. Taking a challenge deletes it (single use), and
//! it expires after [`CHALLENGE_LIFETIME_SECS`].

use crate::db::{now, Db};
use crate::error::ApiError;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

pub const CHALLENGE_LIFETIME_SECS: i64 = 5 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    SignUp,
    Invitation,
    Setup,
    SignIn,
    AddPasskey,
    RecoveryLink,
    /// Dossier: a fresh passkey assertion before "Account verwijderen".
    ConfirmErasure,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::SignUp => "sign_up",
            Purpose::Invitation => "invitation",
            Purpose::Setup => "setup",
            Purpose::SignIn => "sign_in",
            Purpose::AddPasskey => "add_passkey",
            Purpose::RecoveryLink => "recovery_link",
            Purpose::ConfirmErasure => "confirm_erasure",
        }
    }
}

pub struct Taken<S> {
    pub user_id: Option<Uuid>,
    pub context: Value,
    pub state: S,
}

pub async fn store(
    db: &Db,
    purpose: Purpose,
    user_id: Option<Uuid>,
    context: &Value,
    state: &impl Serialize,
) -> Result<String, ApiError> {
    let now = now();
    // Abandoned ceremonies are swept here rather than by a timer.
    sqlx::query("DELETE FROM webauthn_challenges WHERE expires_at < $1")
        .bind(now)
        .execute(&db.pool)
        .await?;
    let id = Uuid::new_v4().to_string();
    let state = serde_json::to_string(state).map_err(|_| ApiError::internal())?;
    sqlx::query(
        "INSERT INTO webauthn_challenges (id, purpose, user_id, context, state, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(purpose.as_str())
    .bind(user_id.map(|u| u.to_string()))
    .bind(context.to_string())
    .bind(state)
    .bind(now)
    .bind(now + CHALLENGE_LIFETIME_SECS)
    .execute(&db.pool)
    .await?;
    Ok(id)
}

fn unknown() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "challenge_unknown",
        "Deze aanvraag is onbekend of al gebruikt. Begin opnieuw.",
    )
}

/// Removes the challenge and hands back its state, whatever happens next.
pub async fn take<S: DeserializeOwned>(
    db: &Db,
    id: &str,
    purpose: Purpose,
) -> Result<Taken<S>, ApiError> {
    let row: Option<(String, Option<String>, String, String, i64)> = sqlx::query_as(
        "DELETE FROM webauthn_challenges WHERE id = $1 \
         RETURNING purpose, user_id, context, state, expires_at",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((stored_purpose, user_id, context, state, expires_at)) = row else {
        return Err(unknown());
    };
    if stored_purpose != purpose.as_str() {
        return Err(unknown());
    }
    if expires_at <= now() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "challenge_expired",
            "Deze aanvraag is verlopen. Begin opnieuw.",
        ));
    }
    Ok(Taken {
        user_id: user_id.and_then(|u| Uuid::parse_str(&u).ok()),
        context: serde_json::from_str(&context).map_err(|_| ApiError::internal())?,
        state: serde_json::from_str(&state).map_err(|_| ApiError::internal())?,
    })
}
