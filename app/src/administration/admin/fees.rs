//! `/administratie/tarieven`: the fee table per year and the VAT rates.

use super::message_of;
use crate::administration::{date, euro};
use crate::api_client as api;
use leptos::prelude::*;
use shared::administration::parse_euro;
use shared::api::administration::{FeeAmounts, Fees, NewVatRate};

#[component]
pub fn FeesPage() -> impl IntoView {
    view! { <Fees/> }
}

#[component]
fn Fees() -> impl IntoView {
    let data = RwSignal::new(None::<Fees>);
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
            match api::get_as::<Fees>("/api/admin/fees").await {
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
        let body = FeeAmounts {
            certification_fee_cents: c,
            affiliate_registration_fee_cents: r,
            register_fee_cents: a,
        };
        leptos::task::spawn_local(async move {
            match api::put_as::<_, Fees>(&format!("/api/admin/fees/{y}"), &body).await {
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
        let body = NewVatRate {
            valid_from: vat_from.get_untracked(),
            basis_points: bp,
        };
        leptos::task::spawn_local(async move {
            match api::post_as::<_, Fees>("/api/admin/vat-rates", &body).await {
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
            let Fees { years, vat_rates: rates, .. } = d;
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
                                view! { <tr>
                                    <th scope="row">{y.year}
                                        {(!y.own).then(|| view! { <span class="hint-inline">{format!(" geen eigen tarief: dat van {}", y.from_year)}</span> })}
                                    </th>
                                    <td class="num">{euro(y.certification_fee_cents)}</td>
                                    <td class="num">{euro(y.affiliate_registration_fee_cents)}</td>
                                    <td class="num">{euro(y.register_fee_cents)}</td>
                                </tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <h2>"Btw-tarieven"</h2>
                <ul class="facts">
                    {rates.into_iter().map(|r| view! {
                        <li>{format!("Vanaf {}: {}%", date(&r.valid_from.to_string()), f64::from(r.basis_points) / 100.0)}</li>
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
