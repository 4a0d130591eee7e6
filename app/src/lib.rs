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
mod layout;
mod mentors;
mod portfolio;
mod self_check;
mod service_worker;
mod setup;
mod signing;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
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
                <HydrationScripts options/>
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
                    <Route path=StaticSegment("inrichten") view=setup::SetupPage/>
                    <Route path=StaticSegment("registreren") view=auth::sign_up_page::SignUpPage/>
                    <Route path=StaticSegment("inloggen") view=auth::sign_in_page::SignInPage/>
                    <Route path=StaticSegment("herstellen") view=auth::recovery_page::RecoveryPage/>
                    <Route path=StaticSegment("uitnodiging") view=auth::invitation_page::InvitationPage/>
                    <Route path=StaticSegment("account") view=auth::account_page::AccountPage/>
                    <Route path=StaticSegment("e-mail-bevestigen") view=auth::verify_email::VerifyEmailPage/>
                    <Route path=StaticSegment("beheer") view=auth::admin_page::AdminPage/>
                    <Route path=StaticSegment("zelftest") view=self_check::SelfCheckPage/>
                    <Route path=StaticSegment("aansluiten") view=administration::affiliate_page::AffiliatePage/>
                    <Route path=StaticSegment("register") view=administration::register_page::RegisterPage/>
                    // Dossier: rendered whole on the server, data included.
                    <Route path=(StaticSegment("register"), ParamSegment("number")) view=dossier::register_entry::RegisterEntryPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("mijn-gegevens") view=dossier::my_data::MyDataPage/>
                    <Route path=StaticSegment("privacyverklaring") view=dossier::privacy_page::PrivacyPage/>
                    <Route path=(StaticSegment("facturen"), ParamSegment("id")) view=administration::invoice_page::InvoicePage/>
                    // One layout and one guard for every admin page.
                    <ParentRoute path=StaticSegment("administratie") view=administration::admin::AdminLayout>
                        <Route path=StaticSegment("") view=administration::admin::OverviewPage/>
                        <Route path=StaticSegment("facturen") view=administration::admin::InvoicesPage/>
                        <Route path=StaticSegment("tarieven") view=administration::admin::FeesPage/>
                        <Route path=StaticSegment("relaties") view=administration::admin::RelationsPage/>
                        <Route path=StaticSegment("certificaten") view=administration::admin::CertificatesPage/>
                    </ParentRoute>
                    <Route path=StaticSegment("portfolio") view=portfolio::PortfolioPage/>
                    <Route path=StaticSegment("ondertekenen") view=signing::SigningPage/>
                    // Mentors (issue 13).
                    <Route path=StaticSegment("mentor") view=mentors::candidates_page::CandidatesPage/>
                    <Route path=(StaticSegment("mentor"), StaticSegment("portfolio")) view=mentors::read_page::ReadPage/>
                    // Submission and assessment (assessment helper).
                    <Route path=StaticSegment("indienen") view=assessment::SubmitPage/>
                    <Route path=StaticSegment("beoordelingen") view=assessment::SubmissionsPage/>
                    <Route path=StaticSegment("beoordeling") view=assessment::SubmissionPage/>
                </Routes>
            </layout::Page>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets browser tests (and curious people) see that the wasm took over.
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
