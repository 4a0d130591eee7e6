//! Invoices: issued once with a gap-free number per year and never edited
//! afterwards except for their status (open → paid, or → credited by a
//! credit invoice). The annual register-fee run lives here too.

use super::{date_text, numbers, parse_date};
use crate::db::{now, Db};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use shared::administration::{due_date, format_invoice_number, is_overdue, RunCandidate};
use shared::fees::{line_amounts, LineAmounts};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

pub use shared::api::administration::{Buyer, Invoice, InvoiceLine as Line};
pub use shared::domain::{InvoiceKind, InvoiceStatus};

pub const KIND_REGISTRATION: InvoiceKind = InvoiceKind::Registration;
pub const KIND_REGISTER_FEE: InvoiceKind = InvoiceKind::RegisterFee;
pub const KIND_CREDIT: InvoiceKind = InvoiceKind::Credit;

#[derive(Clone, Debug)]
pub struct NewLine {
    pub description: String,
    pub excl_vat_cents: i64,
}

pub struct NewInvoice<'a> {
    pub kind: InvoiceKind,
    pub affiliate_id: Option<&'a str>,
    pub fee_year: Option<i32>,
    pub buyer: &'a Buyer,
    pub lines: &'a [NewLine],
    pub issue_date: NaiveDate,
    pub vat_basis_points: u32,
    pub credits: Option<&'a str>,
    pub created_by: Option<Uuid>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Issued {
    pub id: String,
    pub number: String,
    pub totals: LineAmounts,
}

/// Issues an invoice inside `tx`, taking the next number of its year.
pub async fn issue(
    tx: &mut Transaction<'_, Any>,
    inv: &NewInvoice<'_>,
) -> Result<Issued, sqlx::Error> {
    let year = inv.issue_date.year();
    let sequence = numbers::next(tx, numbers::INVOICE, i64::from(year)).await?;
    let number = format_invoice_number(year, sequence);
    let id = Uuid::new_v4().to_string();
    let lines: Vec<LineAmounts> = inv
        .lines
        .iter()
        .map(|l| line_amounts(l.excl_vat_cents, inv.vat_basis_points))
        .collect();
    let totals = lines.iter().fold(
        LineAmounts {
            excl_vat_cents: 0,
            vat_cents: 0,
            incl_vat_cents: 0,
        },
        |t, l| LineAmounts {
            excl_vat_cents: t.excl_vat_cents + l.excl_vat_cents,
            vat_cents: t.vat_cents + l.vat_cents,
            incl_vat_cents: t.incl_vat_cents + l.incl_vat_cents,
        },
    );
    let status = if inv.kind == InvoiceKind::Credit {
        InvoiceStatus::Credited
    } else {
        InvoiceStatus::Open
    };
    sqlx::query(
        "INSERT INTO invoices (id, number, year, sequence, kind, issue_date, due_date, \
         affiliate_id, fee_year, buyer_name, buyer_organisation, buyer_street, \
         buyer_postal_code, buyer_city, buyer_email, vat_basis_points, total_excl_vat_cents, \
         total_vat_cents, total_incl_vat_cents, status, paid_on, credits_invoice_id, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $14, $15, $16, $17, $18, $19, $20, NULL, $21, $22, $23)",
    )
    .bind(&id)
    .bind(&number)
    .bind(i64::from(year))
    .bind(sequence)
    .bind(inv.kind.as_str())
    .bind(date_text(inv.issue_date))
    .bind(date_text(due_date(inv.issue_date)))
    .bind(inv.affiliate_id.map(str::to_string))
    .bind(inv.fee_year.map(i64::from))
    .bind(&inv.buyer.name)
    .bind(inv.buyer.organisation.clone())
    .bind(&inv.buyer.street)
    .bind(&inv.buyer.postal_code)
    .bind(&inv.buyer.city)
    .bind(&inv.buyer.email)
    .bind(i64::from(inv.vat_basis_points))
    .bind(totals.excl_vat_cents)
    .bind(totals.vat_cents)
    .bind(totals.incl_vat_cents)
    .bind(status.as_str())
    .bind(inv.credits.map(str::to_string))
    .bind(inv.created_by.map(|u| u.to_string()))
    .bind(now())
    .execute(&mut **tx)
    .await?;
    for (i, (line, amounts)) in inv.lines.iter().zip(&lines).enumerate() {
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, line_no, description, excl_vat_cents, \
             vat_cents, incl_vat_cents) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(i as i64 + 1)
        .bind(&line.description)
        .bind(amounts.excl_vat_cents)
        .bind(amounts.vat_cents)
        .bind(amounts.incl_vat_cents)
        .execute(&mut **tx)
        .await?;
    }
    Ok(Issued { id, number, totals })
}

const SELECT: &str = "SELECT i.id, i.number, i.kind, i.issue_date, i.due_date, i.affiliate_id, \
    a.affiliate_number, i.fee_year, i.buyer_name, i.buyer_organisation, i.buyer_street, \
    i.buyer_postal_code, i.buyer_city, i.buyer_email, i.vat_basis_points, \
    i.total_excl_vat_cents, i.total_vat_cents, i.total_incl_vat_cents, i.status, i.paid_on, \
    c.number AS credits_number, cb.number AS credited_by_number \
    FROM invoices i LEFT JOIN affiliates a ON a.id = i.affiliate_id \
    LEFT JOIN invoices c ON c.id = i.credits_invoice_id \
    LEFT JOIN invoices cb ON cb.credits_invoice_id = i.id";

fn from_row(r: &AnyRow, today: NaiveDate) -> Result<Invoice, sqlx::Error> {
    let bad = |what: &str| sqlx::Error::Decode(format!("invoices.{what}").into());
    let status: String = r.try_get("status")?;
    let status = InvoiceStatus::parse(&status).map_err(|_| bad("status"))?;
    let kind: String = r.try_get("kind")?;
    let kind = InvoiceKind::parse(&kind).ok_or_else(|| bad("kind"))?;
    let due: String = r.try_get("due_date")?;
    let overdue =
        parse_date(&due).is_some_and(|d| is_overdue(status == InvoiceStatus::Open, d, today));
    Ok(Invoice {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        kind,
        issue_date: r.try_get("issue_date")?,
        due_date: due,
        affiliate_id: r.try_get("affiliate_id")?,
        affiliate_number: r.try_get("affiliate_number")?,
        fee_year: r.try_get("fee_year")?,
        buyer: Buyer {
            name: r.try_get("buyer_name")?,
            organisation: r.try_get("buyer_organisation")?,
            street: r.try_get("buyer_street")?,
            postal_code: r.try_get("buyer_postal_code")?,
            city: r.try_get("buyer_city")?,
            email: r.try_get("buyer_email")?,
        },
        vat_basis_points: r.try_get("vat_basis_points")?,
        total_excl_vat_cents: r.try_get("total_excl_vat_cents")?,
        total_vat_cents: r.try_get("total_vat_cents")?,
        total_incl_vat_cents: r.try_get("total_incl_vat_cents")?,
        status,
        paid_on: r.try_get("paid_on")?,
        credits_number: r.try_get("credits_number")?,
        credited_by_number: r.try_get("credited_by_number")?,
        overdue,
        lines: Vec::new(),
    })
}

/// One invoice with its lines.
pub async fn find(db: &Db, id: &str, today: NaiveDate) -> Result<Option<Invoice>, sqlx::Error> {
    let Some(row) = sqlx::query(&format!("{SELECT} WHERE i.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let mut invoice = from_row(&row, today)?;
    let lines: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT description, excl_vat_cents, vat_cents, incl_vat_cents FROM invoice_lines \
         WHERE invoice_id = $1 ORDER BY line_no",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    invoice.lines = lines
        .into_iter()
        .map(|(description, excl, vat, incl)| Line {
            description,
            excl_vat_cents: excl,
            vat_cents: vat,
            incl_vat_cents: incl,
        })
        .collect();
    Ok(Some(invoice))
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub q: Option<String>,
    pub status: Option<InvoiceStatus>,
    pub overdue: bool,
    pub affiliate_id: Option<String>,
}

/// Newest first, without lines.
pub async fn list(db: &Db, filter: &Filter, today: NaiveDate) -> Result<Vec<Invoice>, sqlx::Error> {
    let mut sql = format!("{SELECT} WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    if let Some(q) = filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
        binds.push(super::like_pattern(q));
        let n = binds.len();
        sql.push_str(&format!(
            " AND (LOWER(i.number) LIKE ${n} ESCAPE '\\' OR LOWER(i.buyer_name) LIKE ${n} ESCAPE '\\' \
             OR LOWER(i.buyer_email) LIKE ${n} ESCAPE '\\' OR LOWER(COALESCE(a.affiliate_number, '')) LIKE ${n} ESCAPE '\\')"
        ));
    }
    if let Some(status) = filter.status {
        binds.push(status.as_str().to_string());
        sql.push_str(&format!(" AND i.status = ${}", binds.len()));
    }
    if filter.overdue {
        binds.push(date_text(today));
        sql.push_str(&format!(
            " AND i.status = 'open' AND i.due_date < ${}",
            binds.len()
        ));
    }
    if let Some(a) = &filter.affiliate_id {
        binds.push(a.clone());
        sql.push_str(&format!(" AND i.affiliate_id = ${}", binds.len()));
    }
    sql.push_str(" ORDER BY i.year DESC, i.sequence DESC LIMIT 1000");
    let mut query = sqlx::query(&sql);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    let rows = query.fetch_all(&db.pool).await?;
    rows.iter().map(|r| from_row(r, today)).collect()
}

/// The account an invoice belongs to: the one linked to its affiliate, or
/// else the account that verified the affiliate's e-mail address.
pub async fn owner(db: &Db, id: &str) -> Result<Option<Uuid>, sqlx::Error> {
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT a.user_id, u.id FROM invoices i JOIN affiliates a ON a.id = i.affiliate_id \
         LEFT JOIN users u ON u.email = a.email AND u.email_verified_at IS NOT NULL \
         WHERE i.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row
        .and_then(|(linked, by_email)| linked.or(by_email))
        .and_then(|id| Uuid::parse_str(&id).ok()))
}

#[derive(Debug, PartialEq, Eq)]
pub enum ChangeError {
    NotFound,
    /// Not in a state that allows the change (already paid, credited, a
    /// credit invoice itself).
    Conflict(&'static str),
    Db(String),
}

impl From<sqlx::Error> for ChangeError {
    fn from(e: sqlx::Error) -> Self {
        ChangeError::Db(e.to_string())
    }
}

impl From<ChangeError> for crate::error::ApiError {
    fn from(e: ChangeError) -> Self {
        match e {
            ChangeError::NotFound => Self::not_found(),
            ChangeError::Conflict(message) => Self::conflict("invoice_state", message),
            ChangeError::Db(cause) => Self::internal_because(format_args!("database: {cause}")),
        }
    }
}

async fn state_of(
    tx: &mut Transaction<'_, Any>,
    id: &str,
) -> Result<Option<(InvoiceKind, InvoiceStatus)>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT kind, status FROM invoices WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((kind, status)) = row else {
        return Ok(None);
    };
    match (InvoiceKind::parse(&kind), InvoiceStatus::parse(&status)) {
        (Some(kind), Ok(status)) => Ok(Some((kind, status))),
        _ => Err(sqlx::Error::Decode("invoices.kind/status".into())),
    }
}

/// Marks an open invoice paid; returns its number.
pub async fn mark_paid(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    paid_on: NaiveDate,
) -> Result<String, ChangeError> {
    let done = sqlx::query(
        "UPDATE invoices SET status = 'paid', paid_on = $1 \
         WHERE id = $2 AND status = 'open' AND kind <> 'credit' AND issue_date <= $1",
    )
    .bind(date_text(paid_on))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        let number: String = sqlx::query_scalar("SELECT number FROM invoices WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
        return Ok(number);
    }
    match state_of(tx, id).await? {
        None => Err(ChangeError::NotFound),
        Some((InvoiceKind::Credit, _)) => Err(ChangeError::Conflict(
            "Een creditfactuur wordt niet betaald.",
        )),
        Some((_, InvoiceStatus::Paid)) => Err(ChangeError::Conflict("Deze factuur is al betaald.")),
        Some((_, InvoiceStatus::Credited)) => {
            Err(ChangeError::Conflict("Deze factuur is gecrediteerd."))
        }
        Some((_, InvoiceStatus::Open)) => Err(ChangeError::Conflict(
            "De betaaldatum ligt vóór de factuurdatum.",
        )),
    }
}

/// Cancels an invoice with a credit invoice of the exact negated lines.
pub async fn credit(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    issue_date: NaiveDate,
    actor: Uuid,
) -> Result<(String, Issued), ChangeError> {
    // The write comes first: it locks the invoice, so two credits of one
    // invoice cannot both pass.
    let done = sqlx::query(
        "UPDATE invoices SET status = 'credited' \
         WHERE id = $1 AND status IN ('open', 'paid') AND kind <> 'credit'",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(match state_of(tx, id).await? {
            None => ChangeError::NotFound,
            Some((InvoiceKind::Credit, _)) => {
                ChangeError::Conflict("Een creditfactuur kan niet worden gecrediteerd.")
            }
            Some(_) => ChangeError::Conflict("Deze factuur is al gecrediteerd."),
        });
    }
    let row = sqlx::query(
        "SELECT number, affiliate_id, fee_year, buyer_name, buyer_organisation, buyer_street, \
         buyer_postal_code, buyer_city, buyer_email, vat_basis_points FROM invoices WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    let number: String = row.try_get("number")?;
    let affiliate_id: Option<String> = row.try_get("affiliate_id")?;
    let buyer = Buyer {
        name: row.try_get("buyer_name")?,
        organisation: row.try_get("buyer_organisation")?,
        street: row.try_get("buyer_street")?,
        postal_code: row.try_get("buyer_postal_code")?,
        city: row.try_get("buyer_city")?,
        email: row.try_get("buyer_email")?,
    };
    let bp: i64 = row.try_get("vat_basis_points")?;
    let lines: Vec<(String, i64)> = sqlx::query_as(
        "SELECT description, excl_vat_cents FROM invoice_lines WHERE invoice_id = $1 ORDER BY line_no",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    let lines: Vec<NewLine> = lines
        .into_iter()
        .map(|(description, excl)| NewLine {
            description: format!("Creditering factuur {number}: {description}"),
            excl_vat_cents: -excl,
        })
        .collect();
    let issued = issue(
        tx,
        &NewInvoice {
            kind: InvoiceKind::Credit,
            affiliate_id: affiliate_id.as_deref(),
            fee_year: None,
            buyer: &buyer,
            lines: &lines,
            issue_date,
            vat_basis_points: u32::try_from(bp).unwrap_or(0),
            credits: Some(id),
            created_by: Some(actor),
        },
    )
    .await?;
    Ok((number, issued))
}

/// Every certificate of an external affiliate, with whether the affiliate
/// already has a register-fee invoice for `year`.
pub async fn run_candidates(
    tx: &mut Transaction<'_, Any>,
    year: i32,
) -> Result<Vec<RunCandidate>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT c.affiliate_id, c.issue_date, c.expiry_date, \
         (SELECT COUNT(*) FROM invoices i WHERE i.affiliate_id = c.affiliate_id \
          AND i.kind = 'register_fee' AND i.fee_year = $1) AS invoiced \
         FROM certificates c WHERE c.affiliate_id IS NOT NULL",
    )
    .bind(i64::from(year))
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(affiliate_id, issue, expiry, invoiced)| {
            Some(RunCandidate {
                affiliate_id,
                issue_date: parse_date(&issue)?,
                expiry_date: parse_date(&expiry)?,
                already_invoiced: invoiced > 0,
            })
        })
        .collect())
}
