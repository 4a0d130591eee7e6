//! The certifying body's panel: assign the assessors (two for an initial
//! portfolio, one for recertification), read the sealed judgements and the
//! advice, record the decision (positief / uitgesteld with sections and a
//! deadline / negatief, with motivation), handle an objection.

use super::api;
use super::assessor::parse_outcome;
use leptos::prelude::*;
use shared::api::submissions::{
    AssessorList, AssignRequest, DecisionRequest, HandleObjectionRequest, ObjectionHandling,
    SubmissionDetail,
};
use shared::assessment::{ObjectionStatus, Outcome, Stage};

#[component]
pub fn CertifierPanel(detail: SubmissionDetail, set: Callback<SubmissionDetail>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let id = detail.submission.id.clone();
    let a = detail.assessment.clone();
    let chosen = RwSignal::new(Vec::<String>::new());
    // The people who can be assigned, asked only while assigning.
    let assigning = a.stage <= Stage::AssessorsAssigned;
    let people = LocalResource::new(move || async move {
        match assigning {
            true => api::get::<AssessorList>("/api/assessors")
                .await
                .map(|l| l.assessors)
                .unwrap_or_default(),
            false => Vec::new(),
        }
    });
    let assign = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match api::step(
                    &id,
                    "/assessors",
                    &AssignRequest {
                        assessors: chosen.get_untracked(),
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
    let outcome = RwSignal::new("positief".to_string());
    let motivation = RwSignal::new(String::new());
    let sections = RwSignal::new(String::new());
    let deadline = RwSignal::new(String::new());
    let decide = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let body = DecisionRequest {
                outcome: parse_outcome(&outcome.get_untracked()),
                motivation: motivation.get_untracked(),
                sections: sections
                    .get_untracked()
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                deadline: chrono::NaiveDate::parse_from_str(&deadline.get_untracked(), "%Y-%m-%d")
                    .ok(),
            };
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match api::step(&id, "/decision", &body).await {
                    Ok(d) => set.run(d),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let objection_motivation = RwSignal::new(String::new());
    let handle = move |status: ObjectionHandling| {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            let body = HandleObjectionRequest {
                status,
                motivation: objection_motivation.get_untracked(),
            };
            leptos::task::spawn_local(async move {
                match api::step(&id, "/objection/handling", &body).await {
                    Ok(d) => set.run(d),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let required = a.required_assessors;
    view! {
        <section class="panel" aria-labelledby="certificering-titel">
            <h2 id="certificering-titel">"Certificerende instelling"</h2>
            {move || error.get().map(|m| view! { <p role="alert">{m}</p> })}
            {(a.stage <= Stage::AssessorsAssigned).then(|| view! {
                <form class="form" on:submit=assign>
                    <fieldset>
                        <legend>{format!("Assessoren toewijzen ({required})")}</legend>
                        // A boundary of its own: the page around it stays.
                        <Suspense fallback=|| view! { <p role="status">"De assessoren worden geladen…"</p> }>
                        {move || people.get().unwrap_or_default().into_iter().map(|p| {
                            let input_id = format!("assessor-{}", p.id);
                            let pid = p.id.clone();
                            view! {
                                <div class="field checkbox">
                                    <input type="checkbox" id=input_id.clone()
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| { c.retain(|x| *x != pid); if on { c.push(pid.clone()); } });
                                        }/>
                                    <label for=input_id>{p.name}</label>
                                </div>
                            }
                        }).collect_view()}
                        </Suspense>
                        <button type="submit" class="button">"Toewijzen"</button>
                    </fieldset>
                </form>
            })}
            {a.judgements.iter().map(|j| view! {
                <details class="judgement">
                    <summary>{format!("Oordeel van een assessor: {}", j.advice.as_ref().map(|x| x.outcome.label()).unwrap_or("-"))}</summary>
                    <ul>{j.verdicts.iter().map(|(code, v)| view! { <li>{format!("{code}: {} {}", v.verdict.label(), v.note)}</li> }).collect_view()}</ul>
                </details>
            }).collect_view()}
            {(!a.differences.is_empty()).then(|| view! { <p class="notice">{format!("Oordelen verschillen bij: {}.", a.differences.join(", "))}</p> })}
            {a.advice.clone().map(|x| view! { <p>{format!("Advies: {}. {}", x.outcome.label(), x.motivation)}</p> })}
            {(a.stage == Stage::Advised).then(|| view! {
                <form class="form" on:submit=decide>
                    <h3>"Besluit"</h3>
                    <div class="field"><label for="besluit-keuze">"Besluit"</label>
                        <select id="besluit-keuze" on:change=move |ev| outcome.set(event_target_value(&ev))>
                            {Outcome::ALL.into_iter().map(|o| view! { <option value=format!("{o:?}").to_lowercase()>{o.label()}</option> }).collect_view()}
                        </select></div>
                    <div class="field"><label for="besluit-onderdelen">"Aan te vullen onderdelen (bij uitgesteld, met komma's)"</label>
                        <input id="besluit-onderdelen" type="text" on:input=move |ev| sections.set(event_target_value(&ev))/></div>
                    <div class="field"><label for="besluit-termijn">"Uiterste datum (bij uitgesteld)"</label>
                        <input id="besluit-termijn" type="date" on:input=move |ev| deadline.set(event_target_value(&ev))/></div>
                    <div class="field"><label for="besluit-motivering">"Motivering"</label>
                        <textarea id="besluit-motivering" rows="4" on:input=move |ev| motivation.set(event_target_value(&ev))></textarea></div>
                    <button type="submit" class="button">"Besluit vastleggen"</button>
                </form>
            })}
            {a.objection.clone().filter(|o| o.status.is_open()).map(|o| view! {
                <div class="form">
                    <h3>"Bezwaar"</h3>
                    <p>{format!("{}: {}", o.status.label(), o.reasons)}</p>
                    <div class="field"><label for="bezwaar-motivering">"Motivering"</label>
                        <textarea id="bezwaar-motivering" rows="3" on:input=move |ev| objection_motivation.set(event_target_value(&ev))></textarea></div>
                    {(o.status == ObjectionStatus::Ontvangen).then(|| view! {
                        <button type="button" class="button secondary" on:click=handle(ObjectionHandling::InBehandeling)>"In behandeling nemen"</button>
                    })}
                    <button type="button" class="button" on:click=handle(ObjectionHandling::Gegrond)>"Gegrond: opnieuw beoordelen"</button>
                    <button type="button" class="button secondary" on:click=handle(ObjectionHandling::Ongegrond)>"Ongegrond"</button>
                </div>
            })}
        </section>
    }
}
