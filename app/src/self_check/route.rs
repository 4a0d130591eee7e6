//! Initial certification: route and exemptions from base education and
//! jobcoach training (A1, A2 of the toetsingskader).

use crate::components::route_options::{BASE_EDUCATION, INSTITUTIONS, TRAINING};
use crate::components::today::{parse_date, today};
use crate::components::wire_enum::{from_wire, to_wire};
use leptos::prelude::*;
use shared::framework::INITIAL;
use shared::rules::route::{
    evaluate_route, BaseEducation, BaseEducationKind, JobcoachTraining, Route, RouteOutcome,
    RouteRequest, TrainingKind,
};

#[component]
pub fn RouteCheck() -> impl IntoView {
    let application_date = RwSignal::new(String::new());
    let base_kind = RwSignal::new(to_wire(&BaseEducationKind::Hbo));
    let base_date = RwSignal::new(String::new());
    let training_kind = RwSignal::new(to_wire(&TrainingKind::AccreditedDiploma));
    let institution = RwSignal::new(String::new());
    let graduated_on = RwSignal::new(String::new());
    let course_hours = RwSignal::new(String::new());

    // Filled in after hydration: see `today`.
    Effect::new(move |_| {
        if application_date.get_untracked().is_empty() {
            if let Some(date) = today() {
                application_date.set(date.to_string());
            }
        }
    });

    let outcome = Memo::new(move |_| -> Option<RouteOutcome> {
        let request = RouteRequest {
            application_date: parse_date(&application_date.get())?,
            base_education: BaseEducation {
                kind: from_wire(&base_kind.get())?,
                date: parse_date(&base_date.get()),
            },
            jobcoach_training: JobcoachTraining {
                kind: from_wire(&training_kind.get())?,
                institution: from_wire(&institution.get()),
                graduated_on: parse_date(&graduated_on.get()),
                course_hours: course_hours.get().trim().replace(',', ".").parse().ok(),
            },
        };
        Some(evaluate_route(&request))
    });

    let is_accredited = move || training_kind.get() == to_wire(&TrainingKind::AccreditedDiploma);
    let is_courses = move || training_kind.get() == to_wire(&TrainingKind::OtherCourses);

    view! {
        <section class="panel" aria-labelledby="route-titel">
            <h2 id="route-titel">"Initiële certificering: welke route?"</h2>
            <form class="form-grid" on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="route-aanvraagdatum">"Datum van je aanvraag"</label>
                    <input id="route-aanvraagdatum" type="date"
                        prop:value=move || application_date.get()
                        on:input=move |ev| application_date.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="route-vooropleiding">"Vooropleiding"</label>
                    <select id="route-vooropleiding" on:change=move |ev| base_kind.set(event_target_value(&ev))>
                        {BASE_EDUCATION.iter().map(|(kind, label)| {
                            let value = to_wire(kind);
                            let selected = { let v = value.clone(); move || base_kind.get() == v };
                            view! { <option value=value selected=selected>{*label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="route-vooropleiding-datum">"Datum diploma of rapport"</label>
                    <input id="route-vooropleiding-datum" type="date" aria-describedby="route-vooropleiding-hint"
                        prop:value=move || base_date.get()
                        on:input=move |ev| base_date.set(event_target_value(&ev))/>
                    <p class="hint" id="route-vooropleiding-hint">
                        "Een EVC- of assessmentrapport mag bij je aanvraag hoogstens twee jaar oud zijn."
                    </p>
                </div>
                <div class="field">
                    <label for="route-opleiding">"Jobcoachopleiding"</label>
                    <select id="route-opleiding" on:change=move |ev| training_kind.set(event_target_value(&ev))>
                        {TRAINING.iter().map(|(kind, label)| {
                            let value = to_wire(kind);
                            let selected = { let v = value.clone(); move || training_kind.get() == v };
                            view! { <option value=value selected=selected>{*label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <Show when=is_accredited>
                    <div class="field">
                        <label for="route-instituut">"Opleidingsinstituut"</label>
                        <select id="route-instituut" on:change=move |ev| institution.set(event_target_value(&ev))>
                            <option value="" selected=move || institution.get().is_empty()>"Kies een instituut"</option>
                            {INSTITUTIONS.iter().map(|inst| {
                                let value = to_wire(inst);
                                let selected = { let v = value.clone(); move || institution.get() == v };
                                view! { <option value=value selected=selected>{inst.label()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=move || !is_courses() && training_kind.get() != to_wire(&TrainingKind::NoTraining)>
                    <div class="field">
                        <label for="route-diplomadatum">"Datum jobcoachdiploma"</label>
                        <input id="route-diplomadatum" type="date"
                            prop:value=move || graduated_on.get()
                            on:input=move |ev| graduated_on.set(event_target_value(&ev))/>
                    </div>
                </Show>
                <Show when=is_courses>
                    <div class="field">
                        <label for="route-uren">"Studie-uren van de cursussen"</label>
                        <input id="route-uren" type="number" min="0" step="0.5" inputmode="decimal"
                            aria-describedby="route-uren-hint"
                            prop:value=move || course_hours.get()
                            on:input=move |ev| course_hours.set(event_target_value(&ev))/>
                        <p class="hint" id="route-uren-hint">"Minimaal 98 uur (3,5 ECTS)."</p>
                    </div>
                </Show>
            </form>
            <div class="result" aria-live="polite" data-testid="route-result">
                {move || match outcome.get() {
                    None => view! { <p class="hint">"Vul de datum van je aanvraag in."</p> }.into_any(),
                    Some(outcome) => view! { <RouteResult outcome/> }.into_any(),
                }}
            </div>
        </section>
    }
}

#[component]
fn RouteResult(outcome: RouteOutcome) -> impl IntoView {
    let heading = match outcome.route {
        Route::Shortened => "Verkorte route",
        Route::Full => "Volledige route",
        Route::NotEligible => "Nog niet toelaatbaar",
    };
    let title = |code: &str| {
        INITIAL
            .section(code)
            .map(|s| format!("{code} {}", s.title))
            .unwrap_or_else(|| code.to_string())
    };
    let required: Vec<String> = outcome.required_sections.iter().map(|c| title(c)).collect();
    let exempt: Vec<String> = outcome.exempt_sections.iter().map(|c| title(c)).collect();
    view! {
        <h3 data-testid="route-name">{heading}</h3>
        {(!outcome.unmet.is_empty()).then(|| view! {
            <div class="notice error">
                <p>"Hier voldoe je nog niet aan:"</p>
                <ul>{outcome.unmet.iter().map(|u| view! { <li>{format!("{}: {}", u.section, u.message)}</li> }).collect_view()}</ul>
            </div>
        })}
        {outcome.warnings.iter().map(|w| view! { <p class="notice warn">{w.clone()}</p> }).collect_view()}
        <h4>"Dit lever je aan"</h4>
        <ul class="section-list">{required.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
        {(!exempt.is_empty()).then(|| view! {
            <h4>"Vrijgesteld"</h4>
            <ul class="section-list exempt">{exempt.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
        })}
        <p>{if outcome.assessment_interview {
            "Je voert een toetsgesprek van 30 minuten met twee assessoren."
        } else {
            "Je bent vrijgesteld van het toetsgesprek."
        }}</p>
    }
}
