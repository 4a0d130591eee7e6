//! The script in `<head>` that starts the wasm, in place of Leptos's
//! `HydrationScripts`, which preloads the main module and script from the
//! head. A preload there starts before the first paint and shares the
//! connection with the stylesheet, so on a slow link what people read (all
//! of it rendered by the server) appears later; and Lighthouse's simulated
//! LCP bills every request that started before the observed paint. Here the
//! download starts after the first paint of the server's HTML. The page's
//! chunks (`lazy_pages`) are still preloaded by Leptos from the head: they
//! are small, and the service worker learns from those links which chunks
//! to keep for offline starts.
//!
//! The main script and wasm are named in `data-js` and `data-wasm`, which
//! the page's worker registration (`service_worker`) and public/sw.js read
//! as the build's own files.

use leptos::prelude::*;

/// Starts once the browser reports the first contentful paint (a frame is
/// shown after its `requestAnimationFrame` callbacks, so those are too
/// early); a tab that paints nothing yet (opened in the background) starts
/// after [`FALLBACK_MS`] all the same, so its drafts still sync.
const START: &str = r#"const el = document.querySelector('script[data-wasm]');
let started = false;
const start = () => {
  if (started) return;
  started = true;
  import(el.dataset.js).then((mod) =>
    mod.default({ module_or_path: el.dataset.wasm }).then(() => mod.hydrate()));
};
try {
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName('first-contentful-paint').length) {
      observer.disconnect();
      start();
    }
  }).observe({ type: 'paint', buffered: true });
} catch (e) {
  start();
}
setTimeout(start, FALLBACK_MS);"#;

/// See [`START`].
const FALLBACK_MS: u32 = 3000;

#[component]
pub fn HydrateAfterPaint(options: LeptosOptions) -> impl IntoView {
    let (js, wasm) = pkg_files(&options);
    // Leptos's component also provides the chunk manifest from which the
    // server integration writes the page's chunk preloads; only that part
    // is wanted, so its view is dropped unrendered.
    drop(HydrationScripts(
        leptos::hydration::HydrationScriptsProps::builder()
            .options(options)
            .build(),
    ));
    let nonce = use_nonce();
    view! {
        <script type="module" nonce=nonce data-js=js data-wasm=wasm>
            {START.replace("FALLBACK_MS", &FALLBACK_MS.to_string())}
        </script>
    }
}

/// `/pkg/<name>.<hash>.js` and `.wasm`, the hashes from cargo-leptos's
/// hash file beside the server binary (the same lookup as Leptos's own
/// component: unhashed names without it).
fn pkg_files(options: &LeptosOptions) -> (String, String) {
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    if options.hash_files {
        let hashes = hash_file(options);
        let hash = |kind: &str| {
            hashes
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(file, _)| file.trim() == kind)
                .map(|(_, hash)| format!(".{}", hash.trim()))
                .unwrap_or_default()
        };
        return (
            format!("{pkg}{}.js", hash("js")),
            format!("{pkg}{}.wasm", hash("wasm")),
        );
    }
    let bg = if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
        "_bg"
    } else {
        ""
    };
    (format!("{pkg}.js"), format!("{pkg}{bg}.wasm"))
}

#[cfg(feature = "ssr")]
fn hash_file(options: &LeptosOptions) -> String {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
        .and_then(|path| std::fs::read_to_string(path).ok())
        .unwrap_or_default()
}

/// The shell renders on the server only.
#[cfg(not(feature = "ssr"))]
fn hash_file(_: &LeptosOptions) -> String {
    String::new()
}
