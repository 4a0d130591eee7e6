//! The user interface. The same components render on the server (feature
//! `ssr`) and hydrate in the browser (feature `hydrate`).

// No panics on bad input or state outside tests: every failure is a value
// (clippy's `unwrap_used` and `expect_used`, denied here; tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// Leptos views are deeply nested types; release builds of big pages need more
// room than the default 128.
#![recursion_limit = "256"]

mod administration;
// Submission and assessment (assessment helper).
mod api_client;
mod assessment;
mod auth;
mod components;
#[cfg(feature = "ssr")]
mod csp;
// Dossier (issue 15): public so the server can provide the register lookup.
pub mod dossier;
mod home;
mod hydration;
mod hydration_script;
mod layout;
mod lazy_pages;
mod mentors;
mod portfolio;
mod self_check;
mod service_worker;
mod setup;
mod signing;

use lazy_pages::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    Lazy, ParamSegment, SsrMode, StaticSegment,
};

/// The HTML document around the app; only rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    csp::set_header();
    view! {
        <!DOCTYPE html>
        <html lang="nl">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b5a6b"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <meta name="description" content="Digitaal portfolio voor het keurmerk Register Jobcoach"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <hydration_script::HydrateAfterPaint options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    auth::session::provide_auth();
    portfolio::provide_editor();

    view! {
        <Title text="Register Jobcoach portfolio"/>
        <Router>
            <layout::Page>
                <Routes fallback=layout::NotFound>
                    <Route path=StaticSegment("") view=home::HomePage/>
                    <Route path=StaticSegment("inrichten") view={Lazy::<SetupRoute>::new()}/>
                    <Route path=StaticSegment("registreren") view={Lazy::<SignUpRoute>::new()}/>
                    <Route path=StaticSegment("inloggen") view={Lazy::<SignInRoute>::new()}/>
                    <Route path=StaticSegment("herstellen") view={Lazy::<RecoveryRoute>::new()}/>
                    <Route path=StaticSegment("uitnodiging") view={Lazy::<InvitationRoute>::new()}/>
                    <Route path=StaticSegment("account") view={Lazy::<AccountRoute>::new()}/>
                    <Route path=StaticSegment("e-mail-bevestigen") view={Lazy::<VerifyEmailRoute>::new()}/>
                    <Route path=StaticSegment("beheer") view={Lazy::<AdminRoute>::new()}/>
                    <Route path=StaticSegment("zelftest") view={Lazy::<SelfCheckRoute>::new()}/>
                    <Route path=StaticSegment("aansluiten") view={Lazy::<AffiliateRoute>::new()}/>
                    <Route path=StaticSegment("register") view={Lazy::<RegisterRoute>::new()}/>
                    // Dossier: rendered whole on the server, data included.
                    <Route path=(StaticSegment("register"), ParamSegment("number")) view={Lazy::<RegisterEntryRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("mijn-gegevens") view={Lazy::<MyDataRoute>::new()}/>
                    <Route path=StaticSegment("privacyverklaring") view={Lazy::<PrivacyRoute>::new()}/>
                    <Route path=(StaticSegment("facturen"), ParamSegment("id")) view={Lazy::<InvoiceRoute>::new()}/>
                    // One layout and one guard for every admin page.
                    <ParentRoute path=StaticSegment("administratie") view={Lazy::<AdminLayoutRoute>::new()}>
                        <Route path=StaticSegment("") view={Lazy::<OverviewRoute>::new()}/>
                        <Route path=StaticSegment("facturen") view={Lazy::<InvoicesRoute>::new()}/>
                        <Route path=StaticSegment("tarieven") view={Lazy::<FeesRoute>::new()}/>
                        <Route path=StaticSegment("relaties") view={Lazy::<RelationsRoute>::new()}/>
                        <Route path=StaticSegment("certificaten") view={Lazy::<CertificatesRoute>::new()}/>
                    </ParentRoute>
                    <Route path=StaticSegment("portfolio") view={Lazy::<PortfolioRoute>::new()}/>
                    <Route path=StaticSegment("ondertekenen") view={Lazy::<SigningRoute>::new()}/>
                    // Mentors (issue 13).
                    <Route path=StaticSegment("mentor") view={Lazy::<MentorCandidatesRoute>::new()}/>
                    <Route path=(StaticSegment("mentor"), StaticSegment("portfolio")) view={Lazy::<MentorReadRoute>::new()}/>
                    // Submission and assessment (assessment helper).
                    <Route path=StaticSegment("indienen") view={Lazy::<SubmitRoute>::new()}/>
                    <Route path=StaticSegment("beoordelingen") view={Lazy::<SubmissionsRoute>::new()}/>
                    <Route path=StaticSegment("beoordeling") view={Lazy::<SubmissionRoute>::new()}/>
                </Routes>
            </layout::Page>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Asynchronous hydration: a page in a chunk (lazy_pages) hydrates once
    // that chunk has arrived; see `hydration`.
    leptos::mount::hydrate_lazy(App);
}
