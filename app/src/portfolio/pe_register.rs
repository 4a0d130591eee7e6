//! The PE register of recertification B: activities of the catalogue's
//! kinds, live points per activity and a bar per category, all from
//! `shared::rules::pe_points` over the local replica.

use leptos::prelude::*;
use serde_json::{json, Map, Value};
use shared::framework::Question;
use shared::rules::pe_points::{PeActivityKind, PeOutcome, PE_CATALOGUE};
use shared::sync::{PortfolioId, Target};

use super::checklist::{pe_outcome, recert_rules};
use super::question::ConflictPanel;
use super::rows::{
    add_row, bool_field, remove_row, row, row_ids, set_field, str_field, whole_number,
};
use super::store::use_store;
use crate::components::pe_bars::PeBars;
use crate::components::today::today;
use crate::components::wire_enum::{from_wire, to_wire};

#[component]
pub fn PeRegister(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    let store = use_store();
    let list = question.key;
    let ids = row_ids(store, pid.clone(), list);
    let outcome = {
        let pid = pid.clone();
        Memo::new(move |_| store.read(|r| pe_outcome(r, &pid, list)).flatten())
    };
    let has_rules = {
        let pid = pid.clone();
        move || {
            store
                .read(|r| recert_rules(r, &pid).is_some())
                .unwrap_or(false)
        }
    };
    let error = RwSignal::new(None::<String>);
    let add = {
        let pid = pid.clone();
        move |_| {
            let kind = PeActivityKind::Course;
            let mut row = Map::new();
            row.insert("description".into(), json!(""));
            row.insert("kind".into(), json!(to_wire(&kind)));
            row.insert("category".into(), json!(kind.info().categories[0]));
            row.insert(
                "date".into(),
                json!(today().map(|d| d.to_string()).unwrap_or_default()),
            );
            row.insert("quantity".into(), json!(1));
            row.insert("has_evidence".into(), json!(false));
            match add_row(store, &pid, list, row) {
                Ok(id) => {
                    error.set(None);
                    focus_later(format!("pe-{id}-omschrijving"));
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let pid_rows = StoredValue::new(pid.clone());
    let bars = Signal::derive(move || outcome.get().unwrap_or_else(empty_outcome));
    view! {
        <div class="question structured" data-key=list>
            <h3 class="question-label">{question.text}</h3>
            <Show
                when=has_rules
                fallback=|| view! { <p class="hint">"Vul eerst de einddatum van je certificaat in; de periode van vier jaar hangt ervan af."</p> }
            >
                <ol class="pe-rows" aria-label="PE-activiteiten">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        <PeRow pid=pid_rows.get_value() list id outcome/>
                    </For>
                </ol>
                <p class="hint">{move || if ids.with(Vec::is_empty) { "Nog geen activiteiten." } else { "" }}</p>
                <button type="button" class="button secondary" on:click=add.clone()>"Activiteit toevoegen"</button>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <PeBars outcome=bars/>
            </Show>
        </div>
    }
}

fn empty_outcome() -> PeOutcome {
    shared::rules::pe_points::evaluate_pe(&shared::rules::pe_points::PeRequest {
        certificate_end_date: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(),
        activities: Vec::new(),
    })
    .expect("an empty register is always valid")
}

/// Puts the cursor in a newly added row once it is on the page.
pub fn focus_later(id: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[component]
fn PeRow(
    pid: PortfolioId,
    list: &'static str,
    id: String,
    outcome: Memo<Option<PeOutcome>>,
) -> impl IntoView {
    let store = use_store();
    let value = {
        let (pid, id) = (pid.clone(), id.clone());
        Memo::new(move |_| row(store, &pid, list, &id))
    };
    let kind = Memo::new(move |_| from_wire::<PeActivityKind>(&str_field(&value.get(), "kind")));
    let error = RwSignal::new(None::<String>);
    let set = {
        let (pid, id) = (pid.clone(), id.clone());
        move |field: &'static str, v: Value| error.set(set_field(store, &pid, list, &id, field, v))
    };
    let dom = |name: &str| format!("pe-{id}-{name}");
    let (d_desc, d_kind, d_cat, d_date, d_qty, d_extra, d_ev) = (
        dom("omschrijving"),
        dom("soort"),
        dom("categorie"),
        dom("datum"),
        dom("aantal"),
        dom("extra"),
        dom("bewijs"),
    );
    let points = {
        let id = id.clone();
        move || {
            outcome.with(|o| {
                o.as_ref()
                    .and_then(|o| o.activities.iter().find(|a| a.id == id))
                    .map(|a| {
                        let n = if a.points == 1 {
                            "1 punt".into()
                        } else {
                            format!("{} punten", a.points)
                        };
                        if a.reasons.is_empty() {
                            n
                        } else {
                            format!("{n}: {}", a.reasons.join(" "))
                        }
                    })
                    .unwrap_or_else(|| "Vul de gegevens aan om punten te berekenen.".into())
            })
        }
    };
    let s = set.clone();
    let s_kind = set.clone();
    let s_cat = set.clone();
    let s_date = set.clone();
    let s_qty = set.clone();
    let s_extra = set.clone();
    let s_ev = set.clone();
    let remove = {
        let (pid, id) = (pid.clone(), id.clone());
        move |_| remove_row(store, &pid, list, &id)
    };
    view! {
        <li class="pe-row" data-testid="pe-row">
            <div class="field">
                <label for=d_desc.clone()>"Omschrijving"</label>
                <input id=d_desc.clone() type="text" autocomplete="off"
                    prop:value=move || str_field(&value.get(), "description")
                    on:input=move |ev| s("description", json!(event_target_value(&ev)))/>
            </div>
            <div class="field">
                <label for=d_kind.clone()>"Soort activiteit"</label>
                <select id=d_kind.clone() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(k) = from_wire::<PeActivityKind>(&v) {
                        s_kind("category", json!(k.info().categories[0]));
                    }
                    s_kind("kind", json!(v));
                }>
                    {PE_CATALOGUE.iter().map(|info| {
                        let v = to_wire(&info.kind);
                        let selected = { let v = v.clone(); move || str_field(&value.get(), "kind") == v };
                        view! { <option value=v selected=selected>{info.label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || kind.get().is_some_and(|k| k.info().categories.len() > 1)>
                <div class="field">
                    <label for=d_cat.clone()>"Categorie"</label>
                    <select id=d_cat.clone() on:change={
                        let s_cat = s_cat.clone();
                        move |ev| if let Ok(c) = event_target_value(&ev).parse::<u8>() { s_cat("category", json!(c)) }
                    }>
                        {move || kind.get().map(|k| k.info().categories.iter().map(|c| {
                            let v = c.to_string();
                            let selected = { let v = v.clone(); move || str_field(&value.get(), "category") == v };
                            view! { <option value=v selected=selected>{format!("Categorie {c}")}</option> }
                        }).collect_view())}
                    </select>
                </div>
            </Show>
            <div class="field">
                <label for=d_date.clone()>"Datum"</label>
                <input id=d_date.clone() type="date"
                    prop:value=move || str_field(&value.get(), "date")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if crate::components::today::parse_date(&v).is_some() { s_date("date", json!(v)) }
                    }/>
            </div>
            <div class="field">
                <label for=d_qty.clone()>{move || format!("Aantal ({})", kind.get().map_or("", |k| k.info().unit))}</label>
                <input id=d_qty.clone() type="number" min="0" step="1" inputmode="numeric"
                    prop:value=move || str_field(&value.get(), "quantity")
                    on:input=move |ev| if let Some(n) = whole_number(&event_target_value(&ev)) { s_qty("quantity", json!(n)) }/>
            </div>
            <Show when=move || kind.get().is_some_and(|k| k.info().points_per_candidate.is_some() || k.info().min_words.is_some())>
                {
                    let s_extra = s_extra.clone();
                    let words = move || kind.get().is_some_and(|k| k.info().min_words.is_some());
                    view! {
                        <div class="field">
                            <label for=d_extra.clone()>{move || if words() { "Aantal woorden" } else { "Aantal begeleide of beoordeelde kandidaten" }}</label>
                            <input id=d_extra.clone() type="number" min="0" step="1" inputmode="numeric"
                                prop:value=move || str_field(&value.get(), if words() { "words" } else { "candidates" })
                                on:input=move |ev| if let Some(n) = whole_number(&event_target_value(&ev)) {
                                    s_extra(if words() { "words" } else { "candidates" }, json!(n))
                                }/>
                        </div>
                    }
                }
            </Show>
            <div class="field checkbox">
                <input id=d_ev.clone() type="checkbox"
                    prop:checked=move || bool_field(&value.get(), "has_evidence")
                    on:change=move |ev| s_ev("has_evidence", json!(event_target_checked(&ev)))/>
                <label for=d_ev.clone()>"Ik heb een bewijsstuk"</label>
            </div>
            <p class="pe-row-points" data-testid="pe-row-points">{points}</p>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <ConflictPanel pid=pid.clone() target=Target::item(list, id.clone()) focus=NodeRef::new()/>
            <button type="button" class="button secondary" on:click=remove>
                "Activiteit verwijderen"
            </button>
        </li>
    }
}
