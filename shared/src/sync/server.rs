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
//!   version, value JSON)`: the values of the newest
//!   [`MAX_VERSIONS_KEPT`] versions, the bases an offline client can merge
//!   from. Older ones are deleted when a new version is written; [`apply`]
//!   then receives `base = None` for a pruned base and answers a conflict
//!   copy instead of merging, so nothing is lost.
//! - `sync_applied (user_id, client_id, seq, digest, outcome JSON)`,
//!   primary key `(user_id, client_id, seq)`: the [`mutation_digest`] and
//!   the [`Outcome`] answered the first time, without the state (a state
//!   can be 200 KB; an outcome is a few bytes). A replay with the same
//!   digest is answered with that outcome, `duplicate = true`, and the
//!   target's *current* state: it descends from the state answered then
//!   (versions only grow), which is all the client needs to rebase and
//!   learn (`Replica::on_push_response`). A replay with another digest
//!   refuses the whole push ([`super::limits::RejectKind::Mismatch`], 409).
//! - `sync_usage (portfolio_id, bytes)`: the portfolio's [`field_bytes`]
//!   summed, checked against [`super::limits::MAX_PORTFOLIO_BYTES`].
//! - `sync_counter`: one row holding the last server-wide change `seq`.
//!
//! # One push, one transaction
//!
//! 1. [`validate_push`]; on failure answer 413/422 and store nothing. Check
//!    that the person may write every `portfolio_id` (403 for the batch).
//! 2. Begin; `SELECT ... FROM sync_counter FOR UPDATE` (SQLite: `BEGIN
//!    IMMEDIATE`). Holding this lock until commit makes feed `seq` numbers
//!    commit in order, so a pull can never skip a change that commits late.
//! 3. For each mutation in order: if `sync_applied` has its id, compare
//!    digests: different, roll back and answer 409 for the whole push; the
//!    same, answer the stored outcome with `duplicate = true`. Otherwise
//!    load the field row, the `sync_field_version` value at `base_version`
//!    (only if it differs from the current version), for list items the
//!    count of live rows of the list, and the portfolio's usage; call
//!    [`decide`]. If `decision.changed`: increment the counter, upsert the
//!    field row with the new state and `seq`, insert the new version's
//!    value and delete versions older than the kept ones, update the usage.
//!    Insert digest and outcome into `sync_applied` (rejections too, so a
//!    replay gets the same answer).
//! 4. Commit, then answer. If the commit fails nothing is recorded and the
//!    client's replay is processed afresh.
//!
//! A pull is `SELECT ... FROM sync_field WHERE seq > $cursor AND portfolio_id
//! IN (readable) ORDER BY seq LIMIT $n`, cut further by
//! [`super::api::page_len`] to [`super::api::MAX_PULL_PAGE_BYTES`]; the new
//! cursor is the last sent row's `seq` (or the old cursor when empty),
//! `more` when rows were left.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::limits::{
    field_bytes, mismatch, validate_budget, validate_list_capacity, validate_mutation,
    validate_push, validate_target, Rejection, MAX_CONFLICT_COPIES, MAX_VERSIONS_KEPT,
};
use super::merge::{merge_values, Merge};
use super::types::{
    Change, ConflictCopy, FieldState, FieldValue, Mutation, MutationId, MutationResult, Outcome,
    PortfolioId, PullRequest, PullResponse, PushRequest, PushResponse, Target,
};
use crate::framework::PortfolioKind;

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

/// What the server knows around one mutation besides the mutation itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// See [`apply`].
    pub current: Option<&'a FieldState>,
    /// See [`apply`].
    pub base: Option<&'a FieldValue>,
    /// See [`apply`].
    pub live_items_in_list: usize,
    /// The portfolio's kind, whose framework says which keys exist. `None`
    /// skips the key check (the merge rules' own tests use short keys).
    pub kind: Option<PortfolioKind>,
    /// The portfolio's stored bytes now ([`field_bytes`] summed).
    pub portfolio_bytes: usize,
}

/// [`apply`] within the storage bounds: an unknown key, or a change that
/// would take the portfolio over [`super::limits::MAX_PORTFOLIO_BYTES`], is rejected
/// with a Dutch reason and changes nothing.
pub fn decide(context: &Context<'_>, mutation: &Mutation) -> Decision {
    let current = context.current;
    if let Some(kind) = context.kind {
        if let Err(rejection) = validate_target(kind, &mutation.target) {
            return Decision::rejected(current, rejection);
        }
    }
    let decision = apply(current, context.base, context.live_items_in_list, mutation);
    if decision.changed {
        let before = field_bytes(&mutation.target, current);
        let after = field_bytes(&mutation.target, decision.state.as_ref());
        if let Err(rejection) =
            validate_budget(context.portfolio_bytes, after.saturating_sub(before))
        {
            return Decision::rejected(current, rejection);
        }
    }
    decision
}

/// SHA-256 (hex) of what a mutation does: portfolio, target, base version
/// and operation, as JSON with object keys sorted, so the same mutation
/// read back from storage or re-serialized in another order has the same
/// digest. The id is not part of it: it is what the digest is stored under.
pub fn mutation_digest(mutation: &Mutation) -> String {
    let content = serde_json::json!({
        "portfolio_id": mutation.portfolio_id,
        "target": mutation.target,
        "base_version": mutation.base_version,
        "op": mutation.op,
    });
    let mut canonical = String::new();
    write_canonical(&content, &mut canonical);
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// What is kept of a processed mutation: enough to recognise its replay
/// and answer it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct AppliedRecord {
    pub digest: String,
    pub outcome: Outcome,
}

/// The answer to a replay of a mutation recorded as `record`, given the
/// target's current state; `Err` when the content differs.
pub fn replay(
    record: &AppliedRecord,
    mutation: &Mutation,
    current: Option<FieldState>,
) -> Result<MutationResult, Rejection> {
    // An empty digest is a record from before digests were kept: nothing
    // to compare it with.
    if !record.digest.is_empty() && record.digest != mutation_digest(mutation) {
        return Err(mismatch(&mutation.id));
    }
    Ok(MutationResult {
        id: mutation.id.clone(),
        outcome: record.outcome.clone(),
        duplicate: true,
        state: current,
    })
}

type FieldKey = (PortfolioId, Target);

#[derive(Debug, Clone)]
struct Row {
    state: FieldState,
    seq: u64,
    /// Value of the newest [`MAX_VERSIONS_KEPT`] versions, by version.
    history: BTreeMap<u64, FieldValue>,
}

/// The reference server: [`decide`] plus the bookkeeping the SQL
/// implementation must do (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct InMemoryServer {
    fields: BTreeMap<FieldKey, Row>,
    applied: BTreeMap<MutationId, AppliedRecord>,
    kinds: BTreeMap<PortfolioId, PortfolioKind>,
    seq: u64,
}

impl InMemoryServer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the server check target keys of `id` against the framework
    /// of `kind`, as the real server does for every portfolio. Portfolios
    /// not added here accept any key.
    pub fn add_portfolio(&mut self, id: PortfolioId, kind: PortfolioKind) {
        self.kinds.insert(id, kind);
    }

    /// Applies a batch atomically (there is no I/O that could fail halfway)
    /// and idempotently. A replayed id with other content refuses the whole
    /// batch ([`super::limits::RejectKind::Mismatch`]) and stores nothing.
    pub fn push(&mut self, request: &PushRequest) -> Result<PushResponse, Rejection> {
        validate_push(request)?;
        // Refuse before changing anything (the SQL implementation rolls its
        // transaction back instead): a stored id, or one earlier in this
        // batch, with another digest.
        let mut in_batch = BTreeMap::new();
        for mutation in &request.mutations {
            let digest = mutation_digest(mutation);
            let earlier = self
                .applied
                .get(&mutation.id)
                .map(|r| &r.digest)
                .or_else(|| in_batch.get(&mutation.id));
            if earlier.is_some_and(|d| !d.is_empty() && *d != digest) {
                return Err(mismatch(&mutation.id));
            }
            in_batch.insert(mutation.id.clone(), digest);
        }
        let results = request
            .mutations
            .iter()
            .map(|mutation| self.push_one(mutation))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PushResponse { results })
    }

    fn push_one(&mut self, mutation: &Mutation) -> Result<MutationResult, Rejection> {
        let key = (mutation.portfolio_id.clone(), mutation.target.clone());
        if let Some(record) = self.applied.get(&mutation.id) {
            let current = self.fields.get(&key).map(|r| r.state.clone());
            return replay(record, mutation, current);
        }
        let row = self.fields.get(&key);
        let live = match mutation.target.list() {
            Some(list) => self.live_items(&mutation.portfolio_id, list),
            None => 0,
        };
        let context = Context {
            current: row.map(|r| &r.state),
            base: row.and_then(|r| r.history.get(&mutation.base_version)),
            live_items_in_list: live,
            kind: self.kinds.get(&mutation.portfolio_id).copied(),
            portfolio_bytes: self.portfolio_bytes(&mutation.portfolio_id),
        };
        let decision = decide(&context, mutation);
        if decision.changed {
            if let Some(state) = &decision.state {
                self.seq += 1;
                let row = self.fields.entry(key).or_insert_with(|| Row {
                    state: state.clone(),
                    seq: 0,
                    history: BTreeMap::new(),
                });
                row.history.insert(state.version, state.value.clone());
                row.history
                    .retain(|&v, _| v + MAX_VERSIONS_KEPT > state.version);
                row.state = state.clone();
                row.seq = self.seq;
            }
        }
        self.applied.insert(
            mutation.id.clone(),
            AppliedRecord {
                digest: mutation_digest(mutation),
                outcome: decision.outcome.clone(),
            },
        );
        Ok(decision.result(mutation.id.clone()))
    }

    /// Bytes stored for one portfolio, as counted against
    /// [`super::limits::MAX_PORTFOLIO_BYTES`].
    pub fn portfolio_bytes(&self, portfolio_id: &PortfolioId) -> usize {
        self.fields
            .iter()
            .filter(|((p, _), _)| p == portfolio_id)
            .map(|((_, t), r)| field_bytes(t, Some(&r.state)))
            .sum()
    }

    /// Everything changed after `request.cursor`, at most `limit` targets
    /// and at most [`super::api::MAX_PULL_PAGE_BYTES`] (but at least one).
    pub fn pull(&self, request: &PullRequest, limit: usize) -> PullResponse {
        let mut rows: Vec<(&FieldKey, &Row)> = self
            .fields
            .iter()
            .filter(|(_, row)| row.seq > request.cursor)
            .collect();
        rows.sort_by_key(|(_, row)| row.seq);
        let n = super::api::page_len(
            rows.iter()
                .map(|((_, t), r)| field_bytes(t, Some(&r.state))),
            limit,
        );
        let more = rows.len() > n;
        rows.truncate(n);
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
        row.history.get(&version)
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
