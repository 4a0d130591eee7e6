//! The queue of pushes waiting for the next group commit
//! (`sync_store`'s module documentation has the design). Apart from the
//! database code so that `db::Db`, which owns one queue per process, does
//! not depend on the storage code that depends on it.

use super::sync_plan::Push;
use shared::framework::PortfolioKind;
use shared::sync::limits::Rejection;
use shared::sync::{PushRequest, PushResponse};
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::oneshot;

/// Why a push stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// A replayed mutation id with other content (`409 mutation_mismatch`).
    #[error("{}", .0.message)]
    Mismatch(Rejection),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A group takes waiting pushes up to this many mutations (at least one
/// push, whatever its size): bounded statements and a bounded wait for the
/// pushes at its end.
pub const MAX_GROUP_MUTATIONS: usize = 1000;

/// One queued push and where its answer goes.
pub(super) struct Job {
    pub(super) user: String,
    pub(super) kinds: HashMap<String, PortfolioKind>,
    pub(super) request: PushRequest,
    pub(super) answer: oneshot::Sender<Result<PushResponse, PushError>>,
}

impl Job {
    pub(super) fn as_push(&self) -> Push<'_> {
        Push {
            user: &self.user,
            kinds: &self.kinds,
            request: &self.request,
        }
    }
}

/// The pushes waiting for the next group commit, and whether a leader task
/// is running (it takes them; see the module documentation).
#[derive(Default)]
pub struct SyncQueue {
    state: Mutex<QueueState>,
}

#[derive(Default)]
struct QueueState {
    jobs: Vec<Job>,
    leader: bool,
}

impl std::fmt::Debug for SyncQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SyncQueue")
    }
}

impl SyncQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        // The state is a list and a flag, valid after any panic.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `job`; calls `start_leader` when no leader is running (the
    /// caller spawns it: this module knows no database).
    pub(super) fn enqueue(&self, job: Job, start_leader: impl FnOnce()) {
        let mut state = self.lock();
        state.jobs.push(job);
        if !state.leader {
            state.leader = true;
            drop(state);
            start_leader();
        }
    }

    /// After a leader ended abnormally: whether a new one must start for
    /// the jobs still waiting.
    pub(super) fn hand_on(&self) -> bool {
        let mut state = self.lock();
        state.leader = !state.jobs.is_empty();
        state.leader
    }

    /// The next group: the oldest waiting pushes, up to the size bound.
    /// `None` (and no leader any more) when nothing waits.
    pub(super) fn next_group(&self) -> Option<Vec<Job>> {
        let mut state = self.lock();
        if state.jobs.is_empty() {
            state.leader = false;
            return None;
        }
        let mut mutations = 0;
        let mut take = 0;
        for job in &state.jobs {
            if take > 0 && mutations + job.request.mutations.len() > MAX_GROUP_MUTATIONS {
                break;
            }
            mutations += job.request.mutations.len();
            take += 1;
        }
        Some(state.jobs.drain(..take).collect())
    }
}
