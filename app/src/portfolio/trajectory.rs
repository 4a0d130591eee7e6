//! The trajectory dates of initial C1, checked live: started within two
//! years before the application and running at least half a year.

use leptos::prelude::*;
use serde_json::{json, Value};
use shared::framework::Question;
use shared::sync::{PortfolioId, Target};
use shared::Status;

use super::dom_id;
use super::field_notices::{ConflictPanel, Guidance};
use super::store::use_store;
use crate::components::today::{parse_date, today};
use shared::checklist::section_requirement;

/// The client field lives in the same value; a date change keeps it.
fn keep_client(current: Option<&Value>, value: &mut Value) {
    let name = crate::dossier::privacy_hint::CLIENT_FIELD;
    if let (Some(client), Some(obj)) = (current.and_then(|c| c.get(name)), value.as_object_mut()) {
        obj.insert(name.into(), client.clone());
    }
}

#[component]
pub fn Trajectory(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    let store = use_store();
    let key = question.key;
    let id = dom_id(key);
    let field = {
        let pid = pid.clone();
        move |name: &'static str| {
            let pid = pid.clone();
            move || {
                store
                    .read(|r| {
                        r.json(&pid, key)
                            .and_then(|v| v.get(name))
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .flatten()
                    .unwrap_or_default()
            }
        }
    };
    let started = field("started_on");
    let ended = field("ended_on");
    // Dossier: the client's name, for the privacy check of the answers.
    let client = field(crate::dossier::privacy_hint::CLIENT_FIELD);
    let error = RwSignal::new(None::<String>);
    // The rule type needs a start date; until there is one nothing is
    // written, and the end date waits with it.
    let write = {
        let pid = pid.clone();
        let (started, ended) = (started.clone(), ended.clone());
        move |start: String, end: String| {
            if parse_date(&start).is_none() {
                error.set(Some("Vul eerst de startdatum in.".into()));
                return;
            }
            error.set(None);
            let end = if parse_date(&end).is_some() {
                json!(end)
            } else {
                Value::Null
            };
            let _ = store.edit_replica(|r| {
                let mut value = json!({"started_on": start, "ended_on": end});
                let current = r.json(&pid, key).cloned();
                keep_client(current.as_ref(), &mut value);
                r.set_value(&pid, key, value)
            });
            let _ = (&started, &ended);
        }
    };
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
                        "C1",
                    )
                })
                .flatten()
        })
    };
    let (w1, w2) = (write.clone(), write);
    let (e1, s2) = (ended.clone(), started.clone());
    view! {
        <div class="question structured" data-key=key>
            <h3 class="question-label">{question.text}</h3>
            <Guidance id=id.clone() text=question.guidance/>
            <div class="field">
                <label for=format!("{id}-start")>"Startdatum van het traject"</label>
                <input id=format!("{id}-start") type="date" prop:value=started
                    on:input=move |ev| w1(event_target_value(&ev), e1())/>
            </div>
            <div class="field">
                <label for=format!("{id}-eind")>"Einddatum (leeg als het traject nog loopt)"</label>
                <input id=format!("{id}-eind") type="date" prop:value=ended
                    on:input=move |ev| w2(s2(), event_target_value(&ev))/>
            </div>
            <crate::dossier::privacy_hint::ClientField pid=pid.clone() key id=format!("{id}-client") value=client/>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <super::field_notices::RejectedNotice pid=pid.clone() target=Target::value(key)/>
            <ConflictPanel pid=pid.clone() target=Target::value(key) focus=NodeRef::new()/>
            {move || verdict.get().map(|req| view! {
                <div class="rule-result" class:met=req.status == Status::Met data-testid="trajectory-result">
                    <p>{req.message.clone()}</p>
                </div>
            })}
        </div>
    }
}
