//! The reflection meetings of recertification A3.1: date, begeleider and
//! whether the candidate brought in a case, checked live against the counts
//! the certificate's year requires.

use leptos::prelude::*;
use serde_json::{json, Map};
use shared::framework::Question;
use shared::rules::recertification::{evaluate_reflection_meetings, ReflectionMeeting};
use shared::sync::{PortfolioId, Target};
use shared::Status;

use super::declaration::SignBox;
use super::dom_id;
use super::evidence::EvidenceFiles;
use super::field_notices::{ConflictPanel, Guidance};
use super::rows::{add_and_focus, row_ids, today_value, RemovedRowConflicts, RowHandle};
use super::store::use_store;
use crate::components::today::parse_date;
use shared::checklist::{recert_rules, rows as parsed_rows};
use shared::declarations::DeclarationFormat;
use shared::evidence::Slot;

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
            row.insert("date".into(), today_value());
            row.insert("facilitator".into(), json!(""));
            row.insert("own_case".into(), json!(false));
            add_and_focus(store, &pid, list, row, error, |id| {
                format!("bijeenkomst-{id}-datum")
            });
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
            <RemovedRowConflicts pid=pid_rows.get_value() list/>
            <button type="button" class="button secondary" on:click=add>"Bijeenkomst toevoegen"</button>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
fn MeetingRow(pid: PortfolioId, list: &'static str, id: String) -> impl IntoView {
    let row = RowHandle::new(use_store(), pid.clone(), list, id.clone());
    let dom = |name: &str| format!("bijeenkomst-{id}-{name}");
    view! {
        <li class="row-card">
            <div class="field">
                <label for=dom("datum")>"Datum van de bijeenkomst"</label>
                <input id=dom("datum") type="date"
                    prop:value=move || row.text("date")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if parse_date(&v).is_some() { row.set("date", json!(v)) }
                    }/>
            </div>
            <div class="field">
                <label for=dom("begeleider")>"Naam van de begeleider (supervisor of facilitator)"</label>
                <input id=dom("begeleider") type="text" autocomplete="off"
                    prop:value=move || row.text("facilitator")
                    on:input=move |ev| row.set("facilitator", json!(event_target_value(&ev)))/>
            </div>
            <div class="field checkbox">
                <input id=dom("casus") type="checkbox"
                    prop:checked=move || row.flag("own_case")
                    on:change=move |ev| row.set("own_case", json!(event_target_checked(&ev)))/>
                <label for=dom("casus")>"Ik heb zelf een betekenisvolle situatie ingebracht"</label>
            </div>
            // Evidence (issue 12): a signed declaration of this meeting.
            <EvidenceFiles pid=pid.clone() place=shared::evidence::Slot::row(list, id.clone())
                label=Signal::derive(move || match row.text("date") {
                    d if d.is_empty() => "Bewijsstuk van deze bijeenkomst".to_string(),
                    d => format!("Bewijsstuk van de bijeenkomst van {d}"),
                })
                dom=dom("bewijsstuk")/>
            <p class="field-error" role="alert">{move || row.error.get()}</p>
            // The meeting's own fields are the declaration's: "datum van de
            // bijeenkomst, de naam van de begeleider en of jezelf een
            // onderwerp hebt ingebracht" (001, A3.1).
            <SignBox pid=pid.clone() evidence_slot=Slot::row(list, id.clone())
                format=DeclarationFormat::ReflectionMeeting shown={&[]}/>
            <ConflictPanel pid target=Target::item(list, id.clone()) focus=NodeRef::new()/>
            <button type="button" class="button secondary" on:click=move |_| row.remove()>"Bijeenkomst verwijderen"</button>
        </li>
    }
}
