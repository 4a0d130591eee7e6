// No panics on bad input or state outside tests: every failure is a value
// (clippy's `unwrap_used` and `expect_used`, denied here; tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = server::config::Config::parse();
    server::telemetry::init(&config.rust_log);
    match server::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "server stopped with an error");
            std::process::ExitCode::FAILURE
        }
    }
}
