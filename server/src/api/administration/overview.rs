//! `GET /api/admin/overview`: the dashboard (reminders, open invoices).

use super::admin;
use crate::administration::{certificates, date_text, invoices, today};
use crate::auth::Session;
use crate::error::ApiError;
use crate::policy::Action;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::administration::Overview;
use shared::domain::InvoiceStatus;

pub fn router() -> Router<AppState> {
    Router::new().route("/overview", get(overview))
}

#[tracing::instrument(skip_all)]
async fn overview(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Overview>, ApiError> {
    admin(&session, Action::ManageCertificates)?;
    let today = today();
    let reminders = certificates::reminders(&state.db, today).await?;
    let filter = invoices::Filter {
        status: Some(InvoiceStatus::Open),
        ..invoices::Filter::default()
    };
    let open = invoices::list(&state.db, &filter, today).await?;
    Ok(Json(Overview {
        today: date_text(today),
        reminders,
        open_invoices: open.len(),
        overdue_invoices: open.iter().filter(|i| i.overdue).count(),
        open_amount_incl_vat_cents: open.iter().map(|i| i.total_incl_vat_cents).sum(),
    }))
}
