//! `/administratie`: reminders, open invoices and the annual register-fee run.

use super::message_of;
use crate::administration::register_page::encode;
use crate::administration::{date, euro};
use crate::api_client as api;
use crate::components::today::today;
use leptos::prelude::*;
use shared::api::administration::{Overview as Standing, Run, RunRequest};

#[component]
pub fn OverviewPage() -> impl IntoView {
    view! { <Overview/><AnnualRun/> }
}

#[component]
fn Overview() -> impl IntoView {
    let data = RwSignal::new(None::<Standing>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match api::get_as::<Standing>("/api/admin/overview").await {
                Ok(json) => data.set(Some(json)),
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    });
    view! {
        <p class="form-error" role="alert">{move || error.get()}</p>
        {move || data.get().map(|d| {
            let reminders = d.reminders;
            view! {
                <section aria-labelledby="stand-titel">
                    <h2 id="stand-titel">"Stand van zaken"</h2>
                    <ul class="facts">
                        <li>{format!("{} openstaande facturen, samen {}", d.open_invoices, euro(d.open_amount_incl_vat_cents))}</li>
                        <li><a href="/administratie/facturen?te-laat=1">{format!("{} facturen over de vervaldatum", d.overdue_invoices)}</a></li>
                    </ul>
                </section>
                <section aria-labelledby="herinneringen-titel">
                    <h2 id="herinneringen-titel">"Hercertificering binnen 6 maanden"</h2>
                    {if reminders.is_empty() {
                        view! { <p>"Geen certificaten met een uiterste inleverdatum in de komende 6 maanden."</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
                                <table class="data-table">
                                    <caption class="visually-hidden">"Certificaten waarvan de hercertificering nadert"</caption>
                                    <thead><tr>
                                        <th scope="col">"Naam"</th><th scope="col">"E-mail"</th>
                                        <th scope="col">"Certificaat"</th><th scope="col">"Inleveren vóór"</th><th scope="col">"Geldig tot"</th>
                                    </tr></thead>
                                    <tbody>
                                        {reminders.into_iter().map(|c| view! { <tr>
                                            <td>{c.name}</td><td>{c.email}</td><td>{c.certificate_number}</td>
                                            <td>{date(&c.recertification_deadline)}</td><td>{date(&c.expiry_date)}</td>
                                        </tr> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                </section>
            }
        })}
    }
}

#[component]
fn AnnualRun() -> impl IntoView {
    let year = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<Run>);
    let issued = RwSignal::new(None::<Run>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(t) = today() {
            use chrono::Datelike;
            year.set(t.year().to_string());
        }
    });
    let load = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        issued.set(None);
        let y = year.get_untracked();
        leptos::task::spawn_local(async move {
            match api::get_as::<Run>(&format!("/api/admin/register-fee-run?year={}", encode(&y)))
                .await
            {
                Ok(json) => preview.set(Some(json)),
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    let issue = move |_| {
        let Ok(y) = year.get_untracked().trim().parse::<i32>() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::post_as::<_, Run>("/api/admin/register-fee-run", &RunRequest { year: y })
                .await
            {
                Ok(json) => {
                    preview.set(None);
                    issued.set(Some(json));
                }
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    view! {
        <section aria-labelledby="jaarrun-titel">
            <h2 id="jaarrun-titel">"Jaarlijkse registerbijdrage factureren"</h2>
            <p>"Factureert elke externe aansluiter met een geldig certificaat, vanaf het jaar na certificering. Wie voor het jaar al een factuur heeft, krijgt er geen tweede. Je ziet eerst een voorbeeld."</p>
            <form class="form inline-form" on:submit=load>
                <div class="field">
                    <label for="jaarrun-jaar">"Jaar"</label>
                    <input id="jaarrun-jaar" type="number" inputmode="numeric" min="2000" max="2100"
                        prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button">"Voorbeeld tonen"</button>
            </form>
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || preview.get().map(|p| {
                let count = p.lines.len();
                let fee_note = match (p.fee_from_year, p.year) {
                    (Some(from), y) if from != y => format!(" (tarief van {from}: {y} heeft geen eigen tarief)"),
                    _ => String::new(),
                };
                view! {
                    <div class="notice" role="status">
                        <p>{format!(
                            "{count} facturen van {} excl. btw + {} btw = {} per aansluiter{fee_note}. {} aansluiters hebben al een factuur voor dit jaar.",
                            euro(p.amount_excl_vat_cents),
                            euro(p.vat_cents),
                            euro(p.amount_incl_vat_cents),
                            p.already_invoiced,
                        )}</p>
                        <ul>{p.lines.into_iter().map(|l| view! {
                            <li>{format!("{} — {}", l.affiliate_number, l.name)}</li>
                        }).collect_view()}</ul>
                        {(count > 0).then(|| view! {
                            <button type="button" class="button primary" on:click=issue>{format!("{count} facturen maken")}</button>
                        })}
                    </div>
                }
            })}
            {move || issued.get().map(|r| view! {
                <p class="notice" role="status">{format!(
                    "{} facturen gemaakt voor {}.",
                    r.lines.len(),
                    r.year
                )}</p>
            })}
        </section>
    }
}
