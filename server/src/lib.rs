//! The Register Jobcoach portfolio server: server-side rendering with
//! hydration (leptos_axum), the JSON API under `/api`, and storage (sqlx).

// No panics on bad input or state outside tests: every failure is a value
// (clippy's `unwrap_used` and `expect_used`, denied here; tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod administration;
pub mod api;
// From submission to certificate (assessment helper).
pub mod assessment;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod comments;
pub mod config;
pub mod db;
// Dossier (issue 15): export, erasure, privacy statement, retention.
pub mod declarations;
pub mod dossier;
pub mod error;
pub mod files;
pub mod housekeeping;
pub mod mail;
pub mod mentors;
pub mod pdf;
pub mod pe_statements;
pub mod policy;
pub mod portfolios;
pub mod register;
pub mod routes;
pub mod security_headers;
pub mod setup;
pub mod state;
pub mod telemetry;

use config::Config;
use std::net::SocketAddr;

/// Starts the server and runs until SIGTERM or SIGINT; in-flight requests
/// finish and the database is closed before it returns.
pub async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let db = db::Db::connect(&config.database_url).await?;
    tracing::info!(
        database = db.kind.name(),
        "database ready, migrations applied"
    );

    let origin = config.public_origin();
    if let Some(token) = setup::issue_if_needed(&db).await? {
        // The one place a secret is printed on purpose: on the operator's
        // console, not in the structured log.
        println!(
            "\n  Eerste start: maak het beheerdersaccount aan via deze eenmalige link \
             (24 uur geldig):\n\n  {}\n",
            setup::setup_link(&origin, &token)
        );
    }

    if let Err(err) = assets::precompress(&config.site_root).await {
        tracing::warn!(error = %err, "could not precompress static assets");
    }

    let state = state::AppState::try_new(db.clone(), &config)?;
    match &state.scanner {
        Some(scanner) => tracing::info!(clamd = scanner.address(), "uploads are scanned by clamd"),
        None => {
            tracing::warn!("no CLAMD_ADDRESS: uploaded evidence files are not scanned for viruses")
        }
    }
    if state.mailer.is_manual() {
        tracing::warn!(
            "no SMTP_URL: invitation, recovery and verification links are logged (invitation and recovery links also shown to the admin), not e-mailed"
        );
    }
    // Clean-up, retention and digests, at start and every hour.
    housekeeping::spawn(state.clone());
    let app = routes::router(state);
    let addr = SocketAddr::new(config.bind_address, config.port);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, %origin, "listening");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    db.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
