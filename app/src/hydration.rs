//! When the page has hydrated. Pages in wasm chunks (`lazy_pages`) hydrate
//! asynchronously: the shell first, the page once its chunk has arrived.
//! Meanwhile the page's server HTML must stay what the browser renders, so
//! the app-wide work that changes what pages show (asking who is signed in,
//! loading the device's drafts, evidence uploads, the service worker) waits
//! until the page is live (`after_hydration`); done earlier, a page that
//! hydrates later finds other values than the server rendered and its
//! hydration fails.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
thread_local! {
    static DONE: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Marks the page hydrated when the view around it is: `<html
/// data-hydrated>` (what the browser tests wait for), and the go for
/// `after_hydration`. Every page renders one.
#[component]
pub fn Hydrated() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
        // Once: a signal's `set` notifies even when the value is the same,
        // and the work it releases (the session check) re-renders guarded
        // pages, whose `Hydrated` would release it again, without end.
        DONE.with(|done| {
            if !done.get_untracked() {
                done.set(true);
            }
        });
    });
}

/// Runs `work` as an effect once the page has hydrated (at once after
/// that); it tracks what `work` reads, like `Effect::new`. Browser only.
#[cfg(feature = "hydrate")]
pub fn after_hydration(work: impl Fn() + 'static) {
    let done = DONE.with(ArcRwSignal::clone);
    Effect::new(move |_| {
        if done.get() {
            work();
        }
    });
}
