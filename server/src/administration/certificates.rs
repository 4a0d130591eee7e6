//! Certificates: added by hand or imported (all or nothing), listed in the
//! public register while valid, and the recertification reminders.

use super::{date_text, numbers, parse_date};
use crate::db::{now, Db};
use chrono::NaiveDate;
use shared::administration::{
    affiliate_unknown, certificate_number_repeated, certificate_number_taken,
    member_email_clash as email_clash, RowError,
};
use shared::administration::{
    certificate_valid_on, deadline_within_window, CertificateKind, CertificateRow, RelationNumber,
};
use shared::rules::recertification::recertification_deadline;
use sqlx::{Any, Transaction};
use std::collections::HashSet;
use uuid::Uuid;

pub use shared::api::administration::{Certificate, RegisterEntry};

type CertRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

const SELECT: &str = "SELECT c.id, c.certificate_number, c.name, c.email, c.city, c.issue_date, \
    c.expiry_date, c.kind, m.membership_number, a.affiliate_number FROM certificates c \
    LEFT JOIN members m ON m.id = c.member_id LEFT JOIN affiliates a ON a.id = c.affiliate_id";

fn from_row(r: CertRow, today: NaiveDate) -> Result<Certificate, sqlx::Error> {
    let (id, certificate_number, name, email, city, issue, expiry, kind, member, affiliate) = r;
    let kind = CertificateKind::parse(&kind)
        .ok_or_else(|| sqlx::Error::Decode("certificates.kind".into()))?;
    let issue_d = parse_date(&issue);
    let expiry_d = parse_date(&expiry);
    Ok(Certificate {
        id,
        certificate_number,
        name,
        email,
        city,
        recertification_deadline: expiry_d
            .map(|e| date_text(recertification_deadline(e)))
            .unwrap_or_default(),
        valid: matches!((issue_d, expiry_d), (Some(i), Some(e)) if certificate_valid_on(i, e, today)),
        issue_date: issue,
        expiry_date: expiry,
        kind,
        member_number: member,
        affiliate_number: affiliate,
    })
}

/// Whom a validated row belongs to, resolved against the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    Member(String),
    /// A membership number not known yet: the import records the member.
    NewMember(String),
    Affiliate(String),
}

pub async fn resolve_relation(
    db: &Db,
    relation: &RelationNumber,
) -> Result<Option<Owner>, sqlx::Error> {
    match relation {
        RelationNumber::Affiliate(n) => Ok(super::people::affiliate_id_by_number(db, n)
            .await?
            .map(Owner::Affiliate)),
        RelationNumber::Member(n) => {
            let id: Option<String> =
                sqlx::query_scalar("SELECT id FROM members WHERE membership_number = $1")
                    .bind(n)
                    .fetch_optional(&db.pool)
                    .await?;
            Ok(Some(
                id.map(Owner::Member)
                    .unwrap_or_else(|| Owner::NewMember(n.clone())),
            ))
        }
    }
}

pub async fn number_taken(db: &Db, number: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM certificates WHERE certificate_number = $1")
            .bind(number)
            .fetch_one(&db.pool)
            .await?;
    Ok(n > 0)
}

/// A member e-mail already used by another membership number.
pub async fn member_email_clash(db: &Db, email: &str, number: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE email = $1 AND membership_number <> $2",
    )
    .bind(email)
    .bind(number)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// The checks of a row that need the database, after the pure ones
/// (`validate_certificate_row`): the number is new (in the file, `seen`,
/// and in the register), the affiliate exists, a new member's address is
/// not another member's. `Ok(Err(_))` lists the row's mistakes.
pub async fn check_row(
    db: &Db,
    row: &CertificateRow,
    seen: &mut HashSet<String>,
) -> Result<Result<Owner, Vec<RowError>>, sqlx::Error> {
    let mut errors = Vec::new();
    if !seen.insert(row.certificate_number.clone()) {
        errors.push(certificate_number_repeated());
    } else if number_taken(db, &row.certificate_number).await? {
        errors.push(certificate_number_taken());
    }
    let owner = resolve_relation(db, &row.relation).await?;
    match &owner {
        None => errors.push(affiliate_unknown()),
        Some(Owner::NewMember(number)) => {
            if member_email_clash(db, &row.email, number).await? {
                errors.push(email_clash());
            }
        }
        Some(_) => {}
    }
    Ok(match (errors.is_empty(), owner) {
        (true, Some(owner)) => Ok(owner),
        _ => Err(errors),
    })
}

/// Inserts a validated certificate (recording a new member first when the
/// row names an unknown membership number); returns its id.
pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    row: &CertificateRow,
    owner: &Owner,
    kind: CertificateKind,
    actor: Uuid,
) -> Result<String, sqlx::Error> {
    let (member_id, affiliate_id) = match owner {
        Owner::Member(id) => (Some(id.clone()), None),
        Owner::Affiliate(id) => (None, Some(id.clone())),
        Owner::NewMember(number) => {
            let existing: Option<String> =
                sqlx::query_scalar("SELECT id FROM members WHERE membership_number = $1")
                    .bind(number)
                    .fetch_optional(&mut **tx)
                    .await?;
            let id = match existing {
                Some(id) => id,
                None => {
                    super::people::insert_member(tx, number, &row.name, &row.email, &row.city)
                        .await?
                }
            };
            (Some(id), None)
        }
    };
    let id = Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO certificates (id, certificate_number, name, email, city, issue_date, \
         expiry_date, kind, member_id, affiliate_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(&row.certificate_number)
    .bind(&row.name)
    .bind(&row.email)
    .bind(&row.city)
    .bind(date_text(row.issue_date))
    .bind(date_text(row.expiry_date))
    .bind(kind.as_str())
    .bind(member_id)
    .bind(affiliate_id)
    .bind(actor.to_string())
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Takes a write lock first (SQLite: the transaction is already a writer;
/// PostgreSQL: the import counter row), so imports run one at a time.
pub async fn lock_imports(tx: &mut Transaction<'_, Any>) -> Result<i64, sqlx::Error> {
    numbers::next(tx, "certificate_import", 0).await
}

pub async fn list(
    db: &Db,
    q: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<Certificate>, sqlx::Error> {
    let q = q.filter(|q| !q.trim().is_empty());
    let sql = format!(
        "{SELECT} {} ORDER BY c.expiry_date DESC LIMIT 1000",
        if q.is_some() {
            "WHERE LOWER(c.name) LIKE $1 ESCAPE '\\' OR LOWER(c.city) LIKE $1 ESCAPE '\\' \
             OR LOWER(c.email) LIKE $1 ESCAPE '\\' OR LOWER(c.certificate_number) LIKE $1 ESCAPE '\\'"
        } else {
            ""
        }
    );
    let mut query = sqlx::query_as::<_, CertRow>(&sql);
    if let Some(q) = q {
        query = query.bind(super::like_pattern(q));
    }
    query
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(|r| from_row(r, today))
        .collect()
}

/// A person's certificates: by their member or affiliate record, or by
/// their e-mail address once it is verified (`None` matches no address).
pub async fn own(
    db: &Db,
    email: Option<&str>,
    member_id: Option<&str>,
    affiliate_id: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<Certificate>, sqlx::Error> {
    let rows: Vec<CertRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE c.email = $1 OR c.member_id = $2 OR c.affiliate_id = $3 \
         ORDER BY c.expiry_date DESC"
    ))
    .bind(email)
    .bind(member_id.unwrap_or(""))
    .bind(affiliate_id.unwrap_or(""))
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(|r| from_row(r, today)).collect()
}

/// One certificate by its number (dossier: the certificate's PDF).
pub async fn by_number(
    db: &Db,
    number: &str,
    today: NaiveDate,
) -> Result<Option<Certificate>, sqlx::Error> {
    let row: Option<CertRow> = sqlx::query_as(&format!("{SELECT} WHERE c.certificate_number = $1"))
        .bind(number)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| from_row(r, today)).transpose()
}

/// Whether `certificate` is one of the person's own, by the same rule as
/// [`own`] (their member or affiliate record, or their verified e-mail).
pub async fn holds(
    db: &Db,
    person: Uuid,
    verified_email: Option<&str>,
    certificate: &Certificate,
) -> Result<bool, sqlx::Error> {
    let (member, affiliate) = super::people::own_records(db, person, verified_email).await?;
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM certificates WHERE id = $1 \
         AND (email = $2 OR member_id = $3 OR affiliate_id = $4)",
    )
    .bind(&certificate.id)
    .bind(verified_email)
    .bind(member.map(|m| m.id).unwrap_or_default())
    .bind(affiliate.map(|a| a.id).unwrap_or_default())
    .fetch_one(&db.pool)
    .await?;
    Ok(count > 0)
}

/// The public register: certificates valid today whose name or city
/// matches `q`. Nothing but name, city, number and end date leaves here.
pub async fn register(
    db: &Db,
    q: &str,
    today: NaiveDate,
) -> Result<Vec<RegisterEntry>, sqlx::Error> {
    let today = date_text(today);
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT name, city, certificate_number, expiry_date FROM certificates \
         WHERE issue_date <= $1 AND expiry_date >= $1 \
         AND (LOWER(name) LIKE $2 ESCAPE '\\' OR LOWER(city) LIKE $2 ESCAPE '\\') \
         ORDER BY LOWER(name), LOWER(city), certificate_number LIMIT 200",
    )
    .bind(&today)
    .bind(super::like_pattern(q))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(name, city, certificate_number, valid_until)| RegisterEntry {
                name,
                city,
                certificate_number,
                valid_until,
            },
        )
        .collect())
}

/// Certificates whose recertification deadline falls within the reminder
/// window, leaving out those already followed by a later certificate of the
/// same person. Earliest deadline first.
pub async fn reminders(db: &Db, today: NaiveDate) -> Result<Vec<Certificate>, sqlx::Error> {
    let rows: Vec<CertRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE c.expiry_date >= $1 AND NOT EXISTS (SELECT 1 FROM certificates later \
         WHERE later.email = c.email AND later.expiry_date > c.expiry_date) \
         ORDER BY c.expiry_date"
    ))
    .bind(date_text(today))
    .fetch_all(&db.pool)
    .await?;
    let all: Vec<Certificate> = rows
        .into_iter()
        .map(|r| from_row(r, today))
        .collect::<Result<_, _>>()?;
    Ok(all
        .into_iter()
        .filter(|c| parse_date(&c.expiry_date).is_some_and(|e| deadline_within_window(e, today)))
        .collect())
}

// --- dossier (issue 15): one certificate for the verifiable register.

/// What the register states about one certificate: no e-mail, no member or
/// affiliate numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterRecord {
    pub certificate_number: String,
    pub name: String,
    pub city: String,
    pub kind: String,
    pub issue_date: String,
    pub expiry_date: String,
}

/// The certificate with this number, valid or not (a statement says which).
pub async fn register_record(db: &Db, number: &str) -> Result<Option<RegisterRecord>, sqlx::Error> {
    let row: Option<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT certificate_number, name, city, kind, issue_date, expiry_date \
         FROM certificates WHERE certificate_number = $1",
    )
    .bind(number)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(
        |(certificate_number, name, city, kind, issue_date, expiry_date)| RegisterRecord {
            certificate_number,
            name,
            city,
            kind,
            issue_date,
            expiry_date,
        },
    ))
}
