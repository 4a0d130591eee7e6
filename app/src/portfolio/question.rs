//! One question of the framework: a labelled text area with guidance on
//! demand and a live word count, a declaration checkbox, or one of the
//! structured forms. Conflict copies are shown beside the field they
//! belong to.

use leptos::html;
use leptos::prelude::*;
use shared::framework::{InputKind, Question};
use shared::sync::{FieldValue, PortfolioId, Target};

use super::evidence::EvidenceFiles;
use super::store::use_store;
use super::{dom_id, hours, meetings, pe_register, trajectory};
use shared::checklist::word_count;

#[component]
pub fn QuestionField(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    match question.input {
        InputKind::Text | InputKind::Evidence => view! { <TextAnswer pid question/> }.into_any(),
        InputKind::Declaration => {
            let slot = shared::evidence::Slot::question(question.key);
            match shared::declarations::format_for_slot(&slot, None) {
                Some(format) => view! {
                    <super::declaration::FormatQuestion pid question format/>
                }
                .into_any(),
                None => view! { <Declaration pid question/> }.into_any(),
            }
        }
        InputKind::PeRegister => view! { <pe_register::PeRegister pid question/> }.into_any(),
        InputKind::ReflectionMeetings => view! { <meetings::Meetings pid question/> }.into_any(),
        InputKind::HoursDeclaration => view! { <hours::Hours pid question/> }.into_any(),
        InputKind::TrajectoryDates => view! { <trajectory::Trajectory pid question/> }.into_any(),
    }
}

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

#[component]
fn TextAnswer(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    let store = use_store();
    let id = dom_id(question.key);
    let count_id = format!("{id}-woorden");
    let error_id = format!("{id}-fout");
    let privacy_id = format!("{id}-privacy");
    let area = NodeRef::<html::Textarea>::new();
    let error = RwSignal::new(None::<String>);
    // What the person typed, over the sync limit too: the replica keeps a
    // text that is too long in its outbox (held back from pushes, on the
    // base it was typed on) until it is shortened.
    let text = {
        let pid = pid.clone();
        Memo::new(move |_| {
            store
                .read(|r| r.text(&pid, question.key).to_string())
                .unwrap_or_default()
        })
    };
    let kept_here = {
        let pid = pid.clone();
        move || {
            store
                .read(|r| {
                    r.is_held(&pid, question.key).then(|| {
                        format!(
                            "Deze tekst is te lang om te synchroniseren: {} tekens, maximaal {}. \
                             Hij staat alleen op dit apparaat; maak hem korter.",
                            r.text(&pid, question.key).chars().count(),
                            shared::sync::MAX_TEXT_CHARS
                        )
                    })
                })
                .flatten()
        }
    };
    // The area is not bound to `text` directly: writing the same string
    // back on every keystroke is harmless, but a sync that changes the text
    // while typing must not move the cursor more than needed.
    Effect::new(move |_| {
        let value = text.get();
        if let Some(el) = area.get() {
            if el.value() != value {
                el.set_value(&value);
            }
        }
    });
    let on_input = {
        let pid = pid.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let result = store.edit_replica(|r| r.edit_text(&pid, question.key, value));
            error.set(result.err().map(|e| e.message));
        }
    };
    let words = move || {
        let n = word_count(&text.get());
        let counted = if n == 1 {
            "1 woord".to_string()
        } else {
            format!("{n} woorden")
        };
        match question.word_guidance {
            Some(target) => format!("{counted} · richtlijn ongeveer {target} woorden"),
            None => counted,
        }
    };
    let over = move || {
        question
            .word_guidance
            .is_some_and(|t| word_count(&text.get()) as u32 > t + t / 2)
    };
    let label = match question.input {
        InputKind::Evidence => format!("{} (beschrijf wat je aanlevert)", question.text),
        _ => question.text.to_string(),
    };
    view! {
        <div class="question" data-key=question.key>
            <label for=id.clone() class="question-label">{label}</label>
            <Guidance id=id.clone() text=question.guidance/>
            <textarea id=id.clone() class="answer" rows="6"
                node_ref=area
                aria-describedby=format!("{count_id} {error_id} {privacy_id}")
                aria-invalid={
                    let kept_here = kept_here.clone();
                    move || (error.get().is_some() || kept_here().is_some()).to_string()
                }
                on:input=on_input></textarea>
            <p id=count_id class="word-count" class:over=over>{words}</p>
            <crate::dossier::privacy_hint::PrivacyHint pid=pid.clone() text=text id=privacy_id/>
            <p id=error_id class="field-error" role="alert">{move || error.get().or_else(kept_here.clone())}</p>
            <RejectedNotice pid=pid.clone() target=Target::answer(question.key)/>
            {(question.input == InputKind::Text).then(|| view! {
                <super::comments::QuestionComments pid=pid.clone() question/>
            })}
            {(question.input == InputKind::Evidence).then(|| view! {
                <EvidenceFiles pid=pid.clone()
                    place=shared::evidence::Slot::question(question.key)
                    label=format!("Bewijsstuk: {}", question.text)
                    dom=format!("{id}-bewijsstuk")/>
            })}
            <ConflictPanel pid target=Target::answer(question.key) focus=area/>
        </div>
    }
}

#[component]
fn Declaration(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    let store = use_store();
    let id = dom_id(question.key);
    let checked = {
        let pid = pid.clone();
        move || {
            store
                .read(|r| r.json(&pid, question.key).and_then(|v| v.as_bool()))
                .flatten()
                .unwrap_or(false)
        }
    };
    let target = Target::value(question.key);
    view! {
        <div class="question declaration" data-key=question.key>
            <div class="field checkbox">
                <input id=id.clone() type="checkbox" prop:checked=checked
                    on:change={
                        let pid = pid.clone();
                        move |ev| {
                            let value = serde_json::Value::Bool(event_target_checked(&ev));
                            let _ = store.edit_replica(|r| r.set_value(&pid, question.key, value));
                        }
                    }/>
                <label for=id.clone()>{question.text}</label>
            </div>
            <Guidance id text=question.guidance/>
            <RejectedNotice pid=pid.clone() target=target.clone()/>
            <ConflictPanel pid target focus=NodeRef::new()/>
        </div>
    }
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
