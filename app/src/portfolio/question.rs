//! One question of the framework: a labelled text area with guidance on
//! demand and a live word count, a declaration checkbox, or one of the
//! structured forms. Conflict copies are shown beside the field they
//! belong to.

use leptos::html;
use leptos::prelude::*;
use shared::framework::{InputKind, Question};
use shared::sync::{PortfolioId, Target};

use super::evidence::EvidenceFiles;
use super::field_notices::{ConflictPanel, Guidance, RejectedNotice};
use super::store::use_store;
use super::{dom_id, hours, meetings, pe_register, trajectory};
use shared::checklist::word_count;

#[component]
pub fn QuestionField(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    match question.input {
        InputKind::Text => view! { <TextAnswer pid question/> }.into_any(),
        InputKind::Evidence => view! { <EvidenceQuestion pid question/> }.into_any(),
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
    view! {
        <div class="question" data-key=question.key>
            <label for=id.clone() class="question-label">{question.text}</label>
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
            <super::comments::QuestionComments pid=pid.clone() question/>
            <ConflictPanel pid target=Target::answer(question.key) focus=area/>
        </div>
    }
}

/// A bewijsstuk question: answered by its files (`shared::evidence`), not
/// by text, so the server takes no answer for its key. A description from
/// an older draft (before files) is shown, never dropped.
#[component]
fn EvidenceQuestion(pid: PortfolioId, question: &'static Question) -> impl IntoView {
    let store = use_store();
    let id = dom_id(question.key);
    let kept = {
        let pid = pid.clone();
        move || {
            store
                .read(|r| r.text(&pid, question.key).trim().to_string())
                .filter(|t| !t.is_empty())
        }
    };
    view! {
        <div class="question evidence-question" data-key=question.key>
            <p id=format!("{id}-vraag") class="question-label">{question.text}</p>
            <Guidance id=id.clone() text=question.guidance/>
            {move || kept().map(|text| view! {
                <p class="kept-description">
                    "Je eerdere beschrijving: "{text}
                </p>
            })}
            <EvidenceFiles pid
                place=shared::evidence::Slot::question(question.key)
                label=format!("Bewijsstuk: {}", question.text)
                dom=format!("{id}-bewijsstuk")/>
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
