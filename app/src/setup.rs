//! The page behind the one-time set-up link printed at first start: the
//! first admin registers here with a passkey. The token is in the URL
//! fragment, which never reaches the server.

use crate::auth::api;
use crate::auth::registration::RegistrationForm;
use leptos::prelude::*;
use shared::api::auth::{SetupCheck, TokenRequest};

#[component]
pub fn SetupPage() -> impl IntoView {
    let token = RwSignal::new(None::<String>);
    let valid = RwSignal::new(None::<Result<(), String>>);
    Effect::new(move |_| {
        let found = crate::auth::fragment_token();
        token.set(found.clone());
        let Some(found) = found else {
            valid.set(Some(Err(
                "Open deze pagina met de eenmalige link uit de serverconsole.".into(),
            )));
            return;
        };
        leptos::task::spawn_local(async move {
            let request = TokenRequest { token: found };
            let answer = api::post_as::<_, SetupCheck>("/api/auth/setup/check", &request).await;
            valid.set(Some(answer.map(|_| ()).map_err(|e| e.message)));
        });
    });
    view! {
        <section class="panel narrow">
            <h1>"Beheer inrichten"</h1>
            <p>
                "Met de eenmalige link uit de serverconsole maak je het eerste beheerdersaccount aan. "
                "De link is 24 uur geldig en werkt één keer."
            </p>
            {move || match valid.get() {
                None => view! { <p>"De link wordt gecontroleerd…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                Some(Ok(())) => view! { <RegistrationForm kind="setup" token=token/> }.into_any(),
            }}
        </section>
    }
}
