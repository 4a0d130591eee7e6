//! Periodic clean-up of what would otherwise grow without bound. Every
//! instance runs it; each step is a single idempotent statement, so two
//! instances doing it at the same moment delete the same rows once.

use crate::db::Db;
use crate::portfolios::sync_store;
use std::time::Duration;

/// Often enough that nothing grows much between runs, rare enough to cost
/// nothing.
pub const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// One round at `now` (UTC unix seconds).
pub async fn run_once(db: &Db, now: i64) -> Result<(), sqlx::Error> {
    let pruned = sync_store::prune_applied(db, now - sync_store::APPLIED_RETENTION_SECS).await?;
    if pruned > 0 {
        tracing::info!(pruned, "old replay records removed");
    }
    Ok(())
}

/// Runs [`run_once`] now and then every [`INTERVAL`], until the process ends.
pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(INTERVAL);
        loop {
            tick.tick().await;
            if let Err(err) = run_once(&db, crate::db::now()).await {
                tracing::warn!(error = %err, "housekeeping failed; next round in an hour");
            }
        }
    });
}
