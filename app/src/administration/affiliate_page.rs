//! `/aansluiten`: a non-member registers as external affiliate and gets an
//! affiliate number and the invoice for the one-time registration at once.

use super::euro;
use crate::api_client as api;
use leptos::prelude::*;
use shared::api::administration::{Registered, Registration};
use shared::FieldError;

#[derive(Clone, Copy)]
struct FieldSignals {
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
}

impl FieldSignals {
    fn new() -> Self {
        FieldSignals {
            value: RwSignal::new(String::new()),
            error: RwSignal::new(None),
        }
    }
}

/// One labelled input with its hint and error, tied together for screen
/// readers.
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    signals: FieldSignals,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-fout");
    let described = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if signals.error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}{(!required).then_some(" (optioneel)")}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=id
                type=input_type.unwrap_or("text")
                autocomplete=autocomplete.unwrap_or("off")
                required=required
                aria-invalid=move || signals.error.get().is_some().then_some("true")
                aria-describedby=described
                prop:value=move || signals.value.get()
                on:input=move |ev| {
                    signals.value.set(event_target_value(&ev));
                    signals.error.set(None);
                }
            />
            {move || signals.error.get().map(|e| view! {
                <p class="field-error" id=error_id.clone()>{e}</p>
            })}
        </div>
    }
}

fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[component]
pub fn AffiliatePage() -> impl IntoView {
    let name = FieldSignals::new();
    let email = FieldSignals::new();
    let street = FieldSignals::new();
    let postal_code = FieldSignals::new();
    let city = FieldSignals::new();
    let organisation = FieldSignals::new();
    let invoice_name = FieldSignals::new();
    let invoice_street = FieldSignals::new();
    let invoice_postal_code = FieldSignals::new();
    let invoice_city = FieldSignals::new();
    let invoice_email = FieldSignals::new();
    let other_invoice = RwSignal::new(false);
    let consent = RwSignal::new(false);
    let consent_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<Registered>);

    let by_id = move |field: &str| -> Option<(&'static str, FieldSignals)> {
        Some(match field {
            "name" => ("naam", name),
            "email" => ("email", email),
            "street" => ("straat", street),
            "postal_code" => ("postcode", postal_code),
            "city" => ("plaats", city),
            "organisation" => ("organisatie", organisation),
            "invoice_name" => ("factuur-naam", invoice_name),
            "invoice_street" => ("factuur-straat", invoice_street),
            "invoice_postal_code" => ("factuur-postcode", invoice_postal_code),
            "invoice_city" => ("factuur-plaats", invoice_city),
            "invoice_email" => ("factuur-email", invoice_email),
            _ => return None,
        })
    };

    // Every wrong field gets its message; the first one gets the focus.
    let show_errors = move |errors: &[FieldError]| {
        let mut first: Option<&'static str> = None;
        for e in errors {
            if e.field == "privacy_consent" {
                consent_error.set(Some(e.message.clone()));
                first.get_or_insert("toestemming");
            } else if let Some((id, signals)) = by_id(&e.field) {
                signals.error.set(Some(e.message.clone()));
                first.get_or_insert(id);
            }
        }
        if let Some(id) = first {
            focus(id);
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        let opt = |f: FieldSignals| {
            let v = f.value.get_untracked();
            (!v.trim().is_empty()).then_some(v)
        };
        let other = other_invoice.get_untracked();
        let request = Registration {
            name: name.value.get_untracked(),
            email: email.value.get_untracked(),
            street: street.value.get_untracked(),
            postal_code: postal_code.value.get_untracked(),
            city: city.value.get_untracked(),
            organisation: opt(organisation),
            invoice_name: if other { opt(invoice_name) } else { None },
            invoice_street: if other { opt(invoice_street) } else { None },
            invoice_postal_code: if other {
                opt(invoice_postal_code)
            } else {
                None
            },
            invoice_city: if other { opt(invoice_city) } else { None },
            invoice_email: if other { opt(invoice_email) } else { None },
            privacy_consent: consent.get_untracked(),
        };
        // The server's own checks (`shared`), so people hear at once what
        // to fix, in the same words.
        if let Err(errors) = request.check() {
            show_errors(&errors);
            error.set(Some(
                "Niet alles is goed ingevuld. Verbeter de gemarkeerde velden.".into(),
            ));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::post_as::<_, Registered>("/api/affiliates", &request).await {
                Ok(answer) => done.set(Some(answer)),
                Err(e) => {
                    show_errors(&e.fields);
                    error.set(Some(e.first_field().1));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <section class="hero">
            <h1>"Aansluiten als externe aansluiter"</h1>
            <p class="lead">
                "Ben je geen lid van Noloc en wil je je laten certificeren als Register Jobcoach? "
                "Registreer je dan hier als externe aansluiter. Je krijgt meteen je aansluitingsnummer, "
                "waarmee je je aanmeldt bij de certificerende instelling."
            </p>
            <p>
                "De eenmalige inschrijving kost € 100,00 exclusief btw (€ 121,00 inclusief 21% btw); "
                "je ontvangt daarvoor een factuur. Na certificering betaal je een jaarlijkse registerbijdrage. "
                "Noloc-leden hoeven zich niet aan te sluiten: zij gebruiken hun lidmaatschapsnummer."
            </p>
        </section>
        {move || match done.get() {
            Some(answer) => view! {
                <section class="panel notice" role="status" aria-labelledby="aangesloten-titel">
                    <h2 id="aangesloten-titel">"Je bent aangesloten"</h2>
                    <p>"Je aansluitingsnummer is "<strong class="affiliate-number">{answer.affiliate_number.clone()}</strong>"."</p>
                    <p>
                        "Factuur "<strong>{answer.invoice_number.clone()}</strong>
                        " voor de eenmalige inschrijving: "
                        {euro(answer.amount_excl_vat_cents)}" exclusief btw, "
                        {euro(answer.vat_cents)}" btw, "
                        <strong>{euro(answer.amount_incl_vat_cents)}" inclusief btw"</strong>"."
                    </p>
                    <p>{if answer.emailed {
                        "We hebben je nummer en de factuur ook per e-mail gestuurd."
                    } else {
                        "Bewaar dit nummer: de e-mail met je nummer en factuur volgt van de administratie."
                    }}</p>
                </section>
            }.into_any(),
            None => view! {
                <section class="panel">
                    <h2>"Je gegevens"</h2>
                    <form class="form" novalidate on:submit=submit>
                        <TextField id="naam" label="Naam" signals=name autocomplete="name" required=true/>
                        <TextField id="email" label="E-mailadres" signals=email input_type="email" autocomplete="email" required=true/>
                        <TextField id="straat" label="Straat en huisnummer" signals=street autocomplete="street-address" required=true/>
                        <TextField id="postcode" label="Postcode" signals=postal_code autocomplete="postal-code" hint="Bijvoorbeeld 1234 AB." required=true/>
                        <TextField id="plaats" label="Plaats" signals=city autocomplete="address-level2" required=true/>
                        <TextField id="organisatie" label="Organisatie" signals=organisation autocomplete="organization"/>
                        <div class="field checkbox-field">
                            <input
                                id="ander-factuuradres"
                                type="checkbox"
                                prop:checked=move || other_invoice.get()
                                on:change=move |ev| other_invoice.set(event_target_checked(&ev))
                            />
                            <label for="ander-factuuradres">"De factuur moet naar een ander adres of een andere naam"</label>
                        </div>
                        <Show when=move || other_invoice.get()>
                            <fieldset class="choice">
                                <legend>"Factuurgegevens"</legend>
                                <TextField id="factuur-naam" label="Naam op de factuur" signals=invoice_name/>
                                <TextField id="factuur-straat" label="Straat en huisnummer" signals=invoice_street required=true/>
                                <TextField id="factuur-postcode" label="Postcode" signals=invoice_postal_code required=true/>
                                <TextField id="factuur-plaats" label="Plaats" signals=invoice_city required=true/>
                                <TextField id="factuur-email" label="E-mailadres voor de factuur" signals=invoice_email input_type="email"/>
                            </fieldset>
                        </Show>
                        <div class="field checkbox-field">
                            <input
                                id="toestemming"
                                type="checkbox"
                                aria-invalid=move || consent_error.get().is_some().then_some("true")
                                aria-describedby=move || consent_error.get().is_some().then_some("toestemming-fout")
                                prop:checked=move || consent.get()
                                on:change=move |ev| {
                                    consent.set(event_target_checked(&ev));
                                    consent_error.set(None);
                                }
                            />
                            <label for="toestemming">
                                "Ik geef toestemming dat Noloc mijn gegevens verwerkt voor de registratie, de facturen en het beroepsregister, zoals beschreven in de privacyverklaring."
                            </label>
                        </div>
                        {move || consent_error.get().map(|e| view! { <p class="field-error" id="toestemming-fout">{e}</p> })}
                        <p class="form-error" role="alert">{move || error.get()}</p>
                        <button type="submit" class="button primary" disabled=move || busy.get()>
                            {move || if busy.get() { "Bezig met registreren…" } else { "Registreren" }}
                        </button>
                    </form>
                </section>
            }.into_any(),
        }}
    }
}
