//! The frame every page shares: skip link, header, main landmark, footer.

use leptos::prelude::*;

#[component]
pub fn Page(children: Children) -> impl IntoView {
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
        <main id="inhoud" class="site-main">{children()}</main>
        <footer class="site-footer">
            <p>"Digitaal portfolio voor het keurmerk Register Jobcoach"</p>
            <nav class="footer-nav" aria-label="Register">
                <a href="/register">"Beroepsregister"</a>
                <a href="/aansluiten">"Aansluiten als externe aansluiter"</a>
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
    }
}
