//! The editor's parts wired together: the [`Store`] (replica and its
//! saves), the [`SyncLoop`], the tab coordination ([`Tabs`]) and the
//! evidence uploads. Each is a handle that knows only what it needs; this
//! module is the one place that knows them all, so none of them imports
//! another to nudge it (the store calls back on an edit, and the sync loop
//! listens).

// The server build renders placeholders only; the browser half uses the rest.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use leptos::prelude::*;

use super::one_tab::Tabs;
use super::store::Store;
use super::sync_loop::SyncLoop;
#[cfg(feature = "hydrate")]
use crate::auth::device_user::DeviceUser;

/// The handles one page's editor is made of.
#[derive(Clone, Copy)]
pub struct Editor {
    pub store: Store,
    pub sync: SyncLoop,
    pub tabs: Tabs,
}

pub fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// Creates the editor's parts and, in the browser, loads the person's
/// replica and starts syncing. One per app (the header's logout dialog
/// needs the store too).
pub fn provide_editor() {
    let store = Store::new();
    let sync = SyncLoop::new(store);
    let editor = Editor {
        store,
        sync,
        tabs: Tabs::new(),
    };
    provide_context(store);
    provide_context(editor);
    // Evidence files' bytes and their uploads follow the store's account.
    super::evidence_queue::provide_uploads(store);
    #[cfg(feature = "hydrate")]
    {
        store.on_edit(move || sync.request(super::sync_loop::AFTER_EDIT));
        crate::hydration::after_hydration(move || browser::start(editor));
    }
}

impl Editor {
    /// Switches to `user`'s drafts and makes this tab the editing one.
    #[cfg(feature = "hydrate")]
    fn load_user(self, user: Option<DeviceUser>) {
        self.store.load_user(user);
        self.tabs.claim(self.store);
    }

    /// "Hier verder werken": reload what the editing tab saved, claim, and
    /// sync.
    #[cfg(feature = "hydrate")]
    pub fn take_over(self) {
        let user = self.store.user.get_untracked();
        self.load_user(user);
        self.sync.request(std::time::Duration::ZERO);
    }

    /// Removes everything this device keeps of `account`: the drafts, what
    /// was set aside of them and the mentors' comments at once (before the
    /// page can navigate away), then the evidence files' bytes, which
    /// IndexedDB removes asynchronously (await the returned future).
    #[cfg(feature = "hydrate")]
    pub fn wipe(self, account: &str) -> impl std::future::Future<Output = ()> + 'static {
        super::replica_store::wipe(account);
        super::comments::wipe(account);
        let account = account.to_string();
        async move { super::evidence_queue::wipe(&account).await }
    }
}

/// Shown while another tab of this account is the editing one.
#[component]
pub fn OtherTabNotice() -> impl IntoView {
    let editor = use_editor();
    let take_over = move |_| {
        #[cfg(feature = "hydrate")]
        editor.take_over();
    };
    view! {
        <Show when=move || editor.store.passive.get()>
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
mod browser {
    use super::*;
    use crate::auth::session::{use_auth, AuthState};
    use crate::portfolio::store::SyncProblem;
    use std::time::Duration;
    use wasm_bindgen::JsCast;

    pub fn start(editor: Editor) {
        let Editor { store, sync, tabs } = editor;
        let navigator = window().navigator();
        store.online.set(navigator.on_line());

        // Hidden or leaving: write what the 300 ms timer has not yet.
        let _ = window_event_listener(leptos::ev::pagehide, move |_| store.save_now());
        let _ = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                store.save_now();
            }
        });
        let _ = window_event_listener(leptos::ev::online, move |_| {
            store.online.set(true);
            sync.request(Duration::ZERO);
        });
        let _ = window_event_listener(leptos::ev::offline, move |_| store.online.set(false));
        // Another tab of this account saved.
        let _ = window_event_listener(leptos::ev::storage, move |ev| {
            store.adopt_saved(ev.key().as_deref(), ev.new_value().as_deref());
        });
        keep_focused_field_visible();
        tabs.listen(store);

        // Who is signed in is the accounts module's business; the drafts
        // follow it. Its device memory answers at once (offline too), the
        // server confirms later.
        let auth = use_auth();
        if let Some(user) = crate::auth::device_user::remembered() {
            editor.load_user(Some(user));
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
                store.save_now();
                editor.load_user(user.clone());
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
                    sync.start();
                }
                // The drafts stay; sync waits for a new sign-in.
                AuthState::Expired(_) => store.sync.update(|s| s.problem = SyncProblem::SignedOut),
                // Probe with backoff: the `online` event does not come when
                // the browser never noticed it was offline.
                AuthState::Offline(_) => sync.start(),
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
