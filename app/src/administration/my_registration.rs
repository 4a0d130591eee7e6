//! On the home page, for a signed-in person: member or external affiliate,
//! their invoices and their certificate's recertification deadline.

use super::{date, euro, status_label, Certificate, Invoice};
use crate::auth::api;
use crate::auth::session::{use_auth, AuthState};
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub fn MyRegistration() -> impl IntoView {
    let auth = use_auth();
    let data = RwSignal::new(None::<Value>);
    Effect::new(move |_| {
        if let AuthState::SignedIn(_) = auth.get() {
            leptos::task::spawn_local(async move {
                if let Ok(json) = api::get("/api/me/registration").await {
                    data.set(Some(json));
                }
            });
        }
    });
    let admin_link = move || {
        auth.me().filter(|me| me.is_admin()).map(|_| {
            view! {
                <section class="panel" aria-labelledby="administratie-titel">
                    <h2 id="administratie-titel">"Administratie"</h2>
                    <p><a class="button" href="/administratie">"Naar de administratie"</a></p>
                </section>
            }
        })
    };
    let registration = move || {
        data.get().map(|json| {
            let invoices: Vec<Invoice> =
                serde_json::from_value(json["invoices"].clone()).unwrap_or_default();
            let certificates: Vec<Certificate> =
                serde_json::from_value(json["certificates"].clone()).unwrap_or_default();
            let status = match json["status"].as_str() {
                Some("member") => format!(
                    "Je bent Noloc-lid (lidmaatschapsnummer {}). Je betaalt geen registerbijdrage.",
                    json["member"]["membership_number"].as_str().unwrap_or("?")
                ),
                Some("affiliate") => format!(
                    "Je bent externe aansluiter (aansluitingsnummer {}).",
                    json["affiliate"]["affiliate_number"].as_str().unwrap_or("?")
                ),
                _ => "Er is nog geen lidmaatschap of aansluiting aan je account gekoppeld. Ben je geen Noloc-lid? Sluit je dan aan via de pagina Aansluiten.".to_string(),
            };
            view! {
                <section class="panel" aria-labelledby="mijn-registratie-titel">
                    <h2 id="mijn-registratie-titel">"Mijn registratie"</h2>
                    <p>{status}</p>
                    {certificates.into_iter().filter(|c| c.valid).take(1).map(|c| view! {
                        <p class="notice">
                            "Je certificaat "{c.certificate_number}" is geldig tot "{date(&c.expiry_date)}". "
                            "Dien je portfolio voor hercertificering uiterlijk "<strong>{date(&c.recertification_deadline)}</strong>" in."
                        </p>
                    }).collect_view()}
                    {(!invoices.is_empty()).then(|| view! {
                        <h3>"Mijn facturen"</h3>
                        <ul class="invoice-list">
                            {invoices.into_iter().map(|i| view! {
                                <li>
                                    <a href=format!("/facturen/{}", i.id)>"Factuur "{i.number.clone()}</a>
                                    " — "{euro(i.total_incl_vat_cents)}" — "{status_label(&i.status, i.overdue)}
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                </section>
            }
        })
    };
    view! { {admin_link} {registration} }
}
