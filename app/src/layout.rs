//! The frame every page shares: skip link, header, main landmark, footer.

use leptos::prelude::*;

#[component]
pub fn Page(children: Children) -> impl IntoView {
    // While another tab of this account is the editing one, this page's
    // content is shown but cannot be changed (see `portfolio::one_tab`).
    let passive = crate::portfolio::store::use_store().passive;
    view! {
        <a class="skip-link" href="#inhoud">"Naar de inhoud"</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"RJ"</span>
                <span class="brand-name">"Register Jobcoach"</span>
            </a>
            <crate::auth::header::AccountStatus/>
        </header>
        <crate::auth::header::SessionExpiredNotice/>
        <crate::service_worker::UpdateNotice/>
        <crate::portfolio::OtherTabNotice/>
        <main id="inhoud" class="site-main" inert=move || passive.get()>{children()}</main>
        <footer class="site-footer">
            <p>"Digitaal portfolio voor het keurmerk Register Jobcoach"</p>
            <nav class="footer-nav" aria-label="Register">
                <a href="/register">"Beroepsregister"</a>
                <a href="/aansluiten">"Aansluiten als externe aansluiter"</a>
                <a href="/privacyverklaring">"Privacyverklaring"</a>
                <a href="/mijn-gegevens">"Mijn gegevens"</a>
            </nav>
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Pagina niet gevonden"</h1>
            <p>"Deze pagina bestaat niet (meer). "<a href="/">"Ga naar de startpagina"</a>"."</p>
        </section>
        <crate::hydration::Hydrated/>
    }
}
