//! The hours declaration of initial B1: work periods with their hours and
//! whether the candidate works as a jobcoach now, counted live over the
//! three years before the application date.

use leptos::prelude::*;
use serde_json::{json, Map, Value};
use shared::framework::Question;
use shared::sync::{PortfolioId, Target};
use shared::Status;

use super::declaration::SignBox;
use super::dom_id;
use super::field_notices::{ConflictPanel, Guidance};
use super::rows::{
    add_and_focus, row_ids, today_value, whole_number, RemovedRowConflicts, RowHandle,
};
use super::store::use_store;
use crate::components::today::{parse_date, today};
use shared::checklist::section_requirement;
use shared::declarations::DeclarationFormat;
use shared::evidence::Slot;

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
                    section_requirement(
                        shared::framework::PortfolioKind::Initial,
                        r,
                        &pid,
                        today(),
                        "B1",
                    )
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
            row.insert("started_on".into(), today_value());
            row.insert("ended_on".into(), Value::Null);
            row.insert("hours".into(), json!(0));
            add_and_focus(store, &pid, list, row, error, |id| {
                format!("periode-{id}-omschrijving")
            });
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
            <RemovedRowConflicts pid=pid_rows.get_value() list/>
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
            <super::field_notices::RejectedNotice pid=pid_conflict.clone() target=Target::value(list)/>
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
    let row = RowHandle::new(use_store(), pid.clone(), list, id.clone());
    let dom = |name: &str| format!("periode-{id}-{name}");
    view! {
        <li class="row-card">
            <div class="field">
                <label for=dom("omschrijving")>"Werkgever, opdrachtgever of functie"</label>
                <input id=dom("omschrijving") type="text" autocomplete="off"
                    prop:value=move || row.text("description")
                    on:input=move |ev| row.set("description", json!(event_target_value(&ev)))/>
            </div>
            <div class="field">
                <label for=dom("van")>"Van"</label>
                <input id=dom("van") type="date"
                    prop:value=move || row.text("started_on")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if parse_date(&v).is_some() { row.set("started_on", json!(v)) }
                    }/>
            </div>
            <div class="field">
                <label for=dom("tot")>"Tot (leeg als het werk doorloopt)"</label>
                <input id=dom("tot") type="date"
                    prop:value=move || row.text("ended_on")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if v.is_empty() { row.set("ended_on", Value::Null) }
                        else if parse_date(&v).is_some() { row.set("ended_on", json!(v)) }
                    }/>
            </div>
            <div class="field">
                <label for=dom("uren")>"Uren als uitvoerend jobcoach in deze periode"</label>
                <input id=dom("uren") type="number" min="0" step="1" inputmode="numeric"
                    prop:value=move || row.text("hours")
                    on:input=move |ev| if let Some(n) = whole_number(&event_target_value(&ev)) { row.set("hours", json!(n)) }/>
            </div>
            <p class="field-error" role="alert">{move || row.error.get()}</p>
            // One hours declaration per period, signed by its employer.
            <SignBox pid=pid.clone() evidence_slot=Slot::row(list, id.clone())
                format=DeclarationFormat::WorkHours shown={&[]}/>
            <ConflictPanel pid target=Target::item(list, id.clone()) focus=NodeRef::new()/>
            <button type="button" class="button secondary" on:click=move |_| row.remove()>"Werkperiode verwijderen"</button>
        </li>
    }
}
