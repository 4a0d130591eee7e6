//! `/api/portfolios`: create, list and read a candidate's portfolios. The
//! contract types are in `shared::portfolio`; content is written through
//! `/api/sync/push`.

use crate::auth::Session;
use crate::error::{ApiError, ApiJson};
use crate::policy::{self, Action, PortfolioRelations, Resource};
use crate::portfolios;
use crate::portfolios::store::{self, Created};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use shared::portfolio::{CreatePortfolioRequest, PortfolioDetail, PortfolioList, PortfolioSummary};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(list).post(create))
        .route("/{id}", get(detail))
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<CreatePortfolioRequest>,
) -> Result<(StatusCode, Json<PortfolioSummary>), ApiError> {
    super::sync::require_account(&session, &request.account_id)?;
    let actor = &session.actor;
    // Creating is asked as "may this person edit a portfolio of their
    // own": the policy lets candidates, and only them, do that.
    let own = PortfolioRelations {
        owner: actor.id,
        ..PortfolioRelations::default()
    };
    policy::require(actor, Action::EditPortfolio, &Resource::Portfolio(&own))?;
    let id = request.id.map(|id| canonical_uuid(&id.0)).transpose()?;
    match store::create(&state.db, actor.id, request.kind, id).await? {
        Created::New(p) => Ok((StatusCode::CREATED, Json(p.summary()))),
        Created::Existing(p) => Ok((StatusCode::OK, Json(p.summary()))),
    }
}

/// Client-made ids must be UUIDs in the one spelling browsers produce
/// (`crypto.randomUUID()`), so the id the client keeps using in its
/// mutations is exactly the stored one.
fn canonical_uuid(id: &str) -> Result<String, ApiError> {
    match Uuid::parse_str(id) {
        Ok(uuid) if uuid.hyphenated().to_string() == id => Ok(id.to_string()),
        _ => Err(ApiError::unprocessable(
            "Ongeldig portfolio-id: gebruik een UUID in kleine letters met streepjes.",
        )),
    }
}

async fn list(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<PortfolioList>, ApiError> {
    let portfolios = portfolios::all_visible(&state.db, &session.actor).await?;
    Ok(Json(PortfolioList {
        portfolios: portfolios.iter().map(store::Portfolio::summary).collect(),
    }))
}

/// The whole portfolio in one answer. Bounded without paging: what it
/// reads is the portfolio's sync targets, which the byte budget
/// (`shared::sync::limits::MAX_PORTFOLIO_BYTES`, keys, values and conflict
/// copies counted, deleted rows too) keeps at 5 MB at most.
async fn detail(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<PortfolioDetail>, ApiError> {
    let portfolio = portfolios::visible(&state.db, &session.actor, &id).await?;
    Ok(Json(
        portfolios::detail::detail(&state.db, &portfolio).await?,
    ))
}
