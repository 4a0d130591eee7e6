//! The header's account corner: the signed-in person's name with
//! "Uitloggen", the remembered name while offline, and the request to sign
//! in again when a session expired (local drafts stay untouched).

use super::session::{use_auth, AuthState};
use leptos::prelude::*;

#[component]
pub fn AccountStatus() -> impl IntoView {
    let auth = use_auth();
    // "Uitloggen" asks about this device's drafts: see portfolio::logout.
    view! {
        <div class="account-status">
            {move || match auth.get() {
                AuthState::SignedIn(me) => view! {
                    <a class="who" href="/account">{me.name}</a>
                    <crate::portfolio::logout::LogoutButton class="button small"/>
                }.into_any(),
                AuthState::Offline(d) => view! {
                    <span class="who">{d.name}</span>
                    <span class="badge">"offline"</span>
                }.into_any(),
                AuthState::Expired(d) => view! {
                    <span class="who">{d.name}</span>
                    <a class="button small" href="/inloggen">"Opnieuw inloggen"</a>
                }.into_any(),
                _ => view! { <a class="button small" href="/inloggen">"Inloggen"</a> }.into_any(),
            }}
        </div>
    }
}

/// Shown under the header when the session ran out: sign in again to sync.
#[component]
pub fn SessionExpiredNotice() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Show when=move || matches!(auth.get(), AuthState::Expired(_))>
            <p class="session-notice" role="status">
                "Je sessie is verlopen. "<a href="/inloggen">"Log opnieuw in"</a>
                " om verder te synchroniseren. Wat je op dit apparaat schreef, blijft bewaard."
            </p>
        </Show>
    }
}
