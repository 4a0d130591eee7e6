//! The hours declaration of initial B1: work periods with their hours and
//! whether the candidate works as a jobcoach now, counted live over the
//! three years before the application date.

use leptos::prelude::*;
use serde_json::{json, Map, Value};
use shared::framework::Question;
use shared::sync::{PortfolioId, Target};
use shared::Status;

use super::checklist::{evaluate, SectionCheck};
use super::dom_id;
use super::pe_register::focus_later;
use super::question::{ConflictPanel, Guidance};
use super::rows::{add_row, remove_row, row, row_ids, set_field, str_field, whole_number};
use super::store::use_store;
use crate::components::today::{parse_date, today};

#[component]
pub fn Hours(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    let store = use_store();
    let list = question.key;
    let ids = row_ids(store, pid.clone(), list);
    let verdict = {
        let pid = pid.clone();
        Memo::new(move |_| {
            store
                .read(|r| {
                    evaluate(shared::framework::PortfolioKind::Initial, r, &pid, today())
                        .sections
                        .into_iter()
                        .find(|s| s.code == "B1")
                        .and_then(|s: SectionCheck| s.requirement)
                })
                .flatten()
        })
    };
    let working = {
        let pid = pid.clone();
        move || {
            store
                .read(|r| {
                    r.json(&pid, list)
                        .and_then(|v| v.get("currently_working"))
                        .and_then(Value::as_bool)
                })
                .flatten()
                .unwrap_or(false)
        }
    };
    let pid_rows = StoredValue::new(pid.clone());
    let error = RwSignal::new(None::<String>);
    let add = {
        let pid = pid.clone();
        move |_| {
            let mut row = Map::new();
            row.insert("description".into(), json!(""));
            row.insert(
                "started_on".into(),
                json!(today().map(|d| d.to_string()).unwrap_or_default()),
            );
            row.insert("ended_on".into(), Value::Null);
            row.insert("hours".into(), json!(0));
            match add_row(store, &pid, list, row) {
                Ok(id) => {
                    error.set(None);
                    focus_later(format!("periode-{id}-omschrijving"));
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let working_id = format!("{}-nu", dom_id(list));
    let pid_conflict = pid.clone();
    view! {
        <div class="question structured" data-key=list>
            <h3 class="question-label">{question.text}</h3>
            <Guidance id=dom_id(list) text=question.guidance/>
            <ol class="rows" aria-label="Werkperiodes">
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    <PeriodRow pid=pid_rows.get_value() list id/>
                </For>
            </ol>
            <button type="button" class="button secondary" on:click=add>"Werkperiode toevoegen"</button>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <div class="field checkbox">
                <input id=working_id.clone() type="checkbox" prop:checked=working
                    on:change={
                        let pid = pid.clone();
                        move |ev| {
                            let v = json!({"currently_working": event_target_checked(&ev)});
                            let _ = store.edit_replica(|r| r.set_value(&pid, list, v));
                        }
                    }/>
                <label for=working_id>"Ik werk nu als uitvoerend jobcoach"</label>
            </div>
            <ConflictPanel pid=pid_conflict target=Target::value(list) focus=NodeRef::new()/>
            {move || verdict.get().map(|req| view! {
                <div class="rule-result" class:met=req.status == Status::Met data-testid="hours-result">
                    <p>{req.message.clone()}</p>
                    {req.warnings.iter().map(|w| view! { <p class="notice warn">{w.clone()}</p> }).collect_view()}
                </div>
            })}
        </div>
    }
}

#[component]
fn PeriodRow(pid: PortfolioId, list: &'static str, id: String) -> impl IntoView {
    let store = use_store();
    let value = {
        let (pid, id) = (pid.clone(), id.clone());
        Memo::new(move |_| row(store, &pid, list, &id))
    };
    let error = RwSignal::new(None::<String>);
    let set = {
        let (pid, id) = (pid.clone(), id.clone());
        move |field: &'static str, v: Value| error.set(set_field(store, &pid, list, &id, field, v))
    };
    let dom = {
        let id = id.clone();
        move |name: &str| format!("periode-{id}-{name}")
    };
    let (s1, s2, s3, s4) = (set.clone(), set.clone(), set.clone(), set);
    let remove = {
        let (pid, id) = (pid.clone(), id.clone());
        move |_| remove_row(store, &pid, list, &id)
    };
    view! {
        <li class="row-card">
            <div class="field">
                <label for=dom("omschrijving")>"Werkgever, opdrachtgever of functie"</label>
                <input id=dom("omschrijving") type="text" autocomplete="off"
                    prop:value=move || str_field(&value.get(), "description")
                    on:input=move |ev| s1("description", json!(event_target_value(&ev)))/>
            </div>
            <div class="field">
                <label for=dom("van")>"Van"</label>
                <input id=dom("van") type="date"
                    prop:value=move || str_field(&value.get(), "started_on")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if parse_date(&v).is_some() { s2("started_on", json!(v)) }
                    }/>
            </div>
            <div class="field">
                <label for=dom("tot")>"Tot (leeg als het werk doorloopt)"</label>
                <input id=dom("tot") type="date"
                    prop:value=move || str_field(&value.get(), "ended_on")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if v.is_empty() { s3("ended_on", Value::Null) }
                        else if parse_date(&v).is_some() { s3("ended_on", json!(v)) }
                    }/>
            </div>
            <div class="field">
                <label for=dom("uren")>"Uren als uitvoerend jobcoach in deze periode"</label>
                <input id=dom("uren") type="number" min="0" step="1" inputmode="numeric"
                    prop:value=move || str_field(&value.get(), "hours")
                    on:input=move |ev| if let Some(n) = whole_number(&event_target_value(&ev)) { s4("hours", json!(n)) }/>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <ConflictPanel pid=pid.clone() target=Target::item(list, id.clone()) focus=NodeRef::new()/>
            <button type="button" class="button secondary" on:click=remove>"Werkperiode verwijderen"</button>
        </li>
    }
}
