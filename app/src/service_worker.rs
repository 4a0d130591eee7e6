//! Registers `public/sw.js`, which keeps the app shell, wasm, scripts and
//! styles for offline starts, and tells the person when a new version is
//! ready.
//!
//! Atomic updates: the page knows its own build's hashed file names (the
//! `/pkg/` links and the wasm's start script the server rendered), so it registers the worker as
//! `/sw.js?build=<hash of those names>&assets=<names>`. A new deployment
//! means a new script URL, hence a new worker, which caches the whole new
//! set in a cache of its own and checks that the pages it cached name
//! exactly those files. Only then is it installed; it waits until the
//! person chooses "Nu bijwerken" (or every tab is closed), so a running
//! page never mixes old and new files.

// The server build renders placeholders only; the browser half uses the rest.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use leptos::prelude::*;

/// Whether a `/pkg/` file is one of the build's own files (script, wasm,
/// styles) rather than a chunk of a lazy page (`split_*`, `chunk_*`) or the
/// chunk loader (`__wasm_split.*`). Pages name the chunks they use, so only
/// the build's own files are the same on every page: the worker's identity
/// is made of those, and public/sw.js uses the same rule.
pub fn is_build_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    !["split_", "chunk_", "__wasm_split"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// The build id: FNV-1a over the sorted asset names, so it changes exactly
/// when one of the hashed names does.
pub fn build_id(assets: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in assets.join(",").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[component]
pub fn UpdateNotice() -> impl IntoView {
    let ready = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    crate::hydration::after_hydration(move || browser::register(ready));
    let update = move |_| {
        #[cfg(feature = "hydrate")]
        browser::activate_waiting();
    };
    view! {
        <div class="update-notice" role="status">
            {move || ready.get().then(|| view! {
                <p>"Er is een nieuwe versie van de app klaar."</p>
                <button type="button" class="button small" on:click=update>"Nu bijwerken"</button>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

    fn assets() -> Vec<String> {
        let mut found = Vec::new();
        if let Ok(nodes) = document().query_selector_all("link[href^='/pkg/'], script[data-wasm]") {
            for i in 0..nodes.length() {
                let Some(el) = nodes
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                // The wasm's start script names the main script and wasm
                // (`hydration_script`); links name the rest.
                for attribute in ["href", "data-js", "data-wasm"] {
                    if let Some(url) = el.get_attribute(attribute) {
                        if is_build_file(&url) {
                            found.push(url);
                        }
                    }
                }
            }
        }
        found.sort();
        found.dedup();
        found
    }

    pub fn register(ready: RwSignal<bool>) {
        let container = window().navigator().service_worker();
        if container.is_undefined() {
            return;
        }
        let assets = assets();
        if assets.is_empty() {
            return;
        }
        let url = format!(
            "/sw.js?build={}&assets={}",
            build_id(&assets),
            String::from(js_sys::encode_uri_component(&assets.join(",")))
        );
        // A new worker took over (after "Nu bijwerken"): load the page of
        // the new build.
        let had_controller = container.controller().is_some();
        let on_change = Closure::<dyn Fn()>::new(move || {
            if had_controller {
                let _ = window().location().reload();
            }
        });
        container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();

        leptos::task::spawn_local(async move {
            let Ok(registration) = JsFuture::from(container.register(&url)).await else {
                return;
            };
            let registration: ServiceWorkerRegistration = registration.unchecked_into();
            watch(&registration, ready);
        });
    }

    fn watch(registration: &ServiceWorkerRegistration, ready: RwSignal<bool>) {
        let has_controller = || window().navigator().service_worker().controller().is_some();
        if registration.waiting().is_some() && has_controller() {
            ready.set(true);
        }
        let reg = registration.clone();
        let on_found = Closure::<dyn Fn()>::new(move || {
            let Some(installing) = reg.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                // Installed while another worker controls the page: an
                // update, complete and waiting.
                if worker.state() == ServiceWorkerState::Installed && has_controller() {
                    ready.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
    }

    pub fn activate_waiting() {
        let container = window().navigator().service_worker();
        leptos::task::spawn_local(async move {
            let Ok(reg) = JsFuture::from(container.get_registration()).await else {
                return;
            };
            if let Some(waiting) = reg
                .dyn_into::<ServiceWorkerRegistration>()
                .ok()
                .and_then(|r| r.waiting())
            {
                let waiting: ServiceWorker = waiting;
                let _ = waiting.post_message(&"skip-waiting".into());
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_id_follows_the_names() {
        let a = vec!["/pkg/a.1.js".to_string(), "/pkg/a.1.wasm".to_string()];
        let b = vec!["/pkg/a.2.js".to_string(), "/pkg/a.2.wasm".to_string()];
        assert_eq!(build_id(&a), build_id(&a.clone()));
        assert_ne!(build_id(&a), build_id(&b));
        assert_eq!(build_id(&a).len(), 16);
    }

    #[test]
    fn chunks_are_not_build_files() {
        assert!(is_build_file("/pkg/rj-portfolio.3f2a.wasm"));
        assert!(is_build_file("/pkg/rj-portfolio.3f2a.css"));
        assert!(!is_build_file(
            "/pkg/split___PortfolioRoute_View_123.9a1b.wasm"
        ));
        assert!(!is_build_file("/pkg/chunk_3.77aa.wasm"));
        assert!(!is_build_file("/pkg/__wasm_split.5c0d.js"));
    }
}
