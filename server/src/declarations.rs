//! Storage of signing requests (`declaration_requests`, migration 0028).
//! The pure rules (formats, text, hash, status) are in
//! `shared::declarations`; this module only keeps rows. Every function
//! takes `now` from its caller, which reads the clock once per request, so
//! tests can ask "and 31 days later?".

use serde_json::Value;
use shared::api::declarations::Signer;
use shared::declarations::status::{RequestState, SigningRequest, LINK_LIFETIME_SECS};
use shared::declarations::{DeclarationFields, DeclarationFormat};
use shared::evidence::Slot;
use shared::sync::FieldValue;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

use crate::db::Db;
use crate::setup::{hash_token, new_token};

const COLUMNS: &str = "id, portfolio_id, slot_key, slot_row, format, candidate_name, fields, \
    signer_name, signer_role, signer_email, state, created_at, expires_at, text_sha256, \
    signed_name, signed_at, declined_at, decline_reason, signed_text";

/// A stored request with what only the server needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub request: SigningRequest,
    pub portfolio_id: String,
    /// The exact text sent (and signed).
    pub text: String,
}

fn format_str(format: DeclarationFormat) -> String {
    serde_json::to_value(format)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn from_row(row: &AnyRow) -> Result<Stored, sqlx::Error> {
    let bad = |what: &str| sqlx::Error::Decode(format!("declaration_requests.{what}").into());
    let slot_key: String = row.try_get("slot_key")?;
    let slot_row: String = row.try_get("slot_row")?;
    let format: String = row.try_get("format")?;
    let fields: String = row.try_get("fields")?;
    let state: String = row.try_get("state")?;
    let slot = if slot_row.is_empty() {
        Slot::question(slot_key)
    } else {
        Slot::row(slot_key, slot_row)
    };
    Ok(Stored {
        portfolio_id: row.try_get("portfolio_id")?,
        text: row.try_get("signed_text")?,
        request: SigningRequest {
            id: row.try_get("id")?,
            slot,
            format: serde_json::from_value(Value::String(format)).map_err(|_| bad("format"))?,
            candidate_name: row.try_get("candidate_name")?,
            fields: serde_json::from_str(&fields).map_err(|_| bad("fields"))?,
            signer_name: row.try_get("signer_name")?,
            signer_role: row.try_get("signer_role")?,
            signer_email: row.try_get("signer_email")?,
            state: RequestState::parse(&state).ok_or_else(|| bad("state"))?,
            created_at: row.try_get("created_at")?,
            expires_at: row.try_get("expires_at")?,
            text_sha256: row.try_get("text_sha256")?,
            signed_name: row.try_get("signed_name")?,
            signed_at: row.try_get("signed_at")?,
            declined_at: row.try_get("declined_at")?,
            decline_reason: row.try_get("decline_reason")?,
        },
    })
}

pub struct NewRequest<'a> {
    pub portfolio_id: &'a str,
    pub slot: &'a Slot,
    pub format: DeclarationFormat,
    pub candidate_name: &'a str,
    pub fields: &'a DeclarationFields,
    pub signer: &'a Signer,
    /// The text built from the fields, and its SHA-256.
    pub text: &'a str,
    pub text_sha256: &'a str,
    pub created_by: Uuid,
    pub now: i64,
}

/// Stores a request and returns it with its token (shown or mailed once,
/// never stored). Earlier unanswered requests for the same slot are
/// replaced: their links stop working, so only the newest text can be
/// signed.
pub async fn create(
    tx: &mut Transaction<'_, Any>,
    new: NewRequest<'_>,
) -> Result<(Stored, String), sqlx::Error> {
    let slot_row = new.slot.row.clone().unwrap_or_default();
    sqlx::query(
        "UPDATE declaration_requests SET state = 'replaced' \
         WHERE portfolio_id = $1 AND slot_key = $2 AND slot_row = $3 AND state = 'sent'",
    )
    .bind(new.portfolio_id)
    .bind(&new.slot.key)
    .bind(&slot_row)
    .execute(&mut **tx)
    .await?;
    let token = new_token();
    // Time-ordered, so requests made in the same second still list in the
    // order they were made (`ORDER BY created_at, id`).
    let id = Uuid::now_v7().to_string();
    let fields = serde_json::to_string(new.fields).map_err(|e| sqlx::Error::Encode(e.into()))?;
    let row = sqlx::query(&format!(
        "INSERT INTO declaration_requests (id, portfolio_id, slot_key, slot_row, format, \
         candidate_name, fields, signer_name, signer_role, signer_email, token_hash, state, \
         created_by, created_at, expires_at, signed_text, text_sha256) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'sent', $12, $13, $14, $15, $16) \
         RETURNING {COLUMNS}"
    ))
    .bind(&id)
    .bind(new.portfolio_id)
    .bind(&new.slot.key)
    .bind(&slot_row)
    .bind(format_str(new.format))
    .bind(new.candidate_name)
    .bind(fields)
    .bind(&new.signer.name)
    .bind(&new.signer.role)
    .bind(&new.signer.email)
    .bind(hash_token(&token))
    .bind(new.created_by.to_string())
    .bind(new.now)
    .bind(new.now + LINK_LIFETIME_SECS)
    .bind(new.text)
    .bind(new.text_sha256)
    .fetch_one(&mut **tx)
    .await?;
    Ok((from_row(&row)?, token))
}

/// Every request of a portfolio, oldest first.
pub async fn list(db: &Db, portfolio_id: &str) -> Result<Vec<Stored>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM declaration_requests WHERE portfolio_id = $1 \
         ORDER BY created_at, id"
    ))
    .bind(portfolio_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// What a signing token stands for at `now`.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenState {
    /// Waiting for its signer.
    Open(Box<Stored>),
    /// Signed or declined already: a link works once.
    Used,
    /// A newer request for the same slot took its place.
    Replaced,
    /// 30 days passed.
    Expired,
    Unknown,
}

pub async fn by_token(db: &Db, token: &str, now: i64) -> Result<TokenState, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM declaration_requests WHERE token_hash = $1"
    ))
    .bind(hash_token(token))
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(TokenState::Unknown);
    };
    let stored = from_row(&row)?;
    Ok(match stored.request.state {
        RequestState::Signed | RequestState::Declined => TokenState::Used,
        RequestState::Replaced => TokenState::Replaced,
        RequestState::Sent if now >= stored.request.expires_at => TokenState::Expired,
        RequestState::Sent => TokenState::Open(Box::new(stored)),
    })
}

/// The answer of a signer.
pub enum Answer<'a> {
    Sign { name: &'a str },
    Decline { reason: &'a str },
}

/// Records the signer's answer if the token is still open at `now`, in one
/// statement, so two answers at once cannot both win. `None` when it was
/// not open (then [`by_token`] says why).
pub async fn answer(
    tx: &mut Transaction<'_, Any>,
    token: &str,
    answer: Answer<'_>,
    now: i64,
) -> Result<Option<Stored>, sqlx::Error> {
    let (set, value) = match answer {
        Answer::Sign { name } => (
            "state = 'signed', signed_name = $1, signed_at = $2, used_at = $2",
            name,
        ),
        Answer::Decline { reason } => (
            "state = 'declined', decline_reason = $1, declined_at = $2, used_at = $2",
            reason,
        ),
    };
    let row = sqlx::query(&format!(
        "UPDATE declaration_requests SET {set} \
         WHERE token_hash = $3 AND state = 'sent' AND used_at IS NULL AND expires_at > $2 \
         RETURNING {COLUMNS}"
    ))
    .bind(value)
    .bind(now)
    .bind(hash_token(token))
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The slot's content as the server holds it now: the question's value or
/// the list row (`None` when absent or removed).
pub async fn slot_json(
    db: &Db,
    portfolio_id: &str,
    slot: &Slot,
) -> Result<Option<Value>, sqlx::Error> {
    let (kind, item) = match &slot.row {
        Some(row) => ("item", row.as_str()),
        None => ("value", ""),
    };
    let value: Option<String> = sqlx::query_scalar(
        "SELECT value FROM sync_field WHERE portfolio_id = $1 AND target_kind = $2 \
         AND target_key = $3 AND item_id = $4",
    )
    .bind(portfolio_id)
    .bind(kind)
    .bind(&slot.key)
    .bind(item)
    .fetch_optional(&db.pool)
    .await?;
    Ok(
        match value.and_then(|v| serde_json::from_str::<FieldValue>(&v).ok()) {
            Some(FieldValue::Json(v)) => Some(v),
            _ => None,
        },
    )
}
