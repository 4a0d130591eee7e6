//! The browser's replica of the candidate's portfolios and its outbox, as a
//! pure state machine. The UI persists the whole [`Replica`] (serde) after
//! every call that changes it, and performs the HTTP requests itself.
//!
//! Model: the replica keeps the last server state it learned per target and
//! an ordered outbox. What the person sees is the newest outbox value for a
//! target, else the server value, so the two can never drift apart.
//!
//! Invariants that make replays and rebases safe:
//! - An entry that was sent once is frozen: same id, same content, so a
//!   replay after a lost response is answered from the server's record.
//! - A batch carries at most one entry per target, and only the oldest one.
//!   A later entry for that target is therefore never sent before the older
//!   one is answered, and is rebased onto the answer first.
//! - An entry's `base_value` is the value its `base_version` had, so the
//!   client can merge locally exactly as the server would.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::limits::{validate_list_capacity, validate_value, Rejection, MAX_BATCH};
use super::merge::{merge_values, Merge};
use super::types::{
    ClientId, ConflictCopy, FieldState, FieldValue, Mutation, MutationId, Op, Outcome, PortfolioId,
    PullResponse, PushRequest, PushResponse, Target,
};

/// A target within a portfolio.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldRef {
    pub portfolio_id: PortfolioId,
    pub target: Target,
}

impl FieldRef {
    pub fn new(portfolio_id: &PortfolioId, target: Target) -> Self {
        FieldRef {
            portfolio_id: portfolio_id.clone(),
            target,
        }
    }

    fn of(mutation: &Mutation) -> Self {
        FieldRef::new(&mutation.portfolio_id, mutation.target.clone())
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub mutation: Mutation,
    /// The server value at `mutation.base_version` as this client knew it.
    pub base_value: Option<FieldValue>,
    /// Sent at least once, so frozen.
    pub sent: bool,
    /// Part of the batch currently awaiting a response. Never persisted: a
    /// replica saved mid-request and loaded after the tab closed has no
    /// request in flight, and must push the (frozen) batch again.
    #[serde(skip)]
    pub in_flight: bool,
}

/// An edit the server refused; kept so its text is not lost and the UI can
/// show the reason and offer to copy the text.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct RejectedEdit {
    pub field: FieldRef,
    pub value: FieldValue,
    pub reason: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Replica {
    client_id: ClientId,
    /// Next mutation `seq`; persisted with the rest so it never repeats.
    next_seq: u64,
    cursor: u64,
    #[serde(with = "pairs")]
    server: BTreeMap<FieldRef, FieldState>,
    outbox: Vec<OutboxEntry>,
    rejections: Vec<RejectedEdit>,
}

impl Replica {
    /// A fresh replica. `client_id` must be new (e.g. a UUID v4 made by the
    /// UI): a reused id with a restarted counter would make the server
    /// answer new edits with old results.
    pub fn new(client_id: ClientId) -> Self {
        Replica {
            client_id,
            next_seq: 1,
            cursor: 0,
            server: BTreeMap::new(),
            outbox: Vec::new(),
            rejections: Vec::new(),
        }
    }

    pub fn client_id(&self) -> &ClientId {
        &self.client_id
    }

    /// What to send as `PullRequest::cursor`.
    pub fn cursor(&self) -> u64 {
        self.cursor
    }

    // ---- reading: what the person sees ----

    /// The value as the person sees it: their newest unconfirmed edit, else
    /// the last known server value.
    pub fn value(&self, portfolio_id: &PortfolioId, target: &Target) -> Option<&FieldValue> {
        self.outbox
            .iter()
            .rev()
            .find(|e| e.mutation.portfolio_id == *portfolio_id && e.mutation.target == *target)
            .map(|e| e.mutation.op.value())
            .or_else(|| {
                self.server
                    .get(&FieldRef::new(portfolio_id, target.clone()))
                    .map(|s| &s.value)
            })
    }

    /// The visible text of an answer; empty when never written.
    pub fn text(&self, portfolio_id: &PortfolioId, key: &str) -> &str {
        self.value(portfolio_id, &Target::answer(key))
            .and_then(FieldValue::as_text)
            .unwrap_or("")
    }

    pub fn json(&self, portfolio_id: &PortfolioId, key: &str) -> Option<&serde_json::Value> {
        self.value(portfolio_id, &Target::value(key))
            .and_then(FieldValue::as_json)
    }

    /// The visible rows of a list, by item id (the UI orders them, e.g. by
    /// date).
    pub fn items(&self, portfolio_id: &PortfolioId, list: &str) -> Vec<(&str, &serde_json::Value)> {
        let targets: BTreeSet<&Target> = self
            .server
            .keys()
            .filter(|f| f.portfolio_id == *portfolio_id)
            .map(|f| &f.target)
            .chain(
                self.outbox
                    .iter()
                    .filter(|e| e.mutation.portfolio_id == *portfolio_id)
                    .map(|e| &e.mutation.target),
            )
            .filter(|t| t.list() == Some(list))
            .collect();
        targets
            .into_iter()
            .filter_map(|t| match (t, self.value(portfolio_id, t)) {
                (Target::Item { item_id, .. }, Some(FieldValue::Json(v))) => {
                    Some((item_id.as_str(), v))
                }
                _ => None,
            })
            .collect()
    }

    /// The last state the server reported for a target.
    pub fn server_state(&self, portfolio_id: &PortfolioId, target: &Target) -> Option<&FieldState> {
        self.server
            .get(&FieldRef::new(portfolio_id, target.clone()))
    }

    /// Every target's last known server state.
    pub fn server_states(&self) -> impl Iterator<Item = (&FieldRef, &FieldState)> {
        self.server.iter()
    }

    /// Edits not yet confirmed by the server ("n wijzigingen nog niet
    /// opgeslagen").
    pub fn pending_count(&self) -> usize {
        self.outbox.len()
    }

    pub fn outbox(&self) -> &[OutboxEntry] {
        &self.outbox
    }

    /// Open conflict copies, minus those the person already resolved
    /// locally.
    pub fn conflicts(&self) -> Vec<(&FieldRef, &ConflictCopy)> {
        self.server
            .iter()
            .flat_map(|(field, state)| state.conflicts.iter().map(move |c| (field, c)))
            .filter(|(field, copy)| !self.locally_resolved(field).contains(&copy.id))
            .collect()
    }

    pub fn has_conflicts(&self) -> bool {
        !self.conflicts().is_empty()
    }

    /// Open conflict copies of one target.
    pub fn conflicts_of(&self, portfolio_id: &PortfolioId, target: &Target) -> Vec<&ConflictCopy> {
        let field = FieldRef::new(portfolio_id, target.clone());
        let resolved = self.locally_resolved(&field);
        self.server
            .get(&field)
            .map(|s| {
                s.conflicts
                    .iter()
                    .filter(|c| !resolved.contains(&c.id))
                    .collect()
            })
            .unwrap_or_default()
    }

    // Copies closed by a queued resolve are hidden at once; the server
    // confirms later.
    fn locally_resolved(&self, field: &FieldRef) -> Vec<u64> {
        self.outbox
            .iter()
            .filter(|e| FieldRef::of(&e.mutation) == *field)
            .flat_map(|e| e.mutation.op.resolved().iter().copied())
            .collect()
    }

    pub fn rejections(&self) -> &[RejectedEdit] {
        &self.rejections
    }

    pub fn dismiss_rejections(&mut self) {
        self.rejections.clear();
    }

    // ---- editing ----

    /// Records the new text of an answer. Call on every change (or
    /// debounced): consecutive edits coalesce into one unsent mutation.
    pub fn edit_text(
        &mut self,
        portfolio_id: &PortfolioId,
        key: &str,
        text: impl Into<String>,
    ) -> Result<(), Rejection> {
        self.enqueue(
            FieldRef::new(portfolio_id, Target::answer(key)),
            FieldValue::Text(text.into()),
            None,
        )
    }

    /// Records a structured value (trajectory dates, route answers, ...).
    pub fn set_value(
        &mut self,
        portfolio_id: &PortfolioId,
        key: &str,
        value: serde_json::Value,
    ) -> Result<(), Rejection> {
        self.enqueue(
            FieldRef::new(portfolio_id, Target::value(key)),
            FieldValue::Json(value),
            None,
        )
    }

    /// Adds or replaces a list row; `item_id` is a UUID the UI made when the
    /// row was added.
    pub fn upsert_item(
        &mut self,
        portfolio_id: &PortfolioId,
        list: &str,
        item_id: &str,
        value: serde_json::Value,
    ) -> Result<(), Rejection> {
        self.enqueue(
            FieldRef::new(portfolio_id, Target::item(list, item_id)),
            FieldValue::Json(value),
            None,
        )
    }

    pub fn delete_item(
        &mut self,
        portfolio_id: &PortfolioId,
        list: &str,
        item_id: &str,
    ) -> Result<(), Rejection> {
        self.enqueue(
            FieldRef::new(portfolio_id, Target::item(list, item_id)),
            FieldValue::Deleted,
            None,
        )
    }

    /// The person resolved the conflict copies they see for `target`: the
    /// value becomes `value` (the current one, a copy, or their own
    /// combination) and those copies close.
    pub fn resolve_conflict(
        &mut self,
        portfolio_id: &PortfolioId,
        target: &Target,
        value: FieldValue,
    ) -> Result<(), Rejection> {
        let resolved = self
            .conflicts_of(portfolio_id, target)
            .iter()
            .map(|c| c.id)
            .collect();
        self.enqueue(
            FieldRef::new(portfolio_id, target.clone()),
            value,
            Some(resolved),
        )
    }

    fn enqueue(
        &mut self,
        field: FieldRef,
        value: FieldValue,
        resolve: Option<Vec<u64>>,
    ) -> Result<(), Rejection> {
        validate_value(&field.target, &value)?;
        let visible = self.value(&field.portfolio_id, &field.target);
        if resolve.is_none()
            && (visible == Some(&value) || (visible.is_none() && value.is_deleted()))
        {
            return Ok(());
        }
        if let Some(list) = field.target.list() {
            let adds_row = !value.is_deleted() && visible.is_none_or(FieldValue::is_deleted);
            if adds_row {
                validate_list_capacity(self.items(&field.portfolio_id, list).len())?;
            }
        }

        let last = self
            .outbox
            .iter()
            .rposition(|e| FieldRef::of(&e.mutation) == field);
        match last {
            Some(i) if !self.outbox[i].sent => {
                let entry = &mut self.outbox[i];
                entry.mutation.op = match (&entry.mutation.op, resolve) {
                    (Op::Set { .. }, None) => Op::Set { value },
                    (Op::Resolve { resolved, .. }, None) => Op::Resolve {
                        value,
                        resolved: resolved.clone(),
                    },
                    (op, Some(new)) => {
                        let mut resolved = op.resolved().to_vec();
                        resolved.extend(new.into_iter().filter(|id| !op.resolved().contains(id)));
                        Op::Resolve { value, resolved }
                    }
                };
                self.drop_if_noop(i);
            }
            _ => {
                let (base_version, mut base_value) = match last {
                    // Derived from an edit still awaiting its answer: keep
                    // that edit's base until the answer allows a rebase.
                    Some(i) => (
                        self.outbox[i].mutation.base_version,
                        self.outbox[i].base_value.clone(),
                    ),
                    None => match self.server.get(&field) {
                        Some(s) => (s.version, Some(s.value.clone())),
                        None => (0, None),
                    },
                };
                if base_version == 0 && matches!(field.target, Target::Answer { .. }) {
                    base_value = Some(FieldValue::Text(String::new()));
                }
                let op = match resolve {
                    Some(resolved) => Op::Resolve { value, resolved },
                    None => Op::Set { value },
                };
                let seq = self.next_seq;
                self.next_seq += 1;
                self.outbox.push(OutboxEntry {
                    mutation: Mutation {
                        id: MutationId {
                            client_id: self.client_id.clone(),
                            seq,
                        },
                        portfolio_id: field.portfolio_id,
                        target: field.target,
                        base_version,
                        op,
                    },
                    base_value,
                    sent: false,
                    in_flight: false,
                });
            }
        }
        Ok(())
    }

    // ---- pushing ----

    /// The next batch to push, or `None` when there is nothing to send or a
    /// batch is still awaiting its response. Every call that returns a batch
    /// must be followed by [`Self::on_push_response`] or
    /// [`Self::on_push_failed`]. `account_id` is the account the replica
    /// belongs to; the server refuses the batch for any other session.
    pub fn take_batch(&mut self, account_id: &str, max: usize) -> Option<PushRequest> {
        if self.outbox.iter().any(|e| e.in_flight) {
            return None;
        }
        let max = max.clamp(1, MAX_BATCH);
        let mut seen = BTreeSet::new();
        let mut mutations = Vec::new();
        for entry in &mut self.outbox {
            if mutations.len() == max {
                break;
            }
            if seen.insert(FieldRef::of(&entry.mutation)) {
                entry.sent = true;
                entry.in_flight = true;
                mutations.push(entry.mutation.clone());
            }
        }
        if mutations.is_empty() {
            return None;
        }
        Some(PushRequest {
            account_id: account_id.to_string(),
            client_id: self.client_id.clone(),
            mutations,
        })
    }

    /// The push failed or its response was lost: the batch goes back to
    /// the outbox unchanged and will be replayed with the same ids.
    pub fn on_push_failed(&mut self) {
        for entry in &mut self.outbox {
            entry.in_flight = false;
        }
    }

    /// Takes a push response. Late or repeated responses are harmless:
    /// results are matched by mutation id and unknown ids are ignored.
    pub fn on_push_response(&mut self, response: &PushResponse) {
        let mut answered_current_batch = false;
        for result in &response.results {
            let Some(index) = self.outbox.iter().position(|e| e.mutation.id == result.id) else {
                continue;
            };
            let entry = self.outbox.remove(index);
            answered_current_batch |= entry.in_flight;
            let field = FieldRef::of(&entry.mutation);
            if let Some(state) = &result.state {
                self.learn(&field, state);
            }
            if let Outcome::Rejected { reason } = &result.outcome {
                self.rejections.push(RejectedEdit {
                    field: field.clone(),
                    value: entry.mutation.op.value().clone(),
                    reason: reason.clone(),
                });
            }
            let Some(next) = self
                .outbox
                .iter()
                .position(|e| FieldRef::of(&e.mutation) == field)
            else {
                continue;
            };
            // The stored value descends from ours unless the server kept
            // someone else's value (conflict) or refused ours; then the
            // queued edit keeps its old base and the server sorts it out.
            let descends = matches!(
                result.outcome,
                Outcome::Applied | Outcome::Merged | Outcome::Unchanged
            );
            if let (true, Some(state)) = (descends, &result.state) {
                self.rebase(next, entry.mutation.op.value(), state);
            }
            self.rebase_onto_known(&field);
        }
        if answered_current_batch {
            // Anything of the batch the server did not mention is resent.
            self.on_push_failed();
        }
    }

    // ---- pulling ----

    /// Takes a pull response: newer server states replace older ones, and
    /// queued unsent edits are merged onto them locally when that merges
    /// cleanly (otherwise they stay on their old base, and the server's
    /// three-way merge makes a conflict copy; nothing is overwritten).
    pub fn on_pull(&mut self, response: &PullResponse) {
        for change in &response.changes {
            let field = FieldRef::new(&change.portfolio_id, change.target.clone());
            self.learn(&field, &change.state);
            self.rebase_onto_known(&field);
        }
        self.cursor = self.cursor.max(response.cursor);
    }

    // Versions only grow, so an older state (a late duplicate answer) never
    // replaces a newer one.
    fn learn(&mut self, field: &FieldRef, state: &FieldState) {
        match self.server.get(field) {
            Some(known) if known.version >= state.version => {}
            _ => {
                self.server.insert(field.clone(), state.clone());
            }
        }
    }

    /// Moves unsent entry `index`, whose value derives from `derived_from`,
    /// onto `state`, which also derives from `derived_from`.
    fn rebase(&mut self, index: usize, derived_from: &FieldValue, state: &FieldState) {
        let entry = &mut self.outbox[index];
        if entry.sent {
            return;
        }
        let rebased = if state.value == *derived_from {
            Merge::Clean(entry.mutation.op.value().clone())
        } else {
            merge_values(Some(derived_from), entry.mutation.op.value(), &state.value)
        };
        if let Merge::Clean(value) = rebased {
            *entry.mutation.op.value_mut() = value;
            entry.mutation.base_version = state.version;
            entry.base_value = Some(state.value.clone());
            self.drop_if_noop(index);
        }
    }

    /// Rebases the oldest entry of `field` onto the known server state when
    /// that is newer than the entry's base.
    fn rebase_onto_known(&mut self, field: &FieldRef) {
        let Some(known) = self.server.get(field).cloned() else {
            return;
        };
        let Some(index) = self
            .outbox
            .iter()
            .position(|e| FieldRef::of(&e.mutation) == *field)
        else {
            return;
        };
        let entry = &self.outbox[index];
        if entry.sent || entry.mutation.base_version >= known.version {
            return;
        }
        let Some(base) = entry.base_value.clone() else {
            return;
        };
        self.rebase(index, &base, &known);
    }

    // An unsent plain edit that now equals the server's value would only
    // produce an `unchanged` answer; drop it.
    fn drop_if_noop(&mut self, index: usize) {
        let entry = &self.outbox[index];
        let field = FieldRef::of(&entry.mutation);
        // An earlier (sent) entry would still change the server, so the
        // edit back to the server's value must then be kept.
        let only_entry = self
            .outbox
            .iter()
            .filter(|e| FieldRef::of(&e.mutation) == field)
            .count()
            == 1;
        let noop = !entry.sent
            && only_entry
            && matches!(entry.mutation.op, Op::Set { .. })
            && self.server.get(&field).is_some_and(|s| {
                s.version == entry.mutation.base_version && s.value == *entry.mutation.op.value()
            });
        if noop {
            self.outbox.remove(index);
        }
    }
}

/// Serializes a map as a list of pairs, since JSON object keys must be
/// strings and [`FieldRef`] is not.
mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S, K, V>(map: &BTreeMap<K, V>, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        K: Serialize,
        V: Serialize,
    {
        serializer.collect_seq(map.iter())
    }

    pub fn deserialize<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        D: Deserializer<'de>,
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

#[cfg(test)]
mod tests;
