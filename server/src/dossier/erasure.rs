//! "Account verwijderen": the person's account and everything of theirs
//! goes, in one transaction, except what the law or the register requires
//! (`shared::api::me_data::kept_after_erasure`, shown on the page before
//! they confirm):
//!
//! - removed: passkeys, sessions, recovery codes and links, verification
//!   links, privacy acceptances, retention notices, roles, portfolios with
//!   all their content (drafts, versions, conflict copies; later comments
//!   and files through `ON DELETE CASCADE` from `portfolios` or `users`),
//!   invitations they made or used, certificates of theirs that are no
//!   longer valid, the account itself.
//! - kept: invoices (seven years, fiscal), valid certificates (the
//!   register), the member or affiliate record those refer to (unlinked
//!   from the account), and audit entries, pseudonymised: the person's id
//!   becomes a random one that points to nobody, the IP address goes, and
//!   names and e-mail addresses in the details are removed.

use crate::administration::{begin_write, date_text, people};
use crate::audit::{self, Entry, Event};
use crate::auth::accounts::{self, RolesError};
use crate::auth::Session;
use crate::db::Db;
use chrono::NaiveDate;
use serde_json::Value;
use shared::api::me_data::{kept_after_erasure, ErasedItem, ErasurePreview, KeptItem};
use sqlx::{Any, Transaction};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error("the only admin cannot be erased")]
    LastAdmin,
    #[error("no such account")]
    NotFound,
    #[error(transparent)]
    Storage(#[from] sqlx::Error),
}

/// Tables whose rows of the person go, by their `user_id`. Tables that
/// reference `users` or `portfolios` with `ON DELETE CASCADE` go anyway;
/// this list makes the order explicit and survives a missing cascade.
const BY_USER_ID: &[&str] = &[
    "sessions",
    "passkeys",
    "recovery_codes",
    "recovery_links",
    "email_verifications",
    "webauthn_challenges",
    "privacy_acceptances",
    "retention_notices",
    "sync_applied",
];

/// The administration's records of the person: linked, or matched by the
/// verified address.
struct Records {
    member: Option<String>,
    affiliate: Option<String>,
}

async fn records(db: &Db, session: &Session) -> Result<Records, sqlx::Error> {
    let (member, affiliate) =
        people::own_records(db, session.actor.id, session.verified_email()).await?;
    Ok(Records {
        member: member.map(|m| m.id),
        affiliate: affiliate.map(|a| a.id),
    })
}

async fn count(db: &Db, sql: &str, binds: &[&str]) -> Result<i64, sqlx::Error> {
    let mut q = sqlx::query_scalar::<_, i64>(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.fetch_one(&db.pool).await
}

/// What erasure would remove and keep for this person now.
pub async fn preview(
    db: &Db,
    session: &Session,
    today: NaiveDate,
) -> Result<ErasurePreview, sqlx::Error> {
    let id = session.actor.id.to_string();
    let id = id.as_str();
    let rec = records(db, session).await?;
    let email = session.verified_email().unwrap_or("");
    let member = rec.member.as_deref().unwrap_or("");
    let affiliate = rec.affiliate.as_deref().unwrap_or("");
    let today = date_text(today);
    let removed = vec![
        ErasedItem {
            what: "Je portfolio's met alle antwoorden, concepten en versies".into(),
            count: count(
                db,
                "SELECT COUNT(*) FROM portfolios WHERE owner_id = $1",
                &[id],
            )
            .await?,
        },
        ErasedItem {
            what: "Je passkeys en herstelcodes".into(),
            count: count(
                db,
                "SELECT COUNT(*) FROM passkeys WHERE user_id = $1",
                &[id],
            )
            .await?,
        },
        ErasedItem {
            what: "Je sessies (je wordt overal uitgelogd)".into(),
            count: count(
                db,
                "SELECT COUNT(*) FROM sessions WHERE user_id = $1",
                &[id],
            )
            .await?,
        },
        ErasedItem {
            what: "Je account: naam, e-mailadres, rollen en geaccepteerde privacyverklaringen"
                .into(),
            count: 1,
        },
    ];
    let counts = [
        count(
            db,
            "SELECT COUNT(*) FROM invoices WHERE affiliate_id = $1",
            &[affiliate],
        )
        .await?,
        count(
            db,
            "SELECT COUNT(*) FROM certificates WHERE expiry_date >= $1 \
             AND (email = $2 OR member_id = $3 OR affiliate_id = $4)",
            &[&today, email, member, affiliate],
        )
        .await?,
        i64::from(rec.member.is_some()) + i64::from(rec.affiliate.is_some()),
        count(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE actor_id = $1 OR subject_id = $1",
            &[id],
        )
        .await?,
    ];
    let kept = kept_after_erasure()
        .into_iter()
        .zip(counts)
        .map(|(item, count)| KeptItem { count, ..item })
        .collect();
    Ok(ErasurePreview { removed, kept })
}

/// Erases the person behind `session`; returns what was kept. The only
/// admin is refused ([`EraseError::LastAdmin`]): the installation would
/// have nobody left to run it.
pub async fn erase(
    db: &Db,
    session: &Session,
    today: NaiveDate,
) -> Result<Vec<KeptItem>, EraseError> {
    let kept = preview(db, session, today).await?.kept;
    let rec = records(db, session).await?;
    let me = session.actor.id;
    let id = me.to_string();
    let mut tx = begin_write(db).await?;
    // Roles first: it takes the role-change lock and refuses to remove the
    // last admin, before anything else is touched.
    match accounts::set_roles(&mut tx, me, &[]).await {
        Ok(_) => {}
        Err(RolesError::LastAdmin) => return Err(EraseError::LastAdmin),
        Err(RolesError::NotFound) => return Err(EraseError::NotFound),
        Err(RolesError::Db(e)) => return Err(e.into()),
    }
    let pseudonym = Uuid::new_v4();
    pseudonymise(&mut tx, session, pseudonym).await?;

    // Certificates no longer valid are no longer needed by the register.
    sqlx::query(
        "DELETE FROM certificates WHERE expiry_date < $1 \
         AND (email = $2 OR member_id = $3 OR affiliate_id = $4)",
    )
    .bind(date_text(today))
    .bind(session.verified_email().unwrap_or(""))
    .bind(rec.member.as_deref().unwrap_or(""))
    .bind(rec.affiliate.as_deref().unwrap_or(""))
    .execute(&mut *tx)
    .await?;
    for table in BY_USER_ID {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(&id)
            .execute(&mut *tx)
            .await?;
    }
    let email = session.actor.email.as_str();
    let bucket = format!("account:{id}");
    let idr = id.as_str();
    let steps: [(&str, &[&str]); 7] = [
        ("DELETE FROM recovery_links WHERE created_by = $1", &[idr]),
        (
            "DELETE FROM invitations WHERE created_by = $1 OR used_by = $1 OR email = $2",
            &[idr, email],
        ),
        ("DELETE FROM portfolios WHERE owner_id = $1", &[idr]),
        (
            "UPDATE members SET user_id = NULL WHERE user_id = $1",
            &[idr],
        ),
        (
            "UPDATE affiliates SET user_id = NULL WHERE user_id = $1",
            &[idr],
        ),
        ("DELETE FROM rate_limits WHERE key = $1", &[bucket.as_str()]),
        ("DELETE FROM users WHERE id = $1", &[idr]),
    ];
    for (sql, binds) in steps {
        let mut q = sqlx::query(sql);
        for b in binds {
            q = q.bind(*b);
        }
        q.execute(&mut *tx).await?;
    }
    let subject = pseudonym.to_string();
    audit::record(
        &mut *tx,
        Entry::new(Event::AccountErased)
            .actor(pseudonym)
            .subject(&subject),
    )
    .await?;
    tx.commit().await?;
    Ok(kept)
}

/// Audit entries by or about the person, or naming their address: the id
/// becomes `pseudonym`, the IP address goes, and names and addresses in the
/// details are removed. The entries themselves stay.
async fn pseudonymise(
    tx: &mut Transaction<'_, Any>,
    session: &Session,
    pseudonym: Uuid,
) -> Result<(), sqlx::Error> {
    let id = session.actor.id.to_string();
    let pseudonym = pseudonym.to_string();
    let email_pattern = crate::administration::like_pattern(&session.actor.email);
    let rows: Vec<(i64, Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT id, actor_id, subject_id, details FROM audit_log \
         WHERE actor_id = $1 OR subject_id = $1 OR LOWER(details) LIKE $2 ESCAPE '\\'",
    )
    .bind(&id)
    .bind(&email_pattern)
    .fetch_all(&mut **tx)
    .await?;
    let personal = [
        id.as_str(),
        session.actor.email.as_str(),
        session.actor.name.as_str(),
    ];
    for (row, actor, subject, details) in rows {
        let swap = |v: Option<String>| v.map(|v| if v == id { pseudonym.clone() } else { v });
        let mut details: Value = serde_json::from_str(&details).unwrap_or(Value::Null);
        scrub(&mut details, &personal, &pseudonym);
        let mine = actor.as_deref() == Some(id.as_str()) || subject.as_deref() == Some(id.as_str());
        sqlx::query(
            "UPDATE audit_log SET actor_id = $1, subject_id = $2, details = $3, \
             ip = CASE WHEN $4 = 1 THEN NULL ELSE ip END WHERE id = $5",
        )
        .bind(swap(actor))
        .bind(swap(subject))
        .bind(details.to_string())
        .bind(i64::from(mine))
        .bind(row)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Removes `email`/`name` keys and strings naming the person; their id
/// becomes the pseudonym.
fn scrub(value: &mut Value, personal: &[&str; 3], pseudonym: &str) {
    match value {
        Value::Object(map) => {
            map.remove("email");
            map.remove("name");
            for v in map.values_mut() {
                scrub(v, personal, pseudonym);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| scrub(v, personal, pseudonym)),
        Value::String(s) if s == personal[0] => *s = pseudonym.to_string(),
        Value::String(s) if personal[1..].iter().any(|p| s.eq_ignore_ascii_case(p)) => {
            *s = "[verwijderd]".into();
        }
        _ => {}
    }
}

/// The person's passkeys, to ask one of them to confirm.
pub async fn passkeys_of(
    db: &Db,
    user: Uuid,
) -> Result<Vec<webauthn_rs::prelude::Passkey>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT passkey FROM passkeys WHERE user_id = $1")
        .bind(user.to_string())
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|(p,)| serde_json::from_str(p).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubbing_removes_names_and_addresses_and_swaps_the_id() {
        let mut v = serde_json::json!({
            "email": "kim@example.nl",
            "name": "Kim",
            "roles": ["candidate"],
            "to": "KIM@example.nl",
            "who": {"id": "u-1", "list": ["u-1", "x"]},
        });
        scrub(&mut v, &["u-1", "kim@example.nl", "Kim"], "p-9");
        assert_eq!(
            v,
            serde_json::json!({
                "roles": ["candidate"],
                "to": "[verwijderd]",
                "who": {"id": "p-9", "list": ["p-9", "x"]},
            })
        );
    }
}
