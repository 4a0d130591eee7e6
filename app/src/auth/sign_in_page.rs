//! `/inloggen`: sign in with a passkey, by button or, where the browser
//! offers it, by picking the passkey from the e-mail field's autofill
//! (conditional mediation). No e-mail address needs to be typed.

use super::session::use_auth;
use leptos::prelude::*;
use shared::api::auth::SignedIn;

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = use_auth();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The pending autofill request, aborted when the button is used.
    let autofill = StoredValue::new_local(None::<AbortHandle>);
    // Taken here: the router's context is not reachable from async tasks.
    let navigate = leptos_router::hooks::use_navigate();

    let finish = move |done: SignedIn| {
        let me = done.user;
        let target = if me.is_admin() { "/beheer" } else { "/account" };
        auth.signed_in(me);
        navigate(target, Default::default());
    };

    #[cfg(feature = "hydrate")]
    let autofill_finish = finish.clone();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let finish = autofill_finish.clone();
        leptos::task::spawn_local(async move {
            if !super::passkey::autofill_available().await {
                return;
            }
            let controller = web_sys::AbortController::new().ok();
            let signal = controller.as_ref().map(|c| c.signal());
            autofill.set_value(controller.map(AbortHandle));
            match sign_in(true, signal).await {
                Ok(done) => finish(done),
                Err(Some(message)) => error.set(Some(message)),
                Err(None) => {}
            }
        });
    });
    on_cleanup(move || {
        if let Some(handle) = autofill.try_get_value().flatten() {
            handle.abort();
        }
    });

    let press = move |_| {
        if busy.get_untracked() {
            return;
        }
        if let Some(handle) = autofill.get_value() {
            handle.abort();
        }
        error.set(None);
        busy.set(true);
        let finish = finish.clone();
        leptos::task::spawn_local(async move {
            let result = sign_in(false, None).await;
            busy.set(false);
            match result {
                Ok(done) => finish(done),
                Err(Some(message)) => error.set(Some(message)),
                Err(None) => {}
            }
        });
    };

    view! {
        <section class="panel narrow">
            <h1>"Inloggen"</h1>
            <p>"Log in met de passkey op je telefoon of computer: met je vingerafdruk, gezicht of pincode."</p>
            <div class="field">
                <label for="inlog-email">"E-mailadres (mag leeg blijven)"</label>
                <input
                    id="inlog-email"
                    name="username"
                    type="email"
                    inputmode="email"
                    autocomplete="username webauthn"
                    aria-describedby="inlog-email-uitleg"
                />
                <p id="inlog-email-uitleg" class="hint">
                    "Je browser kan je passkey hier voorstellen. Je hoeft niets te typen."
                </p>
            </div>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <button type="button" class="button primary" on:click=press disabled=move || busy.get()>
                "Inloggen met passkey"
            </button>
            <p>
                "Nog geen account? "<a href="/registreren">"Account aanmaken"</a>". "
                "Passkey kwijt? "<a href="/herstellen">"Inloggen met een herstelcode"</a>"."
            </p>
        </section>
    }
}

/// Wraps the browser's AbortController so the component can hold it.
#[derive(Clone)]
struct AbortHandle(#[cfg(feature = "hydrate")] web_sys::AbortController);

impl AbortHandle {
    fn abort(&self) {
        #[cfg(feature = "hydrate")]
        self.0.abort();
    }
}

#[cfg(feature = "hydrate")]
async fn sign_in(
    conditional: bool,
    signal: Option<web_sys::AbortSignal>,
) -> Result<SignedIn, Option<String>> {
    use super::api;
    use super::passkey::{self, PasskeyError};
    use serde_json::Value;
    use shared::api::auth::{CeremonyStart, SignInFinish, SignInStart};
    let start: CeremonyStart<Value> =
        api::post_as("/api/auth/login/start", &SignInStart { conditional })
            .await
            .map_err(|e| Some(e.message))?;
    let credential = passkey::get(start.options, signal)
        .await
        .map_err(|e| match e {
            // An autofill request that was aborted or dismissed is no error.
            PasskeyError::Cancelled(_) if conditional => None,
            e => e.message(),
        })?;
    let finish = SignInFinish {
        challenge_id: start.challenge_id,
        credential,
    };
    api::post_as("/api/auth/login/finish", &finish)
        .await
        .map_err(|e| Some(e.message))
}

#[cfg(not(feature = "hydrate"))]
async fn sign_in(_conditional: bool, _signal: Option<()>) -> Result<SignedIn, Option<String>> {
    Err(None)
}
