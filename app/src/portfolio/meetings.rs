//! The reflection meetings of recertification A3.1: date, begeleider and
//! whether the candidate brought in a case, checked live against the counts
//! the certificate's year requires.

use leptos::prelude::*;
use serde_json::{json, Map};
use shared::framework::Question;
use shared::rules::recertification::{evaluate_reflection_meetings, ReflectionMeeting};
use shared::sync::{PortfolioId, Target};
use shared::Status;

use super::checklist::{recert_rules, rows as parsed_rows};
use super::dom_id;
use super::pe_register::focus_later;
use super::question::{ConflictPanel, Guidance};
use super::rows::{add_row, bool_field, remove_row, row, row_ids, set_field, str_field};
use super::store::use_store;
use crate::components::today::{parse_date, today};

#[component]
pub fn Meetings(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    let store = use_store();
    let list = question.key;
    let ids = row_ids(store, pid.clone(), list);
    let verdict = {
        let pid = pid.clone();
        Memo::new(move |_| {
            store
                .read(|r| {
                    let rules = recert_rules(r, &pid)?;
                    let meetings: Vec<ReflectionMeeting> =
                        parsed_rows::<ReflectionMeeting>(r, &pid, list)
                            .into_iter()
                            .map(|(id, m)| ReflectionMeeting { id, ..m })
                            .collect();
                    Some(evaluate_reflection_meetings(&rules, &meetings))
                })
                .flatten()
        })
    };
    let pid_rows = StoredValue::new(pid.clone());
    let error = RwSignal::new(None::<String>);
    let add = {
        let pid = pid.clone();
        move |_| {
            let mut row = Map::new();
            row.insert(
                "date".into(),
                json!(today().map(|d| d.to_string()).unwrap_or_default()),
            );
            row.insert("facilitator".into(), json!(""));
            row.insert("own_case".into(), json!(false));
            match add_row(store, &pid, list, row) {
                Ok(id) => {
                    error.set(None);
                    focus_later(format!("bijeenkomst-{id}-datum"));
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    view! {
        <div class="question structured" data-key=list>
            <h3 class="question-label">{question.text}</h3>
            <Guidance id=dom_id(list) text=question.guidance/>
            {move || match verdict.get() {
                None => view! { <p class="hint">"Vul eerst de einddatum van je certificaat in; het aantal vereiste bijeenkomsten hangt af van het jaar."</p> }.into_any(),
                Some(req) => view! {
                    <div class="rule-result" class:met=req.status == Status::Met data-testid="meetings-result">
                        <p>{req.message.clone()}</p>
                        {req.warnings.iter().map(|w| view! { <p class="notice warn">{w.clone()}</p> }).collect_view()}
                    </div>
                }.into_any(),
            }}
            <ol class="rows" aria-label="Reflectiebijeenkomsten">
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    <MeetingRow pid=pid_rows.get_value() list id/>
                </For>
            </ol>
            <button type="button" class="button secondary" on:click=add>"Bijeenkomst toevoegen"</button>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
fn MeetingRow(pid: PortfolioId, list: &'static str, id: String) -> impl IntoView {
    let store = use_store();
    let value = {
        let (pid, id) = (pid.clone(), id.clone());
        Memo::new(move |_| row(store, &pid, list, &id))
    };
    let error = RwSignal::new(None::<String>);
    let set = {
        let (pid, id) = (pid.clone(), id.clone());
        move |field: &'static str, v: serde_json::Value| {
            error.set(set_field(store, &pid, list, &id, field, v))
        }
    };
    let dom = {
        let id = id.clone();
        move |name: &str| format!("bijeenkomst-{id}-{name}")
    };
    let (s1, s2, s3) = (set.clone(), set.clone(), set);
    let remove = {
        let (pid, id) = (pid.clone(), id.clone());
        move |_| remove_row(store, &pid, list, &id)
    };
    view! {
        <li class="row-card">
            <div class="field">
                <label for=dom("datum")>"Datum van de bijeenkomst"</label>
                <input id=dom("datum") type="date"
                    prop:value=move || str_field(&value.get(), "date")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if parse_date(&v).is_some() { s1("date", json!(v)) }
                    }/>
            </div>
            <div class="field">
                <label for=dom("begeleider")>"Naam van de begeleider (supervisor of facilitator)"</label>
                <input id=dom("begeleider") type="text" autocomplete="off"
                    prop:value=move || str_field(&value.get(), "facilitator")
                    on:input=move |ev| s2("facilitator", json!(event_target_value(&ev)))/>
            </div>
            <div class="field checkbox">
                <input id=dom("casus") type="checkbox"
                    prop:checked=move || bool_field(&value.get(), "own_case")
                    on:change=move |ev| s3("own_case", json!(event_target_checked(&ev)))/>
                <label for=dom("casus")>"Ik heb zelf een betekenisvolle situatie ingebracht"</label>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <ConflictPanel pid=pid.clone() target=Target::item(list, id.clone()) focus=NodeRef::new()/>
            <button type="button" class="button secondary" on:click=remove>"Bijeenkomst verwijderen"</button>
        </li>
    }
}
