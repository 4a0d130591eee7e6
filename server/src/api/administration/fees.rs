//! `/api/admin/fees` and `/api/admin/vat-rates`: the fee table per year and
//! the VAT rates by date. Every change answers the whole table again.

use super::admin;
use crate::administration::annual_run::{valid_year, YEAR_INVALID};
use crate::administration::{begin_write, date_text, fees, parse_date, today};
use crate::audit::{self, Entry, Event};
use crate::auth::{ClientIp, Session};
use crate::db::Db;
use crate::error::{ApiError, ApiJson};
use crate::policy::Action;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use shared::api::administration::{FeeAmounts, FeeYear, Fees, NewVatRate};
use shared::domain::Cents;
use shared::fees::{schedule_for_year, vat_rate_on, FeeSchedule, VatRate};
use shared::FieldError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/fees", get(list_fees))
        .route("/fees/{year}", put(set_fees))
        .route("/vat-rates", post(set_vat_rate))
}

/// The table as the admin screen shows it, on `today`.
#[tracing::instrument(skip(db))]
async fn fees(db: &Db, today: NaiveDate) -> Result<Fees, ApiError> {
    let schedules = fees::schedules(db).await?;
    let vat_rates = fees::vat_rates(db).await?;
    let this_year = today.year();
    let first = schedules.first().map(|s| s.year).unwrap_or(this_year);
    let years = (first..=this_year + 1)
        .rev()
        .filter_map(|year| {
            schedule_for_year(&schedules, year).map(|(s, from_year)| FeeYear {
                year,
                from_year,
                own: from_year == year,
                certification_fee_cents: s.certification_fee_cents,
                affiliate_registration_fee_cents: s.affiliate_registration_fee_cents,
                register_fee_cents: s.register_fee_cents,
            })
        })
        .collect();
    Ok(Fees {
        current_vat_rate: vat_rate_on(&vat_rates, today),
        schedules,
        vat_rates,
        years,
    })
}

#[tracing::instrument(skip_all)]
async fn list_fees(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Fees>, ApiError> {
    admin(&session, Action::ManageFees)?;
    Ok(Json(fees(&state.db, today()).await?))
}

/// The amounts of a fee table, each a fee in range.
fn schedule(year: i32, req: &FeeAmounts) -> Result<FeeSchedule, ApiError> {
    let amounts = [
        ("certification_fee_cents", req.certification_fee_cents),
        (
            "affiliate_registration_fee_cents",
            req.affiliate_registration_fee_cents,
        ),
        ("register_fee_cents", req.register_fee_cents),
    ];
    let errors: Vec<FieldError> = amounts
        .iter()
        .filter_map(|(field, cents)| Cents::fee(*cents).err().map(|e| e.at(field)))
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    Ok(FeeSchedule {
        year,
        certification_fee_cents: req.certification_fee_cents,
        affiliate_registration_fee_cents: req.affiliate_registration_fee_cents,
        register_fee_cents: req.register_fee_cents,
    })
}

#[tracing::instrument(skip(state, ip, session, req))]
async fn set_fees(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(year): Path<String>,
    ApiJson(req): ApiJson<FeeAmounts>,
) -> Result<Json<Fees>, ApiError> {
    admin(&session, Action::ManageFees)?;
    let year =
        valid_year(year.parse().ok()).ok_or_else(|| ApiError::field("year", YEAR_INVALID))?;
    let schedule = schedule(year, &req)?;
    let mut tx = begin_write(&state.db).await?;
    fees::set_schedule(&mut tx, &schedule).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::FeeScheduleSet)
            .actor(session.actor.id)
            .subject(&year.to_string())
            .ip(ip)
            .details(json!(schedule)),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(fees(&state.db, today()).await?))
}

#[tracing::instrument(skip_all)]
async fn set_vat_rate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<NewVatRate>,
) -> Result<Json<Fees>, ApiError> {
    admin(&session, Action::ManageFees)?;
    let valid_from = parse_date(req.valid_from.trim())
        .ok_or_else(|| ApiError::field("valid_from", "Vul een datum in als JJJJ-MM-DD."))?;
    let basis_points = u32::try_from(req.basis_points)
        .ok()
        .filter(|bp| *bp <= 10_000)
        .ok_or_else(|| ApiError::field("basis_points", "Een btw-tarief ligt tussen 0% en 100%."))?;
    let rate = VatRate {
        valid_from,
        basis_points,
    };
    let mut tx = begin_write(&state.db).await?;
    fees::set_vat_rate(&mut tx, &rate).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::VatRateSet)
            .actor(session.actor.id)
            .subject(&date_text(valid_from))
            .ip(ip)
            .details(json!(rate)),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(fees(&state.db, today()).await?))
}
