//! Drives the replica against the server: create portfolios made offline,
//! push the outbox in batches, pull what changed elsewhere, refresh the
//! portfolio list. Runs on start, on `online`, shortly after edits, every
//! 30 s while online, and after failures with exponential backoff.
//!
//! One round at a time: a request during a round marks it to run again
//! right after, so the replica never has two batches in flight.

// The server build renders placeholders only; the browser half uses the rest.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use std::time::Duration;

/// Typing pauses this long before its edits are pushed: fewer, fuller
/// batches, yet a closed tab is still covered by the local save.
pub const AFTER_EDIT: Duration = Duration::from_millis(1500);
pub const PERIOD: Duration = Duration::from_secs(30);
const BACKOFF_START_MS: u64 = 2_000;
const BACKOFF_MAX_MS: u64 = 5 * 60_000;

/// The wait after `failures` consecutive failures: 2 s doubling up to
/// 5 minutes.
pub fn backoff(failures: u32) -> Duration {
    let ms = BACKOFF_START_MS.saturating_mul(1u64 << failures.min(20).saturating_sub(1));
    Duration::from_millis(ms.min(BACKOFF_MAX_MS))
}

#[cfg(feature = "hydrate")]
pub use browser::*;

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use crate::auth::session::AuthState;
    use crate::portfolio::api::{call, raw, FetchError};
    use crate::portfolio::replica_store::LocalPortfolio;
    use crate::portfolio::store::{browser::save_now, Store, SyncProblem};
    use leptos::prelude::*;
    use shared::portfolio::{CreatePortfolioRequest, PortfolioList, PortfolioSummary};
    use shared::sync::api::{MAX_PUSH_BODY_BYTES, PULL_PATH, PUSH_PATH};
    use shared::sync::{PullRequest, PullResponse, PushResponse, MAX_BATCH};
    use std::cell::{Cell, RefCell};

    thread_local! {
        static RUNNING: Cell<bool> = const { Cell::new(false) };
        static AGAIN: Cell<bool> = const { Cell::new(false) };
        static FAILURES: Cell<u32> = const { Cell::new(0) };
        static TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
        static STARTED: Cell<bool> = const { Cell::new(false) };
    }

    /// Starts the periodic sync and runs a first round.
    pub fn start(store: Store) {
        if !STARTED.replace(true) {
            let _ = set_interval_with_handle(
                move || {
                    if store.online.get_untracked() && FAILURES.get() == 0 {
                        request(store, Duration::ZERO);
                    }
                },
                PERIOD,
            );
        }
        request(store, Duration::ZERO);
    }

    /// Asks for a round after `delay`; an earlier request wins over a later
    /// one only if it is sooner.
    pub fn request(store: Store, delay: Duration) {
        if RUNNING.get() {
            AGAIN.set(true);
            return;
        }
        TIMER.with_borrow_mut(|t| {
            if let Some(t) = t.take() {
                t.clear();
            }
            *t = set_timeout_with_handle(move || leptos::task::spawn_local(run(store)), delay).ok();
        });
    }

    enum Round {
        Done,
        /// Nothing to do until the person acts (sign in, fix the text).
        Paused,
        /// Try again after the backoff.
        Retry,
    }

    async fn run(store: Store) {
        if RUNNING.replace(true) {
            AGAIN.set(true);
            return;
        }
        loop {
            AGAIN.set(false);
            store.sync.update(|s| s.running = true);
            let round = round(store).await;
            save_now(store);
            store.sync.update(|s| s.running = false);
            match round {
                Round::Done => {
                    FAILURES.set(0);
                    if let Some(auth) = store.auth {
                        if matches!(auth.0.get_untracked(), AuthState::Offline(_)) {
                            auth.refresh();
                        }
                    }
                    store.sync.update(|s| {
                        s.synced_once = true;
                        s.retry_in = None;
                        if matches!(s.problem, SyncProblem::Failing(_)) {
                            s.problem = SyncProblem::None;
                        }
                    });
                }
                Round::Paused => {}
                Round::Retry => {
                    let failures = FAILURES.get() + 1;
                    FAILURES.set(failures);
                    let wait = backoff(failures);
                    store
                        .sync
                        .update(|s| s.retry_in = Some(wait.as_secs() as u32));
                    RUNNING.set(false);
                    request(store, wait);
                    return;
                }
            }
            if !AGAIN.get() {
                break;
            }
        }
        RUNNING.set(false);
    }

    fn fail(store: Store, error: FetchError) -> Round {
        match error {
            FetchError::Offline => {
                store.online.set(false);
                // `online` wakes us; meanwhile keep probing slowly in case
                // the browser's flag is wrong (captive portals, flaky wifi).
                if window().navigator().on_line() {
                    Round::Retry
                } else {
                    Round::Paused
                }
            }
            FetchError::SignedOut => {
                store.sync.update(|s| s.problem = SyncProblem::SignedOut);
                Round::Paused
            }
            FetchError::Status {
                status: 413 | 422, ..
            } => {
                store
                    .sync
                    .update(|s| s.problem = SyncProblem::Refused(error.message()));
                Round::Paused
            }
            other => {
                store
                    .sync
                    .update(|s| s.problem = SyncProblem::Failing(other.message()));
                Round::Retry
            }
        }
    }

    async fn round(store: Store) -> Round {
        if store.user.get_untracked().is_none()
            || store.state.with_untracked(Option::is_none)
            || store.passive.get_untracked()
        {
            return Round::Paused;
        }
        if !window().navigator().on_line() {
            store.online.set(false);
            return Round::Paused;
        }
        if let Err(e) = create_pending(store).await {
            return fail(store, e);
        }
        if let Err(e) = push(store).await {
            return fail(store, e);
        }
        if let Err(e) = pull(store).await {
            return fail(store, e);
        }
        match call::<(), PortfolioList>("GET", "/api/portfolios", None).await {
            Ok((_, list)) => store.state.update(|s| {
                if let Some(s) = s {
                    s.merge_server_list(&list.portfolios);
                }
            }),
            Err(e) => return fail(store, e),
        }
        store.online.set(true);
        store.sync.update(|s| {
            if matches!(s.problem, SyncProblem::SignedOut) {
                s.problem = SyncProblem::None;
            }
        });
        Round::Done
    }

    /// Portfolios made on this device reach the server before their edits.
    async fn create_pending(store: Store) -> Result<(), FetchError> {
        let Some(account_id) = account_of(store) else {
            return Ok(());
        };
        let pending: Vec<LocalPortfolio> = store.state.with_untracked(|s| {
            s.as_ref()
                .map(|s| {
                    s.portfolios
                        .iter()
                        .filter(|p| p.unconfirmed && p.refused.is_none())
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        });
        for portfolio in pending {
            let request = CreatePortfolioRequest {
                account_id: account_id.clone(),
                kind: portfolio.kind,
                id: Some(portfolio.id.clone()),
            };
            let result =
                call::<_, PortfolioSummary>("POST", "/api/portfolios", Some(&request)).await;
            store.state.update(|s| {
                let Some(local) = s
                    .as_mut()
                    .and_then(|s| s.portfolios.iter_mut().find(|p| p.id == portfolio.id))
                else {
                    return;
                };
                match &result {
                    Ok((_, summary)) => *local = LocalPortfolio::from_summary(summary),
                    Err(FetchError::Status {
                        status: 409,
                        message,
                    }) => {
                        local.refused = Some(if message.is_empty() {
                            "Je hebt al een open portfolio van deze soort.".into()
                        } else {
                            message.clone()
                        });
                    }
                    Err(_) => {}
                }
            });
            save_now(store);
            match result {
                Ok(_) | Err(FetchError::Status { status: 409, .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The account the loaded drafts belong to: the state is loaded per
    /// signed-in user (`Store::load_user`), so it is that user's id.
    fn account_of(store: Store) -> Option<String> {
        store
            .user
            .with_untracked(|u| u.as_ref().map(|u| u.id.clone()))
    }

    async fn push(store: Store) -> Result<(), FetchError> {
        let Some(account_id) = account_of(store) else {
            return Ok(());
        };
        let mut max = MAX_BATCH;
        // Bounded: each round sends what was queued when it started, plus
        // what typing added meanwhile, but never loops forever.
        for _ in 0..20 {
            if !store
                .state
                .with_untracked(|s| s.as_ref().is_some_and(|s| s.ready_to_push()))
            {
                return Ok(());
            }
            let mut batch = None;
            store.state.update(|s| {
                batch = s
                    .as_mut()
                    .and_then(|s| s.replica.take_batch(&account_id, max))
            });
            let Some(batch) = batch else {
                return Ok(());
            };
            // Frozen from here on: persist before the request can succeed,
            // so a reload replays the same ids.
            save_now(store);
            let body = serde_json::to_string(&batch).unwrap_or_default();
            if body.len() > MAX_PUSH_BODY_BYTES && batch.mutations.len() > 1 {
                store.state.update(|s| {
                    if let Some(s) = s {
                        s.replica.on_push_failed();
                    }
                });
                max = (batch.mutations.len() / 2).max(1);
                continue;
            }
            let result = raw("POST", PUSH_PATH, Some(body)).await;
            let response = match result {
                Ok((200..=299, text)) => {
                    serde_json::from_str::<PushResponse>(&text).map_err(|_| FetchError::Status {
                        status: 200,
                        message: "Het antwoord van de server was onleesbaar.".into(),
                    })
                }
                Ok((401, _)) => Err(FetchError::SignedOut),
                Ok((status, text)) => Err(FetchError::Status {
                    status,
                    message: crate::portfolio::api::error_message(&text),
                }),
                Err(e) => Err(e),
            };
            store.state.update(|s| {
                if let Some(s) = s {
                    match &response {
                        Ok(r) => s.replica.on_push_response(r),
                        Err(_) => s.replica.on_push_failed(),
                    }
                }
            });
            save_now(store);
            response?;
            store.sync.update(|s| {
                if matches!(s.problem, SyncProblem::Refused(_)) {
                    s.problem = SyncProblem::None;
                }
            });
        }
        Ok(())
    }

    async fn pull(store: Store) -> Result<(), FetchError> {
        let Some(account_id) = account_of(store) else {
            return Ok(());
        };
        for _ in 0..50 {
            let cursor = store
                .state
                .with_untracked(|s| s.as_ref().map_or(0, |s| s.replica.cursor()));
            let (_, response) = call::<_, PullResponse>(
                "POST",
                PULL_PATH,
                Some(&PullRequest {
                    account_id: account_id.clone(),
                    cursor,
                }),
            )
            .await?;
            store.state.update(|s| {
                if let Some(s) = s {
                    s.replica.on_pull(&response);
                }
            });
            if !response.more {
                break;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(1), Duration::from_secs(2));
        assert_eq!(backoff(2), Duration::from_secs(4));
        assert_eq!(backoff(5), Duration::from_secs(32));
        assert_eq!(backoff(30), Duration::from_secs(300));
    }
}
