//! `/herstellen`: back in without a passkey. With a recovery link from an
//! admin (`#token=…`) the person registers a new passkey at once; otherwise
//! they sign in with e-mail address and one recovery code, and add a new
//! passkey on their account page.

use super::api;
use super::passkey;
use super::session::use_auth;
use leptos::prelude::*;
use serde_json::Value;
use shared::api::auth::{
    RecoveredByCode, RecoveryCodeRequest, RecoveryLinkStart, SignedIn, TokenRequest,
};

#[component]
pub fn RecoveryPage() -> impl IntoView {
    let token = RwSignal::new(None::<String>);
    Effect::new(move |_| token.set(super::fragment_token()));
    view! {
        <section class="panel narrow">
            <h1>"Toegang herstellen"</h1>
            <Show when=move || token.get().is_some() fallback=CodeForm>
                <LinkForm token=token/>
            </Show>
        </section>
    }
}

/// Taken while the component runs: the router's context is not reachable
/// from async tasks.
fn go_to_account() -> impl Fn() + Clone {
    let navigate = leptos_router::hooks::use_navigate();
    move || navigate("/account?hersteld=1", Default::default())
}

#[component]
fn CodeForm() -> impl IntoView {
    let auth = use_auth();
    let go_to_account = go_to_account();
    let email = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        busy.set(true);
        let body = RecoveryCodeRequest {
            email: email.get_untracked(),
            code: code.get_untracked(),
        };
        let go_to_account = go_to_account.clone();
        leptos::task::spawn_local(async move {
            let result = api::post_as::<_, RecoveredByCode>("/api/auth/recovery/code", &body).await;
            busy.set(false);
            match result {
                Ok(done) => {
                    auth.signed_in(done.user);
                    go_to_account();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <p>
            "Log in met een van de herstelcodes die je kreeg toen je je account maakte. "
            "Daarna voeg je een nieuwe passkey toe. Geen codes meer? Vraag de beheerder om een herstellink."
        </p>
        <form class="form" on:submit=submit novalidate>
            <div class="field">
                <label for="herstel-email">"E-mailadres"</label>
                <input
                    id="herstel-email"
                    type="email"
                    inputmode="email"
                    autocomplete="email"
                    required
                    prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="herstel-code">"Herstelcode"</label>
                <input
                    id="herstel-code"
                    type="text"
                    autocomplete="one-time-code"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
            </div>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="button primary" disabled=move || busy.get()>
                "Inloggen met herstelcode"
            </button>
        </form>
    }
}

#[component]
fn LinkForm(token: RwSignal<Option<String>>) -> impl IntoView {
    let auth = use_auth();
    let go_to_account = go_to_account();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let press = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Some(token) = token.get_untracked() else {
            return;
        };
        error.set(None);
        busy.set(true);
        let go_to_account = go_to_account.clone();
        leptos::task::spawn_local(async move {
            let result = async {
                let start: RecoveryLinkStart<Value> =
                    api::post_as("/api/auth/recovery/link/start", &TokenRequest { token })
                        .await
                        .map_err(|e| Some(e.message))?;
                let finish = passkey::register_with(start.challenge_id, start.options)
                    .await
                    .map_err(|e| e.message())?;
                api::post_as::<_, SignedIn>("/api/auth/recovery/link/finish", &finish)
                    .await
                    .map_err(|e| Some(e.message))
            }
            .await;
            busy.set(false);
            match result {
                Ok(done) => {
                    auth.signed_in(done.user);
                    go_to_account();
                }
                Err(Some(message)) => error.set(Some(message)),
                Err(None) => {}
            }
        });
    };
    view! {
        <p>"Met deze herstellink van de beheerder registreer je een nieuwe passkey op dit apparaat. De link werkt één keer."</p>
        <p class="form-error" role="alert">{move || error.get()}</p>
        <button type="button" class="button primary" on:click=press disabled=move || busy.get()>
            "Nieuwe passkey registreren"
        </button>
    }
}
