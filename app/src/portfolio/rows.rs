//! Shared plumbing of the list forms (PE register, reflection meetings,
//! work periods): each row is one sync item, and every field change writes
//! the whole row, so concurrent edits of different fields merge key by key
//! on the server.

use leptos::prelude::*;
use serde_json::{Map, Value};
use shared::sync::PortfolioId;

use super::store::Store;

/// The ids of a list's rows in the order they were added (the `added`
/// field, then id). Not by date: a row that jumped to another place while
/// its date was being typed would take the person's place with it.
pub fn row_ids(store: Store, pid: PortfolioId, list: &'static str) -> Memo<Vec<String>> {
    Memo::new(move |_| {
        let mut rows: Vec<(u64, String)> = store
            .read(|r| {
                r.items(&pid, list)
                    .into_iter()
                    .map(|(id, v)| {
                        let added = v.get(ADDED).and_then(Value::as_u64).unwrap_or(0);
                        (added, id.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        rows.sort();
        rows.into_iter().map(|(_, id)| id).collect()
    })
}

/// When a row was added (unix milliseconds of the device that added it):
/// rows added on two devices interleave in time order.
const ADDED: &str = "added";

/// One row's JSON (tracked).
pub fn row(store: Store, pid: &PortfolioId, list: &str, id: &str) -> Option<Value> {
    store
        .read(|r| {
            r.items(pid, list)
                .into_iter()
                .find(|(item, _)| *item == id)
                .map(|(_, v)| v.clone())
        })
        .flatten()
}

/// Writes one field of a row; a rejection (full list, too big) is
/// returned as its Dutch message.
pub fn set_field(
    store: Store,
    pid: &PortfolioId,
    list: &str,
    id: &str,
    field: &str,
    value: Value,
) -> Option<String> {
    let current = store.state.with_untracked(|s| {
        s.as_ref().and_then(|s| {
            s.replica
                .items(pid, list)
                .into_iter()
                .find(|(item, _)| *item == id)
                .map(|(_, v)| v.clone())
        })
    });
    let mut object = match current {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    object.insert(field.to_string(), value);
    store
        .edit_replica(|r| r.upsert_item(pid, list, id, Value::Object(object)))
        .err()
        .map(|e| e.message)
}

/// Adds a row; its `id` field equals the item id, as the rule types expect.
pub fn add_row(
    store: Store,
    pid: &PortfolioId,
    list: &str,
    mut value: Map<String, Value>,
) -> Result<String, String> {
    let id = new_id();
    value.insert("id".into(), Value::String(id.clone()));
    value.insert(ADDED.into(), Value::from(now_ms()));
    store
        .edit_replica(|r| r.upsert_item(pid, list, &id, Value::Object(value)))
        .map(|_| id)
        .map_err(|e| e.message)
}

pub fn remove_row(store: Store, pid: &PortfolioId, list: &str, id: &str) {
    let _ = store.edit_replica(|r| r.delete_item(pid, list, id));
}

#[cfg(feature = "hydrate")]
fn new_id() -> String {
    super::replica_store::new_uuid()
}

#[cfg(not(feature = "hydrate"))]
fn new_id() -> String {
    String::new()
}

#[cfg(feature = "hydrate")]
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

#[cfg(not(feature = "hydrate"))]
fn now_ms() -> u64 {
    0
}

pub fn str_field(value: &Option<Value>, field: &str) -> String {
    value
        .as_ref()
        .and_then(|v| v.get(field))
        .map(|v| match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        })
        .unwrap_or_default()
}

pub fn bool_field(value: &Option<Value>, field: &str) -> bool {
    value
        .as_ref()
        .and_then(|v| v.get(field))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// A whole number typed into a number field; `None` while it is empty or
/// half typed, so the stored row stays valid and keeps its last value.
pub fn whole_number(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}
