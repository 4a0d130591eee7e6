//! `/api/admin/register-fee-run`: preview (GET, rolled back) and the run
//! itself (POST), one run per year at a time.

use super::admin;
use crate::administration::annual_run::{self, valid_year, YEAR_INVALID};
use crate::administration::{begin_write, numbers, today};
use crate::audit::{self, Entry, Event};
use crate::auth::{ClientIp, Session};
use crate::error::{ApiError, ApiJson};
use crate::policy::Action;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use chrono::Datelike;
use serde::Deserialize;
use serde_json::json;
use shared::api::administration::{Run, RunRequest};

pub fn router() -> Router<AppState> {
    Router::new().route("/register-fee-run", get(preview_run).post(issue_run))
}

#[derive(Deserialize, Default)]
struct RunQuery {
    #[serde(default)]
    year: Option<String>,
}

fn year_invalid() -> ApiError {
    ApiError::field("year", YEAR_INVALID)
}

#[tracing::instrument(skip_all)]
async fn preview_run(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<RunQuery>, QueryRejection>,
) -> Result<Json<Run>, ApiError> {
    admin(&session, Action::ManageInvoices)?;
    let today = today();
    // No year: this year; a year that is not a number: refused.
    let year = match query.ok().and_then(|Query(q)| q.year) {
        Some(y) => valid_year(y.parse().ok()),
        None => Some(today.year()),
    }
    .ok_or_else(year_invalid)?;
    // A read-only look: the transaction is rolled back.
    let mut tx = state.db.pool.begin().await?;
    let preview = annual_run::run(&state.db, &mut tx, year, today, None).await?;
    tx.rollback().await?;
    Ok(Json(preview))
}

#[tracing::instrument(skip_all)]
async fn issue_run(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<RunRequest>,
) -> Result<(StatusCode, Json<Run>), ApiError> {
    admin(&session, Action::ManageInvoices)?;
    let year = valid_year(Some(req.year)).ok_or_else(year_invalid)?;
    let today = today();
    let mut tx = begin_write(&state.db).await?;
    // Serialises runs: a second run waits and then sees the first one's
    // invoices.
    numbers::next(&mut tx, numbers::REGISTER_FEE_RUN, i64::from(year)).await?;
    let result = annual_run::run(&state.db, &mut tx, year, today, Some(session.actor.id)).await?;
    let issued: Vec<&str> = result
        .lines
        .iter()
        .filter_map(|l| l.invoice_number.as_deref())
        .collect();
    audit::record(
        &mut *tx,
        Entry::new(Event::RegisterFeeRun)
            .actor(session.actor.id)
            .subject(&year.to_string())
            .ip(ip)
            .details(json!({"year": year, "invoices": issued})),
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(result)))
}
