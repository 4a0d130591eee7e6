//! The annual register-fee run: whom it invoices for a year and at what
//! amounts (`shared::administration::annual_run_selection`), and with
//! `issue` the invoices themselves, in the caller's transaction.

use super::errors::{no_fees, no_vat};
use super::invoices::{self, NewInvoice, NewLine};
use super::{fees, people, texts};
use crate::db::Db;
use crate::error::ApiError;
use chrono::NaiveDate;
use shared::administration::annual_run_selection;
use shared::api::administration::{Run, RunLine};
use shared::fees::{line_amounts, register_fee_due, schedule_for_year, vat_rate_on};
use sqlx::{Any, Transaction};
use std::collections::HashSet;
use uuid::Uuid;

pub const YEAR_INVALID: &str = "Kies een jaar tussen 2000 en 2100.";

/// A year the administration works with.
pub fn valid_year(year: Option<i32>) -> Option<i32> {
    year.filter(|y| (2000..=2100).contains(y))
}

/// The run for `year` inside `tx`, VAT as on `today`. With `issue` (the
/// admin who runs it), the invoices are issued in the same transaction.
#[tracing::instrument(skip(db, tx))]
pub async fn run(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    year: i32,
    today: NaiveDate,
    issue: Option<Uuid>,
) -> Result<Run, ApiError> {
    let schedules = fees::schedules(db).await?;
    let fee = register_fee_due(false, &schedules, year).ok_or_else(|| no_fees(year))?;
    let fee_from_year = schedule_for_year(&schedules, year).map(|(_, f)| f);
    let vat = vat_rate_on(&fees::vat_rates(db).await?, today).ok_or_else(|| no_vat(today))?;
    let amounts = line_amounts(fee, vat.basis_points);
    let candidates = invoices::run_candidates(tx, year).await?;
    let already: HashSet<&str> = candidates
        .iter()
        .filter(|c| c.already_invoiced)
        .map(|c| c.affiliate_id.as_str())
        .collect();
    let already_invoiced = already.len();
    let mut lines = Vec::new();
    for affiliate_id in &annual_run_selection(&candidates, year) {
        let Some(affiliate) = people::find_affiliate_in(tx, affiliate_id).await? else {
            continue;
        };
        let mut line = RunLine {
            affiliate_id: affiliate.id.clone(),
            affiliate_number: affiliate.affiliate_number.clone(),
            name: affiliate.name.clone(),
            email: affiliate.email.clone(),
            invoice_number: None,
        };
        if let Some(actor) = issue {
            let issued = invoices::issue(
                tx,
                &NewInvoice {
                    kind: invoices::KIND_REGISTER_FEE,
                    affiliate_id: Some(&affiliate.id),
                    fee_year: Some(year),
                    buyer: &affiliate.buyer(),
                    lines: &[NewLine {
                        description: texts::register_fee_line(year, &affiliate.affiliate_number),
                        excl_vat_cents: fee,
                    }],
                    issue_date: today,
                    vat_basis_points: vat.basis_points,
                    credits: None,
                    created_by: Some(actor),
                },
            )
            .await?;
            line.invoice_number = Some(issued.number);
        }
        lines.push(line);
    }
    Ok(Run {
        year,
        fee_from_year,
        vat_basis_points: vat.basis_points,
        amount_excl_vat_cents: amounts.excl_vat_cents,
        vat_cents: amounts.vat_cents,
        amount_incl_vat_cents: amounts.incl_vat_cents,
        already_invoiced,
        lines,
    })
}
