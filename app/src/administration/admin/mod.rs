//! `/administratie/…`: the admin screens, one file per page under one
//! nested route whose layout ([`AdminLayout`]) holds the title, the
//! navigation and the guard. Overview with reminders and the annual
//! register-fee run, invoices, fee tables, affiliates and members,
//! certificates with the CSV import.

mod certificates;
mod fees;
mod invoices;
mod overview;
mod relations;

pub use certificates::CertificatesPage;
pub use fees::FeesPage;
pub use invoices::InvoicesPage;
pub use overview::OverviewPage;
pub use relations::RelationsPage;

use super::AdminOnly;
use crate::api_client as api;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

/// The admin pages: path, link text in the navigation, page title.
const PAGES: [(&str, &str, &str); 5] = [
    ("/administratie", "Overzicht", "Administratie"),
    ("/administratie/facturen", "Facturen", "Facturen"),
    ("/administratie/tarieven", "Tarieven", "Tarieven"),
    (
        "/administratie/relaties",
        "Aansluiters en leden",
        "Aansluiters en leden",
    ),
    (
        "/administratie/certificaten",
        "Certificaten",
        "Certificaten",
    ),
];

/// The one layout of `/administratie/…`: the page's title, the navigation,
/// and the page itself (the route's `Outlet`) for admins only. The server
/// decides again on every request; this guard only spares others a page of
/// refusals.
#[component]
pub fn AdminLayout() -> impl IntoView {
    let location = use_location();
    let current = Memo::new(move |_| {
        let path = location.pathname.get();
        let path = path.trim_end_matches('/');
        PAGES
            .iter()
            .position(|(href, _, _)| *href == path)
            .unwrap_or(0)
    });
    view! {
        <section class="panel">
            <h1>{move || PAGES[current.get()].2}</h1>
            <nav class="admin-nav" aria-label="Administratie">
                <ul>
                    {PAGES.iter().enumerate().map(|(i, (href, label, _))| view! {
                        <li>
                            <a href=*href aria-current=move || (current.get() == i).then_some("page")>
                                {*label}
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </nav>
            <AdminOnly><Outlet/></AdminOnly>
        </section>
    }
}

pub(super) fn message_of(e: api::ApiFailure) -> String {
    e.first_field().1
}
