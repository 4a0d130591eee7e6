//! The verifiable register (issue 15): every certificate as a statement
//! signed with Ed25519 (compact JWS, `alg` EdDSA, `kid` = RFC 7638
//! thumbprint), and the public keys that verify it.
//!
//! - [`jws`]: making and checking compact JWS; pure given a key.
//! - [`keys`]: which key signs (the operator's `REGISTER_SIGNING_KEY`, or
//!   one generated once and kept in the database so every instance uses
//!   it) and which public keys are published (every key that ever signed,
//!   so a rotation never invalidates an earlier statement).
//!
//! The HTTP side (and the lookup the page renders with) is
//! `crate::api::register`; the page is
//! `app::dossier::register_entry`.

pub mod jws;
pub mod keys;

pub use keys::RegisterKeys;

use crate::administration::certificates::{self, RegisterRecord};
use crate::administration::{date_text, parse_date};
use crate::db::Db;
use chrono::NaiveDate;
use shared::api::register::{RegisterClaims, RegisterStatus, SignedRegisterEntry, KEYS_PATH};

/// The claims for one record on `today` at `now` (UTC unix seconds). A
/// record whose dates cannot be read (never stored so) counts as expired.
pub fn claims(record: RegisterRecord, issuer: &str, today: NaiveDate, now: i64) -> RegisterClaims {
    let status = match (
        parse_date(&record.issue_date),
        parse_date(&record.expiry_date),
    ) {
        (Some(issue), Some(expiry)) => RegisterStatus::on(issue, expiry, today),
        _ => RegisterStatus::Expired,
    };
    RegisterClaims {
        iss: issuer.to_string(),
        sub: record.certificate_number.clone(),
        iat: now,
        certificate_number: record.certificate_number,
        name: record.name,
        city: record.city,
        kind: record.kind,
        issue_date: record.issue_date,
        expiry_date: record.expiry_date,
        status,
        checked_on: date_text(today),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StatementError {
    #[error(transparent)]
    Storage(#[from] sqlx::Error),
    #[error(transparent)]
    Key(#[from] keys::KeyStoreError),
    #[error("signing: {0}")]
    Sign(#[from] serde_json::Error),
}

/// The signed statement about certificate `number`, or `None` when the
/// register does not know it.
pub async fn signed_entry(
    db: &Db,
    keys: &RegisterKeys,
    issuer: &str,
    number: &str,
    today: NaiveDate,
    now: i64,
) -> Result<Option<SignedRegisterEntry>, StatementError> {
    let Some(record) = certificates::register_record(db, number).await? else {
        return Ok(None);
    };
    let key = keys.current(db).await?;
    let entry = claims(record, issuer, today, now);
    Ok(Some(SignedRegisterEntry {
        statement: jws::sign(key, &entry)?,
        kid: key.kid.clone(),
        entry,
        keys_url: format!("{issuer}{KEYS_PATH}"),
    }))
}
