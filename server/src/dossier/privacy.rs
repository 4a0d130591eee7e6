//! Which version of the privacy statement (`shared::privacy_statement`) a
//! person accepted, and when. One row per version accepted, so a change of
//! the statement asks again and the history stays provable.

use crate::db::Db;
use crate::error::ApiError;
use axum::http::StatusCode;
use shared::api::me_data::PrivacyStatus;
use shared::privacy_statement::{DATE, VERSION};
use uuid::Uuid;

/// Records that `user` accepted `version` at `now`; accepting again keeps
/// the first moment.
pub async fn record<'c, E>(
    executor: E,
    user: Uuid,
    version: &str,
    now: i64,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO privacy_acceptances (user_id, version, accepted_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(user.to_string())
    .bind(version)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

/// The version a sign-up says it accepted: only the current one (an older
/// page open since before a change answers 409, so the person reads the
/// new text first).
pub fn accepted_at_sign_up(version: Option<String>) -> Result<Option<String>, ApiError> {
    match version {
        Some(v) if v != VERSION => Err(version_changed()),
        other => Ok(other),
    }
}

pub fn version_changed() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "privacy_version_changed",
        "De privacyverklaring is intussen gewijzigd. Lees de nieuwe versie en accepteer die.",
    )
}

/// The current statement and the person's latest acceptance.
pub async fn status(db: &Db, user: Uuid) -> Result<PrivacyStatus, sqlx::Error> {
    let latest: Option<(String, i64)> = sqlx::query_as(
        "SELECT version, accepted_at FROM privacy_acceptances WHERE user_id = $1 \
         ORDER BY accepted_at DESC, version DESC LIMIT 1",
    )
    .bind(user.to_string())
    .fetch_optional(&db.pool)
    .await?;
    let current: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM privacy_acceptances WHERE user_id = $1 AND version = $2",
    )
    .bind(user.to_string())
    .bind(VERSION)
    .fetch_one(&db.pool)
    .await?;
    Ok(PrivacyStatus {
        current_version: VERSION.into(),
        current_date: DATE.into(),
        must_accept: current == 0,
        accepted_version: latest.as_ref().map(|(v, _)| v.clone()),
        accepted_at: latest.map(|(_, at)| at),
    })
}
