//! One tab per account edits at a time. Each tab holds its own copy of the
//! replica and writes it whole to localStorage, numbering its edits from
//! the same counter; two tabs editing at once could overwrite each other's
//! drafts or send two edits under one number. So the newest tab (or the one
//! where the person taps "Hier verder werken") is the editing one; the
//! others save what they have, stop saving and syncing, follow the editing
//! tab's saves on screen, and say so.
//!
//! Tabs talk over a `BroadcastChannel`; a browser without one keeps the
//! older behaviour (tabs adopt each other's saves when idle).

// The server build renders placeholders only; the browser half uses the rest.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::store::use_store;

/// What tabs tell each other.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TabMessage {
    /// `tab` is now the editing tab of `account`.
    Claim { tab: String, account: String },
    /// `account` signed out in another tab; `wiped`: its drafts were wiped.
    SignedOut { account: String, wiped: bool },
}

#[component]
pub fn OtherTabNotice() -> impl IntoView {
    let store = use_store();
    let take_over = move |_| {
        #[cfg(feature = "hydrate")]
        browser::take_over(store);
    };
    view! {
        <Show when=move || store.passive.get()>
            <div class="notice warn other-tab" role="alert" data-testid="other-tab">
                <p>
                    "Je portfolio is geopend in een ander tabblad of venster. Je werkt in één tabblad tegelijk, "
                    "zodat wijzigingen elkaar niet overschrijven."
                </p>
                <button type="button" class="button small" on:click=take_over>"Hier verder werken"</button>
            </div>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
pub mod browser {
    use super::*;
    use crate::portfolio::store::{browser as store_browser, Store};
    use std::cell::RefCell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{BroadcastChannel, MessageEvent};

    const CHANNEL: &str = "rj-portfolio/v1/tabs";

    thread_local! {
        static TAB: String = crate::portfolio::replica_store::new_uuid();
        static PORT: RefCell<Option<BroadcastChannel>> = const { RefCell::new(None) };
    }

    fn post(message: &TabMessage) {
        let Ok(json) = serde_json::to_string(message) else {
            return;
        };
        PORT.with_borrow(|port| {
            if let Some(port) = port {
                let _ = port.post_message(&json.into());
            }
        });
    }

    pub fn listen(store: Store) {
        let Ok(port) = BroadcastChannel::new(CHANNEL) else {
            return;
        };
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(message) = ev
                .data()
                .as_string()
                .and_then(|json| serde_json::from_str::<TabMessage>(&json).ok())
            else {
                return;
            };
            let ours = |account: &str| {
                store
                    .user
                    .with_untracked(|u| u.as_ref().is_some_and(|u| u.id == account))
            };
            match message {
                TabMessage::Claim { tab, account } => {
                    if ours(&account) && TAB.with(|t| *t != tab) && !store.passive.get_untracked() {
                        // Hand over what this tab has, then stand aside.
                        store_browser::save_now(store);
                        store.passive.set(true);
                    }
                }
                TabMessage::SignedOut { account, wiped } => {
                    if ours(&account) {
                        if wiped {
                            store.forget();
                        }
                        let _ = window().location().assign("/inloggen");
                    }
                }
            }
        });
        port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        PORT.with_borrow_mut(|p| *p = Some(port));
    }

    /// Makes this tab the editing one for the signed-in account.
    pub fn claim(store: Store) {
        if let Some(user) = store.user.get_untracked() {
            post(&TabMessage::Claim {
                tab: TAB.with(Clone::clone),
                account: user.id,
            });
        }
    }

    /// "Hier verder werken": reload what the editing tab saved, then claim.
    pub fn take_over(store: Store) {
        let user = store.user.get_untracked();
        store_browser::load_user(store, user);
        crate::portfolio::sync_loop::request(store, std::time::Duration::ZERO);
    }

    /// Tells the other tabs of `account` that it signed out here.
    pub fn signed_out(account: &str, wiped: bool) {
        post(&TabMessage::SignedOut {
            account: account.to_string(),
            wiped,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_have_a_stable_wire_form() {
        let claim = TabMessage::Claim {
            tab: "t".into(),
            account: "a".into(),
        };
        let json = serde_json::to_string(&claim).unwrap();
        assert_eq!(json, r#"{"type":"claim","tab":"t","account":"a"}"#);
        assert_eq!(serde_json::from_str::<TabMessage>(&json).unwrap(), claim);
    }
}
