//! Administration of the register: external affiliates and members, fee
//! tables and VAT rates, invoices with gap-free numbers, the annual
//! register-fee run, certificates and the public register. The pure rules
//! are in `shared::administration` and `shared::fees`, the bodies and form
//! checks in `shared::api::administration`; `crate::api::administration`
//! is the HTTP side.
//!
//! - storage: `certificates`, `fees`, `invoices`, `numbers`, `people`
//! - services (take the caller's transaction and `today`): `registration`,
//!   `corrections`, `annual_run`, `import`
//! - texts and files: `texts` (e-mail, invoice lines), `exports` (CSV
//!   columns), `csv_io` (reading and writing CSV), `errors` (409s)

pub mod annual_run;
pub mod certificates;
pub mod corrections;
pub mod csv_io;
pub mod errors;
pub mod exports;
pub mod fees;
pub mod import;
pub mod invoices;
pub mod notify;
pub mod numbers;
pub mod people;
pub mod registration;
pub mod seller;
pub mod texts;

use crate::db::{Db, DbKind};
use chrono::NaiveDate;
use sqlx::{Any, Transaction};

/// A transaction that writes. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so concurrent writers wait for each other (busy
/// timeout) instead of failing when a read turns into a write; PostgreSQL
/// takes row locks as statements run.
pub async fn begin_write(db: &Db) -> Result<Transaction<'static, Any>, sqlx::Error> {
    match db.kind {
        DbKind::Sqlite => db.pool.begin_with("BEGIN IMMEDIATE").await,
        DbKind::Postgres => db.pool.begin().await,
    }
}

/// Today's date for the administration (UTC). Read once per request, by
/// the handler, and passed down.
pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

pub fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// A `LIKE` pattern matching `q` anywhere, case-insensitively when compared
/// with `LOWER(column)`; `%`, `_` and `\` in the search are taken literally.
pub fn like_pattern(q: &str) -> String {
    let mut out = String::from("%");
    for c in q.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Whether a database error is a unique-constraint violation.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern(" Utr "), "%utr%");
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
