//! Shared plumbing of the list forms (PE register, reflection meetings,
//! work periods): each row is one sync item, and every field change writes
//! the whole row, so concurrent edits of different fields merge key by key
//! on the server.

use leptos::prelude::*;

use crate::components::focus::focus_later;
use serde_json::{Map, Value};
use shared::sync::{PortfolioId, Target};

use super::field_notices::{ConflictPanel, RejectedNotice};
use super::store::{use_store, Store};

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

/// One row of a list form, for its inputs: the row's JSON (tracked), a
/// field writer whose refusal (full list, too big) lands in `error`, and
/// removal. `Copy`, so every input's handler takes it as it is.
#[derive(Clone, Copy)]
pub struct RowHandle {
    pub value: Memo<Option<Value>>,
    pub error: RwSignal<Option<String>>,
    set: Callback<(&'static str, Value)>,
    remove: Callback<()>,
}

impl RowHandle {
    pub fn new(store: Store, pid: PortfolioId, list: &'static str, id: String) -> Self {
        let value = {
            let (pid, id) = (pid.clone(), id.clone());
            Memo::new(move |_| current(store, &pid, list, &id, true))
        };
        let error = RwSignal::new(None);
        let set = {
            let (pid, id) = (pid.clone(), id.clone());
            Callback::new(move |(field, v): (&'static str, Value)| {
                error.set(set_field(store, &pid, list, &id, field, v))
            })
        };
        let remove = Callback::new(move |()| {
            let _ = store.edit_replica(|r| r.delete_item(&pid, list, &id));
        });
        RowHandle {
            value,
            error,
            set,
            remove,
        }
    }

    /// Writes one field; the whole row goes out, see the module comment.
    pub fn set(&self, field: &'static str, value: Value) {
        self.set.run((field, value));
    }

    pub fn remove(&self) {
        self.remove.run(());
    }

    /// A field as the text an input shows (tracked).
    pub fn text(&self, field: &str) -> String {
        str_field(&self.value.get(), field)
    }

    /// A checkbox field (tracked).
    pub fn flag(&self, field: &str) -> bool {
        self.value.with(|v| {
            v.as_ref()
                .and_then(|v| v.get(field))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        })
    }
}

/// The row's JSON, read tracked (for the screen) or not (for a write).
fn current(store: Store, pid: &PortfolioId, list: &str, id: &str, tracked: bool) -> Option<Value> {
    let find = |s: &Option<super::replica_store::LocalState>| {
        s.as_ref().and_then(|s| {
            s.replica
                .items(pid, list)
                .into_iter()
                .find(|(item, _)| *item == id)
                .map(|(_, v)| v.clone())
        })
    };
    if tracked {
        store.state.with(find)
    } else {
        store.state.with_untracked(find)
    }
}

fn set_field(
    store: Store,
    pid: &PortfolioId,
    list: &str,
    id: &str,
    field: &str,
    value: Value,
) -> Option<String> {
    let mut object = match current(store, pid, list, id, false) {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    object.insert(field.to_string(), value);
    store
        .edit_replica(|r| r.upsert_item(pid, list, id, Value::Object(object)))
        .err()
        .map(|e| e.message)
}

/// Adds a row (its `id` field equals the item id, as the rule types
/// expect) and puts the cursor in its first field, whose element id
/// `first_field` gives for the new row id; a refusal goes to `error`.
pub fn add_and_focus(
    store: Store,
    pid: &PortfolioId,
    list: &str,
    mut value: Map<String, Value>,
    error: RwSignal<Option<String>>,
    first_field: impl Fn(&str) -> String,
) {
    let id = new_id();
    value.insert("id".into(), Value::String(id.clone()));
    value.insert(ADDED.into(), Value::from(now_ms()));
    match store.edit_replica(|r| r.upsert_item(pid, list, &id, Value::Object(value))) {
        Ok(()) => {
            error.set(None);
            focus_later(first_field(&id));
        }
        Err(e) => error.set(Some(e.message)),
    }
}

/// Today as a date input's value, for a new row.
pub fn today_value() -> Value {
    Value::String(
        crate::components::today::today()
            .map(|d| d.to_string())
            .unwrap_or_default(),
    )
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

/// A whole number typed into a number field; `None` while it is empty or
/// half typed, so the stored row stays valid and keeps its last value.
pub fn whole_number(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

/// Rows removed on one device while another changed them. The removal won
/// on the server, so the row is gone from the list, and its conflict copy
/// (the other device's change) is shown here instead, where the person can
/// bring the row back or confirm the removal.
#[component]
pub fn RemovedRowConflicts(pid: PortfolioId, list: &'static str) -> impl IntoView {
    let store = use_store();
    let ids = {
        let pid = pid.clone();
        Memo::new(move |_| {
            let mut ids: Vec<String> = store
                .read(|r| {
                    r.conflicts()
                        .into_iter()
                        .filter(|(field, _)| field.portfolio_id == pid)
                        .filter_map(|(field, _)| match &field.target {
                            Target::Item { list: l, item_id } if l == list => Some(item_id.clone()),
                            _ => None,
                        })
                        .filter(|id| {
                            r.value(&pid, &Target::item(list, id.clone()))
                                .is_none_or(|v| v.is_deleted())
                        })
                        .collect()
                })
                .unwrap_or_default();
            ids.dedup();
            ids
        })
    };
    // Row edits the server refused, kept where the list is: a refused new
    // row is not in the list at all, so it cannot sit beside its row.
    let refused = {
        let pid = pid.clone();
        Memo::new(move |_| {
            let mut ids: Vec<String> = store
                .read(|r| {
                    r.rejections()
                        .iter()
                        .filter(|e| e.field.portfolio_id == pid)
                        .filter_map(|e| match &e.field.target {
                            Target::Item { list: l, item_id } if l == list => Some(item_id.clone()),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            ids.sort();
            ids.dedup();
            ids
        })
    };
    let pid = StoredValue::new(pid);
    view! {
        <For each=move || refused.get() key=|id| id.clone() let:id>
            <RejectedNotice pid=pid.get_value() target=Target::item(list, id)/>
        </For>
        <For each=move || ids.get() key=|id| id.clone() let:id>
            <div class="row-card removed" data-testid="removed-row-conflict">
                <p class="hint">"Deze regel is op een ander apparaat verwijderd terwijl hij hier werd gewijzigd."</p>
                <ConflictPanel pid=pid.get_value() target=Target::item(list, id) focus=NodeRef::new()/>
            </div>
        </For>
    }
}
