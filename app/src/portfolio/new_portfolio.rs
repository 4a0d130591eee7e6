//! "Mijn portfolio's" with the "Nieuw portfolio" button: the person picks
//! initial certification (answering the route questions, which decide the
//! exempt sections) or recertification (the certificate's end date, which
//! decides the year's rules). The portfolio is made on this device first,
//! so it can be started offline; the sync loop creates it on the server.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::framework::{framework, PortfolioKind};
use shared::portfolio::{CERTIFICATE_END_DATE_KEY, ROUTE_KEY};
use shared::rules::recertification::recertification_rules;
use shared::rules::route::{
    BaseEducation, BaseEducationKind, Institution, JobcoachTraining, RouteRequest, TrainingKind,
};
use shared::sync::PortfolioId;

use super::replica_store::LocalPortfolio;
use super::store::use_store;
use crate::components::route_options::{BASE_EDUCATION, INSTITUTIONS, TRAINING};
use crate::components::today::{parse_date, today};
use crate::components::wire_enum::{from_wire, to_wire};

pub fn default_route() -> RouteRequest {
    RouteRequest {
        application_date: today().unwrap_or_default(),
        base_education: BaseEducation {
            kind: BaseEducationKind::Hbo,
            date: None,
        },
        jobcoach_training: JobcoachTraining {
            kind: TrainingKind::AccreditedDiploma,
            institution: None,
            graduated_on: None,
            course_hours: None,
        },
    }
}

fn kind_label(kind: PortfolioKind) -> &'static str {
    match kind {
        PortfolioKind::Initial => "Initiële certificering",
        PortfolioKind::Recertification => "Hercertificering",
    }
}

/// Shown on the home page and on `/portfolio`; empty until the browser knows
/// who is signed in.
#[component]
pub fn MyPortfolios(#[prop(default = 2)] heading_level: u8) -> impl IntoView {
    let store = use_store();
    let visible = move || store.ready.get() && store.user.with(Option::is_some);
    view! {
        <Show when=visible>
            <MyPortfoliosPanel heading_level/>
        </Show>
    }
}

#[component]
fn MyPortfoliosPanel(heading_level: u8) -> impl IntoView {
    let store = use_store();
    let choosing = RwSignal::new(false);
    let kind = RwSignal::new(None::<PortfolioKind>);
    let route = RwSignal::new(default_route());
    let end_date = RwSignal::new(None::<chrono::NaiveDate>);
    let error = RwSignal::new(None::<String>);
    let portfolios = move || {
        store
            .state
            .with(|s| s.as_ref().map(|s| s.portfolios.clone()).unwrap_or_default())
    };
    let open_of = move |k: PortfolioKind| {
        store
            .state
            .with(|s| s.as_ref().and_then(|s| s.open_of_kind(k)).is_some())
    };
    let navigate = use_navigate();
    let route_signal: Signal<RouteRequest> = route.into();
    let end_date_signal: Signal<Option<chrono::NaiveDate>> = end_date.into();

    let create = move |_| {
        let Some(kind) = kind.get_untracked() else {
            error.set(Some("Kies eerst wat voor portfolio je begint.".into()));
            return;
        };
        if open_of(kind) {
            error.set(Some(format!(
                "Je hebt al een open portfolio voor {}.",
                kind_label(kind).to_lowercase()
            )));
            return;
        }
        let value = match kind {
            PortfolioKind::Initial => serde_json::to_value(route.get_untracked())
                .ok()
                .map(|v| (ROUTE_KEY, v)),
            PortfolioKind::Recertification => match end_date.get_untracked() {
                Some(date) => Some((
                    CERTIFICATE_END_DATE_KEY,
                    serde_json::json!(date.to_string()),
                )),
                None => {
                    error.set(Some("Vul de einddatum van je certificaat in.".into()));
                    return;
                }
            },
        };
        let id = PortfolioId(new_id());
        let result = store.edit(|s| {
            s.portfolios.push(LocalPortfolio {
                id: id.clone(),
                kind,
                framework_version: framework(kind).version.to_string(),
                created_at: None,
                unconfirmed: true,
                refused: None,
                parked: None,
            });
            match &value {
                Some((key, v)) => s.replica.set_value(&id, key, v.clone()),
                None => Ok(()),
            }
        });
        match result {
            Ok(()) => {
                store.flush();
                navigate(&format!("/portfolio?id={}", id.0), Default::default());
            }
            Err(e) => error.set(Some(e.message)),
        }
    };

    let heading = "Mijn portfolio's";
    view! {
        <section class="panel my-portfolios" aria-labelledby="mijn-portfolios-titel">
            {match heading_level {
                1 => view! { <h1 id="mijn-portfolios-titel">{heading}</h1> }.into_any(),
                _ => view! { <h2 id="mijn-portfolios-titel">{heading}</h2> }.into_any(),
            }}
            {move || {
                let list = portfolios();
                if list.is_empty() {
                    view! { <p>"Je hebt nog geen portfolio."</p> }.into_any()
                } else {
                    view! {
                        <ul class="portfolio-list">
                            {list.into_iter().map(|p| view! {
                                <li>
                                    <a class="portfolio-link" href=format!("/portfolio?id={}", p.id.0)>
                                        {kind_label(p.kind)}
                                    </a>
                                    <span class="hint">{
                                        if p.refused.is_some() { " · niet aangemaakt op de server".to_string() }
                                        else if p.unconfirmed { " · nog niet op de server".to_string() }
                                        else { format!(" · toetsingskader {}", p.framework_version) }
                                    }</span>
                                    " · "<a href=format!("/indienen?id={}", p.id.0)>"Portfolio indienen"</a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <button type="button" class="button" aria-expanded=move || choosing.get().to_string()
                aria-controls="nieuw-portfolio" on:click=move |_| choosing.update(|c| *c = !*c)>
                "Nieuw portfolio"
            </button>
            <div id="nieuw-portfolio" class="new-portfolio" hidden=move || !choosing.get()>
                <fieldset class="choice">
                    <legend>"Wat voor portfolio begin je?"</legend>
                    {[PortfolioKind::Initial, PortfolioKind::Recertification].into_iter().map(|k| {
                        let id = format!("soort-{}", to_wire(&k));
                        view! {
                            <div class="field radio">
                                <input type="radio" name="portfolio-soort" id=id.clone()
                                    prop:checked=move || kind.get() == Some(k)
                                    disabled=move || open_of(k)
                                    on:change=move |_| { kind.set(Some(k)); error.set(None); }/>
                                <label for=id>{kind_label(k)}
                                    {move || open_of(k).then_some(" (je hebt er al een open)")}
                                </label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                {move || match kind.get() {
                    Some(PortfolioKind::Initial) => view! {
                        <h3>"Je route"</h3>
                        <p class="hint">"Je antwoorden bepalen welke onderdelen je moet invullen."</p>
                        <RouteFields prefix="nieuw-route" value=route_signal on_change=Callback::new(move |r| route.set(r))/>
                    }.into_any(),
                    Some(PortfolioKind::Recertification) => view! {
                        <EndDateField prefix="nieuw-einddatum" value=end_date_signal on_change=Callback::new(move |d| end_date.set(Some(d)))/>
                    }.into_any(),
                    None => ().into_any(),
                }}
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="button" class="button" on:click=create>"Portfolio aanmaken"</button>
            </div>
        </section>
    }
}

#[cfg(feature = "hydrate")]
fn new_id() -> String {
    super::replica_store::new_uuid()
}

#[cfg(not(feature = "hydrate"))]
fn new_id() -> String {
    String::new()
}

/// "Einddatum certificaat", with what it decides shown right below.
#[component]
pub fn EndDateField(
    prefix: &'static str,
    #[prop(into)] value: Signal<Option<chrono::NaiveDate>>,
    on_change: Callback<chrono::NaiveDate>,
) -> impl IntoView {
    let hint = format!("{prefix}-uitleg");
    let rules = move || value.get().map(recertification_rules);
    view! {
        <div class="field">
            <label for=prefix>"Einddatum certificaat"</label>
            <input id=prefix type="date" aria-describedby=hint.clone()
                prop:value=move || value.get().map(|d| d.to_string()).unwrap_or_default()
                on:input=move |ev| if let Some(d) = parse_date(&event_target_value(&ev)) { on_change.run(d) }/>
            <p class="hint" id=hint>{move || match rules() {
                None => "De datum bepaalt welke regels gelden: het aantal reflectiebijeenkomsten en of de terugblik verplicht is.".to_string(),
                Some(r) => format!(
                    "Hercertificering in {}: {} reflectiebijeenkomst(en), waarvan {} met een eigen casus; terugblik {}; indienen uiterlijk {}.",
                    r.recertification_year,
                    r.reflection_meetings_required,
                    r.own_cases_required,
                    if r.lookback_required { "verplicht" } else { "vrijgesteld" },
                    shared::rules::dutch_date(r.submission_deadline),
                ),
            }}</p>
        </div>
    }
}

/// The route questions of the self-check, bound to a [`RouteRequest`].
#[component]
pub fn RouteFields(
    prefix: &'static str,
    value: Signal<RouteRequest>,
    on_change: Callback<RouteRequest>,
) -> impl IntoView {
    let id = move |name: &str| format!("{prefix}-{name}");
    let update = move |f: Box<dyn FnOnce(&mut RouteRequest)>| {
        let mut r = value.get_untracked();
        f(&mut r);
        on_change.run(r);
    };
    let training = move || value.with(|r| r.jobcoach_training.kind);
    view! {
        <div class="form-grid">
            <div class="field">
                <label for=id("aanvraagdatum")>"Geplande datum van je aanvraag"</label>
                <input id=id("aanvraagdatum") type="date"
                    prop:value=move || value.with(|r| r.application_date.to_string())
                    on:input=move |ev| if let Some(d) = parse_date(&event_target_value(&ev)) {
                        update(Box::new(move |r| r.application_date = d))
                    }/>
            </div>
            <div class="field">
                <label for=id("vooropleiding")>"Vooropleiding"</label>
                <select id=id("vooropleiding") on:change=move |ev| if let Some(k) = from_wire(&event_target_value(&ev)) {
                    update(Box::new(move |r| r.base_education.kind = k))
                }>
                    {BASE_EDUCATION.iter().map(|(k, label)| {
                        let k = *k;
                        view! { <option value=to_wire(&k) selected=move || value.with(|r| r.base_education.kind == k)>{*label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=id("vooropleiding-datum")>"Datum diploma of rapport"</label>
                <input id=id("vooropleiding-datum") type="date"
                    prop:value=move || value.with(|r| r.base_education.date.map(|d| d.to_string()).unwrap_or_default())
                    on:input=move |ev| {
                        let d = parse_date(&event_target_value(&ev));
                        update(Box::new(move |r| r.base_education.date = d))
                    }/>
            </div>
            <div class="field">
                <label for=id("opleiding")>"Jobcoachopleiding"</label>
                <select id=id("opleiding") on:change=move |ev| if let Some(k) = from_wire(&event_target_value(&ev)) {
                    update(Box::new(move |r| r.jobcoach_training.kind = k))
                }>
                    {TRAINING.iter().map(|(k, label)| {
                        let k = *k;
                        view! { <option value=to_wire(&k) selected=move || training() == k>{*label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || training() == TrainingKind::AccreditedDiploma>
                <div class="field">
                    <label for=id("instituut")>"Opleidingsinstituut"</label>
                    <select id=id("instituut") on:change=move |ev| {
                        let i = from_wire::<Institution>(&event_target_value(&ev));
                        update(Box::new(move |r| r.jobcoach_training.institution = i))
                    }>
                        <option value="" selected=move || value.with(|r| r.jobcoach_training.institution.is_none())>"Kies een instituut"</option>
                        {INSTITUTIONS.iter().map(|i| {
                            let i = *i;
                            view! { <option value=to_wire(&i) selected=move || value.with(|r| r.jobcoach_training.institution == Some(i))>{i.label()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <Show when=move || matches!(training(), TrainingKind::AccreditedDiploma | TrainingKind::OtherJobcoachDiploma)>
                <div class="field">
                    <label for=id("diplomadatum")>"Datum jobcoachdiploma"</label>
                    <input id=id("diplomadatum") type="date"
                        prop:value=move || value.with(|r| r.jobcoach_training.graduated_on.map(|d| d.to_string()).unwrap_or_default())
                        on:input=move |ev| {
                            let d = parse_date(&event_target_value(&ev));
                            update(Box::new(move |r| r.jobcoach_training.graduated_on = d))
                        }/>
                </div>
            </Show>
            <Show when=move || training() == TrainingKind::OtherCourses>
                <div class="field">
                    <label for=id("uren")>"Studie-uren van de cursussen"</label>
                    <input id=id("uren") type="number" min="0" step="0.5" inputmode="decimal"
                        prop:value=move || value.with(|r| r.jobcoach_training.course_hours.map(|h| h.to_string()).unwrap_or_default())
                        on:input=move |ev| {
                            let h = event_target_value(&ev).trim().replace(',', ".").parse().ok();
                            update(Box::new(move |r| r.jobcoach_training.course_hours = h))
                        }/>
                </div>
            </Show>
        </div>
    }
}
