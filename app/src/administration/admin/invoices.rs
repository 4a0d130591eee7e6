//! `/administratie/facturen`: the invoices, marked paid or credited.

use super::message_of;
use crate::administration::register_page::encode;
use crate::administration::{date, euro, Invoice};
use crate::api_client as api;
use crate::components::today::today;
use leptos::prelude::*;
use shared::api::administration::{Credited, InvoiceAnswer, Invoices as InvoiceList, MarkPaid};
use shared::domain::{InvoiceKind, InvoiceStatus};

#[component]
pub fn InvoicesPage() -> impl IntoView {
    view! { <Invoices/> }
}

#[component]
fn Invoices() -> impl IntoView {
    let q = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let overdue = RwSignal::new(false);
    let list = RwSignal::new(Vec::<Invoice>::new());
    let error = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let paid_on = RwSignal::new(String::new());
    let query = move || {
        format!(
            "q={}&status={}&overdue={}",
            encode(&q.get()),
            encode(&status.get()),
            if overdue.get() { "1" } else { "" }
        )
    };
    let reload = move || {
        let qs = query();
        leptos::task::spawn_local(async move {
            match api::get_as::<InvoiceList>(&format!("/api/admin/invoices?{qs}")).await {
                Ok(found) => list.set(found.invoices),
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if window()
            .location()
            .search()
            .unwrap_or_default()
            .contains("te-laat=1")
        {
            overdue.set(true);
        }
        if let Some(t) = today() {
            paid_on.set(t.to_string());
        }
        reload();
    });
    let mark_paid = move |id: String, number: String| {
        error.set(None);
        message.set(None);
        let body = MarkPaid {
            paid_on: paid_on.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::post_as::<_, InvoiceAnswer>(&format!("/api/admin/invoices/{id}/paid"), &body)
                .await
            {
                Ok(_) => {
                    message.set(Some(format!("Factuur {number} is als betaald geboekt.")));
                    reload();
                }
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    let credit = move |id: String, number: String| {
        error.set(None);
        message.set(None);
        leptos::task::spawn_local(async move {
            let path = format!("/api/admin/invoices/{id}/credit");
            match api::post_as::<_, Credited>(&path, &api::Empty {}).await {
                Ok(credited) => {
                    message.set(Some(format!(
                        "Factuur {number} is gecrediteerd met creditfactuur {}.",
                        credited.credit_invoice.number
                    )));
                    reload();
                }
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    view! {
        <form class="form filter-form" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); reload(); }>
            <div class="field">
                <label for="factuur-zoek">"Zoek op nummer, naam, e-mail of aansluitingsnummer"</label>
                <input id="factuur-zoek" type="search" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="factuur-status">"Status"</label>
                <select id="factuur-status" on:change=move |ev| { status.set(event_target_value(&ev)); reload(); }>
                    <option value="">"Alle"</option>
                    <option value="open">"Open"</option>
                    <option value="paid">"Betaald"</option>
                    <option value="credited">"Gecrediteerd"</option>
                </select>
            </div>
            <div class="field checkbox-field">
                <input id="factuur-te-laat" type="checkbox" prop:checked=move || overdue.get()
                    on:change=move |ev| { overdue.set(event_target_checked(&ev)); reload(); }/>
                <label for="factuur-te-laat">"Alleen facturen over de vervaldatum"</label>
            </div>
            <div class="field">
                <label for="betaaldatum">"Betaaldatum bij ‘Betaald’"</label>
                <input id="betaaldatum" type="date" prop:value=move || paid_on.get() on:input=move |ev| paid_on.set(event_target_value(&ev))/>
            </div>
            <div class="button-row">
                <button type="submit" class="button primary">"Zoeken"</button>
                <a class="button" href=move || format!("/api/admin/invoices?{}&format=csv", query()) download="facturen.csv">"Exporteren als CSV"</a>
            </div>
        </form>
        <p class="form-error" role="alert">{move || error.get()}</p>
        <p class="notice-line" role="status">{move || message.get()}</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
            <table class="data-table">
                <caption class="visually-hidden">"Facturen"</caption>
                <thead><tr>
                    <th scope="col">"Nummer"</th><th scope="col">"Datum"</th><th scope="col">"Aan"</th>
                    <th scope="col" class="num">"Incl. btw"</th><th scope="col">"Status"</th><th scope="col">"Acties"</th>
                </tr></thead>
                <tbody>
                    <For each=move || list.get() key=|i| (i.id.clone(), i.status) let:i>
                        {
                            let (id1, n1) = (i.id.clone(), i.number.clone());
                            let (id2, n2) = (i.id.clone(), i.number.clone());
                            let can_pay = i.status == InvoiceStatus::Open && i.kind != InvoiceKind::Credit;
                            let can_credit = i.status != InvoiceStatus::Credited && i.kind != InvoiceKind::Credit;
                            view! { <tr>
                                <td><a href=format!("/facturen/{}", i.id)>{i.number.clone()}</a></td>
                                <td>{date(&i.issue_date)}</td>
                                <td>{i.buyer.name.clone()}</td>
                                <td class="num">{euro(i.total_incl_vat_cents)}</td>
                                <td>{i.status_label()}{i.paid_on.clone().map(|d| format!(" ({})", date(&d)))}</td>
                                <td class="actions">
                                    {can_pay.then(|| view! {
                                        <button type="button" class="button small" on:click=move |_| mark_paid(id1.clone(), n1.clone())>
                                            "Betaald"<span class="visually-hidden">{format!(" (factuur {})", i.number)}</span>
                                        </button>
                                    })}
                                    {can_credit.then(|| view! {
                                        <button type="button" class="button small" on:click=move |_| credit(id2.clone(), n2.clone())>
                                            "Crediteren"<span class="visually-hidden">{format!(" (factuur {})", i.number)}</span>
                                        </button>
                                    })}
                                </td>
                            </tr> }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}
