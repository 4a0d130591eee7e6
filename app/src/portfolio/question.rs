//! One question of the framework: a labelled text area with guidance on
//! demand and a live word count, a declaration checkbox, or one of the
//! structured forms. Conflict copies are shown beside the field they
//! belong to.

use leptos::html;
use leptos::prelude::*;
use shared::framework::{InputKind, Question};
use shared::sync::{FieldValue, PortfolioId, Target};

use super::checklist::word_count;
use super::store::use_store;
use super::{dom_id, hours, meetings, pe_register, trajectory};

#[component]
pub fn QuestionField(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    match question.input {
        InputKind::Text | InputKind::Evidence => view! { <TextAnswer pid question/> }.into_any(),
        InputKind::Declaration => view! { <Declaration pid question/> }.into_any(),
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
    let area = NodeRef::<html::Textarea>::new();
    let error = RwSignal::new(None::<String>);
    let overlong_key = super::replica_store::overlong_key(&pid, question.key);
    // What the person typed: normally the replica's text; a text over the
    // sync limit lives beside it on this device until it is shortened.
    let text = {
        let (pid, overlong_key) = (pid.clone(), overlong_key.clone());
        Memo::new(move |_| {
            store
                .state
                .with(|s| {
                    s.as_ref().map(|s| {
                        s.overlong
                            .get(&overlong_key)
                            .cloned()
                            .unwrap_or_else(|| s.replica.text(&pid, question.key).to_string())
                    })
                })
                .unwrap_or_default()
        })
    };
    let kept_here = {
        let overlong_key = overlong_key.clone();
        move || {
            store.state.with(|s| {
                s.as_ref()
                    .and_then(|s| s.overlong.get(&overlong_key))
                    .map(|t| {
                        format!(
                            "Deze tekst is te lang om te synchroniseren: {} tekens, maximaal {}. \
                             Hij staat alleen op dit apparaat; maak hem korter.",
                            t.chars().count(),
                            shared::sync::MAX_TEXT_CHARS
                        )
                    })
            })
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
            let key = overlong_key.clone();
            let result =
                store.edit(
                    |s| match s.replica.edit_text(&pid, question.key, value.clone()) {
                        Ok(()) => {
                            s.overlong.remove(&key);
                            Ok(())
                        }
                        // Refused by the sync limits: kept on this device, never
                        // dropped, and named below the field.
                        Err(e) if e.kind == shared::sync::limits::RejectKind::TooLarge => {
                            s.overlong.insert(key, value);
                            Ok(())
                        }
                        Err(e) => Err(e),
                    },
                );
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
                aria-describedby=format!("{count_id} {error_id}")
                aria-invalid={
                    let kept_here = kept_here.clone();
                    move || (error.get().is_some() || kept_here().is_some()).to_string()
                }
                on:input=on_input></textarea>
            <p id=count_id class="word-count" class:over=over>{words}</p>
            <p id=error_id class="field-error" role="alert">{move || error.get().or_else(kept_here.clone())}</p>
            <ConflictPanel pid target=Target::answer(question.key) focus=area/>
            <RejectedNotice target=Target::answer(question.key)/>
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
    let own_client = move || store.read(|r| r.client_id().clone());
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
                    let from_here = own_client() == Some(copy.from.client_id.clone());
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

/// An edit the server refused; its text stays visible so nothing is lost.
#[component]
pub fn RejectedNotice(target: Target) -> impl IntoView {
    let store = use_store();
    move || {
        let rejected: Vec<String> = store
            .read(|r| {
                r.rejections()
                    .iter()
                    .filter(|e| e.field.target == target)
                    .map(|e| e.reason.clone())
                    .collect()
            })
            .unwrap_or_default();
        (!rejected.is_empty()).then(|| view! {
            <div class="notice error">
                {rejected.into_iter().map(|r| view! { <p>{format!("Niet opgeslagen op de server: {r}")}</p> }).collect_view()}
                <button type="button" class="button small secondary"
                    on:click=move |_| { let _ = store.edit(|s| { s.replica.dismiss_rejections(); Ok(()) }); }>
                    "Melding sluiten"
                </button>
            </div>
        })
    }
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
