//! The candidate's panel: pick a moment for the toetsgesprek, and within
//! six weeks of a decision lodge an objection ("bezwaar") with reasons.

use super::{api, when};
use leptos::prelude::*;
use shared::api::submissions::{ObjectionRequest, PickSlotRequest, SubmissionDetail};
use shared::assessment::{objection_deadline, Outcome, Stage};

#[component]
pub fn CandidatePanel(detail: SubmissionDetail, set: Callback<SubmissionDetail>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let id = detail.submission.id.clone();
    let a = detail.assessment.clone();
    let slots = match (&a.interview, a.stage) {
        (Some(i), Stage::InterviewOffered | Stage::InterviewPlanned) => {
            let chosen = i.chosen;
            i.slots.iter().map(|s| {
                let (slot, id) = (s.id, id.clone());
                let pick = move |_| {
                    let id = id.clone();
                    leptos::task::spawn_local(async move {
                        match api::step(&id, "/interview/choice", &PickSlotRequest { slot }).await {
                            Ok(d) => set.run(d),
                            Err(e) => error.set(Some(e.message)),
                        }
                    });
                };
                view! {
                    <li>
                        {format!("{} ({} minuten), {}", when(s.starts_at), s.minutes, s.place.describe())}
                        {if chosen == Some(slot) {
                            view! { <strong>" — gekozen"</strong> }.into_any()
                        } else {
                            view! { " " <button type="button" class="button secondary" on:click=pick>"Dit moment kiezen"</button> }.into_any()
                        }}
                    </li>
                }
            }).collect_view().into_any()
        }
        _ => ().into_any(),
    };
    let reasons = RwSignal::new(String::new());
    let object = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match api::step(
                    &id,
                    "/objection",
                    &ObjectionRequest {
                        reasons: reasons.get_untracked(),
                    },
                )
                .await
                {
                    Ok(d) => set.run(d),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let decision = a.decision.clone().map(|d| {
        let can_object = d.outcome != Outcome::Positief && a.objection.is_none();
        view! {
            <h3>{format!("Besluit: {}", d.outcome.label())}</h3>
            {(!d.motivation.is_empty()).then(|| view! { <p>{d.motivation.clone()}</p> })}
            {(!d.sections.is_empty()).then(|| view! {
                <p class="notice">{format!("Vul aan: {}; uiterlijk {}. Dien daarna je portfolio opnieuw in.", d.sections.join(", "), d.deadline.map(|x| x.to_string()).unwrap_or_default())}</p>
            })}
            {can_object.then(|| view! {
                <form class="form" on:submit=object.clone()>
                    <h3>"Bezwaar maken"</h3>
                    <p>{format!("Bezwaar kan tot en met {}.", objection_deadline(d.decided_on))}</p>
                    <div class="field"><label for="bezwaar-redenen">"Waarom maak je bezwaar?"</label>
                        <textarea id="bezwaar-redenen" rows="4" on:input=move |ev| reasons.set(event_target_value(&ev))></textarea></div>
                    <button type="submit" class="button">"Bezwaar indienen"</button>
                </form>
            })}
        }
    });
    view! {
        <section class="panel" aria-labelledby="kandidaat-titel">
            <h2 id="kandidaat-titel">"Jouw beoordeling"</h2>
            {move || error.get().map(|m| view! { <p role="alert">{m}</p> })}
            {a.advice.clone().map(|x| view! { <p>{format!("Advies van de assessoren: {}. {}", x.outcome.label(), x.motivation)}</p> })}
            <ul class="slots">{slots}</ul>
            {decision}
            {a.objection.clone().map(|o| view! { <p role="status">{format!("Je bezwaar: {}.", o.status.label())}</p> })}
        </section>
    }
}
