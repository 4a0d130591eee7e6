//! Fee tables per year and VAT rates by date, as stored; the arithmetic is
//! `shared::fees`.

use super::{date_text, parse_date};
use crate::db::{now, Db};
use shared::fees::{FeeSchedule, VatRate};
use sqlx::{Any, Transaction};

pub async fn schedules(db: &Db) -> Result<Vec<FeeSchedule>, sqlx::Error> {
    let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT year, certification_fee_cents, affiliate_registration_fee_cents, \
         register_fee_cents FROM fee_schedules ORDER BY year",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(year, cert, reg, fee)| FeeSchedule {
            year: year as i32,
            certification_fee_cents: cert,
            affiliate_registration_fee_cents: reg,
            register_fee_cents: fee,
        })
        .collect())
}

pub async fn vat_rates(db: &Db) -> Result<Vec<VatRate>, sqlx::Error> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT valid_from, basis_points FROM vat_rates ORDER BY valid_from")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(from, bp)| {
            Some(VatRate {
                valid_from: parse_date(&from)?,
                basis_points: u32::try_from(bp).ok()?,
            })
        })
        .collect())
}

/// Inserts or replaces the schedule of its year.
pub async fn set_schedule(
    tx: &mut Transaction<'_, Any>,
    s: &FeeSchedule,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO fee_schedules (year, certification_fee_cents, \
         affiliate_registration_fee_cents, register_fee_cents, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (year) DO UPDATE SET \
         certification_fee_cents = excluded.certification_fee_cents, \
         affiliate_registration_fee_cents = excluded.affiliate_registration_fee_cents, \
         register_fee_cents = excluded.register_fee_cents, updated_at = excluded.updated_at",
    )
    .bind(i64::from(s.year))
    .bind(s.certification_fee_cents)
    .bind(s.affiliate_registration_fee_cents)
    .bind(s.register_fee_cents)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_vat_rate(tx: &mut Transaction<'_, Any>, r: &VatRate) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO vat_rates (valid_from, basis_points, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (valid_from) DO UPDATE SET basis_points = excluded.basis_points, \
         updated_at = excluded.updated_at",
    )
    .bind(date_text(r.valid_from))
    .bind(i64::from(r.basis_points))
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
