//! The certificate a positive decision issues: a number, the decision day
//! as issue date, four years of validity (continuing from the old end for a
//! timely renewal, `shared::assessment::certificate_period`), in the
//! public register at once (the register lists certificates valid today),
//! linked to the candidate's member or affiliate record, so that the annual
//! register-fee run bills an external affiliate from then on.

use crate::administration::numbers;
use crate::administration::people;
use crate::administration::{date_text, parse_date};
use crate::auth::accounts::Account;
use crate::db::{now, Db};
use chrono::{Datelike, NaiveDate};
use shared::administration::CertificateKind;
use shared::api::submissions::IssuedCertificate;
use shared::assessment::certificate_period;
use shared::assessment::SubmissionKind;
use sqlx::{Any, Transaction};
use uuid::Uuid;

/// What the certificate says about the person, read before the decision's
/// transaction.
#[derive(Clone, Debug)]
pub struct Holder {
    pub name: String,
    pub email: String,
    pub city: String,
    pub member_id: Option<String>,
    pub affiliate_id: Option<String>,
}

pub async fn holder(db: &Db, account: &Account) -> Result<Holder, sqlx::Error> {
    let email = account.email_verified.then_some(account.email.as_str());
    let (member, affiliate) = people::own_records(db, account.id, email).await?;
    let city = member
        .as_ref()
        .map(|m| m.city.clone())
        .or_else(|| affiliate.as_ref().map(|a| a.city.clone()))
        .unwrap_or_default();
    Ok(Holder {
        name: account.name.clone(),
        email: account.email.clone(),
        city,
        member_id: member.map(|m| m.id),
        affiliate_id: affiliate.map(|a| a.id),
    })
}

/// Counter kind of the numbers this feature gives out: `RJ-2026-00001`.
const COUNTER: &str = "certificate";

async fn previous_expiry(
    tx: &mut Transaction<'_, Any>,
    holder: &Holder,
) -> Result<Option<NaiveDate>, sqlx::Error> {
    let ends: Vec<String> = sqlx::query_scalar(
        "SELECT expiry_date FROM certificates WHERE email = $1 OR member_id = $2 \
         OR affiliate_id = $3",
    )
    .bind(&holder.email)
    .bind(holder.member_id.clone())
    .bind(holder.affiliate_id.clone())
    .fetch_all(&mut **tx)
    .await?;
    Ok(ends.iter().filter_map(|e| parse_date(e)).max())
}

/// Issues the certificate inside the decision's transaction; returns its id
/// and what it says.
pub async fn issue(
    tx: &mut Transaction<'_, Any>,
    holder: &Holder,
    kind: SubmissionKind,
    decided_on: NaiveDate,
    actor: Uuid,
) -> Result<(String, IssuedCertificate), sqlx::Error> {
    let previous = match kind {
        SubmissionKind::Recertification => previous_expiry(tx, holder).await?,
        _ => None,
    };
    let period = certificate_period(decided_on, previous);
    let year = i64::from(decided_on.year());
    // Imported certificates carry numbers of their own; skip any taken.
    let number = loop {
        let seq = numbers::next(tx, COUNTER, year).await?;
        let number = format!("RJ-{year}-{seq:05}");
        let taken: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM certificates WHERE certificate_number = $1")
                .bind(&number)
                .fetch_one(&mut **tx)
                .await?;
        if taken == 0 {
            break number;
        }
    };
    let id = Uuid::new_v4().to_string();
    let cert_kind = match kind {
        SubmissionKind::Recertification => CertificateKind::Recertification,
        _ => CertificateKind::Initial,
    };
    sqlx::query(
        "INSERT INTO certificates (id, certificate_number, name, email, city, issue_date, \
         expiry_date, kind, member_id, affiliate_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(&number)
    .bind(&holder.name)
    .bind(&holder.email)
    .bind(&holder.city)
    .bind(date_text(period.issue_date))
    .bind(date_text(period.expiry_date))
    .bind(cert_kind.as_str())
    .bind(holder.member_id.clone())
    .bind(holder.affiliate_id.clone())
    .bind(actor.to_string())
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok((
        id,
        IssuedCertificate {
            certificate_number: number,
            issue_date: period.issue_date,
            expiry_date: period.expiry_date,
        },
    ))
}

pub async fn find(db: &Db, id: &str) -> Result<Option<IssuedCertificate>, sqlx::Error> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT certificate_number, issue_date, expiry_date FROM certificates WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|(number, issue, expiry)| {
        Some(IssuedCertificate {
            certificate_number: number,
            issue_date: parse_date(&issue)?,
            expiry_date: parse_date(&expiry)?,
        })
    }))
}
