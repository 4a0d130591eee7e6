//! Invitation links: how mentors, assessors and admins get an account. An
//! admin creates one for a role; the random token is stored hashed, works
//! once and expires after seven days.

use crate::db::{now, Db};
use crate::error::ApiError;
use crate::policy::Role;
use crate::setup::{hash_token, new_token};
use axum::http::StatusCode;
use sqlx::{Any, Transaction};
use uuid::Uuid;

pub const INVITATION_LIFETIME_SECS: i64 = 7 * 24 * 60 * 60;

pub struct Created {
    pub id: Uuid,
    pub token: String,
    pub expires_at: i64,
}

pub async fn create(
    tx: &mut Transaction<'_, Any>,
    role: Role,
    email: Option<&str>,
    created_by: Uuid,
) -> Result<Created, sqlx::Error> {
    let token = new_token();
    let id = Uuid::new_v4();
    let now = now();
    let expires_at = now + INVITATION_LIFETIME_SECS;
    sqlx::query(
        "INSERT INTO invitations (id, token_hash, role, email, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(hash_token(&token))
    .bind(role.as_str())
    .bind(email)
    .bind(created_by.to_string())
    .bind(now)
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(Created {
        id,
        token,
        expires_at,
    })
}

/// A valid, unused invitation: its role and, when the admin made it for
/// one, the only address it can be accepted with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub role: Role,
    pub email: Option<String>,
}

impl Pending {
    /// An invitation made for an address works for that address only (it
    /// was sent there, so the account counts as verified for it).
    pub fn check_email(&self, email: &str) -> Result<(), ApiError> {
        match &self.email {
            Some(bound) if bound != email => Err(email_mismatch()),
            _ => Ok(()),
        }
    }
}

pub fn email_mismatch() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invitation_email_mismatch",
        "Deze uitnodiging is voor een ander e-mailadres. Gebruik het adres waarop je de \
         uitnodiging ontving, of vraag de beheerder om een nieuwe.",
    )
}

/// The invitation a token stands for, without using it.
pub async fn peek(db: &Db, token: &str) -> Result<Option<Pending>, sqlx::Error> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT role, email FROM invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(hash_token(token))
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|(role, email)| {
        Some(Pending {
            role: Role::parse(&role)?,
            email,
        })
    }))
}

/// The same, by the token's hash, inside the transaction that will use it.
pub async fn peek_hashed(
    tx: &mut Transaction<'_, Any>,
    token_hash: &str,
) -> Result<Option<Pending>, sqlx::Error> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT role, email FROM invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|(role, email)| {
        Some(Pending {
            role: Role::parse(&role)?,
            email,
        })
    }))
}

/// Uses the invitation for the new account, in the transaction that
/// creates it. `None` when unknown, expired or already used.
pub async fn consume(
    tx: &mut Transaction<'_, Any>,
    token_hash: &str,
    user_id: Uuid,
) -> Result<Option<(Uuid, Role)>, sqlx::Error> {
    let now = now();
    let row: Option<(String, String)> = sqlx::query_as(
        "UPDATE invitations SET used_at = $1, used_by = $2 \
         WHERE token_hash = $3 AND used_at IS NULL AND expires_at > $1 RETURNING id, role",
    )
    .bind(now)
    .bind(user_id.to_string())
    .bind(token_hash)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|(id, role)| Some((Uuid::parse_str(&id).ok()?, Role::parse(&role)?))))
}

pub fn invitation_link(public_origin: &str, token: &str) -> String {
    format!("{public_origin}/uitnodiging#token={token}")
}
