//! Registering an external affiliate: a gap-free affiliate number, the
//! affiliate, its one-off registration invoice and the audit entry, all in
//! the caller's transaction.

use super::errors::{already_registered, no_fees, no_vat, OnUniqueViolation};
use super::invoices::{self, Issued, NewInvoice, NewLine};
use super::{fees, numbers, people, texts};
use crate::audit::{self, Entry, Event};
use crate::db::Db;
use crate::error::ApiError;
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use shared::api::administration::{Affiliate, AffiliateInput};
use shared::domain::AffiliateNumber;
use shared::fees::{affiliate_registration_fee_due, vat_rate_on, VatRate};
use sqlx::{Any, Transaction};
use std::net::IpAddr;
use uuid::Uuid;

/// The registration fee and VAT rate that apply on `today`.
#[tracing::instrument(skip(db))]
pub async fn price(db: &Db, today: NaiveDate) -> Result<(i64, VatRate), ApiError> {
    let schedules = fees::schedules(db).await?;
    let fee = affiliate_registration_fee_due(false, &schedules, today.year())
        .ok_or_else(|| no_fees(today.year()))?;
    let vat = vat_rate_on(&fees::vat_rates(db).await?, today).ok_or_else(|| no_vat(today))?;
    Ok((fee, vat))
}

pub struct Registering<'a> {
    pub input: &'a AffiliateInput,
    pub fee: i64,
    pub vat: VatRate,
    pub today: NaiveDate,
    pub ip: Option<IpAddr>,
    /// Who was signed in, if anyone (the form is public).
    pub actor: Option<Uuid>,
}

#[tracing::instrument(skip_all)]
pub async fn register(
    tx: &mut Transaction<'static, Any>,
    r: Registering<'_>,
) -> Result<(Affiliate, Issued), ApiError> {
    let sequence = numbers::next(tx, numbers::AFFILIATE, 0).await?;
    if people::email_registered(tx, &r.input.email).await? {
        return Err(already_registered());
    }
    let number = AffiliateNumber::from_sequence(sequence).into_inner();
    let affiliate = people::insert_affiliate(tx, &number, r.input)
        .await
        .on_unique_violation(already_registered)?;
    let issued = invoices::issue(
        tx,
        &NewInvoice {
            kind: invoices::KIND_REGISTRATION,
            affiliate_id: Some(&affiliate.id),
            fee_year: None,
            buyer: &affiliate.buyer(),
            lines: &[NewLine {
                description: texts::registration_line(&number),
                excl_vat_cents: r.fee,
            }],
            issue_date: r.today,
            vat_basis_points: r.vat.basis_points,
            credits: None,
            created_by: None,
        },
    )
    .await?;
    let mut entry = Entry::new(Event::AffiliateRegistered)
        .subject(&affiliate.id)
        .ip(r.ip)
        .details(json!({"affiliate_number": number, "invoice_number": issued.number}));
    if let Some(actor) = r.actor {
        entry = entry.actor(actor);
    }
    audit::record(&mut **tx, entry).await?;
    Ok((affiliate, issued))
}
