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

/// The handle everyone who wants a round holds (the store's edits, the
/// online event, the logout dialog, a tab taking over). Its state lives in
/// the reactive arena with the store, not in thread-locals.
#[derive(Clone, Copy)]
pub struct SyncLoop {
    #[cfg(feature = "hydrate")]
    store: crate::portfolio::store::Store,
    #[cfg(feature = "hydrate")]
    state: leptos::prelude::StoredValue<browser::LoopState>,
}

impl SyncLoop {
    pub fn new(store: crate::portfolio::store::Store) -> Self {
        #[cfg(not(feature = "hydrate"))]
        let _ = store;
        SyncLoop {
            #[cfg(feature = "hydrate")]
            store,
            #[cfg(feature = "hydrate")]
            state: leptos::prelude::StoredValue::new(browser::LoopState::default()),
        }
    }

    /// Asks for a round after `delay` (see `browser::request`); on the
    /// server, nothing.
    pub fn request(self, delay: Duration) {
        #[cfg(feature = "hydrate")]
        browser::request(self, delay);
        #[cfg(not(feature = "hydrate"))]
        let _ = delay;
    }

    /// Starts the periodic sync and runs a first round.
    #[cfg(feature = "hydrate")]
    pub fn start(self) {
        browser::start(self);
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use crate::auth::session::AuthState;
    use crate::portfolio::api::{call, classify, raw, FetchError};
    use crate::portfolio::replica_store::LocalPortfolio;
    use crate::portfolio::store::{Store, SyncProblem};
    use leptos::prelude::*;
    use shared::portfolio::{CreatePortfolioRequest, PortfolioList, PortfolioSummary};
    use shared::sync::api::{MAX_PUSH_BODY_BYTES, PULL_PATH, PUSH_PATH};
    use shared::sync::{
        PortfolioId, PullRequest, PullResponse, PushAnswer, PushResponse, MAX_BATCH,
    };

    #[derive(Default)]
    pub struct LoopState {
        /// A round is in flight.
        running: bool,
        /// A request came during the round: run another right after.
        again: bool,
        /// Consecutive failed rounds (the backoff's exponent).
        failures: u32,
        timer: Option<TimeoutHandle>,
        /// The 30 s interval is set (once per page).
        started: bool,
    }

    pub fn start(sync: SyncLoop) {
        let first = sync
            .state
            .try_update_value(|s| !std::mem::replace(&mut s.started, true));
        if first == Some(true) {
            let _ = set_interval_with_handle(
                move || {
                    let idle = sync.state.with_value(|s| s.failures == 0);
                    if sync.store.online.get_untracked() && idle {
                        request(sync, Duration::ZERO);
                    }
                },
                PERIOD,
            );
        }
        request(sync, Duration::ZERO);
    }

    /// Asks for a round after `delay`; an earlier request wins over a later
    /// one only if it is sooner.
    pub fn request(sync: SyncLoop, delay: Duration) {
        sync.state.update_value(|s| {
            if s.running {
                s.again = true;
                return;
            }
            if let Some(t) = s.timer.take() {
                t.clear();
            }
            s.timer =
                set_timeout_with_handle(move || leptos::task::spawn_local(run(sync)), delay).ok();
        });
    }

    enum Round {
        Done,
        /// Nothing to do until the person acts (sign in, fix the text).
        Paused,
        /// Try again after the backoff.
        Retry,
    }

    async fn run(sync: SyncLoop) {
        let store = sync.store;
        let busy = sync.state.try_update_value(|s| {
            if s.running {
                s.again = true;
            }
            std::mem::replace(&mut s.running, true)
        });
        if busy != Some(false) {
            return;
        }
        loop {
            sync.state.update_value(|s| s.again = false);
            store.sync.update(|s| s.running = true);
            let round = round(store).await;
            store.save_now();
            store.sync.update(|s| s.running = false);
            match round {
                Round::Done => {
                    sync.state.update_value(|s| s.failures = 0);
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
                    let failures = sync
                        .state
                        .try_update_value(|s| {
                            s.failures += 1;
                            s.running = false;
                            s.failures
                        })
                        .unwrap_or(1);
                    let wait = backoff(failures);
                    store
                        .sync
                        .update(|s| s.retry_in = Some(wait.as_secs() as u32));
                    request(sync, wait);
                    return;
                }
            }
            if !sync.state.with_value(|s| s.again) {
                break;
            }
        }
        sync.state.update_value(|s| s.running = false);
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
            // Someone else signed in on this device: not one request more
            // with these drafts until their owner signs in again.
            FetchError::AccountMismatch => {
                let name = store
                    .user
                    .with_untracked(|u| u.as_ref().map(|u| u.name.clone()))
                    .unwrap_or_default();
                store
                    .sync
                    .update(|s| s.problem = SyncProblem::WrongAccount { name });
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
            || store
                .sync
                .with_untracked(|s| matches!(s.problem, SyncProblem::WrongAccount { .. }))
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
        // The list first, so the pull knows which portfolios are this
        // person's own (the only ones kept on the device).
        if let Err(e) = refresh_list(store).await {
            return fail(store, e);
        }
        if let Err(e) = pull(store).await {
            return fail(store, e);
        }
        store.online.set(true);
        store.sync.update(|s| {
            if matches!(s.problem, SyncProblem::SignedOut) {
                s.problem = SyncProblem::None;
            }
        });
        Round::Done
    }

    async fn refresh_list(store: Store) -> Result<(), FetchError> {
        let Some(account_id) = account_of(store) else {
            return Ok(());
        };
        let (_, list) = call::<(), PortfolioList>("GET", "/api/portfolios", None).await?;
        store.state.update(|s| {
            if let Some(s) = s {
                s.merge_server_list(&account_id, &list.portfolios);
            }
        });
        Ok(())
    }

    /// Portfolios made on this device reach the server before their edits.
    /// One the server refuses (409: one of its kind is open; 403/404) is
    /// marked and the others go on.
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
                        status: status @ (403 | 404 | 409),
                        message,
                    }) => {
                        local.refused = Some(if !message.is_empty() {
                            message.clone()
                        } else if *status == 409 {
                            "Je hebt al een open portfolio van deze soort.".into()
                        } else {
                            "Je mag met dit account geen portfolio aanmaken.".into()
                        });
                    }
                    Err(_) => {}
                }
            });
            store.save_now();
            match result {
                Ok(_)
                | Err(FetchError::Status {
                    status: 403 | 404 | 409,
                    ..
                }) => {}
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

    /// Why the server refuses a portfolio's edits, and what to do.
    fn parked_reason(status: u16, message: &str) -> String {
        let what = match status {
            403 => "Je mag dit portfolio niet (meer) wijzigen.",
            404 => "Dit portfolio bestaat niet (meer) op de server, of is niet van jou.",
            _ => "De server weigert de wijzigingen van dit portfolio.",
        };
        let told = if message.is_empty() || message == what {
            String::new()
        } else {
            format!(" ({message})")
        };
        format!(
            "{what}{told} Je wijzigingen staan nog op dit apparaat: kopieer wat je wilt bewaren, \
             probeer het later opnieuw of neem contact op met het bureau."
        )
    }

    /// Pushes the outbox, one portfolio per batch, so a refusal names the
    /// portfolio it is about: that one is parked (edits kept and shown)
    /// and the others still go.
    async fn push(store: Store) -> Result<(), FetchError> {
        let Some(account_id) = account_of(store) else {
            return Ok(());
        };
        let mut max = MAX_BATCH;
        // Portfolios with nothing to send now (only over-long texts).
        let mut done = std::collections::BTreeSet::new();
        // Bounded: each round sends what was queued when it started, plus
        // what typing added meanwhile, but never loops forever.
        for _ in 0..40 {
            let next = store.state.with_untracked(|s| {
                s.as_ref().and_then(|s| {
                    s.replica
                        .outbox()
                        .iter()
                        .map(|e| &e.mutation.portfolio_id)
                        .find(|p| s.pushable(p) && !done.contains(*p))
                        .cloned()
                })
            });
            let Some(portfolio) = next else {
                return Ok(());
            };
            let mut batch = None;
            store.state.update(|s| {
                batch = s.as_mut().and_then(|s| {
                    s.replica
                        .take_batch_where(&account_id, max, |p| *p == portfolio)
                })
            });
            let Some(batch) = batch else {
                // Only held (over-long) texts left there.
                done.insert(portfolio);
                continue;
            };
            // Frozen from here on: persist before the request can succeed,
            // so a reload replays the same ids.
            store.save_now();
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
                Ok((status, text)) => Err(classify(status, &text)),
                Err(e) => Err(e),
            };
            let mut outcome = Ok(());
            store.state.update(|s| {
                let Some(s) = s else {
                    return;
                };
                match &response {
                    Ok(r) => {
                        if let PushAnswer::Refused(e) = s.replica.on_push_response(r) {
                            outcome = Err(FetchError::Status {
                                status: 200,
                                message: format!("Het antwoord van de server klopte niet: {e}."),
                            });
                        }
                    }
                    // The ids are taken by other content: send the same
                    // edits as new ones, merged by the server.
                    Err(FetchError::MutationMismatch) => s.replica.reissue_in_flight(),
                    Err(FetchError::Status {
                        status: status @ (403 | 404 | 409),
                        message,
                    }) => {
                        s.replica.on_push_failed();
                        if let Some(p) = s.portfolios.iter_mut().find(|p| p.id == portfolio) {
                            p.parked = Some(parked_reason(*status, message));
                        }
                    }
                    Err(e) => {
                        s.replica.on_push_failed();
                        outcome = Err(e.clone());
                    }
                }
            });
            store.save_now();
            outcome?;
            store.sync.update(|s| {
                if matches!(s.problem, SyncProblem::Refused(_)) {
                    s.problem = SyncProblem::None;
                }
            });
        }
        Ok(())
    }

    /// Pulls what changed, keeping only this person's own portfolios. A
    /// change of a portfolio the list did not name yet (made elsewhere a
    /// moment ago) makes it read the list again; one still unknown then is
    /// not kept.
    async fn pull(store: Store) -> Result<(), FetchError> {
        let Some(account_id) = account_of(store) else {
            return Ok(());
        };
        let mut refreshed = false;
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
            let mut unknown = None;
            store.state.update(|s| {
                if let Some(s) = s {
                    let known: Vec<(PortfolioId, Option<bool>)> = response
                        .changes
                        .iter()
                        .map(|c| (c.portfolio_id.clone(), s.owns(&c.portfolio_id)))
                        .collect();
                    let owns = |p: &PortfolioId| {
                        known
                            .iter()
                            .find(|(id, _)| id == p)
                            .and_then(|(_, own)| *own)
                            .or(refreshed.then_some(false))
                    };
                    unknown = s.replica.on_pull_where(&response, owns);
                }
            });
            if unknown.is_some() {
                refresh_list(store).await?;
                refreshed = true;
                continue;
            }
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
