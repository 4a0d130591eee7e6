//! What every handler can reach.

use crate::auth::rate_limit::RateLimits;
use crate::config::Config;
use crate::db::Db;
use crate::mail::Mailer;
use crate::register::RegisterKeys;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use webauthn_rs::prelude::{Url, Webauthn, WebauthnBuilder};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub public_origin: Arc<str>,
    pub leptos_options: LeptosOptions,
    pub webauthn: Arc<Webauthn>,
    pub mailer: Arc<Mailer>,
    pub rate_limits: Arc<RateLimits>,
    /// Bounds concurrent Argon2 work (recovery codes: ~19 MiB and tens of
    /// milliseconds of a core each) to the number of cores, so a flood of
    /// requests queues instead of exhausting memory and CPU.
    pub argon2: Arc<tokio::sync::Semaphore>,
    /// Cookies get `Secure` (and the `__Host-` name) when people reach us
    /// over https.
    pub secure_cookies: bool,
    pub trust_forwarded_for: bool,
    /// The virus scanner for uploads (`CLAMD_ADDRESS`), if any.
    pub scanner: Option<Arc<crate::files::scan::Scanner>>,
    /// The key that signs register statements and the published ones.
    pub register_keys: Arc<RegisterKeys>,
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("PUBLIC_ORIGIN is not a usable origin for passkeys: {0}")]
    Origin(String),
    #[error("SMTP_URL or MAIL_FROM: {0}")]
    Mail(String),
    #[error("{0}")]
    RegisterKey(#[from] crate::register::keys::KeyError),
}

impl AppState {
    pub fn try_new(db: Db, config: &Config) -> Result<Self, StateError> {
        let origin = config.public_origin();
        Ok(AppState {
            db,
            webauthn: Arc::new(webauthn_for(&origin)?),
            mailer: Arc::new(Mailer::from_config(config).map_err(StateError::Mail)?),
            rate_limits: Arc::new(RateLimits::new(config.rate_limits.clone())),
            argon2: Arc::new(tokio::sync::Semaphore::new(argon2_permits())),
            secure_cookies: origin.starts_with("https://"),
            trust_forwarded_for: config.trust_forwarded_for,
            scanner: config
                .clamd_address
                .as_deref()
                .filter(|a| !a.trim().is_empty())
                .map(|a| Arc::new(crate::files::scan::Scanner::new(a.trim()))),
            register_keys: Arc::new(RegisterKeys::new(
                config.register_signing_key.as_ref(),
                config.register_previous_keys.as_deref(),
                config.register_revoked_keys.as_deref(),
            )?),
            public_origin: origin.into(),
            leptos_options: leptos_options(config),
        })
    }

    /// For tests and tools whose configuration is known to be valid; an
    /// invalid one is a bug in the test itself.
    #[allow(clippy::expect_used)]
    pub fn new(db: Db, config: &Config) -> Self {
        Self::try_new(db, config).expect("valid configuration")
    }
}

/// One Argon2 computation at a time per core.
pub fn argon2_permits() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// The relying party is the configured origin: its host is the RP ID, so
/// passkeys made on one domain never work on another.
pub fn webauthn_for(origin: &str) -> Result<Webauthn, StateError> {
    let url = Url::parse(origin).map_err(|e| StateError::Origin(e.to_string()))?;
    let host = url
        .host_str()
        .ok_or_else(|| StateError::Origin("the origin has no host".into()))?
        .to_string();
    WebauthnBuilder::new(&host, &url)
        .and_then(|b| b.rp_name("Register Jobcoach").build())
        .map_err(|e| StateError::Origin(e.to_string()))
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
