//! A whole portfolio as `shared::portfolio::PortfolioDetail`, from its sync
//! targets. Used by the export (`dossier::export`); the same shape
//! `GET /api/portfolios/{id}` answers.

use super::store::Portfolio;
use super::sync_store;
use crate::db::Db;
use shared::portfolio::{ListItem, OpenConflict, PortfolioDetail, Versions};
use shared::sync::{FieldValue, Target};
use std::collections::BTreeMap;

pub async fn detail(db: &Db, portfolio: &Portfolio) -> Result<PortfolioDetail, sqlx::Error> {
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
    };
    for (target, state) in sync_store::fields(db, &portfolio.id).await? {
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
            // Deleted rows are left out, as in the API.
            _ => {}
        }
    }
    Ok(detail)
}
