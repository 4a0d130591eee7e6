//! The signed-in person as a context: `use_auth()` gives a signal every
//! component can read. The server decides (`/api/auth/session`); the device's memory
//! fills in while offline. A session that expired while offline turns into
//! `Expired`, which asks the person to sign in again and leaves their local
//! drafts alone.

use super::api;
use super::device_user::{self, DeviceUser};
use leptos::prelude::*;
use shared::api::auth::CurrentSession;

pub use shared::api::accounts::Me;

#[derive(Clone, Debug, PartialEq)]
pub enum AuthState {
    /// Before the browser has asked the server (also during server rendering).
    Checking,
    SignedIn(Me),
    SignedOut,
    /// No connection; this person was signed in here last.
    Offline(DeviceUser),
    /// The server no longer knows the session of the person remembered here.
    Expired(DeviceUser),
}

#[derive(Clone, Copy)]
pub struct Auth(pub RwSignal<AuthState>);

impl Auth {
    pub fn get(&self) -> AuthState {
        self.0.get()
    }

    pub fn me(&self) -> Option<Me> {
        match self.0.get() {
            AuthState::SignedIn(me) => Some(me),
            _ => None,
        }
    }

    /// The person on this device, signed in or remembered.
    pub fn device_user(&self) -> Option<DeviceUser> {
        match self.0.get() {
            AuthState::SignedIn(me) => Some(DeviceUser {
                id: me.id,
                name: me.name,
            }),
            AuthState::Offline(d) | AuthState::Expired(d) => Some(d),
            _ => None,
        }
    }

    pub fn signed_in(&self, me: Me) {
        device_user::remember(&DeviceUser {
            id: me.id.clone(),
            name: me.name.clone(),
        });
        self.0.set(AuthState::SignedIn(me));
    }

    /// After "Uitloggen": this device forgets the person.
    pub fn signed_out(&self) {
        device_user::forget();
        self.0.set(AuthState::SignedOut);
    }

    /// Asks the server who is signed in.
    pub fn refresh(&self) {
        let auth = *self;
        leptos::task::spawn_local(async move {
            let answer = api::get_as::<CurrentSession>("/api/auth/session").await;
            let state = match answer {
                Ok(CurrentSession { user: Some(me) }) => {
                    auth.signed_in(me);
                    return;
                }
                // The server does not know this device's person (any
                // more): their local drafts wait for the next sign-in.
                Ok(CurrentSession { user: None }) => expired(),
                Err(e) if e.is_unreadable() => expired(),
                Err(e) if e.is_offline() => match device_user::remembered() {
                    Some(d) => AuthState::Offline(d),
                    None => AuthState::SignedOut,
                },
                Err(_) => AuthState::SignedOut,
            };
            auth.0.set(state);
        });
    }
}

/// Nobody signed in by the server's word: this device's person, if any, is
/// asked to sign in again.
fn expired() -> AuthState {
    match device_user::remembered() {
        Some(d) => AuthState::Expired(d),
        None => AuthState::SignedOut,
    }
}

/// Called once in `App`: provides the context and, in the browser, checks
/// the session now and whenever the connection comes back.
pub fn provide_auth() {
    let auth = Auth(RwSignal::new(AuthState::Checking));
    provide_context(auth);
    // Effects and window listeners only run in the browser.
    #[cfg(feature = "hydrate")]
    crate::hydration::after_hydration(move || auth.refresh());
    let online = window_event_listener(leptos::ev::online, move |_| auth.refresh());
    let offline = window_event_listener(leptos::ev::offline, move |_| {
        if let Some(d) = auth.device_user() {
            auth.0.set(AuthState::Offline(d));
        }
    });
    on_cleanup(move || {
        online.remove();
        offline.remove();
    });
}

pub fn use_auth() -> Auth {
    // `App` provides it around every page.
    expect_context::<Auth>()
}
