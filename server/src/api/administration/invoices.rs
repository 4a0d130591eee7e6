//! `/api/admin/invoices`: the list (with filters and CSV), marking an
//! invoice paid and cancelling one with a credit invoice.

use super::{admin, csv_response, ListQuery};
use crate::administration::invoices::{self, Filter};
use crate::administration::{begin_write, date_text, exports, parse_date, today};
use crate::audit::{self, Entry, Event};
use crate::auth::{ClientIp, Session};
use crate::error::{ApiError, ApiJson};
use crate::policy::Action;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use shared::api::administration::{Credited, InvoiceAnswer, Invoices, MarkPaid};
use shared::domain::InvoiceStatus;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/invoices", get(list_invoices))
        .route("/invoices/{id}/paid", post(mark_paid))
        .route("/invoices/{id}/credit", post(credit_invoice))
}

#[tracing::instrument(skip_all)]
async fn list_invoices(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    admin(&session, Action::ManageInvoices)?;
    let query = ListQuery::from(query);
    let status = match query.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(InvoiceStatus::parse(s).map_err(|e| ApiError::from(e.at("status")))?),
        None => None,
    };
    let filter = Filter {
        q: query.q.clone(),
        status,
        overdue: matches!(query.overdue.as_deref(), Some("1" | "true" | "on")),
        affiliate_id: None,
    };
    let invoices = invoices::list(&state.db, &filter, today()).await?;
    if query.wants_csv() {
        return Ok(csv_response(exports::invoices(&invoices)));
    }
    Ok(Json(Invoices { invoices }).into_response())
}

#[tracing::instrument(skip(state, ip, session, req))]
async fn mark_paid(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<MarkPaid>,
) -> Result<Json<InvoiceAnswer>, ApiError> {
    admin(&session, Action::ManageInvoices)?;
    let today = today();
    let paid_on = parse_date(req.paid_on.trim())
        .ok_or_else(|| ApiError::field("paid_on", "Vul de betaaldatum in als JJJJ-MM-DD."))?;
    if paid_on > today {
        return Err(ApiError::field(
            "paid_on",
            "De betaaldatum ligt in de toekomst.",
        ));
    }
    let mut tx = begin_write(&state.db).await?;
    let number = invoices::mark_paid(&mut tx, &id, paid_on).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::InvoicePaid)
            .actor(session.actor.id)
            .subject(&id)
            .ip(ip)
            .details(json!({"number": number, "paid_on": date_text(paid_on)})),
    )
    .await?;
    tx.commit().await?;
    let invoice = invoices::find(&state.db, &id, today)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(InvoiceAnswer { invoice }))
}

#[tracing::instrument(skip(state, ip, session))]
async fn credit_invoice(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<Credited>), ApiError> {
    admin(&session, Action::ManageInvoices)?;
    let today = today();
    let mut tx = begin_write(&state.db).await?;
    let (number, issued) = invoices::credit(&mut tx, &id, today, session.actor.id).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::InvoiceCredited)
            .actor(session.actor.id)
            .subject(&id)
            .ip(ip)
            .details(json!({"number": number, "credit_number": issued.number})),
    )
    .await?;
    tx.commit().await?;
    let credit_invoice = invoices::find(&state.db, &issued.id, today)
        .await?
        .ok_or_else(ApiError::internal)?;
    Ok((StatusCode::CREATED, Json(Credited { credit_invoice })))
}
