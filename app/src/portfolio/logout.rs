//! "Uitloggen" with the question that concerns drafts: keep this device's
//! local copy (own phone) or wipe it (shared tablet). Changes that have not
//! reached the server are counted and named before anything is wiped, and
//! wiping them needs a second, explicit confirmation.
//!
//! Signing out needs the server (the session cookie is HttpOnly): offline
//! the dialog says so and changes nothing, rather than pretending.

use leptos::html;
use leptos::prelude::*;

#[component]
pub fn LogoutButton(#[prop(optional, into)] class: Option<String>) -> impl IntoView {
    let editor = super::use_editor();
    let store = editor.store;
    let auth = crate::auth::session::use_auth();
    let dialog = NodeRef::<html::Dialog>::new();
    let confirm_loss = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let unsynced = move || store.pending();
    // Only the person's own portfolios are ever kept here (an admin's
    // view of others' portfolios is online only), so there is something to
    // keep exactly when they have portfolios of their own on the device.
    let has_drafts = move || {
        store
            .state
            .with(|s| s.as_ref().is_some_and(|s| !s.portfolios.is_empty()))
            || unsynced() > 0
    };

    let open = move |_| {
        confirm_loss.set(false);
        error.set(None);
        editor.sync.request(std::time::Duration::ZERO);
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move |_| {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    let sign_out = move |wipe: bool| {
        busy.set(true);
        error.set(None);
        store.flush();
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            use super::api::{raw, FetchError};
            match raw("POST", "/api/auth/logout", Some("{}".into())).await {
                Ok((status, _)) if status < 300 || status == 401 => {
                    if let Some(user) = store.user.get_untracked() {
                        if wipe {
                            // First out of the page, then out of storage:
                            // the sign-out below triggers a save of
                            // whatever the page still holds.
                            store.forget();
                            editor.wipe(&user.id).await;
                        }
                        editor.tabs.signed_out(&user.id, wipe);
                    }
                    auth.signed_out();
                    // A full load, so no page keeps the person's data in memory.
                    let _ = window().location().assign("/inloggen");
                }
                Ok((_, body)) => {
                    busy.set(false);
                    let message = super::api::error_message(&body);
                    error.set(Some(if message.is_empty() {
                        "Uitloggen is mislukt. Probeer het opnieuw.".into()
                    } else {
                        message
                    }));
                }
                Err(FetchError::Offline) | Err(_) => {
                    busy.set(false);
                    error.set(Some(
                        "Geen verbinding: uitloggen kan pas als je weer online bent. Je concepten blijven bewaard.".into(),
                    ));
                }
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (wipe, auth);
    };
    let keep = move |_| sign_out(false);
    let wipe = move |_| sign_out(true);

    view! {
        <button type="button" class=class.unwrap_or_else(|| "button secondary".into()) on:click=open>
            "Uitloggen"
        </button>
        <dialog node_ref=dialog class="logout-dialog" aria-labelledby="uitloggen-titel" aria-describedby="uitloggen-uitleg">
            <h2 id="uitloggen-titel">"Uitloggen"</h2>
            <div id="uitloggen-uitleg">
              {move || if !has_drafts() {
                view! { <p>"Er staan geen concepten van je op dit apparaat."</p> }.into_any()
              } else { view! {
                {move || match unsynced() {
                    0 => view! { <p>"Alles wat je schreef staat op de server."</p> }.into_any(),
                    n => view! {
                        <p class="notice warn" data-testid="logout-unsynced">
                            {if n == 1 {
                                "Let op: 1 wijziging staat alleen op dit apparaat en nog niet op de server.".to_string()
                            } else {
                                format!("Let op: {n} wijzigingen staan alleen op dit apparaat en nog niet op de server.")
                            }}
                        </p>
                    }.into_any(),
                }}
                <p>
                    "Bewaar je concepten op je eigen apparaat, dan kun je na het inloggen meteen verder, ook offline. "
                    "Gebruik je een gedeeld apparaat, wis ze dan."
                </p>
              }.into_any() }}
            </div>
            <div class="button-column">
                {move || if !has_drafts() {
                    view! {
                        <button type="button" class="button" disabled=move || busy.get() on:click=move |_| sign_out(true)>
                            "Uitloggen"
                        </button>
                    }.into_any()
                } else { view! {
                <button type="button" class="button" disabled=move || busy.get() on:click=keep>
                    "Uitloggen en concepten bewaren"
                </button>
                {move || (unsynced() > 0).then(|| view! {
                    <div class="field checkbox">
                        <input id="uitloggen-verlies" type="checkbox"
                            prop:checked=move || confirm_loss.get()
                            on:change=move |ev| confirm_loss.set(event_target_checked(&ev))/>
                        <label for="uitloggen-verlies">
                            {format!("Ik begrijp dat {} niet-gesynchroniseerde wijziging(en) verloren gaan als ik wis.", unsynced())}
                        </label>
                    </div>
                })}
                <button type="button" class="button danger"
                    disabled=move || busy.get() || (unsynced() > 0 && !confirm_loss.get())
                    on:click=wipe>
                    "Uitloggen en concepten van dit apparaat wissen"
                </button>
                }.into_any() }}
                <button type="button" class="button secondary" on:click=close>"Annuleren"</button>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </dialog>
    }
}
