//! The one-time set-up link for the first admin. The token is random, only
//! its hash is stored, it expires, and it can be used once.

use crate::db::{now, Db};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// How long a printed set-up link stays valid.
pub const SETUP_TOKEN_LIFETIME_SECS: i64 = 24 * 60 * 60;

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether set-up has been completed: an admin account exists (or a set-up
/// token was used, which happens in the transaction that creates one).
pub async fn is_set_up(db: &Db) -> Result<bool, sqlx::Error> {
    let done: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM setup_tokens WHERE used_at IS NOT NULL) \
         + (SELECT COUNT(*) FROM user_roles WHERE role = 'admin')",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok(done > 0)
}

/// Issues a fresh set-up token while nobody has set the system up yet, and
/// voids earlier unused ones (their plain text is gone, so nobody can use them
/// legitimately any more). Returns `None` once set-up is done.
pub async fn issue_if_needed(db: &Db) -> Result<Option<String>, sqlx::Error> {
    if is_set_up(db).await? {
        return Ok(None);
    }
    let token = new_token();
    let now = now();
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM setup_tokens WHERE used_at IS NULL")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(hash_token(&token))
    .bind(now)
    .bind(now + SETUP_TOKEN_LIFETIME_SECS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(token))
}

/// Checks a token without using it.
pub async fn is_valid(db: &Db, token: &str) -> Result<bool, sqlx::Error> {
    let found: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(hash_token(token))
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok(found > 0)
}

/// Uses a token once, inside the caller's transaction so that creating the
/// admin and using the token commit together. Returns false when the token is
/// unknown, expired or already used.
pub async fn consume(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    token: &str,
) -> Result<bool, sqlx::Error> {
    consume_hashed(tx, &hash_token(token)).await
}

/// [`consume`] for a caller that kept only the token's hash (the passkey
/// ceremony stores the hash between its start and finish).
pub async fn consume_hashed(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    token_hash: &str,
) -> Result<bool, sqlx::Error> {
    let now = now();
    let result = sqlx::query(
        "UPDATE setup_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub fn setup_link(public_origin: &str, token: &str) -> String {
    // The token travels in the fragment, which browsers never send to a
    // server, so it cannot end up in access logs.
    format!("{public_origin}/inrichten#token={token}")
}
