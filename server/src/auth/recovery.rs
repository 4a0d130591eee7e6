//! Getting back in without a passkey: ten single-use recovery codes given at
//! sign-up (Argon2id-hashed: they are short enough that a fast hash could be
//! brute-forced from a stolen database), and recovery links an admin issues
//! (random 256-bit tokens, SHA-256-hashed like the set-up token).

use crate::db::{now, Db};
use crate::setup::{hash_token, new_token};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::Rng;
use sqlx::{Any, Transaction};
use tokio::sync::Semaphore;
use uuid::Uuid;

pub const CODE_COUNT: usize = 10;
pub const RECOVERY_LINK_LIFETIME_SECS: i64 = 24 * 60 * 60;
/// No 0/o, 1/l/i: codes are typed over from paper.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const CODE_CHARS: usize = 12;

/// Codes as shown to the person: `abcd-efgh-jkmn` (about 59 bits each).
pub fn generate_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..CODE_COUNT)
        .map(|_| {
            let chars: Vec<char> = (0..CODE_CHARS)
                .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                .collect();
            chars
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// What people type varies in case, dashes and spaces; the code does not.
fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Hashing recovery codes failed: the server's fault, never the person's.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("argon2: {0}")]
    Hashing(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<RecoveryError> for crate::error::ApiError {
    fn from(err: RecoveryError) -> Self {
        Self::internal_because(err)
    }
}

/// Argon2 takes tens of milliseconds on purpose: off the async threads,
/// and at most `permits` computations at once across the server (one
/// permit covers one request's work).
pub async fn hash_codes(
    permits: &Semaphore,
    codes: Vec<String>,
) -> Result<Vec<String>, RecoveryError> {
    let _permit = permits
        .acquire()
        .await
        .map_err(|e| RecoveryError::Hashing(format!("permits: {e}")))?;
    tokio::task::spawn_blocking(move || {
        codes
            .iter()
            .map(|c| {
                let salt = SaltString::generate(&mut OsRng);
                Argon2::default()
                    .hash_password(normalise(c).as_bytes(), &salt)
                    .map(|h| h.to_string())
                    .map_err(|e| RecoveryError::Hashing(e.to_string()))
            })
            .collect()
    })
    .await
    .map_err(|e| RecoveryError::Hashing(format!("task: {e}")))?
}

pub async fn store_codes(
    tx: &mut Transaction<'_, Any>,
    user_id: Uuid,
    hashes: &[String],
) -> Result<(), sqlx::Error> {
    let now = now();
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(&mut **tx)
        .await?;
    for hash in hashes {
        sqlx::query(
            "INSERT INTO recovery_codes (id, user_id, code_hash, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(Uuid::new_v4().to_string())
        .bind(user_id.to_string())
        .bind(hash)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Uses one of the person's unused codes. Returns the account on success;
/// the same `None` whether the address or the code was wrong.
///
/// Several accounts can carry one address (only one verified): the code is
/// checked against the hashes of each candidate account
/// (`accounts::recovery_candidates`), and signs in the account whose own
/// code it is, never another one with the same address.
pub async fn redeem_code(
    db: &Db,
    permits: &Semaphore,
    email: &str,
    code: &str,
) -> Result<Option<Uuid>, RecoveryError> {
    let mut candidates: Vec<(String, String, Uuid)> = Vec::new();
    for user in crate::auth::accounts::recovery_candidates(db, email).await? {
        let codes: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, code_hash FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user.to_string())
        .fetch_all(&db.pool)
        .await?;
        candidates.extend(codes.into_iter().map(|(id, hash)| (id, hash, user)));
    }
    let typed = normalise(code);
    let _permit = permits
        .acquire()
        .await
        .map_err(|e| RecoveryError::Hashing(format!("permits: {e}")))?;
    let matched = tokio::task::spawn_blocking(move || {
        if candidates.is_empty() {
            // Same cost as a real check, so timing does not tell which
            // addresses have an account.
            let salt = SaltString::generate(&mut OsRng);
            let _ = Argon2::default().hash_password(typed.as_bytes(), &salt);
            return None;
        }
        candidates.into_iter().find_map(|(id, hash, user)| {
            let parsed = PasswordHash::new(&hash).ok()?;
            Argon2::default()
                .verify_password(typed.as_bytes(), &parsed)
                .ok()
                .map(|_| (id, user))
        })
    })
    .await
    .map_err(|e| RecoveryError::Hashing(format!("task: {e}")))?;
    let Some((code_id, user)) = matched else {
        return Ok(None);
    };
    // The condition on used_at makes a code good for one use even when two
    // requests race.
    let done =
        sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(now())
            .bind(&code_id)
            .execute(&db.pool)
            .await?;
    Ok(if done.rows_affected() == 1 {
        Some(user)
    } else {
        None
    })
}

pub async fn codes_left(db: &Db, user_id: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id.to_string())
        .fetch_one(&db.pool)
        .await
}

/// A new recovery link for `user_id`; earlier unused links of theirs stop working.
pub async fn issue_link(
    db: &Db,
    user_id: Uuid,
    created_by: Uuid,
) -> Result<(String, i64), sqlx::Error> {
    let token = new_token();
    let now = now();
    let expires_at = now + RECOVERY_LINK_LIFETIME_SECS;
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM recovery_links WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id.to_string())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO recovery_links (id, token_hash, user_id, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(hash_token(&token))
    .bind(user_id.to_string())
    .bind(created_by.to_string())
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((token, expires_at))
}

/// The account a valid, unused link is for, without using it.
pub async fn link_user(db: &Db, token: &str) -> Result<Option<Uuid>, sqlx::Error> {
    let user: Option<String> = sqlx::query_scalar(
        "SELECT user_id FROM recovery_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(hash_token(token))
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    Ok(user.and_then(|u| Uuid::parse_str(&u).ok()))
}

/// Uses a link once, in the transaction that registers the new passkey.
pub async fn consume_link(
    tx: &mut Transaction<'_, Any>,
    token_hash: &str,
    user_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let now = now();
    let done = sqlx::query(
        "UPDATE recovery_links SET used_at = $1 \
         WHERE token_hash = $2 AND user_id = $3 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .bind(user_id.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub fn recovery_link(public_origin: &str, token: &str) -> String {
    format!("{public_origin}/herstellen#token={token}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_readable_and_normalised() {
        let codes = generate_codes();
        assert_eq!(codes.len(), CODE_COUNT);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), CODE_COUNT);
        for code in &codes {
            assert_eq!(code.len(), 14, "{code}");
            assert_eq!(
                normalise(&code.to_uppercase().replace('-', " ")),
                normalise(code)
            );
        }
    }
}
