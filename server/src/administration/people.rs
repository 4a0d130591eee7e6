//! External affiliates and members, and the link from a person's account
//! to their record: explicit (`user_id`, set by an admin) or else by the
//! same e-mail address.

use crate::db::{now, Db};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

pub use shared::api::administration::{
    Affiliate, AffiliateDetails, AffiliateInput, Member, MemberDetails,
};

const AFFILIATE_COLUMNS: &str = "id, affiliate_number, name, email, street, postal_code, city, \
    organisation, invoice_name, invoice_street, invoice_postal_code, invoice_city, invoice_email, \
    user_id, created_at";

fn affiliate_from(r: &AnyRow) -> Result<Affiliate, sqlx::Error> {
    Ok(Affiliate {
        id: r.try_get("id")?,
        affiliate_number: r.try_get("affiliate_number")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        street: r.try_get("street")?,
        postal_code: r.try_get("postal_code")?,
        city: r.try_get("city")?,
        organisation: r.try_get("organisation")?,
        invoice_name: r.try_get("invoice_name")?,
        invoice_street: r.try_get("invoice_street")?,
        invoice_postal_code: r.try_get("invoice_postal_code")?,
        invoice_city: r.try_get("invoice_city")?,
        invoice_email: r.try_get("invoice_email")?,
        user_id: r.try_get("user_id")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn email_registered(
    tx: &mut Transaction<'_, Any>,
    email: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM affiliates WHERE email = $1")
        .bind(email)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

pub async fn insert_affiliate(
    tx: &mut Transaction<'_, Any>,
    number: &str,
    input: &AffiliateInput,
) -> Result<Affiliate, sqlx::Error> {
    let id = Uuid::new_v4().to_string();
    let at = now();
    sqlx::query(
        "INSERT INTO affiliates (id, affiliate_number, name, email, street, postal_code, city, \
         organisation, invoice_name, invoice_street, invoice_postal_code, invoice_city, \
         invoice_email, privacy_consent_at, user_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, $14)",
    )
    .bind(&id)
    .bind(number)
    .bind(&input.name)
    .bind(&input.email)
    .bind(&input.street)
    .bind(&input.postal_code)
    .bind(&input.city)
    .bind(input.organisation.clone())
    .bind(input.invoice_name.clone())
    .bind(input.invoice_street.clone())
    .bind(input.invoice_postal_code.clone())
    .bind(input.invoice_city.clone())
    .bind(input.invoice_email.clone())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    let row = sqlx::query(&format!(
        "SELECT {AFFILIATE_COLUMNS} FROM affiliates WHERE id = $1"
    ))
    .bind(&id)
    .fetch_one(&mut **tx)
    .await?;
    affiliate_from(&row)
}

pub async fn find_affiliate_in(
    tx: &mut Transaction<'_, Any>,
    id: &str,
) -> Result<Option<Affiliate>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {AFFILIATE_COLUMNS} FROM affiliates WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(affiliate_from).transpose()
}

pub async fn affiliate_id_by_number(db: &Db, number: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM affiliates WHERE affiliate_number = $1")
        .bind(number)
        .fetch_optional(&db.pool)
        .await
}

pub async fn list_affiliates(db: &Db, q: Option<&str>) -> Result<Vec<Affiliate>, sqlx::Error> {
    let q = q.filter(|q| !q.trim().is_empty());
    let sql = format!(
        "SELECT {AFFILIATE_COLUMNS} FROM affiliates {} ORDER BY affiliate_number LIMIT 1000",
        if q.is_some() {
            "WHERE LOWER(name) LIKE $1 ESCAPE '\\' OR LOWER(email) LIKE $1 ESCAPE '\\' \
             OR LOWER(city) LIKE $1 ESCAPE '\\' OR LOWER(affiliate_number) LIKE $1 ESCAPE '\\' \
             OR LOWER(COALESCE(organisation, '')) LIKE $1 ESCAPE '\\'"
        } else {
            ""
        }
    );
    let mut query = sqlx::query(&sql);
    if let Some(q) = q {
        query = query.bind(super::like_pattern(q));
    }
    query
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(affiliate_from)
        .collect()
}

type MemberRow = (String, String, String, String, String, Option<String>, i64);

fn member_from(
    (id, membership_number, name, email, city, user_id, created_at): MemberRow,
) -> Member {
    Member {
        id,
        membership_number,
        name,
        email,
        city,
        user_id,
        created_at,
    }
}

const MEMBER_COLUMNS: &str = "id, membership_number, name, email, city, user_id, created_at";

pub async fn insert_member(
    tx: &mut Transaction<'_, Any>,
    membership_number: &str,
    name: &str,
    email: &str,
    city: &str,
) -> Result<String, sqlx::Error> {
    let id = Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO members (id, membership_number, name, email, city, user_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, $6)",
    )
    .bind(&id)
    .bind(membership_number)
    .bind(name)
    .bind(email)
    .bind(city)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn list_members(db: &Db, q: Option<&str>) -> Result<Vec<Member>, sqlx::Error> {
    let q = q.filter(|q| !q.trim().is_empty());
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM members {} ORDER BY name LIMIT 1000",
        if q.is_some() {
            "WHERE LOWER(name) LIKE $1 ESCAPE '\\' OR LOWER(email) LIKE $1 ESCAPE '\\' \
             OR LOWER(city) LIKE $1 ESCAPE '\\' OR LOWER(membership_number) LIKE $1 ESCAPE '\\'"
        } else {
            ""
        }
    );
    let mut query = sqlx::query_as::<_, MemberRow>(&sql);
    if let Some(q) = q {
        query = query.bind(super::like_pattern(q));
    }
    Ok(query
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(member_from)
        .collect())
}

/// Which record table an admin links an account to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    Member,
    Affiliate,
}

impl RecordKind {
    fn table(self) -> &'static str {
        match self {
            RecordKind::Member => "members",
            RecordKind::Affiliate => "affiliates",
        }
    }
}

/// Links (or with `None` unlinks) an account; false when the record does
/// not exist.
pub async fn link_account(
    tx: &mut Transaction<'_, Any>,
    kind: RecordKind,
    id: &str,
    user: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    let table = kind.table();
    if let Some(user) = user {
        // One record per account: release it from any other record first.
        sqlx::query(&format!(
            "UPDATE {table} SET user_id = NULL WHERE user_id = $1 AND id <> $2"
        ))
        .bind(user.to_string())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    let done = sqlx::query(&format!("UPDATE {table} SET user_id = $1 WHERE id = $2"))
        .bind(user.map(|u| u.to_string()))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A person's own records: linked explicitly, or else by e-mail address,
/// but only by a verified one (`None` matches nothing: `email = NULL` is
/// never true), so signing up with someone's address shows nothing of theirs.
pub async fn own_records(
    db: &Db,
    user: Uuid,
    email: Option<&str>,
) -> Result<(Option<Member>, Option<Affiliate>), sqlx::Error> {
    let member: Option<MemberRow> = sqlx::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM members WHERE user_id = $1 \
         OR (user_id IS NULL AND email = $2) ORDER BY CASE WHEN user_id IS NULL THEN 1 ELSE 0 END LIMIT 1"
    ))
    .bind(user.to_string())
    .bind(email)
    .fetch_optional(&db.pool)
    .await?;
    let affiliate = sqlx::query(&format!(
        "SELECT {AFFILIATE_COLUMNS} FROM affiliates WHERE user_id = $1 \
         OR (user_id IS NULL AND email = $2) ORDER BY CASE WHEN user_id IS NULL THEN 1 ELSE 0 END LIMIT 1"
    ))
    .bind(user.to_string())
    .bind(email)
    .fetch_optional(&db.pool)
    .await?;
    Ok((
        member.map(member_from),
        affiliate.as_ref().map(affiliate_from).transpose()?,
    ))
}

pub async fn find_member_in(
    tx: &mut Transaction<'_, Any>,
    id: &str,
) -> Result<Option<Member>, sqlx::Error> {
    let row: Option<MemberRow> = sqlx::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(member_from))
}

/// Overwrites a member's details; uniqueness (number, e-mail) is left to
/// the constraints, so a clash is a unique violation.
pub async fn update_member(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    d: &MemberDetails,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE members SET membership_number = $1, name = $2, email = $3, city = $4 \
         WHERE id = $5",
    )
    .bind(&d.membership_number)
    .bind(&d.name)
    .bind(&d.email)
    .bind(&d.city)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn update_affiliate(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    d: &AffiliateDetails,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE affiliates SET name = $1, email = $2, street = $3, postal_code = $4, city = $5 \
         WHERE id = $6",
    )
    .bind(&d.name)
    .bind(&d.email)
    .bind(&d.street)
    .bind(&d.postal_code)
    .bind(&d.city)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Carries a corrected name, e-mail address or city over to the record's
/// certificates (which copy them, and which the public register lists):
/// each changed value only where a certificate still holds the old one, so
/// a certificate issued under another spelling keeps it. `changes` are
/// `(column, old, new)`; returns how many certificates changed.
pub async fn correct_certificates(
    tx: &mut Transaction<'_, Any>,
    kind: RecordKind,
    id: &str,
    changes: &[(CertificateColumn, &str, &str)],
) -> Result<u64, sqlx::Error> {
    let changes: Vec<_> = changes.iter().filter(|(_, old, new)| old != new).collect();
    if changes.is_empty() {
        return Ok(0);
    }
    let owner = match kind {
        RecordKind::Member => "member_id",
        RecordKind::Affiliate => "affiliate_id",
    };
    // $1 is the record; then old and new per column.
    let mut sets = Vec::new();
    let mut matches = Vec::new();
    for (i, (column, _, _)) in changes.iter().enumerate() {
        let (col, old, new) = (column.name(), 2 + 2 * i, 3 + 2 * i);
        sets.push(format!(
            "{col} = CASE WHEN {col} = ${old} THEN ${new} ELSE {col} END"
        ));
        matches.push(format!("{col} = ${old}"));
    }
    let sql = format!(
        "UPDATE certificates SET {} WHERE {owner} = $1 AND ({})",
        sets.join(", "),
        matches.join(" OR ")
    );
    let mut query = sqlx::query(&sql).bind(id);
    for (_, old, new) in changes {
        query = query.bind(*old).bind(*new);
    }
    Ok(query.execute(&mut **tx).await?.rows_affected())
}

/// The person's details a certificate copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateColumn {
    Name,
    Email,
    City,
}

impl CertificateColumn {
    fn name(self) -> &'static str {
        match self {
            CertificateColumn::Name => "name",
            CertificateColumn::Email => "email",
            CertificateColumn::City => "city",
        }
    }
}
