//! What every field of the editor shows around its input, whatever its
//! kind: the guidance on request, the copies a conflict left, and the edits
//! the server refused. Kept apart from the fields so that each field's
//! module depends on this one and none on another field.

use leptos::html;
use leptos::prelude::*;
use shared::sync::{FieldValue, PortfolioId, Target};

use super::store::use_store;

/// The framework's handreiking, opened on request so the page stays short
/// on a phone.
#[component]
pub fn Guidance(id: String, text: Option<&'static str>) -> impl IntoView {
    let open = RwSignal::new(false);
    let panel = format!("{id}-toelichting");
    text.map(|text| {
        view! {
            <button type="button" class="guidance-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls=panel.clone()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "Toelichting verbergen" } else { "Toelichting" }}
            </button>
            <p id=panel class="guidance" hidden=move || !open.get()>{text}</p>
        }
    })
}

/// How a conflicting value is shown to a person.
pub fn describe(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(t) if t.trim().is_empty() => "(leeg)".into(),
        FieldValue::Text(t) => t.clone(),
        FieldValue::Deleted => "(verwijderd)".into(),
        FieldValue::Json(serde_json::Value::Object(map)) => map
            .iter()
            .filter_map(|(k, v)| Some(format!("{}: {}", field_label(k)?, json_text(v))))
            .collect::<Vec<_>>()
            .join(" · "),
        FieldValue::Json(other) => json_text(other),
    }
}

/// The Dutch name of a structured field, as the forms label it; `None` for
/// bookkeeping fields the person never sees.
fn field_label(key: &str) -> Option<&str> {
    Some(match key {
        "id" | "added" => return None,
        "description" => "omschrijving",
        "started_on" => "van",
        "ended_on" => "tot",
        "hours" => "uren",
        "currently_working" => "werkt nu als jobcoach",
        "date" => "datum",
        "facilitator" => "begeleider",
        "own_case" => "eigen casus",
        "kind" => "soort",
        "category" => "categorie",
        "quantity" => "aantal",
        "words" => "woorden",
        "candidates" => "kandidaten",
        "has_evidence" => "bewijsstuk",
        other => other,
    })
}

fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Bool(true) => "ja".into(),
        serde_json::Value::Bool(false) => "nee".into(),
        serde_json::Value::Null => "(leeg)".into(),
        serde_json::Value::String(s) if s.is_empty() => "(leeg)".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The copies another device's edit left beside this field, with the
/// choices: keep the current value, take a copy, or (for text) put both
/// together and finish the merge by hand in the field itself.
#[component]
pub fn ConflictPanel(
    pid: PortfolioId,
    target: Target,
    focus: NodeRef<html::Textarea>,
) -> impl IntoView {
    let store = use_store();
    let own_client = move |id: &shared::sync::ClientId| {
        store.read(|r| r.is_from_this_device(id)).unwrap_or(false)
    };
    let copies = {
        let (pid, target) = (pid.clone(), target.clone());
        Memo::new(move |_| {
            store
                .read(|r| {
                    r.conflicts_of(&pid, &target)
                        .into_iter()
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let current = {
        let (pid, target) = (pid.clone(), target.clone());
        move || store.read(|r| r.value(&pid, &target).cloned()).flatten()
    };
    let resolve = {
        let (pid, target) = (pid.clone(), target.clone());
        move |value: FieldValue| {
            let _ = store.edit_replica(|r| r.resolve_conflict(&pid, &target, value));
            if let Some(el) = focus.get_untracked() {
                let _ = el.focus();
            }
        }
    };
    let is_text = matches!(target, Target::Answer { .. });
    move || {
        let copies = copies.get();
        if copies.is_empty() {
            return None;
        }
        let current_value = current().unwrap_or(FieldValue::Text(String::new()));
        let resolve_keep = resolve.clone();
        let keep = current_value.clone();
        Some(view! {
            <div class="conflict" role="group" aria-label="Conflict" data-testid="conflict">
                <p class="conflict-title">
                    <strong>"Conflict: "</strong>
                    {if is_text {
                        "deze tekst is op twee plaatsen tegelijk gewijzigd. Kies welke versie je houdt, of voeg ze samen en werk de tekst daarna bij."
                    } else {
                        "dit is op twee plaatsen tegelijk gewijzigd (of op de ene gewijzigd en op de andere verwijderd). Kies welke versie je houdt."
                    }}
                </p>
                <p class="conflict-label">"Huidige versie (op de server)"</p>
                <p class="conflict-text">{describe(&current_value)}</p>
                {copies.into_iter().map(|copy| {
                    let from_here = own_client(&copy.from.client_id);
                    let label = if from_here {
                        "Jouw versie van dit apparaat"
                    } else {
                        "Versie van een ander apparaat"
                    };
                    let take = resolve.clone();
                    let merge = resolve.clone();
                    let value = copy.value.clone();
                    let merged = match (&current_value, &copy.value) {
                        (FieldValue::Text(a), FieldValue::Text(b)) => Some(FieldValue::Text(format!("{a}\n\n{b}"))),
                        _ => None,
                    };
                    view! {
                        <p class="conflict-label">{label}</p>
                        <p class="conflict-text">{describe(&copy.value)}</p>
                        <div class="button-row">
                            <button type="button" class="button secondary" on:click=move |_| take(value.clone())>
                                {format!("{label} gebruiken")}
                            </button>
                            {merged.map(|m| view! {
                                <button type="button" class="button secondary" on:click=move |_| merge(m.clone())>
                                    "Beide samenvoegen"
                                </button>
                            })}
                        </div>
                    }
                }).collect_view()}
                <div class="button-row">
                    <button type="button" class="button" on:click=move |_| resolve_keep(keep.clone())>
                        "Huidige versie houden"
                    </button>
                </div>
            </div>
        })
    }
}

/// Edits of this field (or row) the server refused. Each stays, with its
/// text to read and copy, and counts as not synchronised, until the person
/// explicitly lets it go: there is no "close" that drops it.
#[component]
pub fn RejectedNotice(pid: PortfolioId, target: Target) -> impl IntoView {
    let store = use_store();
    let rejected = {
        let (pid, target) = (pid.clone(), target.clone());
        Memo::new(move |_| {
            store
                .read(|r| {
                    r.rejections_of(&pid, &target)
                        .into_iter()
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let base = format!(
        "geweigerd-{}",
        match &target {
            Target::Answer { key } | Target::Value { key } => key.replace('.', "-"),
            Target::Item { item_id, .. } => item_id.clone(),
        }
    );
    move || {
        let base = base.clone();
        rejected.get().into_iter().enumerate().map(move |(i, edit)| {
            let text_id = format!("{base}-{i}");
            let text = describe(&edit.value);
            let copy_text = text.clone();
            let copied = RwSignal::new(false);
            let confirm = RwSignal::new(false);
            let discard = {
                let (field, value) = (edit.field.clone(), edit.value.clone());
                move |_| {
                    let _ = store.edit(|s| {
                        s.replica.discard_rejection(&field, &value);
                        Ok(())
                    });
                }
            };
            view! {
                <div class="notice error rejected-edit" role="group"
                    aria-label="Niet opgeslagen wijziging" data-testid="rejected-edit">
                    <p><strong>"Niet opgeslagen op de server: "</strong>{edit.reason.clone()}</p>
                    <label for=text_id.clone()>"Jouw tekst (staat alleen op dit apparaat)"</label>
                    <textarea id=text_id class="rejected-text" readonly rows="3" prop:value=text></textarea>
                    <div class="button-row">
                        <button type="button" class="button small" on:click=move |_| {
                            copy_to_clipboard(&copy_text);
                            copied.set(true);
                        }>"Tekst kopiëren"</button>
                        <button type="button" class="button small secondary"
                            aria-expanded=move || confirm.get().to_string()
                            on:click=move |_| confirm.set(true)>"Deze wijziging weggooien"</button>
                    </div>
                    <p class="hint" role="status">{move || copied.get().then_some("Gekopieerd. Plak de tekst waar je hem wilt bewaren.")}</p>
                    <Show when=move || confirm.get()>
                        <p>"Weet je het zeker? Deze tekst staat nergens anders."</p>
                        <div class="button-row">
                            <button type="button" class="button small danger" on:click=discard.clone()>"Ja, weggooien"</button>
                            <button type="button" class="button small secondary" on:click=move |_| confirm.set(false)>"Nee, bewaren"</button>
                        </div>
                    </Show>
                </div>
            }
        }).collect_view()
    }
}

/// `navigator.clipboard.writeText`, where the browser offers it.
pub fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let navigator = window().navigator();
        let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
            return;
        };
        if clipboard.is_undefined() {
            return;
        }
        if let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) {
            if let Some(write) = write.dyn_ref::<js_sys::Function>() {
                let _ = write.call1(&clipboard, &text.into());
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conflict_copies_read_in_dutch_without_bookkeeping() {
        let row = FieldValue::Json(json!({
            "id": "3f1c2b9e-0000-4000-8000-000000000000",
            "added": 1764115200000u64,
            "date": "2026-03-02",
            "facilitator": "Petra",
            "own_case": true,
        }));
        assert_eq!(
            describe(&row),
            "datum: 2026-03-02 · begeleider: Petra · eigen casus: ja"
        );
        assert_eq!(describe(&FieldValue::Deleted), "(verwijderd)");
        assert_eq!(describe(&FieldValue::Json(json!(false))), "nee");
        assert_eq!(describe(&FieldValue::Text("  ".into())), "(leeg)");
    }
}
