//! `/administratie/…`: the admin screens. Overview with reminders and the
//! annual register-fee run, invoices, fee tables, affiliates and members,
//! certificates with the CSV import.

use super::register_page::encode;
use super::{date, euro, split_field, status_label, AdminOnly, Certificate, Invoice};
use crate::auth::api;
use crate::components::today::today;
use leptos::prelude::*;

use crate::components::focus::focus_later;
use serde_json::{json, Value};
use shared::administration::parse_euro;

#[component]
fn AdminNav(current: &'static str) -> impl IntoView {
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

fn message_of(e: api::ApiFailure) -> String {
    split_field(&e.message).1
}

// ------------------------------------------------------------ overview

#[component]
pub fn OverviewPage() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Administratie"</h1>
            <AdminNav current="/administratie"/>
            <AdminOnly><Overview/><AnnualRun/></AdminOnly>
        </section>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let data = RwSignal::new(None::<Value>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match api::get("/api/admin/overview").await {
                Ok(json) => data.set(Some(json)),
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    });
    view! {
        <p class="form-error" role="alert">{move || error.get()}</p>
        {move || data.get().map(|d| {
            let reminders: Vec<Certificate> = serde_json::from_value(d["reminders"].clone()).unwrap_or_default();
            view! {
                <section aria-labelledby="stand-titel">
                    <h2 id="stand-titel">"Stand van zaken"</h2>
                    <ul class="facts">
                        <li>{format!("{} openstaande facturen, samen {}", d["open_invoices"].as_i64().unwrap_or(0), euro(d["open_amount_incl_vat_cents"].as_i64().unwrap_or(0)))}</li>
                        <li><a href="/administratie/facturen?te-laat=1">{format!("{} facturen over de vervaldatum", d["overdue_invoices"].as_i64().unwrap_or(0))}</a></li>
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
    let preview = RwSignal::new(None::<Value>);
    let issued = RwSignal::new(None::<Value>);
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
            match api::get(&format!("/api/admin/register-fee-run?year={}", encode(&y))).await {
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
            match api::post("/api/admin/register-fee-run", &json!({"year": y})).await {
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
                let lines = p["lines"].as_array().cloned().unwrap_or_default();
                let count = lines.len();
                let fee_note = match (p["fee_from_year"].as_i64(), p["year"].as_i64()) {
                    (Some(from), Some(y)) if from != y => format!(" (tarief van {from}: {y} heeft geen eigen tarief)"),
                    _ => String::new(),
                };
                view! {
                    <div class="notice" role="status">
                        <p>{format!(
                            "{count} facturen van {} excl. btw + {} btw = {} per aansluiter{fee_note}. {} aansluiters hebben al een factuur voor dit jaar.",
                            euro(p["amount_excl_vat_cents"].as_i64().unwrap_or(0)),
                            euro(p["vat_cents"].as_i64().unwrap_or(0)),
                            euro(p["amount_incl_vat_cents"].as_i64().unwrap_or(0)),
                            p["already_invoiced"].as_i64().unwrap_or(0),
                        )}</p>
                        <ul>{lines.into_iter().map(|l| view! {
                            <li>{format!("{} — {}", l["affiliate_number"].as_str().unwrap_or_default(), l["name"].as_str().unwrap_or_default())}</li>
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
                    r["lines"].as_array().map(|l| l.len()).unwrap_or(0),
                    r["year"].as_i64().unwrap_or(0)
                )}</p>
            })}
        </section>
    }
}

// ------------------------------------------------------------ invoices

#[component]
pub fn InvoicesPage() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Facturen"</h1>
            <AdminNav current="/administratie/facturen"/>
            <AdminOnly><Invoices/></AdminOnly>
        </section>
    }
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
            match api::get(&format!("/api/admin/invoices?{qs}")).await {
                Ok(json) => {
                    list.set(serde_json::from_value(json["invoices"].clone()).unwrap_or_default())
                }
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
        let body = json!({"paid_on": paid_on.get_untracked()});
        leptos::task::spawn_local(async move {
            match api::post(&format!("/api/admin/invoices/{id}/paid"), &body).await {
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
            match api::post(&format!("/api/admin/invoices/{id}/credit"), &json!({})).await {
                Ok(json) => {
                    message.set(Some(format!(
                        "Factuur {number} is gecrediteerd met creditfactuur {}.",
                        json["credit_invoice"]["number"]
                            .as_str()
                            .unwrap_or_default()
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
                    <For each=move || list.get() key=|i| (i.id.clone(), i.status.clone()) let:i>
                        {
                            let (id1, n1) = (i.id.clone(), i.number.clone());
                            let (id2, n2) = (i.id.clone(), i.number.clone());
                            let can_pay = i.status == "open" && i.kind != "credit";
                            let can_credit = i.status != "credited" && i.kind != "credit";
                            view! { <tr>
                                <td><a href=format!("/facturen/{}", i.id)>{i.number.clone()}</a></td>
                                <td>{date(&i.issue_date)}</td>
                                <td>{i.buyer.name.clone()}</td>
                                <td class="num">{euro(i.total_incl_vat_cents)}</td>
                                <td>{status_label(&i.status, i.overdue)}{i.paid_on.clone().map(|d| format!(" ({})", date(&d)))}</td>
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

// ------------------------------------------------------------ fees

#[component]
pub fn FeesPage() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Tarieven"</h1>
            <AdminNav current="/administratie/tarieven"/>
            <AdminOnly><Fees/></AdminOnly>
        </section>
    }
}

#[component]
fn Fees() -> impl IntoView {
    let data = RwSignal::new(None::<Value>);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let year = RwSignal::new(String::new());
    let cert = RwSignal::new(String::new());
    let reg = RwSignal::new(String::new());
    let annual = RwSignal::new(String::new());
    let vat_from = RwSignal::new(String::new());
    let vat_pct = RwSignal::new(String::new());
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match api::get("/api/admin/fees").await {
                Ok(json) => data.set(Some(json)),
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(None);
        let parsed = (
            year.get_untracked().trim().parse::<i32>().ok(),
            parse_euro(&cert.get_untracked()),
            parse_euro(&reg.get_untracked()),
            parse_euro(&annual.get_untracked()),
        );
        let (Some(y), Some(c), Some(r), Some(a)) = parsed else {
            error.set(Some(
                "Vul een jaar in en drie bedragen in euro’s, bijvoorbeeld 202,50.".into(),
            ));
            return;
        };
        let body = json!({"certification_fee_cents": c, "affiliate_registration_fee_cents": r, "register_fee_cents": a});
        leptos::task::spawn_local(async move {
            match api::send("PUT", &format!("/api/admin/fees/{y}"), Some(&body)).await {
                Ok(json) => {
                    data.set(Some(json));
                    saved.set(Some(format!("Tarieven voor {y} opgeslagen.")));
                }
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    let save_vat = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(None);
        let Some(bp) = parse_euro(&vat_pct.get_untracked()) else {
            error.set(Some(
                "Vul het btw-percentage in, bijvoorbeeld 21 of 9.".into(),
            ));
            return;
        };
        let body = json!({"valid_from": vat_from.get_untracked(), "basis_points": bp});
        leptos::task::spawn_local(async move {
            match api::post("/api/admin/vat-rates", &body).await {
                Ok(json) => {
                    data.set(Some(json));
                    saved.set(Some("Btw-tarief opgeslagen.".into()));
                }
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    view! {
        <p class="form-error" role="alert">{move || error.get()}</p>
        <p class="notice-line" role="status">{move || saved.get()}</p>
        {move || data.get().map(|d| {
            let years = d["years"].as_array().cloned().unwrap_or_default();
            let rates = d["vat_rates"].as_array().cloned().unwrap_or_default();
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
                    <table class="data-table">
                        <caption>"Tarieven per jaar, exclusief btw"</caption>
                        <thead><tr>
                            <th scope="col">"Jaar"</th><th scope="col" class="num">"Certificering (DNV, ter informatie)"</th>
                            <th scope="col" class="num">"Inschrijving aansluiter"</th><th scope="col" class="num">"Registerbijdrage"</th>
                        </tr></thead>
                        <tbody>
                            {years.into_iter().map(|y| {
                                let own = y["own"].as_bool().unwrap_or(false);
                                view! { <tr>
                                    <th scope="row">{y["year"].as_i64().unwrap_or(0)}
                                        {(!own).then(|| view! { <span class="hint-inline">{format!(" geen eigen tarief: dat van {}", y["from_year"].as_i64().unwrap_or(0))}</span> })}
                                    </th>
                                    <td class="num">{euro(y["certification_fee_cents"].as_i64().unwrap_or(0))}</td>
                                    <td class="num">{euro(y["affiliate_registration_fee_cents"].as_i64().unwrap_or(0))}</td>
                                    <td class="num">{euro(y["register_fee_cents"].as_i64().unwrap_or(0))}</td>
                                </tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <h2>"Btw-tarieven"</h2>
                <ul class="facts">
                    {rates.into_iter().map(|r| view! {
                        <li>{format!("Vanaf {}: {}%", date(r["valid_from"].as_str().unwrap_or_default()), r["basis_points"].as_i64().unwrap_or(0) as f64 / 100.0)}</li>
                    }).collect_view()}
                </ul>
            }
        })}
        <h2>"Tarief van een jaar vastleggen"</h2>
        <p>"Een jaar zonder eigen tarief gebruikt het laatste eerdere tarief. Bedragen exclusief btw."</p>
        <form class="form" on:submit=save>
            <div class="field"><label for="tarief-jaar">"Jaar"</label>
                <input id="tarief-jaar" type="number" inputmode="numeric" min="2000" max="2100" required prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev))/></div>
            <div class="field"><label for="tarief-certificering">"Certificering in euro’s (ter informatie)"</label>
                <input id="tarief-certificering" inputmode="decimal" required prop:value=move || cert.get() on:input=move |ev| cert.set(event_target_value(&ev))/></div>
            <div class="field"><label for="tarief-inschrijving">"Inschrijving externe aansluiter in euro’s"</label>
                <input id="tarief-inschrijving" inputmode="decimal" required prop:value=move || reg.get() on:input=move |ev| reg.set(event_target_value(&ev))/></div>
            <div class="field"><label for="tarief-register">"Registerbijdrage in euro’s"</label>
                <input id="tarief-register" inputmode="decimal" required prop:value=move || annual.get() on:input=move |ev| annual.set(event_target_value(&ev))/></div>
            <button type="submit" class="button primary">"Tarief opslaan"</button>
        </form>
        <h2>"Btw-tarief vastleggen"</h2>
        <form class="form" on:submit=save_vat>
            <div class="field"><label for="btw-vanaf">"Geldt vanaf"</label>
                <input id="btw-vanaf" type="date" required prop:value=move || vat_from.get() on:input=move |ev| vat_from.set(event_target_value(&ev))/></div>
            <div class="field"><label for="btw-percentage">"Percentage"</label>
                <input id="btw-percentage" inputmode="decimal" required prop:value=move || vat_pct.get() on:input=move |ev| vat_pct.set(event_target_value(&ev))/></div>
            <button type="submit" class="button primary">"Btw-tarief opslaan"</button>
        </form>
    }
}

// ------------------------------------------------------------ people

#[component]
pub fn RelationsPage() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Aansluiters en leden"</h1>
            <AdminNav current="/administratie/relaties"/>
            <AdminOnly><Relations/></AdminOnly>
        </section>
    }
}

#[component]
fn Relations() -> impl IntoView {
    let q = RwSignal::new(String::new());
    let affiliates = RwSignal::new(Vec::<Value>::new());
    let members = RwSignal::new(Vec::<Value>::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<Editing>);
    // "Gegevens van … opgeslagen." under the table that was edited.
    let edit_saved = RwSignal::new(None::<(RecordKind, String)>);
    let (m_number, m_name, m_email, m_city) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let reload = move || {
        let qs = encode(&q.get_untracked());
        leptos::task::spawn_local(async move {
            match api::get(&format!("/api/admin/affiliates?q={qs}")).await {
                Ok(json) => {
                    affiliates.set(json["affiliates"].as_array().cloned().unwrap_or_default())
                }
                Err(e) => error.set(Some(message_of(e))),
            }
            if let Ok(json) = api::get(&format!("/api/admin/members?q={qs}")).await {
                members.set(json["members"].as_array().cloned().unwrap_or_default());
            }
        });
    };
    Effect::new(move |_| reload());
    let add_member = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(None);
        let body = json!({"membership_number": m_number.get_untracked(), "name": m_name.get_untracked(), "email": m_email.get_untracked(), "city": m_city.get_untracked()});
        leptos::task::spawn_local(async move {
            match api::post("/api/admin/members", &body).await {
                Ok(_) => {
                    saved.set(Some("Lid toegevoegd.".into()));
                    reload();
                }
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let open_editor = move |kind: RecordKind, record: Value| {
        edit_saved.set(None);
        editing.set(Some(Editing { kind, record }));
    };
    let close_editor = Callback::new(move |()| {
        if let Some(e) = editing.get_untracked() {
            focus_later(edit_button_id(&e.record));
        }
        editing.set(None);
    });
    let on_saved = Callback::new(move |record: Value| {
        let Some(e) = editing.get_untracked() else {
            return;
        };
        let list = match e.kind {
            RecordKind::Member => members,
            RecordKind::Affiliate => affiliates,
        };
        list.update(|rows| {
            for row in rows.iter_mut().filter(|r| r["id"] == record["id"]) {
                *row = record.clone();
            }
        });
        edit_saved.set(Some((
            e.kind,
            format!(
                "Gegevens van {} opgeslagen.",
                record["name"].as_str().unwrap_or_default()
            ),
        )));
        focus_later(edit_button_id(&record));
        editing.set(None);
    });
    let edit_button = move |kind: RecordKind, record: Value| {
        let name = text(&record, "name");
        let id = edit_button_id(&record);
        let record_id = record["id"].clone();
        view! {
            <button type="button" class="button small" id=id
                aria-expanded=move || if editing.with(|e| e.as_ref().is_some_and(|e| e.record["id"] == record_id)) { "true" } else { "false" }
                on:click=move |_| open_editor(kind, record.clone())>
                "Wijzigen"<span class="visually-hidden">{format!(" ({name})")}</span>
            </button>
        }
    };
    let editor_for = move |kind: RecordKind| {
        move || {
            editing.get().filter(|e| e.kind == kind).map(
                |e| view! { <RecordEditor editing=e on_saved=on_saved on_cancel=close_editor/> },
            )
        }
    };
    let saved_line = move |kind: RecordKind| {
        move || {
            edit_saved
                .get()
                .filter(|(k, _)| *k == kind)
                .map(|(_, message)| message)
        }
    };
    view! {
        <form class="form filter-form" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); reload(); }>
            <div class="field">
                <label for="relatie-zoek">"Zoek op naam, e-mail, plaats of nummer"</label>
                <input id="relatie-zoek" type="search" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
            </div>
            <div class="button-row">
                <button type="submit" class="button primary">"Zoeken"</button>
                <a class="button" href=move || format!("/api/admin/affiliates?q={}&format=csv", encode(&q.get())) download="aansluiters.csv">"Aansluiters als CSV"</a>
                <a class="button" href=move || format!("/api/admin/members?q={}&format=csv", encode(&q.get())) download="leden.csv">"Leden als CSV"</a>
            </div>
        </form>
        <p class="form-error" role="alert">{move || error.get()}</p>
        <p class="notice-line" role="status">{move || saved.get()}</p>
        <h2>"Externe aansluiters"</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
            <table class="data-table">
                <caption class="visually-hidden">"Externe aansluiters"</caption>
                <thead><tr><th scope="col">"Actie"</th><th scope="col">"Nummer"</th><th scope="col">"Naam"</th><th scope="col">"E-mail"</th><th scope="col">"Adres"</th><th scope="col">"Plaats"</th><th scope="col">"Account"</th></tr></thead>
                <tbody>
                    {move || affiliates.get().into_iter().map(|a| view! { <tr>
                        <td class="actions">{edit_button(RecordKind::Affiliate, a.clone())}</td>
                        <td>{text(&a, "affiliate_number")}</td><td>{text(&a, "name")}</td><td>{text(&a, "email")}</td>
                        <td>{format!("{}, {}", text(&a, "street"), text(&a, "postal_code"))}</td><td>{text(&a, "city")}</td>
                        <td>{if a["user_id"].is_string() { "gekoppeld" } else { "via e-mailadres" }}</td>
                    </tr> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="notice-line" role="status">{saved_line(RecordKind::Affiliate)}</p>
        {editor_for(RecordKind::Affiliate)}
        <h2>"Noloc-leden"</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
            <table class="data-table">
                <caption class="visually-hidden">"Noloc-leden"</caption>
                <thead><tr><th scope="col">"Actie"</th><th scope="col">"Lidmaatschapsnummer"</th><th scope="col">"Naam"</th><th scope="col">"E-mail"</th><th scope="col">"Plaats"</th></tr></thead>
                <tbody>
                    {move || members.get().into_iter().map(|m| view! { <tr>
                        <td class="actions">{edit_button(RecordKind::Member, m.clone())}</td>
                        <td>{text(&m, "membership_number")}</td><td>{text(&m, "name")}</td><td>{text(&m, "email")}</td><td>{text(&m, "city")}</td>
                    </tr> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="notice-line" role="status">{saved_line(RecordKind::Member)}</p>
        {editor_for(RecordKind::Member)}
        <h3>"Lid toevoegen"</h3>
        <form class="form" on:submit=add_member>
            <div class="field"><label for="lid-nummer">"Lidmaatschapsnummer"</label><input id="lid-nummer" required prop:value=move || m_number.get() on:input=move |ev| m_number.set(event_target_value(&ev))/></div>
            <div class="field"><label for="lid-naam">"Naam"</label><input id="lid-naam" required prop:value=move || m_name.get() on:input=move |ev| m_name.set(event_target_value(&ev))/></div>
            <div class="field"><label for="lid-email">"E-mailadres"</label><input id="lid-email" type="email" required prop:value=move || m_email.get() on:input=move |ev| m_email.set(event_target_value(&ev))/></div>
            <div class="field"><label for="lid-plaats">"Plaats"</label><input id="lid-plaats" required prop:value=move || m_city.get() on:input=move |ev| m_city.set(event_target_value(&ev))/></div>
            <button type="submit" class="button primary">"Lid toevoegen"</button>
        </form>
    }
}

/// Which record the edit form corrects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RecordKind {
    Member,
    Affiliate,
}

/// The record being corrected, as the list gave it.
#[derive(Clone, Debug, PartialEq)]
struct Editing {
    kind: RecordKind,
    record: Value,
}

/// A field of the edit form: the API's key, its label and input type.
struct EditField {
    key: &'static str,
    label: &'static str,
    input_type: &'static str,
}

const MEMBER_FIELDS: [EditField; 4] = [
    EditField {
        key: "membership_number",
        label: "Lidmaatschapsnummer",
        input_type: "text",
    },
    EditField {
        key: "name",
        label: "Naam",
        input_type: "text",
    },
    EditField {
        key: "email",
        label: "E-mailadres",
        input_type: "email",
    },
    EditField {
        key: "city",
        label: "Plaats",
        input_type: "text",
    },
];

const AFFILIATE_FIELDS: [EditField; 5] = [
    EditField {
        key: "name",
        label: "Naam",
        input_type: "text",
    },
    EditField {
        key: "email",
        label: "E-mailadres",
        input_type: "email",
    },
    EditField {
        key: "street",
        label: "Straat en huisnummer",
        input_type: "text",
    },
    EditField {
        key: "postal_code",
        label: "Postcode",
        input_type: "text",
    },
    EditField {
        key: "city",
        label: "Plaats",
        input_type: "text",
    },
];

fn edit_button_id(record: &Value) -> String {
    format!("wijzig-{}", record["id"].as_str().unwrap_or_default())
}

/// The inline form that corrects a member's or an affiliate's details
/// (`PUT /api/admin/{members|affiliates}/{id}`). The server's 422 names the
/// field, shown at the field and, with its label, in the alert; a 409 says
/// the number or address belongs to someone else.
#[component]
fn RecordEditor(
    editing: Editing,
    on_saved: Callback<Value>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let Editing { kind, record } = editing;
    let (fields, prefix, path, reply_key): (&'static [EditField], _, _, _) = match kind {
        RecordKind::Member => (&MEMBER_FIELDS, "lid-wijzig", "members", "member"),
        RecordKind::Affiliate => (
            &AFFILIATE_FIELDS,
            "aansluiter-wijzig",
            "affiliates",
            "affiliate",
        ),
    };
    let path = format!(
        "/api/admin/{path}/{}",
        record["id"].as_str().unwrap_or_default()
    );
    let name = record["name"].as_str().unwrap_or_default().to_string();
    let title_id = format!("{prefix}-titel");
    let labelled_by = title_id.clone();
    let alert_id = format!("{prefix}-fout");
    // Per field: its value and the server's message about it.
    type FieldState = (
        &'static EditField,
        RwSignal<String>,
        RwSignal<Option<String>>,
    );
    let signals: Vec<FieldState> = fields
        .iter()
        .map(|f| {
            let value = record[f.key].as_str().unwrap_or_default().to_string();
            (f, RwSignal::new(value), RwSignal::new(None::<String>))
        })
        .collect();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    focus_later(format!("{prefix}-{}", fields[0].key));
    let submit = {
        let signals = signals.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            alert.set(None);
            let mut body = json!({});
            for (f, value, error) in &signals {
                error.set(None);
                body[f.key] = json!(value.get_untracked());
            }
            busy.set(true);
            let path = path.clone();
            let signals = signals.clone();
            leptos::task::spawn_local(async move {
                let reply = api::put(&path, &body).await;
                busy.set(false);
                match reply {
                    Ok(json) => on_saved.run(json[reply_key].clone()),
                    Err(e) => {
                        let (field, message) = split_field(&e.message);
                        // A taken e-mail address of an affiliate is that field's.
                        let field = field.or_else(|| {
                            (e.code == "affiliate_exists").then(|| "email".to_string())
                        });
                        match signals
                            .iter()
                            .find(|(f, _, _)| Some(f.key) == field.as_deref())
                        {
                            Some((f, _, error)) => {
                                error.set(Some(message.clone()));
                                alert.set(Some(format!("{}: {message}", f.label)));
                                focus_later(format!("{prefix}-{}", f.key));
                            }
                            None => alert.set(Some(message)),
                        }
                    }
                }
            });
        }
    };
    view! {
        <form class="form edit-form" aria-labelledby=labelled_by novalidate on:submit=submit>
            <h3 id=title_id>{format!("Gegevens van {name} wijzigen")}</h3>
            <p class="form-error" role="alert" id=alert_id>{move || alert.get()}</p>
            {signals.into_iter().map(|(f, value, error)| {
                let id = format!("{prefix}-{}", f.key);
                let error_id = format!("{id}-fout");
                let described = error_id.clone();
                view! {
                    <div class="field">
                        <label for=id.clone()>{f.label}</label>
                        <input id=id type=f.input_type autocomplete="off" required
                            aria-invalid=move || error.get().is_some().then_some("true")
                            aria-describedby=move || error.get().is_some().then(|| described.clone())
                            prop:value=move || value.get()
                            on:input=move |ev| {
                                value.set(event_target_value(&ev));
                                error.set(None);
                            }/>
                        {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
                    </div>
                }
            }).collect_view()}
            <div class="button-row">
                <button type="submit" class="button primary" disabled=move || busy.get()>"Opslaan"</button>
                <button type="button" class="button secondary" on:click=move |_| on_cancel.run(())>"Annuleren"</button>
            </div>
        </form>
    }
}

// ------------------------------------------------------------ certificates

#[component]
pub fn CertificatesPage() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Certificaten"</h1>
            <AdminNav current="/administratie/certificaten"/>
            <AdminOnly><Certificates/></AdminOnly>
        </section>
    }
}

#[component]
fn Certificates() -> impl IntoView {
    let q = RwSignal::new(String::new());
    let list = RwSignal::new(Vec::<Certificate>::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let fields: [(RwSignal<String>, &'static str, &'static str, &'static str); 6] = [
        (RwSignal::new(String::new()), "cert-naam", "Naam", "name"),
        (
            RwSignal::new(String::new()),
            "cert-email",
            "E-mailadres",
            "email",
        ),
        (
            RwSignal::new(String::new()),
            "cert-plaats",
            "Plaats",
            "city",
        ),
        (
            RwSignal::new(String::new()),
            "cert-nummer",
            "Certificaatnummer",
            "certificate_number",
        ),
        (
            RwSignal::new(String::new()),
            "cert-datum",
            "Afgiftedatum",
            "issue_date",
        ),
        (
            RwSignal::new(String::new()),
            "cert-relatie",
            "Lidmaatschaps- of aansluitingsnummer",
            "relation_number",
        ),
    ];
    let kind = RwSignal::new("initial".to_string());
    let csv = RwSignal::new(String::new());
    let report = RwSignal::new(None::<Value>);
    let reload = move || {
        let qs = encode(&q.get_untracked());
        leptos::task::spawn_local(async move {
            match api::get(&format!("/api/admin/certificates?q={qs}")).await {
                Ok(json) => list
                    .set(serde_json::from_value(json["certificates"].clone()).unwrap_or_default()),
                Err(e) => error.set(Some(message_of(e))),
            }
        });
    };
    Effect::new(move |_| reload());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(None);
        let mut body = json!({"kind": kind.get_untracked()});
        for (signal, _, _, key) in fields {
            body[key] = json!(signal.get_untracked());
        }
        leptos::task::spawn_local(async move {
            match api::post("/api/admin/certificates", &body).await {
                Ok(json) => {
                    saved.set(Some(format!(
                        "Certificaat {} toegevoegd, geldig tot {}.",
                        json["certificate_number"].as_str().unwrap_or_default(),
                        date(json["expiry_date"].as_str().unwrap_or_default())
                    )));
                    reload();
                }
                Err(e) => {
                    let (field, message) = split_field(&e.message);
                    let label = fields
                        .iter()
                        .find(|(_, _, _, key)| Some(*key) == field.as_deref())
                        .map(|(_, _, label, _)| format!("{label}: "))
                        .unwrap_or_default();
                    error.set(Some(format!("{label}{message}")));
                }
            }
        });
    };
    let import = move |dry_run: bool| {
        error.set(None);
        saved.set(None);
        report.set(None);
        let text = csv.get_untracked();
        leptos::task::spawn_local(async move {
            let path = format!("/api/admin/certificates/import?dry_run={dry_run}");
            match send_csv(&path, &text).await {
                Ok((ok, json)) => {
                    if ok && !dry_run {
                        saved.set(Some(match json["imported"].as_i64().unwrap_or(0) {
                            1 => "1 certificaat ingelezen.".to_string(),
                            n => format!("{n} certificaten ingelezen."),
                        }));
                        reload();
                    } else if ok {
                        saved.set(Some(
                            "Alle regels zijn in orde. Kies ‘Inlezen’ om ze op te slaan.".into(),
                        ));
                    } else {
                        error.set(Some(
                            split_field(
                                json["error"]["message"]
                                    .as_str()
                                    .unwrap_or("Het inlezen is mislukt."),
                            )
                            .1,
                        ));
                    }
                    report.set(Some(json));
                }
                Err(message) => error.set(Some(message)),
            }
        });
    };
    view! {
        <p class="form-error" role="alert">{move || error.get()}</p>
        <p class="notice-line" role="status">{move || saved.get()}</p>
        <h2>"Certificaat toevoegen"</h2>
        <form class="form" on:submit=add>
            {fields.into_iter().map(|(signal, id, label, key)| view! {
                <div class="field">
                    <label for=id>{label}</label>
                    {(key == "issue_date").then_some(view! { <p class="hint" id="cert-datum-hint">"De geldigheid (4 jaar) rekent de administratie uit."</p> })}
                    <input id=id required type=if key == "issue_date" { "date" } else if key == "email" { "email" } else { "text" }
                        prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev))/>
                </div>
            }).collect_view()}
            <div class="field">
                <label for="cert-soort">"Soort"</label>
                <select id="cert-soort" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="initial">"Initiële certificering"</option>
                    <option value="recertification">"Hercertificering"</option>
                </select>
            </div>
            <button type="submit" class="button primary">"Certificaat toevoegen"</button>
        </form>
        <h2>"Bestaande certificaten inlezen (CSV)"</h2>
        <p id="csv-hint" class="hint">
            "Kies een CSV-bestand of plak de inhoud ervan, met deze kolommen en de kolomnamen op de eerste regel: "
            {shared::administration::IMPORT_COLUMNS.join(", ")}
            ". Puntkomma of komma als scheidingsteken. Is één regel niet in orde, dan wordt niets ingelezen."
        </p>
        <div class="field">
            <label for="csv-bestand">"CSV-bestand"</label>
            <input id="csv-bestand" type="file" accept=".csv,text/csv,text/plain" aria-describedby="csv-hint"
                on:change=move |ev| read_file_into(ev, csv, error)/>
        </div>
        <div class="field">
            <label for="csv-inhoud">"CSV-inhoud"</label>
            <textarea id="csv-inhoud" class="csv-input" aria-describedby="csv-hint" prop:value=move || csv.get() on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
        </div>
        <div class="button-row">
            <button type="button" class="button" on:click=move |_| import(true)>"Controleren"</button>
            <button type="button" class="button primary" on:click=move |_| import(false)>"Inlezen"</button>
        </div>
        {move || report.get().map(|r| {
            let rows = r["rows"].as_array().cloned().unwrap_or_default();
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
                    <table class="data-table">
                        <caption>"Controle per regel"</caption>
                        <thead><tr><th scope="col">"Regel"</th><th scope="col">"Certificaat"</th><th scope="col">"Resultaat"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| {
                                let ok = row["ok"].as_bool().unwrap_or(false);
                                let errors: Vec<String> = row["errors"].as_array().map(|e| e.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default();
                                view! { <tr class=if ok { "row-ok" } else { "row-error" }>
                                    <td>{row["line"].as_i64().unwrap_or(0)}</td>
                                    <td>{row["certificate_number"].as_str().unwrap_or_default().to_string()}</td>
                                    <td>{if ok { "In orde".to_string() } else { errors.join("; ") }}</td>
                                </tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })}
        <h2>"Alle certificaten"</h2>
        <form class="form filter-form" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); reload(); }>
            <div class="field">
                <label for="cert-zoek">"Zoek op naam, plaats, e-mail of nummer"</label>
                <input id="cert-zoek" type="search" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
            </div>
            <div class="button-row">
                <button type="submit" class="button primary">"Zoeken"</button>
                <a class="button" href=move || format!("/api/admin/certificates?q={}&format=csv", encode(&q.get())) download="certificaten.csv">"Exporteren als CSV"</a>
            </div>
        </form>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Tabel (schuif opzij voor meer kolommen)">
            <table class="data-table">
                <caption class="visually-hidden">"Certificaten"</caption>
                <thead><tr><th scope="col">"Nummer"</th><th scope="col">"Naam"</th><th scope="col">"Plaats"</th><th scope="col">"Afgegeven"</th><th scope="col">"Geldig tot"</th><th scope="col">"Soort"</th></tr></thead>
                <tbody>
                    {move || list.get().into_iter().map(|c| view! { <tr>
                        <td>{c.certificate_number}</td><td>{c.name}</td><td>{c.city}</td>
                        <td>{date(&c.issue_date)}</td>
                        <td>{date(&c.expiry_date)}{(!c.valid).then_some(" (verlopen)")}</td>
                        <td>{if c.kind == "recertification" { "Hercertificering" } else { "Initieel" }}</td>
                    </tr> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// POSTs CSV text; `Ok((success, json))` for any JSON answer.
async fn send_csv(path: &str, text: &str) -> Result<(bool, Value), String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        let offline = || "Geen verbinding met de server. Probeer het opnieuw.".to_string();
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        let headers = web_sys::Headers::new().map_err(|_| offline())?;
        let _ = headers.set("content-type", "text/csv; charset=utf-8");
        let _ = headers.set("accept", "application/json");
        init.set_headers(&headers);
        init.set_body(&wasm_bindgen::JsValue::from_str(text));
        let request =
            web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| offline())?;
        let response = JsFuture::from(window().fetch_with_request(&request))
            .await
            .map_err(|_| offline())?;
        let response: web_sys::Response = response.dyn_into().map_err(|_| offline())?;
        let body = JsFuture::from(response.text().map_err(|_| offline())?)
            .await
            .map_err(|_| offline())?;
        let json: Value =
            serde_json::from_str(&body.as_string().unwrap_or_default()).unwrap_or(Value::Null);
        Ok((response.ok(), json))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (path, text);
        Err("Niet beschikbaar.".into())
    }
}

/// Reads the chosen file as text into `target`, so the person sees what
/// will be checked and can still correct it before importing.
fn read_file_into(
    ev: leptos::ev::Event,
    target: RwSignal<String>,
    error: RwSignal<Option<String>>,
) {
    #[cfg(feature = "hydrate")]
    {
        let file = event_target::<web_sys::HtmlInputElement>(&ev)
            .files()
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            return;
        };
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => {
                    error.set(None);
                    target.set(text.as_string().unwrap_or_default());
                }
                Err(_) => error.set(Some(
                    "Dit bestand kon niet worden gelezen. Kies een CSV-bestand (tekst).".into(),
                )),
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, target, error);
}
