//! Which key signs register statements, and which public keys are
//! published.
//!
//! - With `REGISTER_SIGNING_KEY` (an Ed25519 private key: PKCS#8 PEM as
//!   `openssl genpkey -algorithm ed25519` writes it, or the 32-byte seed in
//!   base64url) that key signs. Its public key is written to
//!   `register_signing_keys` on first use, so after the operator rotates to
//!   a new key the old one is still published and earlier statements keep
//!   verifying. `REGISTER_PREVIOUS_KEYS` adds public keys (JWK `x` values or
//!   SPKI PEM, comma-separated) from elsewhere, e.g. another database;
//!   `REGISTER_REVOKED_KEYS` (kids, comma-separated) withdraws a key that
//!   leaked, so statements signed with it no longer verify.
//! - Without configuration (the embedded `make run`) a key is generated on
//!   first use and stored with its secret in the database: one row at most
//!   (a partial unique index), so every instance on the database signs with
//!   the same key. An operator who configures a key later keeps the
//!   generated one published.

use super::jws::{self, KeyPair};
use crate::db::{now, Db};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD as B64};
use base64::Engine;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey};
use ed25519_dalek::{SigningKey, VerifyingKey};
use rand::RngCore;
use shared::api::register::JwkSet;
use std::collections::HashSet;
use tokio::sync::OnceCell;

/// A secret from the configuration: never printed, not even by `Debug`.
#[derive(Clone)]
pub struct SecretText(pub String);

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretText(…)")
    }
}

impl std::str::FromStr for SecretText {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(SecretText(s.to_string()))
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("REGISTER_SIGNING_KEY is not an Ed25519 private key (PKCS#8 PEM or a base64url 32-byte seed)")]
    Private,
    #[error("REGISTER_PREVIOUS_KEYS: {0:?} is not an Ed25519 public key (JWK x or SPKI PEM)")]
    Public(String),
}

/// Why the signing key could not be had from the database.
#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// The generated key was inserted (by this instance or another) but
    /// reading it back found none or an unreadable one: someone deleted or
    /// damaged the row in between.
    #[error("the generated register signing key is missing or unreadable after storing it")]
    GeneratedKeyMissing,
}

/// An Ed25519 private key as operators have it.
pub fn parse_private(text: &str) -> Result<SigningKey, KeyError> {
    let text = text.trim();
    if text.starts_with("-----BEGIN") {
        return SigningKey::from_pkcs8_pem(text).map_err(|_| KeyError::Private);
    }
    let bytes = B64
        .decode(text.trim_end_matches('='))
        .or_else(|_| STANDARD.decode(text))
        .map_err(|_| KeyError::Private)?;
    let seed: [u8; 32] = bytes.try_into().map_err(|_| KeyError::Private)?;
    Ok(SigningKey::from_bytes(&seed))
}

/// An Ed25519 public key: the JWK `x` or SPKI PEM.
pub fn parse_public(text: &str) -> Result<VerifyingKey, KeyError> {
    let text = text.trim();
    let key = if text.starts_with("-----BEGIN") {
        VerifyingKey::from_public_key_pem(text).ok()
    } else {
        jws::decode_public(text)
    };
    key.ok_or_else(|| KeyError::Public(text.chars().take(20).collect()))
}

/// The configured and stored keys; one per server instance (in `AppState`).
#[derive(Debug)]
pub struct RegisterKeys {
    configured: Option<KeyPair>,
    previous: Vec<VerifyingKey>,
    revoked: HashSet<String>,
    current: OnceCell<KeyPair>,
}

impl RegisterKeys {
    pub fn new(
        signing_key: Option<&SecretText>,
        previous: Option<&str>,
        revoked: Option<&str>,
    ) -> Result<Self, KeyError> {
        let list = |s: Option<&str>| -> Vec<String> {
            s.unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        };
        Ok(RegisterKeys {
            configured: signing_key
                .map(|s| parse_private(&s.0).map(KeyPair::new))
                .transpose()?,
            previous: list(previous)
                .iter()
                .map(|p| parse_public(p))
                .collect::<Result<_, _>>()?,
            revoked: list(revoked).into_iter().collect(),
            current: OnceCell::new(),
        })
    }

    /// The key that signs now. The first call per instance touches the
    /// database (remembers a configured key's public half, or generates the
    /// shared key); later calls answer from memory.
    pub async fn current(&self, db: &Db) -> Result<&KeyPair, KeyStoreError> {
        self.current
            .get_or_try_init(|| async {
                match &self.configured {
                    Some(pair) => {
                        remember(db, pair, "configured", None).await?;
                        Ok(pair.clone())
                    }
                    None => generated(db).await,
                }
            })
            .await
    }

    /// Every public key a statement may have been signed with, the current
    /// one first, without revoked ones. Read from the database on every
    /// call, so a key another instance started to sign with is published
    /// at once.
    pub async fn published(&self, db: &Db) -> Result<JwkSet, KeyStoreError> {
        let current = self.current(db).await?;
        let stored: Vec<(String,)> = sqlx::query_as(
            "SELECT public_key FROM register_signing_keys ORDER BY created_at DESC, kid",
        )
        .fetch_all(&db.pool)
        .await?;
        let mut seen = HashSet::new();
        let mut keys = Vec::new();
        let all = std::iter::once(current.key.verifying_key())
            .chain(stored.iter().filter_map(|(x,)| jws::decode_public(x)))
            .chain(self.previous.iter().copied());
        for key in all {
            let jwk = jws::jwk(&key);
            if !self.revoked.contains(&jwk.kid) && seen.insert(jwk.kid.clone()) {
                keys.push(jwk);
            }
        }
        Ok(JwkSet { keys })
    }
}

/// Stores a key's public half (and, for the generated key, its secret);
/// a key already there is left as it is.
async fn remember(
    db: &Db,
    pair: &KeyPair,
    origin: &str,
    secret: Option<String>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO register_signing_keys (kid, public_key, private_key, origin, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(&pair.kid)
    .bind(jws::public_x(&pair.key.verifying_key()))
    .bind(secret)
    .bind(origin)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The key generated for this database: read it, or make it. Two instances
/// starting at once both try to insert; the unique index keeps one, and
/// both read that one.
async fn generated(db: &Db) -> Result<KeyPair, KeyStoreError> {
    if let Some(pair) = stored_generated(db).await? {
        return Ok(pair);
    }
    let mut seed = [0u8; 32];
    rand::rng().fill_bytes(&mut seed);
    let pair = KeyPair::new(SigningKey::from_bytes(&seed));
    if remember(db, &pair, "generated", Some(B64.encode(seed))).await? {
        tracing::info!(kid = %pair.kid, "generated the register signing key (stored in the database; set REGISTER_SIGNING_KEY in production)");
    }
    stored_generated(db)
        .await?
        .ok_or(KeyStoreError::GeneratedKeyMissing)
}

async fn stored_generated(db: &Db) -> Result<Option<KeyPair>, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT private_key FROM register_signing_keys WHERE origin = 'generated'")
            .fetch_optional(&db.pool)
            .await?;
    Ok(row
        .and_then(|(secret,)| secret)
        .and_then(|s| parse_private(&s).ok())
        .map(KeyPair::new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_in_the_forms_operators_have() {
        // RFC 8037 appendix A.1/A.2: the example key pair.
        let d = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
        let x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
        let key = parse_private(d).unwrap();
        assert_eq!(jws::public_x(&key.verifying_key()), x);
        assert_eq!(parse_public(x).unwrap(), key.verifying_key());
        // The same seed as `openssl genpkey -algorithm ed25519` writes it.
        let pem = "-----BEGIN PRIVATE KEY-----\n\
                   MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n\
                   -----END PRIVATE KEY-----\n";
        assert_eq!(parse_private(pem).unwrap().to_bytes(), key.to_bytes());
        assert_eq!(parse_private("kort"), Err(KeyError::Private));
        assert!(parse_public("nope").is_err());
        assert_eq!(format!("{:?}", SecretText(d.into())), "SecretText(…)");
    }
}
