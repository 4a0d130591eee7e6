//! `/uitnodiging#token=…`: mentors, assessors and admins make their account
//! with the invitation an admin sent them.

use super::api;
use super::registration::RegistrationForm;
use leptos::prelude::*;
use serde_json::json;

/// The Dutch word for a role as the server names it (`shared::domain::Role`).
pub fn role_label(role: &str) -> &'static str {
    shared::domain::Role::parse(role).map_or("gebruiker", |r| r.label())
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let token = RwSignal::new(None::<String>);
    let role = RwSignal::new(None::<Result<String, String>>);
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
            let answer = api::post("/api/auth/invitation/check", &json!({"token": found})).await;
            role.set(Some(match answer {
                Ok(json) => Ok(json["role"].as_str().unwrap_or_default().to_string()),
                Err(e) => Err(e.message),
            }));
        });
    });
    view! {
        <section class="panel narrow">
            <h1>"Uitnodiging aannemen"</h1>
            {move || match role.get() {
                None => view! { <p>"De uitnodiging wordt gecontroleerd…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                Some(Ok(r)) => view! {
                    <p>"Je bent uitgenodigd als " <strong>{role_label(&r)}</strong> ". Maak je account aan met een passkey."</p>
                    <RegistrationForm kind="invitation" token=token/>
                }.into_any(),
            }}
        </section>
    }
}
