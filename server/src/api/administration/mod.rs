//! The register's administration over HTTP, one file per resource. Each
//! handler extracts, asks `policy`, reads the clock once (`today`), calls a
//! service or storage function of `crate::administration` and answers
//! `Json<T>` with `T` from `shared::api::administration`. Changes write
//! their audit entry in the same transaction.
//!
//! - public: `registration` (`/api/affiliates`, `/api/register`,
//!   `/api/me/registration`, `/api/invoices/{id}`)
//! - `/api/admin`: `overview`, `fees`, `affiliates`, `members`,
//!   `invoices`, `annual_run`, `certificates`, and the accounts
//!   administration of `api::admin` (invitations, roles, audit log),
//!   mounted here so `/api/admin` is one router.

mod affiliates;
mod annual_run;
mod certificates;
mod fees;
mod invoices;
mod members;
mod overview;
mod registration;

use crate::auth::Session;
use crate::error::ApiError;
use crate::policy::{self, Action, Resource};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::Deserialize;

/// The public routes and a person's own records (under `/api`).
pub fn router() -> Router<AppState> {
    registration::router()
}

/// Everything under `/api/admin`.
pub fn admin_router() -> Router<AppState> {
    Router::new()
        .merge(overview::router())
        .merge(fees::router())
        .merge(affiliates::router())
        .merge(members::router())
        .merge(invoices::router())
        .merge(annual_run::router())
        .merge(certificates::router())
        .merge(super::admin::router())
}

fn admin(session: &Session, action: Action) -> Result<(), ApiError> {
    policy::require(&session.actor, action, &Resource::System)
}

/// A CSV export as a download.
fn csv_response(file: crate::administration::exports::CsvFile) -> Response {
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.filename),
            ),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        file.text,
    )
        .into_response()
}

/// The query of the admin lists: a search, `format=csv`, and for invoices
/// a status and `overdue`.
#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    overdue: Option<String>,
}

impl ListQuery {
    /// A query that cannot be read is an empty one (the lists answer all).
    fn from(query: Result<Query<ListQuery>, QueryRejection>) -> ListQuery {
        query.map(|Query(q)| q).unwrap_or_default()
    }

    fn wants_csv(&self) -> bool {
        self.format.as_deref() == Some("csv")
    }
}

/// A checked form, or 422 naming every wrong field.
fn checked<T>(result: Result<T, Vec<shared::FieldError>>) -> Result<T, ApiError> {
    result.map_err(ApiError::fields)
}
