//! Configuration from environment variables (or flags), with defaults that
//! make `make run` work on a fresh machine.

use crate::auth::quotas::Quotas;
use crate::register::keys::SecretText;
use clap::Parser;
use std::net::IpAddr;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "server",
    version,
    about = "Register Jobcoach portfolio: web server, JSON API and storage"
)]
pub struct Config {
    /// TCP port to listen on.
    #[arg(long, env = "PORT", default_value_t = 3000)]
    pub port: u16,

    /// Address to bind to. The default keeps the server off the network;
    /// set 0.0.0.0 behind a reverse proxy.
    #[arg(long, env = "BIND_ADDRESS", default_value = "127.0.0.1")]
    pub bind_address: IpAddr,

    /// Database: a sqlite: URL (embedded, the default) or a postgres:// URL.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/portfolio.db"
    )]
    pub database_url: String,

    /// The origin people use in their browser, e.g. https://portfolio.example.nl.
    /// Passkeys are bound to it and state-changing requests must come from it.
    /// Default: http://localhost:$PORT.
    #[arg(long, env = "PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,

    /// SMTP server for invitation and recovery e-mails, as a lettre URL, e.g.
    /// smtps://user:password@smtp.example.nl (TLS) or
    /// smtp://user:password@smtp.example.nl:587?tls=required (STARTTLS).
    /// Without it, links are shown to the admin and written to the log.
    #[arg(long, env = "SMTP_URL")]
    pub smtp_url: Option<String>,

    /// Sender of e-mails, e.g. "Register Jobcoach <noreply@example.nl>".
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Register Jobcoach <noreply@localhost>"
    )]
    pub mail_from: String,

    /// Take the client's address from the last X-Forwarded-For entry. Only
    /// behind a reverse proxy that sets it; otherwise anyone could pick the
    /// address that rate limits and the audit log see.
    #[arg(long, env = "TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,

    /// Log filter (tracing EnvFilter syntax).
    #[arg(long, env = "RUST_LOG", default_value = "info,sqlx=warn")]
    pub rust_log: String,

    /// Folder with the built site (wasm, scripts, styles). Set by cargo-leptos.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// ClamAV's clamd (`host:port`): every uploaded file is scanned with
    /// INSTREAM and refused when infected. Without it uploads are not
    /// scanned, and admins see that.
    #[arg(long, env = "CLAMD_ADDRESS")]
    pub clamd_address: Option<String>,
    // --- dossier: the register's signing key (see SECURITY.md).
    /// Ed25519 private key that signs register statements: PKCS#8 PEM
    /// (`openssl genpkey -algorithm ed25519`) or the 32-byte seed in
    /// base64url. Without it a key is generated once and kept in the
    /// database.
    #[arg(long, env = "REGISTER_SIGNING_KEY", hide_env_values = true)]
    pub register_signing_key: Option<SecretText>,

    /// Public keys of earlier signing keys still to publish (JWK `x` or SPKI
    /// PEM, comma-separated). Keys this database has signed with are
    /// published anyway.
    #[arg(long, env = "REGISTER_PREVIOUS_KEYS")]
    pub register_previous_keys: Option<String>,

    /// Key ids (kid) no longer to publish, e.g. of a key that leaked;
    /// comma-separated.
    #[arg(long, env = "REGISTER_REVOKED_KEYS")]
    pub register_revoked_keys: Option<String>,

    /// Rate-limit quotas. Not read from the environment (the defaults are
    /// the policy in SECURITY.md); tests set shorter ones.
    #[arg(skip)]
    pub rate_limits: Quotas,
}

impl Config {
    pub fn public_origin(&self) -> String {
        self.public_origin
            .clone()
            .map(|o| o.trim_end_matches('/').to_string())
            .unwrap_or_else(|| format!("http://localhost:{}", self.port))
    }

    /// A configuration for tests: no environment is read.
    pub fn for_tests(database_url: &str) -> Self {
        Config {
            port: 3000,
            bind_address: IpAddr::from([127, 0, 0, 1]),
            database_url: database_url.to_string(),
            public_origin: None,
            smtp_url: None,
            mail_from: "Register Jobcoach <noreply@localhost>".into(),
            trust_forwarded_for: false,
            rust_log: "warn".into(),
            site_root: "target/site".into(),
            clamd_address: None,
            rate_limits: Quotas::default(),
            register_signing_key: None,
            register_previous_keys: None,
            register_revoked_keys: None,
        }
    }
}
