//! The form that creates an account with a passkey (sign-up, invitation,
//! set-up) and the one-time display of the recovery codes that follows.

use super::api;
use super::passkey;
use super::session::use_auth;
use leptos::prelude::*;
use serde_json::Value;
use shared::api::auth::{CeremonyStart, NewAccountRequest, SignedUp};

/// `kind` names the API ceremony: `signup`, `invitation` or `setup`.
#[component]
pub fn RegistrationForm(
    kind: &'static str,
    #[prop(into)] token: Signal<Option<String>>,
) -> impl IntoView {
    let auth = use_auth();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let codes = RwSignal::new(None::<Vec<String>>);
    // Dossier: sign-up accepts the privacy statement (invited people and
    // the first admin are asked on "Mijn gegevens").
    let asks_privacy = kind == "signup";
    let privacy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        if asks_privacy && !privacy.get_untracked() {
            error.set(Some(
                "Lees de privacyverklaring en vink aan dat je die accepteert.".into(),
            ));
            return;
        }
        let body = NewAccountRequest {
            name: name.get_untracked(),
            email: email.get_untracked(),
            token: token.get_untracked(),
            privacy_version: asks_privacy.then(|| shared::privacy_statement::VERSION.into()),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = register(kind, body).await;
            busy.set(false);
            match result {
                Ok(done) => {
                    auth.signed_in(done.user);
                    codes.set(Some(done.recovery_codes));
                }
                Err(Some(message)) => error.set(Some(message)),
                Err(None) => {}
            }
        });
    };

    view! {
        <Show
            when=move || codes.get().is_none()
            fallback=move || view! { <RecoveryCodes codes=codes.get().unwrap_or_default()/> }
        >
            <form class="form" on:submit=submit novalidate>
                <div class="field">
                    <label for="naam">"Naam"</label>
                    <input
                        id="naam"
                        name="name"
                        type="text"
                        autocomplete="name"
                        required
                        maxlength="100"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="email">"E-mailadres"</label>
                    <input
                        id="email"
                        name="email"
                        type="email"
                        autocomplete="email"
                        inputmode="email"
                        required
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </div>
                {asks_privacy.then(|| view! {
                    <div class="field checkbox">
                        <input id="privacy" name="privacy" type="checkbox"
                            prop:checked=move || privacy.get()
                            on:change=move |ev| privacy.set(event_target_checked(&ev))/>
                        <label for="privacy">
                            "Ik heb de "<a href="/privacyverklaring" target="_blank">"privacyverklaring"</a>
                            " gelezen en ga ermee akkoord"
                        </label>
                    </div>
                })}
                <p class="form-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    "Account aanmaken met passkey"
                </button>
                <p class="hint">
                    "Je telefoon of computer vraagt je om een passkey te maken, met je vingerafdruk, gezicht of pincode. Een wachtwoord is niet nodig."
                </p>
            </form>
        </Show>
    }
}

async fn register(kind: &str, body: NewAccountRequest) -> Result<SignedUp, Option<String>> {
    let start: CeremonyStart<Value> = api::post_as(&format!("/api/auth/{kind}/start"), &body)
        .await
        .map_err(|e| Some(e.message))?;
    let finish = passkey::register_with(start.challenge_id, start.options)
        .await
        .map_err(|e| e.message())?;
    api::post_as(&format!("/api/auth/{kind}/finish"), &finish)
        .await
        .map_err(|e| Some(e.message))
}

/// Shown once, right after an account is made or the codes are renewed.
#[component]
pub fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let auth = use_auth();
    let next = move || {
        if auth.me().is_some_and(|m| m.is_admin()) {
            "/beheer"
        } else {
            "/account"
        }
    };
    view! {
        <section class="panel recovery-codes" aria-labelledby="codes-titel">
            <h2 id="codes-titel">"Bewaar je herstelcodes"</h2>
            <p>
                "Raak je je passkey kwijt, dan log je in met een van deze codes. Elke code werkt één keer. "
                "Schrijf ze op of bewaar ze in je wachtwoordmanager: je ziet ze maar één keer."
            </p>
            <ol class="codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ol>
            <a class="button primary" href=next>"Ik heb de codes bewaard"</a>
        </section>
    }
}
