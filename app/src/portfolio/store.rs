//! The editor's state on the page: who is signed in, their local replica
//! (loaded from and saved to localStorage), and the sync status. One
//! [`Store`] for the whole app (the header's logout dialog needs it too).
//!
//! Every edit goes through [`Store::edit`]: it changes the replica at once
//! (the screen follows), saves within 300 ms and tells whoever listens
//! (the sync loop, see `session`) that there is something to send. The
//! store knows nothing of the sync loop or of other tabs: `session` wires
//! them to it.

// The server build renders placeholders only; the browser half uses the rest.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use leptos::prelude::*;
use shared::sync::limits::Rejection;
use shared::sync::{PortfolioId, Replica};
use std::sync::Arc;

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
    /// A save is scheduled (within `SAVE_DELAY`); another tab's save is
    /// not adopted meanwhile, or this tab's newer edit would be lost.
    save_pending: StoredValue<bool>,
    /// Called after every successful edit (the sync loop's nudge). Send and
    /// Sync like the rest of the store: on the server a page may be
    /// rendered, and its owner dropped, on another thread than the one that
    /// made it, and a thread-bound value would panic there.
    after_edit: StoredValue<Option<Arc<dyn Fn() + Send + Sync>>>,
}

pub fn use_store() -> Store {
    expect_context::<Store>()
}

impl Store {
    pub(super) fn new() -> Self {
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
            save_pending: StoredValue::new(false),
            after_edit: StoredValue::new(None),
        }
    }

    /// `f` runs after every successful edit, once the edit is in the
    /// replica (and its save scheduled).
    pub fn on_edit(&self, f: impl Fn() + Send + Sync + 'static) {
        self.after_edit.set_value(Some(Arc::new(f)));
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
        super::timing::measure(super::timing::EDIT, || {
            self.state.update(|s| {
                if let Some(s) = s {
                    touched = true;
                    result = f(s);
                }
            })
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

    fn changed(&self) {
        #[cfg(feature = "hydrate")]
        self.save_soon();
        if let Some(f) = self.after_edit.get_value() {
            f();
        }
    }

    /// Saves now (pagehide, before navigating away, before logout).
    #[cfg(feature = "hydrate")]
    pub fn flush(&self) {
        self.save_now();
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

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use crate::portfolio::replica_store::{self, LocalState};
    use std::time::Duration;

    /// At most this long between an edit and its being in localStorage.
    const SAVE_DELAY: Duration = Duration::from_millis(300);

    impl Store {
        pub fn save_soon(&self) {
            if self.save_pending.get_value() {
                return;
            }
            self.save_pending.set_value(true);
            let store = *self;
            set_timeout(move || store.save_now(), SAVE_DELAY);
        }

        /// Whether an edit of this tab waits for its save.
        pub fn save_pending(&self) -> bool {
            self.save_pending.get_value()
        }

        pub fn save_now(&self) {
            self.save_pending.set_value(false);
            // The editing tab writes; this one would overwrite its edits.
            if self.passive.get_untracked() {
                return;
            }
            let Some(user) = self.user.get_untracked() else {
                return;
            };
            let result = crate::portfolio::timing::measure(crate::portfolio::timing::SAVE, || {
                self.state.with_untracked(|s| match s {
                    Some(state) => replica_store::save(&user.id, state),
                    None => Ok(()),
                })
            });
            self.storage_error.set(result.err());
        }

        /// Switches to `user`'s local state (or none). Whatever is read from
        /// storage starts a new numbering session (see
        /// `Replica::begin_session`): the stored copy may be older than what
        /// this device already sent.
        pub fn load_user(&self, user: Option<DeviceUser>) {
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
            self.storage_error.set(problem);
            self.quarantined.set(
                user.as_ref()
                    .map(|u| replica_store::quarantined(&u.id))
                    .unwrap_or_default(),
            );
            self.user.set(user);
            self.state.set(state);
            self.passive.set(false);
        }

        /// Another tab of this account saved `json`: take its state, unless
        /// this tab has an unsaved edit of its own (then ours is written
        /// next and both tabs converge on it, the server merging the rest).
        pub fn adopt_saved(&self, key: Option<&str>, json: Option<&str>) {
            let Some(user) = self.user.get_untracked() else {
                return;
            };
            if key != Some(replica_store::account_key(&user.id).as_str()) || self.save_pending() {
                return;
            }
            if let Some(mut state) = json.and_then(LocalState::from_json) {
                state.replica.begin_session(&replica_store::new_uuid());
                self.state.set(Some(state));
            }
        }
    }
}
