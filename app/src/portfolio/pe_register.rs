//! The PE register of recertification B: activities of the catalogue's
//! kinds, live points per activity and a bar per category, all from
//! `shared::rules::pe_points` over the local replica.

use leptos::prelude::*;
use serde_json::{json, Map};
use shared::framework::Question;
use shared::rules::pe_points::{PeActivityKind, PeOutcome, PE_CATALOGUE};
use shared::sync::{PortfolioId, Target};

use super::declaration::{use_signing, SignBox};
use super::evidence::EvidenceFiles;
use super::field_notices::ConflictPanel;
use super::pe_statements::PeStatementOffers;
use super::rows::{
    add_and_focus, row_ids, today_value, whole_number, RemovedRowConflicts, RowHandle,
};
use super::store::use_store;
use crate::components::pe_bars::PeBars;
use crate::components::wire_enum::{from_wire, to_wire};
use shared::checklist::{pe_outcome, recert_rules};
use shared::declarations::format::is_function_kind;
use shared::declarations::DeclarationFormat;
use shared::evidence::Slot;

#[component]
pub fn PeRegister(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    let store = use_store();
    let list = question.key;
    let ids = row_ids(store, pid.clone(), list);
    let outcome = {
        let pid = pid.clone();
        let signing = use_signing();
        Memo::new(move |_| {
            signing
                .requests
                .with(|requests| store.read(|r| pe_outcome(r, &pid, list, requests)))
                .flatten()
        })
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
            row.insert("date".into(), today_value());
            row.insert("quantity".into(), json!(1));
            add_and_focus(store, &pid, list, row, error, |id| {
                format!("pe-{id}-omschrijving")
            });
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
                <RemovedRowConflicts pid=pid_rows.get_value() list/>
                <p class="hint">{move || if ids.with(Vec::is_empty) { "Nog geen activiteiten." } else { "" }}</p>
                <button type="button" class="button secondary" on:click=add.clone()>"Activiteit toevoegen"</button>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <PeStatementOffers pid=pid_rows.get_value() ids/>
                <PeBars outcome=bars/>
            </Show>
        </div>
    }
}

fn empty_outcome() -> PeOutcome {
    shared::rules::pe_points::empty_outcome(
        chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(),
    )
}

#[component]
fn PeRow(
    pid: PortfolioId,
    list: &'static str,
    id: String,
    outcome: Memo<Option<PeOutcome>>,
) -> impl IntoView {
    let row = RowHandle::new(use_store(), pid.clone(), list, id.clone());
    let kind = Memo::new(move |_| from_wire::<PeActivityKind>(&row.text("kind")));
    let dom = |name: &str| format!("pe-{id}-{name}");
    let (sign_pid, sign_id) = (StoredValue::new(pid.clone()), StoredValue::new(id.clone()));
    let (d_desc, d_kind, d_cat, d_date, d_qty, d_extra) = (
        dom("omschrijving"),
        dom("soort"),
        dom("categorie"),
        dom("datum"),
        dom("aantal"),
        dom("extra"),
    );
    let points = {
        let id = id.clone();
        move || {
            outcome.with(|o| {
                o.as_ref()
                    .and_then(|o| o.activities.iter().find(|a| a.id == id))
                    .map(|a| {
                        let n = match (a.points, a.pending) {
                            (0, p) if p > 0 => {
                                format!("0 punten met bewijs, {p} nog zonder bewijs")
                            }
                            (1, _) => "1 punt met bewijs".into(),
                            (p, _) => format!("{p} punten met bewijs"),
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
    view! {
        <li class="pe-row" data-testid="pe-row">
            <div class="field">
                <label for=d_desc.clone()>"Omschrijving"</label>
                <input id=d_desc.clone() type="text" autocomplete="off"
                    prop:value=move || row.text("description")
                    on:input=move |ev| row.set("description", json!(event_target_value(&ev)))/>
            </div>
            <div class="field">
                <label for=d_kind.clone()>"Soort activiteit"</label>
                <select id=d_kind.clone() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(k) = from_wire::<PeActivityKind>(&v) {
                        row.set("category", json!(k.info().categories[0]));
                    }
                    row.set("kind", json!(v));
                }>
                    {PE_CATALOGUE.iter().map(|info| {
                        let v = to_wire(&info.kind);
                        let selected = { let v = v.clone(); move || row.text("kind") == v };
                        view! { <option value=v selected=selected>{info.label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || kind.get().is_some_and(|k| k.info().categories.len() > 1)>
                <div class="field">
                    <label for=d_cat.clone()>"Categorie"</label>
                    <select id=d_cat.clone() on:change=move |ev| {
                        if let Ok(c) = event_target_value(&ev).parse::<u8>() { row.set("category", json!(c)) }
                    }>
                        {move || kind.get().map(|k| k.info().categories.iter().map(|c| {
                            let v = c.to_string();
                            let selected = { let v = v.clone(); move || row.text("category") == v };
                            view! { <option value=v selected=selected>{format!("Categorie {c}")}</option> }
                        }).collect_view())}
                    </select>
                </div>
            </Show>
            <div class="field">
                <label for=d_date.clone()>"Datum"</label>
                <input id=d_date.clone() type="date"
                    prop:value=move || row.text("date")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if crate::components::today::parse_date(&v).is_some() { row.set("date", json!(v)) }
                    }/>
            </div>
            <div class="field">
                <label for=d_qty.clone()>{move || format!("Aantal ({})", kind.get().map_or("", |k| k.info().unit))}</label>
                <input id=d_qty.clone() type="number" min="0" step="1" inputmode="numeric"
                    prop:value=move || row.text("quantity")
                    on:input=move |ev| if let Some(n) = whole_number(&event_target_value(&ev)) { row.set("quantity", json!(n)) }/>
            </div>
            <Show when=move || kind.get().is_some_and(|k| k.info().points_per_candidate.is_some() || k.info().min_words.is_some())>
                {
                    let words = move || kind.get().is_some_and(|k| k.info().min_words.is_some());
                    view! {
                        <div class="field">
                            <label for=d_extra.clone()>{move || if words() { "Aantal woorden" } else { "Aantal begeleide of beoordeelde kandidaten" }}</label>
                            <input id=d_extra.clone() type="number" min="0" step="1" inputmode="numeric"
                                prop:value=move || row.text(if words() { "words" } else { "candidates" })
                                on:input=move |ev| if let Some(n) = whole_number(&event_target_value(&ev)) {
                                    row.set(if words() { "words" } else { "candidates" }, json!(n))
                                }/>
                        </div>
                    }
                }
            </Show>
            // Category 4 functions are proven by a signed declaration of the
            // function and its period (001, B categorie 4), or by a file.
            <Show when=move || kind.get().is_some_and(is_function_kind)>
                <SignBox pid=sign_pid.get_value() evidence_slot=Slot::row(list, sign_id.get_value())
                    format=DeclarationFormat::PeFunction
                    shown={&["role", "organisation", "period_start", "period_end"]}/>
            </Show>
            // Evidence (issue 12): the bewijsstuk of this activity.
            <EvidenceFiles pid=pid.clone() place=shared::evidence::Slot::row(list, id.clone())
                label=Signal::derive(move || match row.text("description") {
                    d if d.trim().is_empty() => "Bewijsstuk van deze activiteit".to_string(),
                    d => format!("Bewijsstuk: {d}"),
                })
                dom=dom("bewijsstuk")/>
            <p class="pe-row-points" data-testid="pe-row-points">{points}</p>
            <p class="field-error" role="alert">{move || row.error.get()}</p>
            <ConflictPanel pid=pid.clone() target=Target::item(list, id.clone()) focus=NodeRef::new()/>
            <button type="button" class="button secondary" on:click=move |_| row.remove()>
                "Activiteit verwijderen"
            </button>
        </li>
    }
}
