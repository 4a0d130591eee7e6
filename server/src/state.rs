//! What every handler can reach.

use crate::config::Config;
use crate::db::Db;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub public_origin: Arc<str>,
    pub leptos_options: LeptosOptions,
}

impl AppState {
    pub fn new(db: Db, config: &Config) -> Self {
        AppState {
            db,
            public_origin: config.public_origin().into(),
            leptos_options: leptos_options(config),
        }
    }
}

/// The options cargo-leptos would pass through the environment, built from
/// our own configuration so the binary also runs without cargo-leptos.
fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("rj-portfolio")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(std::net::SocketAddr::new(config.bind_address, config.port))
        .hash_files(hash_file_present())
        .build()
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// cargo-leptos writes the content hashes of the built files next to the
/// server binary; without that file (tests, `cargo run`) names are unhashed.
fn hash_file_present() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false)
}
