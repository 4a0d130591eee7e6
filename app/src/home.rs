//! The public home page: what the product is for and where to start.

use leptos::prelude::*;

/// The steps of a certification, shown on the home page.
const STEPS: [(&str, &str); 4] = [
    (
        "Portfolio opbouwen",
        "Je beschrijft opleiding, werkervaring, een begeleidingstraject en je ontwikkelplan volgens het toetsingskader. Ook offline, op je telefoon.",
    ),
    (
        "Feedback van je mentor",
        "Je mentor leest mee en geeft opmerkingen bij de tekst die je schreef.",
    ),
    (
        "Beoordeling",
        "Twee assessoren (één bij hercertificering) beoordelen je portfolio en geven een advies.",
    ),
    (
        "Certificaat",
        "De certificerende instelling besluit. Met een certificaat sta je vier jaar in het beroepsregister.",
    ),
];

#[component]
pub fn HomePage() -> impl IntoView {
    // Which step is opened; only the hydrated page can change it, so the
    // browser tests use it to prove hydration happened.
    let open = RwSignal::new(None::<usize>);

    view! {
        <section class="hero">
            <h1>"Je portfolio voor Register Jobcoach"</h1>
            <p class="lead">
                "Stel je portfolio samen voor certificering of hercertificering als Register Jobcoach. "
                "Wat je typt, blijft bewaard op je apparaat, ook zonder verbinding."
            </p>
            <p>
                <a class="button" href="/zelftest">"Doe de zelftest"</a>
            </p>
        </section>
        <crate::auth::verify_email::UnverifiedEmailNotice/>
        <crate::portfolio::MyPortfolios/>
        <crate::mentors::my_mentors::MyMentors/>
        <crate::mentors::my_mentors::MentorHomeLink/>
        <crate::assessment::MySubmissions/>
        <crate::administration::my_registration::MyRegistration/>
        <section class="panel" aria-labelledby="stappen-titel">
            <h2 id="stappen-titel">"Zo werkt het"</h2>
            <ol class="steps">
                {STEPS
                    .iter()
                    .enumerate()
                    .map(|(i, (title, body))| {
                        let expanded = move || open.get() == Some(i);
                        let panel_id = format!("stap-{}", i + 1);
                        view! {
                            <li class="step">
                                <button
                                    type="button"
                                    class="step-toggle"
                                    aria-expanded=move || expanded().to_string()
                                    aria-controls=panel_id.clone()
                                    on:click=move |_| {
                                        open.update(|o| *o = if *o == Some(i) { None } else { Some(i) })
                                    }
                                >
                                    <span class="step-number" aria-hidden="true">{i + 1}</span>
                                    {*title}
                                </button>
                                <p id=panel_id class="step-body" hidden=move || !expanded()>
                                    {*body}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
        <crate::hydration::Hydrated/>
    }
}
