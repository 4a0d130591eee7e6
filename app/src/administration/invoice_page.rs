//! `/facturen/:id`: one invoice as a printable A4 page with everything a
//! Dutch invoice states. Admins see every invoice, a person their own.

use super::{date, euro, Invoice};
use crate::api_client as api;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::administration::{PrintableInvoice, Seller};
use shared::domain::InvoiceKind;

fn percent(bp: i64) -> String {
    if bp % 100 == 0 {
        format!("{}%", bp / 100)
    } else {
        format!("{},{:02}%", bp / 100, bp % 100)
    }
}

#[component]
pub fn InvoicePage() -> impl IntoView {
    let params = use_params_map();
    // Online-only: read from the server each time, never kept in the browser.
    let data = LocalResource::new(move || {
        let path = format!(
            "/api/invoices/{}",
            params.get().get("id").unwrap_or_default()
        );
        async move {
            api::get_as::<PrintableInvoice>(&path)
                .await
                .map(|p| (p.invoice, p.seller))
                .map_err(|e| e.message)
        }
    });
    // The alert stays outside the Suspense so the live region exists
    // before a message is put in it.
    let error = move || data.get().and_then(Result::err);
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    view! {
        <p class="form-error" role="alert">{error}</p>
        <Suspense fallback=|| ()>
        {move || data.get().and_then(Result::ok).map(|(inv, seller): (Invoice, Seller)| {
            let title = if inv.kind == InvoiceKind::Credit { "Creditfactuur" } else { "Factuur" };
            view! {
                <div class="button-row no-print">
                    <button type="button" class="button" on:click=print>"Afdrukken of opslaan als pdf"</button>
                </div>
                <article class="invoice-sheet" aria-labelledby="factuur-titel">
                    <header class="invoice-head">
                        <div>
                            <p class="invoice-seller">{seller.name.clone()}</p>
                            {seller.address_lines.iter().map(|l| view! { <p>{l.clone()}</p> }).collect_view()}
                            <p>"KvK "{seller.kvk.clone()}</p>
                            <p>"Btw-nummer "{seller.vat_number.clone()}</p>
                            <p>{seller.email.clone()}</p>
                        </div>
                        <div class="invoice-meta">
                            <h1 id="factuur-titel">{title}" "{inv.number.clone()}</h1>
                            <dl>
                                <dt>"Factuurdatum"</dt><dd>{date(&inv.issue_date)}</dd>
                                <dt>"Vervaldatum"</dt><dd>{date(&inv.due_date)}</dd>
                                {inv.affiliate_number.clone().map(|n| view! { <dt>"Aansluitingsnummer"</dt><dd>{n}</dd> })}
                                <dt>"Status"</dt><dd>{inv.status_label()}{inv.paid_on.clone().map(|d| format!(" op {}", date(&d)))}</dd>
                            </dl>
                        </div>
                    </header>
                    <section class="invoice-buyer" aria-label="Factuur aan">
                        <p><strong>{inv.buyer.name.clone()}</strong></p>
                        {inv.buyer.organisation.clone().map(|o| view! { <p>{o}</p> })}
                        <p>{inv.buyer.street.clone()}</p>
                        <p>{inv.buyer.postal_code.clone()}" "{inv.buyer.city.clone()}</p>
                        <p>{inv.buyer.email.clone()}</p>
                    </section>
                    {inv.credits_number.clone().map(|n| view! { <p>"Deze creditfactuur vervalt factuur "{n}"."</p> })}
                    {inv.credited_by_number.clone().map(|n| view! { <p>"Deze factuur is gecrediteerd met creditfactuur "{n}"."</p> })}
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
                        <table class="data-table invoice-lines">
                            <caption class="visually-hidden">"Factuurregels"</caption>
                            <thead><tr>
                                <th scope="col">"Omschrijving"</th>
                                <th scope="col" class="num">"Excl. btw"</th>
                                <th scope="col" class="num">"Btw "{percent(inv.vat_basis_points)}</th>
                                <th scope="col" class="num">"Incl. btw"</th>
                            </tr></thead>
                            <tbody>
                                {inv.lines.iter().map(|l| view! { <tr>
                                    <td>{l.description.clone()}</td>
                                    <td class="num">{euro(l.excl_vat_cents)}</td>
                                    <td class="num">{euro(l.vat_cents)}</td>
                                    <td class="num">{euro(l.incl_vat_cents)}</td>
                                </tr> }).collect_view()}
                            </tbody>
                            <tfoot><tr>
                                <th scope="row">"Totaal"</th>
                                <td class="num">{euro(inv.total_excl_vat_cents)}</td>
                                <td class="num">{euro(inv.total_vat_cents)}</td>
                                <td class="num"><strong>{euro(inv.total_incl_vat_cents)}</strong></td>
                            </tr></tfoot>
                        </table>
                    </div>
                    {(inv.kind != InvoiceKind::Credit).then(|| view! {
                        <p class="invoice-terms">
                            "Betaaltermijn 30 dagen: graag vóór "{date(&inv.due_date)}" overmaken op "
                            {seller.iban.clone()}" t.n.v. "{seller.name.clone()}" onder vermelding van factuurnummer "{inv.number.clone()}"."
                        </p>
                    })}
                </article>
            }
        })}
        </Suspense>
    }
}
