//! Retention (AVG, storage limitation): portfolios of accounts that have not
//! signed in for two years are deleted, after an e-mail warning thirty days
//! ahead. A housekeeping step (`crate::housekeeping`), run by every
//! instance; each stage is one statement that claims its rows, so two
//! instances running at once warn each person once and delete once:
//!
//! 1. **warn**: `INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING` a
//!    notice for every account with portfolios whose last sign-in is
//!    [`WARN_AFTER_SECS`] ago; only the instance whose insert returned the
//!    row sends the mail.
//! 2. **cancel**: a notice of someone who signed in since is removed (they
//!    can be warned again two years later).
//! 3. **delete**: `DELETE … WHERE delete_after <= now RETURNING` claims the
//!    due notices; their owners' portfolios are deleted in the same
//!    transaction.
//!
//! The last sign-in is the latest of: the account's creation, a passkey's
//! last use, and a `sign_in` or `recovery_used` audit entry.

use crate::audit::{self, Entry, Event};
use crate::db::Db;
use crate::mail::Mailer;

const DAY: i64 = 24 * 60 * 60;
/// Two years without sign-in.
pub const INACTIVE_SECS: i64 = 730 * DAY;
/// The warning goes this long before the deletion.
pub const WARNING_SECS: i64 = 30 * DAY;
/// When the warning goes.
pub const WARN_AFTER_SECS: i64 = INACTIVE_SECS - WARNING_SECS;

/// The last sign-in of the account `u` (an SQL expression over `u.id`,
/// `u.created_at`).
const LAST_SIGN_IN: &str = "(SELECT MAX(t) FROM (\
      SELECT u.created_at AS t \
      UNION ALL SELECT k.last_used_at FROM passkeys k WHERE k.user_id = u.id \
      UNION ALL SELECT a.at FROM audit_log a WHERE a.actor_id = u.id \
        AND a.event IN ('sign_in', 'recovery_used')\
    ) activity)";

/// What one round did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub warned: usize,
    pub cancelled: u64,
    pub deleted_portfolios: u64,
}

/// One round at `now` (UTC unix seconds). `origin` is where the mail
/// sends people to sign in.
pub async fn run_once(
    db: &Db,
    mailer: &Mailer,
    origin: &str,
    now: i64,
) -> Result<Round, sqlx::Error> {
    let mut round = Round::default();

    let warned: Vec<(String,)> = sqlx::query_as(&format!(
        "INSERT INTO retention_notices (user_id, last_sign_in_at, warned_at, delete_after) \
         SELECT u.id, {LAST_SIGN_IN}, $1, $2 FROM users u \
         WHERE EXISTS (SELECT 1 FROM portfolios p WHERE p.owner_id = u.id) \
           AND {LAST_SIGN_IN} <= $3 \
         ON CONFLICT DO NOTHING RETURNING user_id"
    ))
    .bind(now)
    .bind(now + WARNING_SECS)
    .bind(now - WARN_AFTER_SECS)
    .fetch_all(&db.pool)
    .await?;
    for (user,) in &warned {
        warn(db, mailer, origin, user, now).await?;
    }
    round.warned = warned.len();

    round.cancelled = sqlx::query(&format!(
        "DELETE FROM retention_notices WHERE EXISTS (SELECT 1 FROM users u \
         WHERE u.id = retention_notices.user_id AND {LAST_SIGN_IN} > retention_notices.last_sign_in_at)"
    ))
    .execute(&db.pool)
    .await?
    .rows_affected();

    let mut tx = crate::administration::begin_write(db).await?;
    let due: Vec<(String,)> =
        sqlx::query_as("DELETE FROM retention_notices WHERE delete_after <= $1 RETURNING user_id")
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
    for (user,) in &due {
        let deleted = sqlx::query("DELETE FROM portfolios WHERE owner_id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        round.deleted_portfolios += deleted;
        audit::record(
            &mut *tx,
            Entry::new(Event::RetentionDeleted)
                .subject(user)
                .details(serde_json::json!({ "portfolios": deleted })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(round)
}

async fn warn(
    db: &Db,
    mailer: &Mailer,
    origin: &str,
    user: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT name, email FROM users WHERE id = $1")
            .bind(user)
            .fetch_optional(&db.pool)
            .await?;
    let Some((name, email)) = row else {
        return Ok(());
    };
    let until = chrono::DateTime::from_timestamp(now + WARNING_SECS, 0)
        .map(|d| shared::administration::dutch_date(d.date_naive()))
        .unwrap_or_default();
    let body = format!(
        "Beste {name},\n\n\
         Je hebt bijna twee jaar niet ingelogd op je Register Jobcoach portfolio. \
         Volgens onze privacyverklaring verwijderen wij dan je portfolio's.\n\n\
         Wil je ze bewaren? Log dan vóór {until} in: {origin}/inloggen\n\
         Je kunt ook eerst al je gegevens downloaden op {origin}/mijn-gegevens.\n\n\
         Doe je niets, dan verwijderen wij je portfolio's op of na {until}. \
         Je account, facturen en certificaten blijven.\n"
    );
    mailer
        .send_text(
            &email,
            "Je portfolio wordt over 30 dagen verwijderd",
            &body,
            "bewaartermijn",
        )
        .await;
    audit::record(
        &db.pool,
        Entry::new(Event::RetentionWarned)
            .subject(user)
            .details(serde_json::json!({ "delete_after": now + WARNING_SECS })),
    )
    .await
}
