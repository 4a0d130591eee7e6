//! On the home page, for a signed-in person: member or external affiliate,
//! their invoices and their certificate's recertification deadline.

use super::{date, euro};
use crate::api_client as api;
use crate::auth::session::{use_auth, AuthState};
use leptos::prelude::*;
use shared::api::administration::{OwnRegistration, RegistrationStatus};

#[component]
pub fn MyRegistration() -> impl IntoView {
    let auth = use_auth();
    // Asked once someone is signed in (reading `auth` inside the future
    // re-runs it when the session is known); nothing when signed out.
    let data = LocalResource::new(move || async move {
        match auth.get() {
            AuthState::SignedIn(_) => api::get_as::<OwnRegistration>("/api/me/registration")
                .await
                .ok(),
            _ => None,
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
        data.get().flatten().map(|own| {
            let OwnRegistration {
                status,
                member,
                affiliate,
                invoices,
                certificates,
            } = own;
            let status = match status {
                RegistrationStatus::Member => format!(
                    "Je bent Noloc-lid (lidmaatschapsnummer {}). Je betaalt geen registerbijdrage.",
                    member.map(|m| m.membership_number).unwrap_or_else(|| "?".into())
                ),
                RegistrationStatus::Affiliate => format!(
                    "Je bent externe aansluiter (aansluitingsnummer {}).",
                    affiliate.map(|a| a.affiliate_number).unwrap_or_else(|| "?".into())
                ),
                RegistrationStatus::None => "Er is nog geen lidmaatschap of aansluiting aan je account gekoppeld. Ben je geen Noloc-lid? Sluit je dan aan via de pagina Aansluiten.".to_string(),
            };
            view! {
                <section class="panel" aria-labelledby="mijn-registratie-titel">
                    <h2 id="mijn-registratie-titel">"Mijn registratie"</h2>
                    <p>{status}</p>
                    {certificates.into_iter().filter(|c| c.valid).take(1).map(|c| {
                        let pdf = format!("/api/certificates/{}/pdf", c.certificate_number);
                        view! {
                            <p class="notice">
                                "Je certificaat "{c.certificate_number.clone()}" is geldig tot "{date(&c.expiry_date)}". "
                                "Dien je portfolio voor hercertificering uiterlijk "<strong>{date(&c.recertification_deadline)}</strong>" in."
                            </p>
                            <p><a href=pdf download="">"Certificaat downloaden (PDF)"</a></p>
                        }
                    }).collect_view()}
                    {(!invoices.is_empty()).then(|| view! {
                        <h3>"Mijn facturen"</h3>
                        <ul class="invoice-list">
                            {invoices.into_iter().map(|i| view! {
                                <li>
                                    <a href=format!("/facturen/{}", i.id)>"Factuur "{i.number.clone()}</a>
                                    " — "{euro(i.total_incl_vat_cents)}" — "{i.status_label()}
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                </section>
            }
        })
    };
    // No fallback: the home page shows the panel only when there is one.
    view! { {admin_link} <Suspense fallback=|| ()>{registration}</Suspense> }
}
