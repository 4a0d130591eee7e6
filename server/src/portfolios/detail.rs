//! A whole portfolio as `shared::portfolio::PortfolioDetail`, from its sync
//! targets and the evidence files the server holds: what
//! `GET /api/portfolios/{id}` answers and the export (`dossier::export`)
//! writes.

use super::store::Portfolio;
use super::sync_store;
use crate::db::Db;
use crate::files::{self, store::StoredMeta};
use shared::api::files::EvidenceEntry;
use shared::evidence::{evidence_list_key, EvidenceFile, Sha256Hex};
use shared::portfolio::{ListItem, OpenConflict, PortfolioDetail, Versions};
use shared::sync::{FieldValue, Target};
use std::collections::{BTreeMap, HashMap};

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
        evidence: Vec::new(),
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
            // Deleted rows are left out; `apply` never stores other
            // combinations.
            _ => {}
        }
    }
    detail.evidence = evidence(db, &portfolio.id, &detail).await?;
    Ok(detail)
}

/// The evidence rows among the portfolio's lists, each with whether the
/// server has its bytes (a row can arrive before its file).
async fn evidence(
    db: &crate::db::Db,
    portfolio: &str,
    detail: &PortfolioDetail,
) -> Result<Vec<EvidenceEntry>, sqlx::Error> {
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
