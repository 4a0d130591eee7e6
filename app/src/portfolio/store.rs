//! The editor's state on the page: who is signed in, their local replica
//! (loaded from and saved to localStorage), and the sync status. One
//! [`Store`] for the whole app (the header's logout dialog needs it too).
//!
//! Every edit goes through [`Store::edit`]: it changes the replica at once
//! (the screen follows), saves within 300 ms and nudges the sync loop.

// The server build renders placeholders only; the browser half uses the rest.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use leptos::prelude::*;
use shared::sync::limits::Rejection;
use shared::sync::{PortfolioId, Replica};

use super::replica_store::LocalState;
use crate::auth::device_user::DeviceUser;

/// Why sync is not running normally; shown in the status element.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SyncProblem {
    #[default]
    None,
    /// 401: sign in again; the outbox waits.
    SignedOut,
    /// `409 account_mismatch`: someone else signed in on this device while
    /// this tab holds the drafts of `name`. Sync stops until `name` signs in
    /// again; the drafts stay.
    WrongAccount { name: String },
    /// The server refused the request (413/422 ...): Dutch message; the
    /// local draft stays.
    Refused(String),
    /// Server trouble (5xx, unreadable answer): retried with backoff.
    Failing(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SyncInfo {
    pub running: bool,
    pub problem: SyncProblem,
    /// A sync round completed since the page loaded, so "Gesynchroniseerd"
    /// is a fact and not a guess.
    pub synced_once: bool,
    /// Seconds until the next try after a failure.
    pub retry_in: Option<u32>,
}

#[derive(Clone, Copy)]
pub struct Store {
    pub user: RwSignal<Option<DeviceUser>>,
    pub state: RwSignal<Option<LocalState>>,
    pub sync: RwSignal<SyncInfo>,
    pub online: RwSignal<bool>,
    /// Saving to localStorage failed (full, disabled): edits would be lost
    /// with the tab, so the page says so.
    pub storage_error: RwSignal<Option<String>>,
    /// Entries of this account set aside because this build could not read
    /// them: (storage key, raw text), offered as a download.
    pub quarantined: RwSignal<Vec<(String, String)>>,
    /// The client finished loading (on the server and before hydration this
    /// stays false, so both render the same placeholder).
    pub ready: RwSignal<bool>,
    /// The accounts module's view of the session; sync tells it when the
    /// connection is back, which the browser does not always announce.
    pub auth: Option<crate::auth::session::Auth>,
    /// Another tab of this account is the editing one (see `one_tab`):
    /// this tab neither saves nor syncs until the person takes over.
    pub passive: RwSignal<bool>,
}

pub fn use_store() -> Store {
    expect_context::<Store>()
}

impl Store {
    fn new() -> Self {
        Store {
            user: RwSignal::new(None),
            state: RwSignal::new(None),
            sync: RwSignal::new(SyncInfo::default()),
            online: RwSignal::new(true),
            storage_error: RwSignal::new(None),
            quarantined: RwSignal::new(Vec::new()),
            ready: RwSignal::new(false),
            auth: use_context::<crate::auth::session::Auth>(),
            passive: RwSignal::new(false),
        }
    }

    /// Reads the replica (tracked).
    pub fn read<R>(&self, f: impl FnOnce(&Replica) -> R) -> Option<R> {
        self.state.with(|s| s.as_ref().map(|s| f(&s.replica)))
    }

    /// Changes the local state; on success it is saved within 300 ms and
    /// synced soon after.
    pub fn edit(
        &self,
        f: impl FnOnce(&mut LocalState) -> Result<(), Rejection>,
    ) -> Result<(), Rejection> {
        let mut result = Ok(());
        let mut touched = false;
        self.state.update(|s| {
            if let Some(s) = s {
                touched = true;
                result = f(s);
            }
        });
        if touched && result.is_ok() {
            self.changed();
        }
        result
    }

    /// The replica's own edit calls, for a portfolio.
    pub fn edit_replica(
        &self,
        f: impl FnOnce(&mut Replica) -> Result<(), Rejection>,
    ) -> Result<(), Rejection> {
        self.edit(|s| f(&mut s.replica))
    }

    pub fn pending(&self) -> usize {
        self.state
            .with(|s| s.as_ref().map_or(0, LocalState::unsynced))
    }

    /// Whether the server has confirmed the portfolio `pid` (tracked): until
    /// then asking it about the portfolio only answers 404.
    pub fn on_server(&self, pid: &PortfolioId) -> bool {
        self.state.with(|s| {
            s.as_ref()
                .and_then(|s| s.portfolio(pid))
                .is_some_and(|p| !p.unconfirmed)
        })
    }

    pub fn portfolio_kind(&self, pid: &PortfolioId) -> Option<shared::framework::PortfolioKind> {
        self.state
            .with(|s| s.as_ref().and_then(|s| s.portfolio(pid)).map(|p| p.kind))
    }

    #[cfg(feature = "hydrate")]
    fn changed(&self) {
        browser::schedule_save(*self);
        super::sync_loop::request(*self, super::sync_loop::AFTER_EDIT);
    }

    #[cfg(not(feature = "hydrate"))]
    fn changed(&self) {}

    /// Saves now (pagehide, before navigating away, before logout).
    #[cfg(feature = "hydrate")]
    pub fn flush(&self) {
        browser::save_now(*self);
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn flush(&self) {}

    /// Drops the person's data from this page (before wiping it from
    /// storage), so no later save can write it back.
    pub fn forget(&self) {
        self.user.set(None);
        self.state.set(None);
    }
}

/// Creates the store and, in the browser, loads it and starts syncing.
pub fn provide_store() {
    let store = Store::new();
    provide_context(store);
    // Evidence files' bytes and their uploads follow the store's account.
    super::evidence_queue::provide_uploads(store);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::start(store));
}

#[cfg(feature = "hydrate")]
pub(crate) mod browser {
    use super::*;
    use crate::auth::session::{use_auth, AuthState};
    use crate::portfolio::replica_store::{self, LocalState};
    use crate::portfolio::sync_loop;
    use std::cell::Cell;
    use std::time::Duration;
    use wasm_bindgen::JsCast;

    /// At most this long between an edit and its being in localStorage.
    const SAVE_DELAY: Duration = Duration::from_millis(300);

    thread_local! {
        static SAVE_PENDING: Cell<bool> = const { Cell::new(false) };
    }

    pub fn schedule_save(store: Store) {
        if SAVE_PENDING.replace(true) {
            return;
        }
        set_timeout(move || save_now(store), SAVE_DELAY);
    }

    pub fn save_now(store: Store) {
        SAVE_PENDING.set(false);
        // The editing tab writes; this one would overwrite its edits.
        if store.passive.get_untracked() {
            return;
        }
        let Some(user) = store.user.get_untracked() else {
            return;
        };
        let result = store.state.with_untracked(|s| match s {
            Some(state) => replica_store::save(&user.id, state),
            None => Ok(()),
        });
        store.storage_error.set(result.err());
    }

    /// Switches to `user`'s local state (or none). Whatever is read from
    /// storage starts a new numbering session (see
    /// `Replica::begin_session`): the stored copy may be older than what
    /// this device already sent.
    pub fn load_user(store: Store, user: Option<DeviceUser>) {
        let mut problem = None;
        let state = user.as_ref().map(|u| {
            let mut state = match replica_store::load(&u.id) {
                Ok(Some(state)) => state,
                Ok(None) => LocalState::new(shared::sync::ClientId(replica_store::new_uuid())),
                Err(e) => {
                    problem = Some(e);
                    LocalState::new(shared::sync::ClientId(replica_store::new_uuid()))
                }
            };
            state.replica.begin_session(&replica_store::new_uuid());
            state
        });
        if user.is_some() {
            replica_store::ask_persistence();
        }
        store.storage_error.set(problem);
        store.quarantined.set(
            user.as_ref()
                .map(|u| replica_store::quarantined(&u.id))
                .unwrap_or_default(),
        );
        store.user.set(user);
        store.state.set(state);
        store.passive.set(false);
        crate::portfolio::one_tab::browser::claim(store);
    }

    pub fn start(store: Store) {
        let navigator = window().navigator();
        store.online.set(navigator.on_line());

        // Hidden or leaving: write what the 300 ms timer has not yet.
        let _ = window_event_listener(leptos::ev::pagehide, move |_| save_now(store));
        let _ = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                save_now(store);
            }
        });
        let _ = window_event_listener(leptos::ev::online, move |_| {
            store.online.set(true);
            sync_loop::request(store, Duration::ZERO);
        });
        let _ = window_event_listener(leptos::ev::offline, move |_| store.online.set(false));
        // Another tab of this account saved: take its state, unless this
        // tab has an unsaved edit of its own (then ours is written next
        // and both tabs converge on it, the server merging the rest).
        let _ = window_event_listener(leptos::ev::storage, move |ev| {
            let Some(user) = store.user.get_untracked() else {
                return;
            };
            if ev.key().as_deref() != Some(&replica_store::account_key(&user.id))
                || SAVE_PENDING.get()
            {
                return;
            }
            if let Some(mut state) = ev.new_value().as_deref().and_then(LocalState::from_json) {
                state.replica.begin_session(&replica_store::new_uuid());
                store.state.set(Some(state));
            }
        });
        keep_focused_field_visible();
        crate::portfolio::one_tab::browser::listen(store);

        // Who is signed in is the accounts module's business; the drafts
        // follow it. Its device memory answers at once (offline too), the
        // server confirms later.
        let auth = use_auth();
        if let Some(user) = crate::auth::device_user::remembered() {
            load_user(store, Some(user));
        }
        store.ready.set(true);
        Effect::new(move |_| {
            let state = auth.get();
            let user = auth.device_user();
            if matches!(state, AuthState::Checking) {
                return;
            }
            if store
                .user
                .with_untracked(|u| u.as_ref().map(|u| &u.id) != user.as_ref().map(|u| &u.id))
            {
                save_now(store);
                load_user(store, user.clone());
            }
            // The browser's own flag can be wrong (a page started by the
            // service worker while offline may claim to be online); a
            // failed /api/me is firmer evidence.
            store.online.set(!matches!(state, AuthState::Offline(_)));
            match state {
                AuthState::SignedIn(_) => {
                    // Signed in as the person the drafts belong to (a
                    // different person loaded their own drafts above).
                    store.sync.update(|s| {
                        if matches!(
                            s.problem,
                            SyncProblem::SignedOut | SyncProblem::WrongAccount { .. }
                        ) {
                            s.problem = SyncProblem::None;
                        }
                    });
                    sync_loop::start(store);
                }
                // The drafts stay; sync waits for a new sign-in.
                AuthState::Expired(_) => store.sync.update(|s| s.problem = SyncProblem::SignedOut),
                // Probe with backoff: the `online` event does not come when
                // the browser never noticed it was offline.
                AuthState::Offline(_) => sync_loop::start(store),
                _ => {}
            }
        });
    }

    /// The on-screen keyboard shrinks the visual viewport; keep the field
    /// being typed in above it.
    fn keep_focused_field_visible() {
        let scroll = || {
            let Some(active) = document().active_element() else {
                return;
            };
            let tag = active.tag_name();
            if matches!(tag.as_str(), "TEXTAREA" | "INPUT" | "SELECT") {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                active.scroll_into_view_with_scroll_into_view_options(&options);
            }
        };
        if let Some(viewport) = window().visual_viewport() {
            let closure = wasm_bindgen::closure::Closure::<dyn Fn()>::new(scroll);
            let _ = viewport
                .add_event_listener_with_callback("resize", closure.as_ref().unchecked_ref());
            closure.forget();
        }
        let _ = window_event_listener(leptos::ev::focusin, move |_| {
            // After the keyboard has opened.
            set_timeout(scroll, Duration::from_millis(350));
        });
    }
}
