//! The public self-check: which route applies, what to deliver, and for
//! recertification a PE-points calculator. Everything runs on the shared
//! rules in the browser, so it answers instantly and works offline.

mod pe_calculator;
mod recertification;
mod route;

use leptos::prelude::*;

#[component]
pub fn SelfCheckPage() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>"Zelftest"</h1>
            <p class="lead">
                "Beantwoord een paar vragen en zie welke route voor jou geldt en wat je moet aanleveren. "
                "De zelftest rekent in je browser met de regels uit het toetsingskader; er wordt niets opgeslagen."
            </p>
        </section>
        // Type erasure keeps the page's view type small enough to compile.
        {route::RouteCheck().into_any()}
        {recertification::RecertificationCheck().into_any()}
    }
}
