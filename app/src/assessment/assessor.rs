//! The assessor's panel: first "geen belangenverstrengeling", then per
//! section a verdict (voldoet / voldoet niet / aanvullen) with a note, an
//! advice with its motivation, and "Oordeel vastleggen". After all have
//! sealed: the other judgement with the differing sections flagged, the
//! toetsgesprek (full route) and the joint advice. Works at 360 px: one
//! column of native form controls.

use super::{api, section_title};
use leptos::prelude::*;
use shared::api::submissions::{
    AdviceRequest, InterviewHeldRequest, JointAdviceRequest, SlotsRequest, SubmissionDetail,
    VerdictRequest,
};
use shared::assessment::{Outcome, Place, SlotProposal, Stage, Verdict};

fn verdict_value(v: Verdict) -> &'static str {
    match v {
        Verdict::Voldoet => "voldoet",
        Verdict::VoldoetNiet => "voldoet_niet",
        Verdict::Aanvullen => "aanvullen",
    }
}

fn outcome_value(o: Outcome) -> &'static str {
    match o {
        Outcome::Positief => "positief",
        Outcome::Uitgesteld => "uitgesteld",
        Outcome::Negatief => "negatief",
    }
}

pub fn parse_outcome(s: &str) -> Outcome {
    Outcome::ALL
        .into_iter()
        .find(|o| outcome_value(*o) == s)
        .unwrap_or(Outcome::Positief)
}

/// Runs a step and hands the new state to the page, or shows the error.
fn run<B: serde::Serialize + 'static>(
    id: String,
    rest: &'static str,
    body: B,
    set: Callback<SubmissionDetail>,
    error: RwSignal<Option<String>>,
) {
    leptos::task::spawn_local(async move {
        match api::step(&id, rest, &body).await {
            Ok(d) => {
                error.set(None);
                set.run(d);
            }
            Err(e) => error.set(Some(e.message)),
        }
    });
}

#[component]
pub fn AssessorPanel(
    detail: SubmissionDetail,
    me: String,
    set: Callback<SubmissionDetail>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let id = detail.submission.id.clone();
    let kind = detail.submission.portfolio_kind;
    let a = detail.assessment.clone();
    let mine = a.judgements.iter().find(|j| j.assessor == me).cloned();
    let confirmed = a
        .assessors
        .iter()
        .any(|s| s.id == me && s.independence_confirmed);
    let sealed = mine.as_ref().is_some_and(|j| j.sealed);
    let judging = matches!(a.stage, Stage::AssessorsAssigned | Stage::Judging);

    let confirm = {
        let id = id.clone();
        move |_| run(id.clone(), "/independence", api::Empty {}, set, error)
    };
    let sections = a.judged_sections.iter().map(|code| {
        let current = mine.as_ref().and_then(|j| j.verdicts.get(code)).cloned();
        let verdict = RwSignal::new(current.as_ref().map(|v| verdict_value(v.verdict).to_string()).unwrap_or_default());
        let note = RwSignal::new(current.map(|v| v.note).unwrap_or_default());
        let differs = a.differences.contains(code);
        let (id, code_s) = (id.clone(), code.clone());
        let save = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(v) = Verdict::ALL.into_iter().find(|v| verdict_value(*v) == verdict.get_untracked()) else {
                error.set(Some("Kies een oordeel.".into()));
                return;
            };
            run(id.clone(), "/verdicts", VerdictRequest { section: code_s.clone(), verdict: v, note: note.get_untracked() }, set, error);
        };
        let base = format!("oordeel-{}", code.replace('.', "-"));
        let others = a.judgements.iter().filter(|j| j.assessor != me).filter_map(|j| j.verdicts.get(code).map(|v| format!("Andere assessor: {}{}", v.verdict.label(), if v.note.is_empty() { String::new() } else { format!(" — {}", v.note) }))).collect::<Vec<_>>();
        view! {
            <form class="form verdict" on:submit=save data-section=code.clone()>
                <fieldset disabled=sealed || !judging>
                    <legend>{section_title(kind, code)}{differs.then_some(" — oordelen verschillen")}</legend>
                    {Verdict::ALL.into_iter().map(|v| {
                        let value = verdict_value(v);
                        let input_id = format!("{base}-{value}");
                        view! {
                            <div class="field radio">
                                <input type="radio" id=input_id.clone() name=base.clone() value=value
                                    prop:checked=move || verdict.get() == value
                                    on:change=move |_| verdict.set(value.to_string())/>
                                <label for=input_id>{v.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                    <div class="field">
                        <label for=format!("{base}-notitie")>"Toelichting"</label>
                        <textarea id=format!("{base}-notitie") rows="3" prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="submit" class="button secondary">"Oordeel opslaan"</button>
                </fieldset>
                {others.into_iter().map(|o| view! { <p class="muted">{o}</p> }).collect_view()}
            </form>
        }
    }).collect_view();

    let advice_outcome = RwSignal::new(
        mine.as_ref()
            .and_then(|j| j.advice.as_ref())
            .map(|x| outcome_value(x.outcome).to_string())
            .unwrap_or_else(|| "positief".into()),
    );
    let advice_text = RwSignal::new(
        mine.as_ref()
            .and_then(|j| j.advice.as_ref())
            .map(|x| x.motivation.clone())
            .unwrap_or_default(),
    );
    let save_advice = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            run(
                id.clone(),
                "/advice",
                AdviceRequest {
                    outcome: parse_outcome(&advice_outcome.get_untracked()),
                    motivation: advice_text.get_untracked(),
                },
                set,
                error,
            );
        }
    };
    let seal = {
        let id = id.clone();
        move |_| run(id.clone(), "/seal", api::Empty {}, set, error)
    };

    // After sealing: toetsgesprek and joint advice.
    let slot_at = RwSignal::new(String::new());
    let slot_place = RwSignal::new(String::new());
    let offer = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Ok(at) =
                chrono::NaiveDateTime::parse_from_str(&slot_at.get_untracked(), "%Y-%m-%dT%H:%M")
            else {
                error.set(Some("Vul datum en tijd in.".into()));
                return;
            };
            let place_text = slot_place.get_untracked();
            let place = if place_text.starts_with("http") {
                Place::Online { link: place_text }
            } else {
                Place::Location {
                    address: place_text,
                }
            };
            run(
                id.clone(),
                "/interview/slots",
                SlotsRequest {
                    slots: vec![SlotProposal {
                        starts_at: at.and_utc().timestamp(),
                        place,
                    }],
                },
                set,
                error,
            );
        }
    };
    let notes = RwSignal::new(String::new());
    let held = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            run(
                id.clone(),
                "/interview/held",
                InterviewHeldRequest {
                    notes: notes.get_untracked(),
                },
                set,
                error,
            );
        }
    };
    let joint_outcome = RwSignal::new("positief".to_string());
    let joint_text = RwSignal::new(String::new());
    let joint_sections = RwSignal::new(String::new());
    let joint = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let sections = joint_sections
                .get_untracked()
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            run(
                id.clone(),
                "/joint-advice",
                JointAdviceRequest {
                    outcome: parse_outcome(&joint_outcome.get_untracked()),
                    motivation: joint_text.get_untracked(),
                    sections,
                },
                set,
                error,
            );
        }
    };
    let after_seal = match a.stage {
        Stage::Sealed | Stage::InterviewOffered if detail.submission.kind.has_interview() => view! {
            <form class="form" on:submit=offer>
                <h3>"Toetsgesprek: moment aanbieden"</h3>
                <div class="field"><label for="slot-tijd">"Datum en tijd (UTC)"</label>
                    <input id="slot-tijd" type="datetime-local" on:input=move |ev| slot_at.set(event_target_value(&ev))/></div>
                <div class="field"><label for="slot-plaats">"Link (online) of adres"</label>
                    <input id="slot-plaats" type="text" on:input=move |ev| slot_place.set(event_target_value(&ev))/></div>
                <button type="submit" class="button">"Moment aanbieden"</button>
            </form>
        }.into_any(),
        Stage::InterviewPlanned => view! {
            <form class="form" on:submit=held>
                <h3>"Toetsgesprek gehouden"</h3>
                <div class="field"><label for="gesprek-notities">"Aantekeningen"</label>
                    <textarea id="gesprek-notities" rows="3" on:input=move |ev| notes.set(event_target_value(&ev))></textarea></div>
                <button type="submit" class="button">"Gesprek heeft plaatsgevonden"</button>
            </form>
        }.into_any(),
        Stage::Sealed | Stage::InterviewHeld => view! {
            <form class="form" on:submit=joint>
                <h3>"Gezamenlijk advies"</h3>
                <div class="field"><label for="gezamenlijk-advies">"Advies"</label>
                    <select id="gezamenlijk-advies" on:change=move |ev| joint_outcome.set(event_target_value(&ev))>
                        {Outcome::ALL.into_iter().map(|o| view! { <option value=outcome_value(o)>{o.label()}</option> }).collect_view()}
                    </select></div>
                <div class="field"><label for="gezamenlijk-onderdelen">"Aan te vullen onderdelen (bij uitgesteld, met komma's)"</label>
                    <input id="gezamenlijk-onderdelen" type="text" on:input=move |ev| joint_sections.set(event_target_value(&ev))/></div>
                <div class="field"><label for="gezamenlijk-motivering">"Motivering"</label>
                    <textarea id="gezamenlijk-motivering" rows="3" on:input=move |ev| joint_text.set(event_target_value(&ev))></textarea></div>
                <button type="submit" class="button">"Advies uitbrengen"</button>
            </form>
        }.into_any(),
        _ => ().into_any(),
    };

    view! {
        <section class="panel assessor-panel" aria-labelledby="oordeel-titel">
            <h2 id="oordeel-titel">"Jouw oordeel"</h2>
            {move || error.get().map(|m| view! { <p role="alert">{m}</p> })}
            {if !confirmed {
                view! {
                    <p>"Verklaar eerst dat je de kandidaat niet kent in een rol die je oordeel kan beïnvloeden (geen mentor, collega of familie). Daarna opent het portfolio."</p>
                    <button type="button" class="button" on:click=confirm>"Geen belangenverstrengeling"</button>
                }.into_any()
            } else {
                view! {
                    {sections}
                    <form class="form" on:submit=save_advice>
                        <fieldset disabled=sealed || !judging>
                            <legend>"Advies"</legend>
                            <div class="field"><label for="advies-keuze">"Advies"</label>
                                <select id="advies-keuze" on:change=move |ev| advice_outcome.set(event_target_value(&ev))>
                                    {Outcome::ALL.into_iter().map(|o| { let v = outcome_value(o); view! { <option value=v selected=move || advice_outcome.get() == v>{o.label()}</option> } }).collect_view()}
                                </select></div>
                            <div class="field"><label for="advies-motivering">"Motivering"</label>
                                <textarea id="advies-motivering" rows="4" prop:value=move || advice_text.get()
                                    on:input=move |ev| advice_text.set(event_target_value(&ev))></textarea></div>
                            <button type="submit" class="button secondary">"Advies opslaan"</button>
                        </fieldset>
                    </form>
                    {(!sealed && judging).then(|| view! {
                        <button type="button" class="button" on:click=seal>"Oordeel vastleggen"</button>
                    })}
                    {sealed.then(|| view! { <p role="status">"Je oordeel is vastgelegd."</p> })}
                    {after_seal}
                }.into_any()
            }}
        </section>
    }
}
