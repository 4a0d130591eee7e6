//! `/uitnodiging#token=…`: mentors, assessors and admins make their account
//! with the invitation an admin sent them.

use super::api;
use super::registration::RegistrationForm;
use leptos::prelude::*;
use shared::api::auth::{InvitationCheck, TokenRequest};
use shared::domain::Role;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let token = RwSignal::new(None::<String>);
    let role = RwSignal::new(None::<Result<Role, String>>);
    Effect::new(move |_| {
        let found = super::fragment_token();
        token.set(found.clone());
        let Some(found) = found else {
            role.set(Some(Err(
                "Deze pagina werkt alleen met een uitnodigingslink.".into(),
            )));
            return;
        };
        leptos::task::spawn_local(async move {
            let request = TokenRequest { token: found };
            let answer =
                api::post_as::<_, InvitationCheck>("/api/auth/invitation/check", &request).await;
            role.set(Some(answer.map(|check| check.role).map_err(|e| e.message)));
        });
    });
    view! {
        <section class="panel narrow">
            <h1>"Uitnodiging aannemen"</h1>
            {move || match role.get() {
                None => view! { <p>"De uitnodiging wordt gecontroleerd…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                Some(Ok(r)) => view! {
                    <p>"Je bent uitgenodigd als " <strong>{r.label()}</strong> ". Maak je account aan met een passkey."</p>
                    <RegistrationForm kind="invitation" token=token/>
                }.into_any(),
            }}
        </section>
    }
}
