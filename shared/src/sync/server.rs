//! The server's side of sync: [`apply`] is the whole decision for one
//! mutation; [`InMemoryServer`] is the reference implementation of the
//! bookkeeping around it (idempotency, version history, change feed) that
//! the SQL implementation must reproduce. The tests drive the real client
//! state machine against it.
//!
//! # What the SQL implementation stores
//!
//! - `sync_field (portfolio_id, target_kind, target_key, item_id, value
//!   JSON, version, conflicts JSON, seq)`, primary key on the target:
//!   the current [`FieldState`] and the sequence number of its last change.
//!   `seq` indexed: it is the change feed.
//! - `sync_field_version (portfolio_id, target_kind, target_key, item_id,
//!   version, value JSON)`: every version's value, because any offline
//!   client may still be based on it. Keeping all is simplest; if pruned,
//!   [`apply`] receives `base = None` for a pruned version and answers a
//!   conflict instead of merging, which is safe.
//! - `sync_applied (client_id, seq, result JSON)`, primary key
//!   `(client_id, seq)`: the [`MutationResult`] answered the first time.
//!   Keep at least as long as a client may stay offline; keeping all is
//!   simplest and small.
//! - `sync_counter`: one row holding the last server-wide change `seq`.
//!
//! # One push, one transaction
//!
//! 1. [`validate_push`]; on failure answer 413/422 and store nothing. Check
//!    that the person may write every `portfolio_id` (403 for the batch).
//! 2. Begin; `SELECT ... FROM sync_counter FOR UPDATE` (SQLite: `BEGIN
//!    IMMEDIATE`). Holding this lock until commit makes feed `seq` numbers
//!    commit in order, so a pull can never skip a change that commits late.
//! 3. For each mutation in order: if `sync_applied` has its id, answer the
//!    stored result with `duplicate = true`. Otherwise load the field row,
//!    the `sync_field_version` value at `base_version` (only if it differs
//!    from the current version) and, for list items, the count of live rows
//!    of the list; call [`apply`]. If `decision.changed`: increment the
//!    counter, upsert the field row with the new state and `seq`, insert the
//!    new version's value. Insert the result into `sync_applied` (rejections
//!    too, so a replay gets the same answer).
//! 4. Commit, then answer. If the commit fails nothing is recorded and the
//!    client's replay is processed afresh.
//!
//! A pull is `SELECT ... FROM sync_field WHERE seq > $cursor AND portfolio_id
//! IN (readable) ORDER BY seq LIMIT $n`; the new cursor is the last row's
//! `seq` (or the old cursor when empty), `more` when the limit was reached.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::limits::{
    validate_list_capacity, validate_mutation, validate_push, Rejection, MAX_CONFLICT_COPIES,
};
use super::merge::{merge_values, Merge};
use super::types::{
    Change, ConflictCopy, FieldState, FieldValue, Mutation, MutationId, MutationResult, Outcome,
    PortfolioId, PullRequest, PullResponse, PushRequest, PushResponse, Target,
};

/// What the server does with one mutation.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Decision {
    pub outcome: Outcome,
    /// The target's state after the mutation (what to answer).
    pub state: Option<FieldState>,
    /// Whether `state` is new and must be stored: a new version in the
    /// field row and the history, and a new change-feed `seq`.
    pub changed: bool,
}

impl Decision {
    pub fn result(&self, id: MutationId) -> MutationResult {
        MutationResult {
            id,
            outcome: self.outcome.clone(),
            duplicate: false,
            state: self.state.clone(),
        }
    }

    fn rejected(current: Option<&FieldState>, rejection: Rejection) -> Self {
        Decision {
            outcome: Outcome::Rejected {
                reason: rejection.message,
            },
            state: current.cloned(),
            changed: false,
        }
    }
}

/// Decides one mutation.
///
/// - `current`: the target's stored state, `None` if it never existed.
/// - `base`: the stored value at `mutation.base_version`, when that is an
///   older version than the current one and still in the history; `None`
///   otherwise (it is not consulted when the base is current).
/// - `live_items_in_list`: for an item target, the number of non-deleted
///   rows in its list; ignored otherwise.
pub fn apply(
    current: Option<&FieldState>,
    base: Option<&FieldValue>,
    live_items_in_list: usize,
    mutation: &Mutation,
) -> Decision {
    if let Err(rejection) = validate_mutation(mutation) {
        return Decision::rejected(current, rejection);
    }
    let value = mutation.op.value();
    let revives_item = matches!(mutation.target, Target::Item { .. })
        && !value.is_deleted()
        && current.is_none_or(|c| c.value.is_deleted());
    if revives_item {
        if let Err(rejection) = validate_list_capacity(live_items_in_list) {
            return Decision::rejected(current, rejection);
        }
    }

    let Some(current) = current else {
        // Nothing stored yet, so no one else's value can be lost, whatever
        // base the client claims (e.g. after the server was restored).
        return Decision {
            outcome: Outcome::Applied,
            state: Some(FieldState {
                value: value.clone(),
                version: 1,
                conflicts: Vec::new(),
            }),
            changed: true,
        };
    };

    let resolved = mutation.op.resolved();
    let conflicts: Vec<ConflictCopy> = current
        .conflicts
        .iter()
        .filter(|c| !resolved.contains(&c.id))
        .cloned()
        .collect();

    let merged = if mutation.base_version == current.version {
        Merge::Clean(value.clone())
    } else {
        // An answer nobody had seen was empty, so two first drafts merge
        // like any other edit instead of conflicting outright.
        let empty = FieldValue::Text(String::new());
        let base = match (&mutation.target, mutation.base_version) {
            (Target::Answer { .. }, 0) => Some(&empty),
            (_, v) if v > current.version => None,
            _ => base,
        };
        merge_values(base, value, &current.value)
    };

    let version = current.version + 1;
    match merged {
        Merge::Clean(new_value) => {
            if new_value == current.value && conflicts == current.conflicts {
                return Decision {
                    outcome: Outcome::Unchanged,
                    state: Some(current.clone()),
                    changed: false,
                };
            }
            let outcome = if &new_value == value {
                Outcome::Applied
            } else {
                Outcome::Merged
            };
            Decision {
                outcome,
                state: Some(FieldState {
                    value: new_value,
                    version,
                    conflicts,
                }),
                changed: true,
            }
        }
        Merge::Conflict => {
            if conflicts.len() >= MAX_CONFLICT_COPIES {
                return Decision::rejected(
                    Some(current),
                    Rejection {
                        kind: super::limits::RejectKind::Invalid,
                        message: "Bij dit veld staan te veel conflicten open; los die eerst op."
                            .to_string(),
                    },
                );
            }
            let mut conflicts = conflicts;
            conflicts.push(ConflictCopy {
                id: version,
                value: value.clone(),
                from: mutation.id.clone(),
            });
            Decision {
                outcome: Outcome::Conflict { copy_id: version },
                state: Some(FieldState {
                    value: current.value.clone(),
                    version,
                    conflicts,
                }),
                changed: true,
            }
        }
    }
}

type FieldKey = (PortfolioId, Target);

#[derive(Debug, Clone)]
struct Row {
    state: FieldState,
    seq: u64,
    /// Value of every version, oldest first; index = version - 1.
    history: Vec<FieldValue>,
}

/// The reference server: [`apply`] plus the bookkeeping the SQL
/// implementation must do (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct InMemoryServer {
    fields: BTreeMap<FieldKey, Row>,
    applied: BTreeMap<MutationId, MutationResult>,
    seq: u64,
}

impl InMemoryServer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies a batch atomically (there is no I/O that could fail halfway)
    /// and idempotently.
    pub fn push(&mut self, request: &PushRequest) -> Result<PushResponse, Rejection> {
        validate_push(request)?;
        let mut results = Vec::with_capacity(request.mutations.len());
        for mutation in &request.mutations {
            if let Some(stored) = self.applied.get(&mutation.id) {
                results.push(MutationResult {
                    duplicate: true,
                    ..stored.clone()
                });
                continue;
            }
            let key = (mutation.portfolio_id.clone(), mutation.target.clone());
            let row = self.fields.get(&key);
            let current = row.map(|r| &r.state);
            let base = row.and_then(|r| {
                let index = usize::try_from(mutation.base_version)
                    .ok()?
                    .checked_sub(1)?;
                r.history.get(index)
            });
            let live = match mutation.target.list() {
                Some(list) => self.live_items(&mutation.portfolio_id, list),
                None => 0,
            };
            let decision = apply(current, base, live, mutation);
            if decision.changed {
                if let Some(state) = &decision.state {
                    self.seq += 1;
                    let row = self.fields.entry(key).or_insert_with(|| Row {
                        state: state.clone(),
                        seq: 0,
                        history: Vec::new(),
                    });
                    row.history.push(state.value.clone());
                    row.state = state.clone();
                    row.seq = self.seq;
                }
            }
            let result = decision.result(mutation.id.clone());
            self.applied.insert(mutation.id.clone(), result.clone());
            results.push(result);
        }
        Ok(PushResponse { results })
    }

    /// Everything changed after `request.cursor`, at most `limit` targets.
    pub fn pull(&self, request: &PullRequest, limit: usize) -> PullResponse {
        let mut rows: Vec<(&FieldKey, &Row)> = self
            .fields
            .iter()
            .filter(|(_, row)| row.seq > request.cursor)
            .collect();
        rows.sort_by_key(|(_, row)| row.seq);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let cursor = rows.last().map_or(request.cursor, |(_, row)| row.seq);
        PullResponse {
            changes: rows
                .into_iter()
                .map(|((portfolio_id, target), row)| Change {
                    seq: row.seq,
                    portfolio_id: portfolio_id.clone(),
                    target: target.clone(),
                    state: row.state.clone(),
                })
                .collect(),
            cursor,
            more,
        }
    }

    pub fn field(&self, portfolio_id: &PortfolioId, target: &Target) -> Option<&FieldState> {
        self.fields
            .get(&(portfolio_id.clone(), target.clone()))
            .map(|r| &r.state)
    }

    /// Every stored target with its state.
    pub fn fields(&self) -> impl Iterator<Item = (&PortfolioId, &Target, &FieldState)> {
        self.fields.iter().map(|((p, t), r)| (p, t, &r.state))
    }

    /// The value a target had at `version`, from the history.
    pub fn version_value(
        &self,
        portfolio_id: &PortfolioId,
        target: &Target,
        version: u64,
    ) -> Option<&FieldValue> {
        let row = self.fields.get(&(portfolio_id.clone(), target.clone()))?;
        row.history
            .get(usize::try_from(version).ok()?.checked_sub(1)?)
    }

    fn live_items(&self, portfolio_id: &PortfolioId, list: &str) -> usize {
        self.fields
            .iter()
            .filter(|((p, t), row)| {
                p == portfolio_id && t.list() == Some(list) && !row.state.value.is_deleted()
            })
            .count()
    }
}

#[cfg(test)]
mod tests;
