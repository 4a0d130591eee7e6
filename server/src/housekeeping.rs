//! The server's one periodic job: what would otherwise grow without bound,
//! what the law says must go, and the mail that is sent in batches. Every
//! instance runs it; each step claims what it acts on in one statement (or
//! re-checks it), so two instances running a round at the same moment do
//! the work once. A step that fails is logged and tried again next round;
//! it does not stop the others.

use crate::comments::digest;
use crate::db::Db;
use crate::dossier::retention;
use crate::files;
use crate::mail::Mailer;
use crate::portfolios::sync_store;
use crate::state::AppState;
use std::time::Duration;

/// Often enough that nothing grows much between runs and comment digests
/// go out within the hour, rare enough to cost nothing.
pub const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// What one round did; `None` where the step failed (it was logged).
#[derive(Debug, Default)]
pub struct Round {
    /// Replay records older than [`sync_store::APPLIED_RETENTION_SECS`].
    pub pruned_replays: Option<u64>,
    pub files: Option<files::CleanupReport>,
    pub retention: Option<retention::Round>,
    pub digests: Option<digest::Round>,
}

/// What a round needs: the database, the mailer and the origin that mails
/// link to.
pub struct Context<'a> {
    pub db: &'a Db,
    pub mailer: &'a Mailer,
    pub origin: &'a str,
}

impl<'a> Context<'a> {
    pub fn of(state: &'a AppState) -> Self {
        Context {
            db: &state.db,
            mailer: &state.mailer,
            origin: &state.public_origin,
        }
    }
}

/// One round at `now` (UTC unix seconds).
pub async fn run_once(cx: &Context<'_>, now: i64) -> Round {
    Round {
        pruned_replays: logged(
            "old replay records",
            sync_store::prune_applied(cx.db, now - sync_store::APPLIED_RETENTION_SECS).await,
        ),
        files: logged("evidence files", files::cleanup(cx.db, now).await),
        retention: logged(
            "retention of inactive accounts",
            retention::run_once(cx.db, cx.mailer, cx.origin, now).await,
        ),
        digests: logged(
            "comment digests",
            digest::run_once(cx.db, cx.mailer, cx.origin, now).await,
        ),
    }
}

fn logged<T: std::fmt::Debug>(step: &'static str, result: Result<T, sqlx::Error>) -> Option<T> {
    match result {
        Ok(done) => {
            tracing::debug!(step, ?done, "housekeeping step done");
            Some(done)
        }
        Err(err) => {
            tracing::warn!(step, error = %err, "housekeeping step failed; tried again next round");
            None
        }
    }
}

/// Runs [`run_once`] now and then every [`INTERVAL`], until the process ends.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(INTERVAL);
        loop {
            tick.tick().await;
            let round = run_once(&Context::of(&state), crate::db::now()).await;
            tracing::info!(?round, "housekeeping round");
        }
    });
}
