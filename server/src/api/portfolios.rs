//! `/api/portfolios`: create, list and read a candidate's portfolios. The
//! contract types are in `shared::portfolio`; content is written through
//! `/api/sync/push`.

use crate::auth::Session;
use crate::error::{ApiError, ApiJson};
use crate::files::{self, store::StoredMeta};
use crate::policy::{self, Action, PortfolioRelations, Resource};
use crate::portfolios::store::{self, Created};
use crate::portfolios::{self as portfolios, sync_store};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::files::EvidenceEntry;
use shared::evidence::{evidence_list_key, EvidenceFile, Sha256Hex};
use shared::portfolio::{
    CreatePortfolioRequest, ListItem, OpenConflict, PortfolioDetail, PortfolioList,
    PortfolioSummary, Versions,
};
use shared::sync::{FieldValue, Target};
use std::collections::{BTreeMap, HashMap};
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
    let summary = portfolio.summary();
    let mut detail = PortfolioDetail {
        id: summary.id,
        kind: summary.kind,
        framework_version: summary.framework_version,
        created_at: summary.created_at,
        status: summary.status,
        answers: BTreeMap::new(),
        values: BTreeMap::new(),
        lists: BTreeMap::new(),
        versions: Versions::default(),
        conflicts: Vec::new(),
        evidence: Vec::new(),
    };
    for (target, state) in sync_store::fields(&state.db, &portfolio.id).await? {
        if !state.conflicts.is_empty() {
            detail.conflicts.push(OpenConflict {
                target: target.clone(),
                value: state.value.clone(),
                version: state.version,
                copies: state.conflicts,
            });
        }
        match (target, state.value) {
            (Target::Answer { key }, FieldValue::Text(text)) => {
                detail.versions.answers.insert(key.clone(), state.version);
                detail.answers.insert(key, text);
            }
            (Target::Value { key }, FieldValue::Json(value)) => {
                detail.versions.values.insert(key.clone(), state.version);
                detail.values.insert(key, value);
            }
            (Target::Item { list, item_id }, FieldValue::Json(value)) => {
                detail.lists.entry(list).or_default().push(ListItem {
                    id: item_id,
                    value,
                    version: state.version,
                });
            }
            // Deleted rows are left out; `apply` never stores other
            // combinations.
            _ => {}
        }
    }
    detail.evidence = evidence(&state.db, &portfolio.id, &detail).await?;
    Ok(Json(detail))
}

/// The evidence rows among the portfolio's lists, each with whether the
/// server has its bytes (a row can arrive before its file).
async fn evidence(
    db: &crate::db::Db,
    portfolio: &str,
    detail: &PortfolioDetail,
) -> Result<Vec<EvidenceEntry>, ApiError> {
    let Some(items) = detail.lists.get(evidence_list_key(detail.kind)) else {
        return Ok(Vec::new());
    };
    let mut rows: Vec<EvidenceFile> = items
        .iter()
        .filter_map(|item| {
            let mut row: EvidenceFile = serde_json::from_value(item.value.clone()).ok()?;
            row.id.clone_from(&item.id);
            Some(row)
        })
        .collect();
    rows.sort_by(|a, b| (&a.slot, a.added, &a.id).cmp(&(&b.slot, b.added, &b.id)));
    let stored: HashMap<Sha256Hex, StoredMeta> = files::store::stored(db, portfolio)
        .await?
        .into_iter()
        .map(|m| (m.sha256.clone(), m))
        .collect();
    let entries: Vec<EvidenceEntry> = rows
        .into_iter()
        .map(|row| {
            let meta = stored.get(&row.sha256);
            EvidenceEntry {
                id: row.id,
                slot: row.slot,
                name: row.name,
                size: meta.map_or(row.size, |m| m.size),
                media_type: meta.map_or(row.media_type, |m| m.file_type.media_type().to_string()),
                stored: meta.is_some(),
                sha256: row.sha256,
            }
        })
        .collect();
    Ok(entries)
}
