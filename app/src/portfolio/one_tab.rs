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

#[cfg(feature = "hydrate")]
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What tabs tell each other.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TabMessage {
    /// `tab` is now the editing tab of `account`.
    Claim { tab: String, account: String },
    /// `account` signed out in another tab; `wiped`: its drafts were wiped.
    SignedOut { account: String, wiped: bool },
}

/// This tab's part in the conversation: its own id and the channel. A
/// handle (held by `session::Editor`), so no module reaches into another's
/// thread-local state.
#[derive(Clone, Copy)]
pub struct Tabs {
    #[cfg(feature = "hydrate")]
    inner: StoredValue<browser::Channel, LocalStorage>,
}

impl Tabs {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Tabs {
            #[cfg(feature = "hydrate")]
            inner: StoredValue::new_local(browser::Channel::new()),
        }
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use crate::portfolio::store::Store;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{BroadcastChannel, MessageEvent};

    const CHANNEL: &str = "rj-portfolio/v1/tabs";

    pub struct Channel {
        tab: String,
        port: Option<BroadcastChannel>,
    }

    impl Channel {
        pub fn new() -> Self {
            Channel {
                tab: crate::portfolio::replica_store::new_uuid(),
                port: None,
            }
        }
    }

    impl Tabs {
        fn post(&self, message: &TabMessage) {
            let Ok(json) = serde_json::to_string(message) else {
                return;
            };
            self.inner.with_value(|c| {
                if let Some(port) = &c.port {
                    let _ = port.post_message(&json.into());
                }
            });
        }

        /// Opens the channel and follows it: another tab's claim makes this
        /// one passive (after handing over what it has), a sign-out elsewhere
        /// signs this tab out too.
        pub fn listen(&self, store: Store) {
            let Ok(port) = BroadcastChannel::new(CHANNEL) else {
                return;
            };
            let tabs = *self;
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
                        let other = tabs.inner.with_value(|c| c.tab != tab);
                        if ours(&account) && other && !store.passive.get_untracked() {
                            // Hand over what this tab has, then stand aside.
                            store.save_now();
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
            self.inner.update_value(|c| c.port = Some(port));
        }

        /// Makes this tab the editing one for the signed-in account.
        pub fn claim(&self, store: Store) {
            if let Some(user) = store.user.get_untracked() {
                let tab = self.inner.with_value(|c| c.tab.clone());
                self.post(&TabMessage::Claim {
                    tab,
                    account: user.id,
                });
            }
        }

        /// Tells the other tabs of `account` that it signed out here.
        pub fn signed_out(&self, account: &str, wiped: bool) {
            self.post(&TabMessage::SignedOut {
                account: account.to_string(),
                wiped,
            });
        }
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
