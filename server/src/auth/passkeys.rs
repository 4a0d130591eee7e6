//! Stored passkeys and the WebAuthn calls around them (webauthn-rs does the
//! verification; this module keeps the results).

use crate::db::{now, Db};
use crate::error::ApiError;
use crate::state::AppState;
use axum::http::StatusCode;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sqlx::{Any, Transaction};
use uuid::Uuid;
use webauthn_rs::prelude::{
    AuthenticationResult, CreationChallengeResponse, Passkey, PasskeyRegistration,
    RegisterPublicKeyCredential,
};
use webauthn_rs_proto::{
    AuthenticatorSelectionCriteria, ResidentKeyRequirement, UserVerificationPolicy,
};

pub const NAME_MAX_CHARS: usize = 60;

pub use shared::api::auth::PasskeyInfo;

pub fn credential_key(raw: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(raw)
}

/// A passkey name too long or with control characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Een passkeynaam heeft hoogstens {NAME_MAX_CHARS} tekens.")]
pub struct InvalidPasskeyName;

impl From<InvalidPasskeyName> for ApiError {
    fn from(err: InvalidPasskeyName) -> Self {
        ApiError::unprocessable(err.to_string())
    }
}

pub fn valid_name(name: Option<&str>) -> Result<String, InvalidPasskeyName> {
    let name = name.map(str::trim).unwrap_or_default();
    if name.is_empty() {
        return Ok("Passkey".to_string());
    }
    if name.chars().count() > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(InvalidPasskeyName);
    }
    Ok(name.to_string())
}

/// Registration options for a new passkey. webauthn-rs asks for a
/// non-discoverable credential by default; we require a resident key so that
/// sign-in needs no typed e-mail address (the state does not depend on it).
pub fn start_registration(
    state: &AppState,
    user_id: Uuid,
    email: &str,
    name: &str,
    exclude: Vec<Vec<u8>>,
) -> Result<(CreationChallengeResponse, PasskeyRegistration), ApiError> {
    let exclude = (!exclude.is_empty()).then_some(exclude);
    let (mut options, registration) = state
        .webauthn
        .start_passkey_registration(user_id, email, name, exclude)
        .map_err(|err| {
            tracing::error!(error = %err, "starting passkey registration failed");
            ApiError::internal()
        })?;
    options.public_key.authenticator_selection = Some(AuthenticatorSelectionCriteria {
        authenticator_attachment: None,
        resident_key: Some(ResidentKeyRequirement::Required),
        require_resident_key: true,
        user_verification: UserVerificationPolicy::Required,
    });
    Ok((options, registration))
}

pub fn ceremony_failed() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "passkey_rejected",
        "De passkey kon niet worden gecontroleerd. Probeer het opnieuw.",
    )
}

pub fn finish_registration(
    state: &AppState,
    credential: &RegisterPublicKeyCredential,
    registration: &PasskeyRegistration,
) -> Result<Passkey, ApiError> {
    state
        .webauthn
        .finish_passkey_registration(credential, registration)
        .map_err(|err| {
            tracing::info!(error = %err, "passkey registration rejected");
            ceremony_failed()
        })
}

pub async fn add(
    tx: &mut Transaction<'_, Any>,
    user_id: Uuid,
    passkey: &Passkey,
    name: &str,
) -> Result<Uuid, ApiError> {
    let key = credential_key(passkey.cred_id().as_ref());
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE credential_id = $1")
        .bind(&key)
        .fetch_one(&mut **tx)
        .await?;
    if exists > 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "passkey_exists",
            "Deze passkey is al geregistreerd.",
        ));
    }
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO passkeys (id, user_id, credential_id, name, passkey, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(user_id.to_string())
    .bind(key)
    .bind(name)
    .bind(serde_json::to_string(passkey).map_err(|_| ApiError::internal())?)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn list(db: &Db, user_id: Uuid) -> Result<Vec<PasskeyInfo>, sqlx::Error> {
    let rows: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at, id",
    )
    .bind(user_id.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, created_at, last_used_at)| {
            Some(PasskeyInfo {
                id: Uuid::parse_str(&id).ok()?.to_string(),
                name,
                created_at,
                last_used_at,
            })
        })
        .collect())
}

/// The raw ids of a person's passkeys, so an authenticator that already
/// holds one is not registered twice.
pub async fn credential_ids(db: &Db, user_id: Uuid) -> Result<Vec<Vec<u8>>, sqlx::Error> {
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT credential_id FROM passkeys WHERE user_id = $1")
            .bind(user_id.to_string())
            .fetch_all(&db.pool)
            .await?;
    Ok(keys
        .iter()
        .filter_map(|k| URL_SAFE_NO_PAD.decode(k).ok())
        .collect())
}

pub struct Stored {
    pub id: Uuid,
    pub user_id: Uuid,
    pub passkey: Passkey,
}

pub async fn find_by_credential(db: &Db, raw_id: &[u8]) -> Result<Option<Stored>, sqlx::Error> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, user_id, passkey FROM passkeys WHERE credential_id = $1")
            .bind(credential_key(raw_id))
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.and_then(|(id, user_id, passkey)| {
        Some(Stored {
            id: Uuid::parse_str(&id).ok()?,
            user_id: Uuid::parse_str(&user_id).ok()?,
            passkey: serde_json::from_str(&passkey).ok()?,
        })
    }))
}

/// Keeps the signature counter and backup flags current and notes the use.
pub async fn record_use(
    db: &Db,
    mut stored: Stored,
    result: &AuthenticationResult,
) -> Result<(), ApiError> {
    stored.passkey.update_credential(result);
    sqlx::query("UPDATE passkeys SET passkey = $1, last_used_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&stored.passkey).map_err(|_| ApiError::internal())?)
        .bind(now())
        .bind(stored.id.to_string())
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn rename(db: &Db, user_id: Uuid, id: Uuid, name: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE passkeys SET name = $1 WHERE id = $2 AND user_id = $3")
        .bind(name)
        .bind(id.to_string())
        .bind(user_id.to_string())
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a passkey unless it is the person's last one: without a passkey
/// only a recovery code could get them back in.
pub async fn remove(
    tx: &mut Transaction<'_, Any>,
    user_id: Uuid,
    id: Uuid,
) -> Result<(), ApiError> {
    crate::auth::accounts::lock(tx, user_id).await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE user_id = $1")
        .bind(user_id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let owned: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE id = $1 AND user_id = $2")
            .bind(id.to_string())
            .bind(user_id.to_string())
            .fetch_one(&mut **tx)
            .await?;
    if owned == 0 {
        return Err(ApiError::not_found());
    }
    if count <= 1 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "last_passkey",
            "Dit is je enige passkey. Voeg eerst een andere toe voordat je deze verwijdert.",
        ));
    }
    sqlx::query("DELETE FROM passkeys WHERE id = $1 AND user_id = $2")
        .bind(id.to_string())
        .bind(user_id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
