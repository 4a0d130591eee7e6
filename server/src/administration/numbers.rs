//! Gap-free counters. A number is taken inside the transaction that uses it
//! (`UPDATE … RETURNING` takes the counter row's lock on PostgreSQL; SQLite
//! serialises writers), so a transaction that rolls back gives its number
//! back and committed numbers have no gaps.

use sqlx::{Any, Transaction};

pub const INVOICE: &str = "invoice";
pub const AFFILIATE: &str = "affiliate";
/// One row per fee year; bumping it serialises concurrent annual runs.
pub const REGISTER_FEE_RUN: &str = "register_fee_run";

/// The next value of counter (`kind`, `year`), starting at 1.
pub async fn next(
    tx: &mut Transaction<'_, Any>,
    kind: &str,
    year: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO number_counters (kind, year, last_value) VALUES ($1, $2, 0) \
         ON CONFLICT (kind, year) DO NOTHING",
    )
    .bind(kind)
    .bind(year)
    .execute(&mut **tx)
    .await?;
    sqlx::query_scalar(
        "UPDATE number_counters SET last_value = last_value + 1 \
         WHERE kind = $1 AND year = $2 RETURNING last_value",
    )
    .bind(kind)
    .bind(year)
    .fetch_one(&mut **tx)
    .await
}
