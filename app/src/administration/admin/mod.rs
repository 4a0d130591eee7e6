//! `/administratie/…`: the admin screens, one file per page. Overview with
//! reminders and the annual register-fee run, invoices, fee tables,
//! affiliates and members, certificates with the CSV import.

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

use crate::api_client as api;
use leptos::prelude::*;

#[component]
pub(super) fn AdminNav(current: &'static str) -> impl IntoView {
    let links = [
        ("/administratie", "Overzicht"),
        ("/administratie/facturen", "Facturen"),
        ("/administratie/tarieven", "Tarieven"),
        ("/administratie/relaties", "Aansluiters en leden"),
        ("/administratie/certificaten", "Certificaten"),
    ];
    view! {
        <nav class="admin-nav" aria-label="Administratie">
            <ul>
                {links.into_iter().map(|(href, label)| view! {
                    <li><a href=href aria-current=(href == current).then_some("page")>{label}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

pub(super) fn message_of(e: api::ApiFailure) -> String {
    e.first_field().1
}
