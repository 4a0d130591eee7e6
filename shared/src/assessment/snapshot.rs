//! A submission's immutable snapshot and its manifest. The snapshot is the
//! portfolio's content at the moment of submitting (every answer, value and
//! list row: declarations are values, evidence files are rows of the
//! evidence list); the manifest is a canonical listing of that content by
//! hash, with the framework version and the route, and its SHA-256 is shown
//! to everyone who sees the submission. Same content, same manifest, on any
//! machine: keys are sorted, JSON is written canonically, one line per
//! entry, each line a JSON array.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::types::SubmissionKind;
use crate::evidence::{evidence_list_key, EvidenceFile};
use crate::framework::PortfolioKind;
use crate::sync::{
    Change, ClientId, FieldState, FieldValue, PortfolioId, PullResponse, Replica, Target,
};

/// First line of every manifest: the format, so a later format is told
/// apart.
pub const MANIFEST_FORMAT: &str = "register-jobcoach-indiening/1";

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    pub answers: BTreeMap<String, String>,
    pub values: BTreeMap<String, Value>,
    /// List key -> item id -> row.
    pub lists: BTreeMap<String, BTreeMap<String, Value>>,
}

impl Snapshot {
    /// The content as the server holds it; removed rows are left out.
    /// Conflict copies are not content (submitting waits until they are
    /// resolved, see [`super::submit::missing`]).
    pub fn from_fields<'a>(fields: impl IntoIterator<Item = (&'a Target, &'a FieldValue)>) -> Self {
        let mut s = Snapshot::default();
        for (target, value) in fields {
            match (target, value) {
                (Target::Answer { key }, FieldValue::Text(t)) => {
                    s.answers.insert(key.clone(), t.clone());
                }
                (Target::Value { key }, FieldValue::Json(v)) => {
                    s.values.insert(key.clone(), v.clone());
                }
                (Target::Item { list, item_id }, FieldValue::Json(v)) => {
                    s.lists
                        .entry(list.clone())
                        .or_default()
                        .insert(item_id.clone(), v.clone());
                }
                _ => {}
            }
        }
        s
    }

    /// The evidence files, in the order they were attached. Rows that do
    /// not parse are not evidence.
    pub fn evidence(&self, kind: PortfolioKind) -> Vec<EvidenceFile> {
        let mut files: Vec<EvidenceFile> = self
            .lists
            .get(evidence_list_key(kind))
            .into_iter()
            .flat_map(|rows| rows.values())
            .filter_map(|v| serde_json::from_value(v.clone()).ok())
            .collect();
        files.sort_by(|a, b| a.added.cmp(&b.added).then_with(|| a.id.cmp(&b.id)));
        files
    }

    /// A read-only replica holding exactly this content, so the checklist
    /// and the screens that read a replica read a snapshot the same way.
    pub fn replica(&self, pid: &PortfolioId) -> Replica {
        let state = |value: FieldValue| FieldState {
            value,
            version: 1,
            conflicts: Vec::new(),
        };
        let answers = self
            .answers
            .iter()
            .map(|(k, t)| (Target::answer(k), state(FieldValue::Text(t.clone()))));
        let values = self
            .values
            .iter()
            .map(|(k, v)| (Target::value(k), state(FieldValue::Json(v.clone()))));
        let rows = self.lists.iter().flat_map(|(list, rows)| {
            rows.iter().map(move |(id, v)| {
                (
                    Target::item(list.clone(), id.clone()),
                    state(FieldValue::Json(v.clone())),
                )
            })
        });
        let changes = answers
            .chain(values)
            .chain(rows)
            .zip(1u64..)
            .map(|((target, state), seq)| Change {
                seq,
                portfolio_id: pid.clone(),
                target,
                state,
            })
            .collect::<Vec<_>>();
        let mut replica = Replica::new(ClientId("snapshot".into()));
        replica.on_pull(&PullResponse {
            cursor: changes.len() as u64,
            changes,
            more: false,
        });
        replica
    }
}

/// What the manifest says about the submission besides its content.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ManifestHeader {
    pub portfolio_id: String,
    pub version: u32,
    pub portfolio_kind: PortfolioKind,
    pub framework_version: String,
    pub route: SubmissionKind,
}

/// JSON with object keys sorted and no whitespace, independent of how the
/// value was built.
pub fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let inner: Vec<String> = keys
                .into_iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        Value::String(k.clone()),
                        canonical_json(&map[k.as_str()])
                    )
                })
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", inner.join(","))
        }
        other => other.to_string(),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::evidence::Sha256Hex::of(bytes).into()
}

fn line(parts: &[&str]) -> String {
    canonical_json(&Value::Array(
        parts
            .iter()
            .map(|p| Value::String((*p).to_string()))
            .collect(),
    ))
}

/// The manifest text: a header, then one line per answer, value, list row
/// and evidence file, each with the SHA-256 of its content.
pub fn manifest(header: &ManifestHeader, snapshot: &Snapshot) -> String {
    let kind = match header.portfolio_kind {
        PortfolioKind::Initial => "initial",
        PortfolioKind::Recertification => "recertification",
    };
    let version = header.version.to_string();
    let mut lines = vec![
        MANIFEST_FORMAT.to_string(),
        line(&["portfolio", &header.portfolio_id]),
        line(&["version", &version]),
        line(&["kind", kind]),
        line(&["framework_version", &header.framework_version]),
        line(&["route", header.route.as_str()]),
    ];
    for (key, text) in &snapshot.answers {
        lines.push(line(&["answer", key, &sha256_hex(text.as_bytes())]));
    }
    for (key, value) in &snapshot.values {
        let hash = sha256_hex(canonical_json(value).as_bytes());
        lines.push(line(&["value", key, &hash]));
    }
    for (list, rows) in &snapshot.lists {
        for (id, value) in rows {
            let hash = sha256_hex(canonical_json(value).as_bytes());
            lines.push(line(&["row", list, id, &hash]));
        }
    }
    let mut files = snapshot.evidence(header.portfolio_kind);
    files.sort_by(|a, b| a.id.cmp(&b.id));
    for f in files {
        let size = f.size.to_string();
        lines.push(line(&[
            "file",
            f.sha256.as_str(),
            &f.slot.key,
            f.slot.row.as_deref().unwrap_or(""),
            &size,
            &f.name,
        ]));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
