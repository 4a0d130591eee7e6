//! Proof that a person controls the e-mail address of their account: a
//! one-time link sent to it. Registrations, invoices and certificates are
//! matched to accounts by address, so until the link is followed an account
//! sees only what it made itself. The token is 256 random bits, stored as
//! its SHA-256 like every other token here, valid 24 hours, single use, and
//! bound to the account and the address it was sent to. A new link voids
//! the account's earlier unused ones.
//!
//! `now` is a parameter (UTC unix seconds) so expiry is tested without
//! waiting.

use crate::auth::accounts;
use crate::db::Db;
use crate::mail::LinkMail;
use crate::setup::{hash_token, new_token};
use crate::state::AppState;
use uuid::Uuid;

pub const LIFETIME_SECS: i64 = 24 * 60 * 60;

/// What following a link did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// The account's address is verified now (or was already, by this link's
    /// account: a second click on a used link is `Invalid`).
    Verified { user_id: Uuid, email: String },
    /// Another account verified this address first; this one never can.
    TakenByOther,
    /// Unknown, expired or used.
    Invalid,
}

/// A fresh link token for `user_id` and `email`; the account's earlier
/// unused links stop working.
pub async fn issue(db: &Db, user_id: Uuid, email: &str, now: i64) -> Result<String, sqlx::Error> {
    let token = new_token();
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM email_verifications WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id.to_string())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO email_verifications (token_hash, user_id, email, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_token(&token))
    .bind(user_id.to_string())
    .bind(email)
    .bind(now)
    .bind(now + LIFETIME_SECS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Uses a link. The token is spent in the same transaction that marks the
/// address verified; the partial unique index on verified addresses is the
/// last word when two accounts with one address race.
pub async fn confirm(db: &Db, token: &str, now: i64) -> Result<Confirmed, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let row: Option<(String, String)> = sqlx::query_as(
        "UPDATE email_verifications SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id, email",
    )
    .bind(now)
    .bind(hash_token(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((user_id, email)) = row else {
        return Ok(Confirmed::Invalid);
    };
    let Ok(user) = Uuid::parse_str(&user_id) else {
        return Ok(Confirmed::Invalid);
    };
    let other: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE email = $1 AND email_verified_at IS NOT NULL AND id <> $2",
    )
    .bind(&email)
    .bind(&user_id)
    .fetch_one(&mut *tx)
    .await?;
    if other > 0 {
        tx.commit().await?;
        return Ok(Confirmed::TakenByOther);
    }
    let done = sqlx::query(
        "UPDATE users SET email_verified_at = $1 \
         WHERE id = $2 AND email = $3 AND email_verified_at IS NULL",
    )
    .bind(now)
    .bind(&user_id)
    .bind(&email)
    .execute(&mut *tx)
    .await;
    match done {
        Ok(_) => {}
        Err(err) if is_unique_violation(&err) => return Ok(Confirmed::TakenByOther),
        Err(err) => return Err(err),
    }
    tx.commit().await?;
    Ok(Confirmed::Verified {
        user_id: user,
        email,
    })
}

fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|e| e.is_unique_violation())
}

pub fn link(public_origin: &str, token: &str) -> String {
    format!("{public_origin}/e-mail-bevestigen#token={token}")
}

/// Which message went to the address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    VerificationLink,
    /// Another account verified the address already: its owner is told
    /// someone tried, and this account gets no link (it can never verify).
    AlreadyHasAccount,
}

pub const VERIFY_SUBJECT: &str = "Bevestig je e-mailadres voor Register Jobcoach";
pub const ALREADY_SUBJECT: &str = "Je hebt al een account bij Register Jobcoach";

/// Mails `email` what fits: a verification link for `user_id`, or, when
/// another account owns the address, a "je hebt al een account" notice.
/// The caller's answer is the same either way, so nobody learns from it
/// whether the address has an account.
pub async fn send(
    state: &AppState,
    user_id: Uuid,
    email: &str,
    now: i64,
) -> Result<Sent, sqlx::Error> {
    match accounts::verified_owner(&state.db, email).await? {
        Some(owner) if owner != user_id => {
            let origin = &state.public_origin;
            let body = format!(
                "Iemand, misschien jij, heeft met dit e-mailadres een nieuw account aangemaakt bij \
                 het portfolio van Register Jobcoach. Je hebt al een account met dit adres.\n\n\
                 Log in met je passkey: {origin}/inloggen\n\
                 Passkey kwijt? Gebruik een herstelcode: {origin}/herstellen\n\n\
                 Was jij dit niet? Dan hoef je niets te doen: het nieuwe account krijgt geen \
                 toegang tot je gegevens.\n"
            );
            state
                .mailer
                .send_text(email, ALREADY_SUBJECT, &body, "al-een-account")
                .await;
            Ok(Sent::AlreadyHasAccount)
        }
        _ => {
            let token = issue(&state.db, user_id, email, now).await?;
            let link = link(&state.public_origin, &token);
            state
                .mailer
                .send_link(LinkMail {
                    to: Some(email),
                    subject: VERIFY_SUBJECT,
                    intro: "Bevestig je e-mailadres voor je account bij het portfolio van \
                            Register Jobcoach. Open deze link (24 uur geldig):",
                    link: &link,
                    kind: "e-mailbevestiging",
                })
                .await;
            Ok(Sent::VerificationLink)
        }
    }
}
