//! `/api/me/pe-statements` and `/api/portfolios/{id}/pe-statements/{year}`:
//! a mentor's or assessor's PE statements of category 4, as a list, as the
//! signed PDF, and added to their own recertification portfolio. The work
//! is `crate::pe_statements`; the bodies are `shared::api::pe_statements`.

use crate::administration::today;
use crate::audit::{self, Entry, Event};
use crate::auth::{ClientIp, Session};
use crate::dossier::pdf::Rendered;
use crate::error::ApiError;
use crate::pe_statements::{self, StatementError};
use crate::policy::{self, Action, Resource};
use crate::portfolios;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use shared::api::pe_statements::{AddedPeStatement, PeStatementList};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/pe-statements", get(list))
        .route("/me/pe-statements/{year}/pdf", get(download))
        .route("/portfolios/{id}/pe-statements/{year}", post(add))
}

impl From<StatementError> for ApiError {
    fn from(err: StatementError) -> Self {
        match err {
            StatementError::NoStatement => ApiError::not_found(),
            StatementError::WrongKind => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "wrong_kind",
                "Een PE-verklaring hoort in een portfolio voor hercertificering.",
            ),
            StatementError::AlreadyAdded => ApiError::conflict(
                "already_added",
                "Deze PE-verklaring staat al in je portfolio.",
            ),
            StatementError::Upload(e) => super::files::upload_error(e),
            StatementError::Db(e) => e.into(),
            other => ApiError::internal_because(other),
        }
    }
}

/// A year in the path; anything else names no statement.
fn year(text: &str) -> Result<i32, ApiError> {
    match text.parse::<i32>() {
        Ok(y) if (2000..=9999).contains(&y) => Ok(y),
        _ => Err(ApiError::not_found()),
    }
}

fn require(session: &Session) -> Result<(), ApiError> {
    policy::require(
        &session.actor,
        Action::ReadOwnPeStatements,
        &Resource::Account(session.actor.id),
    )
}

#[tracing::instrument(skip_all, fields(actor = %session.actor.id))]
async fn list(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<PeStatementList>, ApiError> {
    require(&session)?;
    let statements = pe_statements::all(&state.db, session.actor.id, today()).await?;
    Ok(Json(PeStatementList { statements }))
}

/// The printable, signed statement; 404 for a year without one.
#[tracing::instrument(skip_all, fields(actor = %session.actor.id, year = %year_text))]
async fn download(
    State(state): State<AppState>,
    session: Session,
    Path(year_text): Path<String>,
) -> Result<Response, ApiError> {
    require(&session)?;
    let year = year(&year_text)?;
    let me = &session.actor;
    let statement = pe_statements::of_year(&state.db, me.id, year, today()).await?;
    let bytes = pe_statements::pdf(&state, me.id, &me.name, &statement).await?;
    Ok(super::pdf_download(Rendered {
        file_name: pe_statements::file_name(year),
        bytes,
    }))
}

/// 201 with the rows now in the portfolio. 404/403 as for any edit of the
/// portfolio, then 404 without a statement that year, 422 for an initial
/// portfolio, 409 when that year's statement is in it already.
#[tracing::instrument(skip_all, fields(actor = %session.actor.id, portfolio = %id, year = %year_text))]
async fn add(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Path((id, year_text)): Path<(String, String)>,
) -> Result<(StatusCode, Json<AddedPeStatement>), ApiError> {
    let me = &session.actor;
    let portfolio = portfolios::visible(&state.db, me, &id).await?;
    policy::require(
        me,
        Action::EditPortfolio,
        &Resource::Portfolio(&portfolio.relations()),
    )?;
    let year = year(&year_text)?;
    let added = pe_statements::add(&state, me.id, &me.name, &portfolio, year, today()).await?;
    audit::record(
        &state.db.pool,
        Entry::new(Event::PeStatementAdded)
            .actor(me.id)
            .subject(&portfolio.id)
            .ip(ip)
            .details(json!({
                "year": year,
                "points": added.statement.points,
                "candidates": added.statement.candidates,
                "sha256": added.evidence.sha256,
            })),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(added)))
}
