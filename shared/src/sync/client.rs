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
//! - A sequence number is never used twice, even when a save to storage
//!   failed and an older copy is loaded: every page load numbers under a
//!   fresh client id ([`Replica::begin_session`]), and an entry that was
//!   never sent gets a number of the new session. Only a frozen (sent)
//!   entry keeps its old id, and it is replayed with exactly its content.
//! - A result is taken only for the entry it answers: it must name an entry
//!   of the batch in flight, in order, and agree with what was sent;
//!   otherwise the whole response is refused ([`ProtocolError`]), nothing
//!   is learned and the batch stays queued.
//! - An answer over [`super::MAX_TEXT_CHARS`] is kept as an unsent entry
//!   that is held back from pushes until it is shortened. It keeps the base
//!   it was typed on and is rebased like any other entry, so shortening it
//!   merges with edits made elsewhere meanwhile.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::limits::{validate_list_capacity, validate_value, RejectKind, Rejection, MAX_BATCH};
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

/// A push response that does not answer the batch that was sent: results
/// missing, out of order, for other entries, or contradicting what was sent
/// (an `applied` result whose stored value is not the value sent, a result
/// for another target). Nothing of it is learned; the batch is queued again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError(pub String);

/// What [`Replica::on_push_response`] made of a response. Not `must_use`:
/// a test that delivers a response twice may ignore the second answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushAnswer {
    /// The results were learned.
    Taken,
    /// It names no entry in flight: a late or repeated response, ignored.
    Late,
    /// Not an answer to the batch in flight; it is queued again.
    Refused(ProtocolError),
}

impl core::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Replica {
    /// The id this session numbers its mutations under: `<device>/<session>`
    /// after [`Self::begin_session`].
    client_id: ClientId,
    /// The part of every client id of this device that stays the same, so
    /// the editor can tell a conflict copy "from this device". Empty in
    /// replicas saved before sessions existed: then the client id is it.
    #[serde(default)]
    device: String,
    /// Next mutation `seq` of `client_id`.
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
            device: client_id.0.clone(),
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

    fn device(&self) -> &str {
        if self.device.is_empty() {
            self.client_id.0.split('/').next().unwrap_or_default()
        } else {
            &self.device
        }
    }

    /// Whether `id` is one of this device's client ids (this session's or
    /// an earlier one's).
    pub fn is_from_this_device(&self, id: &ClientId) -> bool {
        let device = self.device();
        id.0 == device
            || id
                .0
                .strip_prefix(device)
                .is_some_and(|rest| rest.starts_with('/'))
    }

    /// Starts numbering under a fresh client id, `<device>/<session>`.
    /// Call with a new random `session` every time the replica is read from
    /// storage (page load, another tab's save): the stored copy may be
    /// older than what this device already sent, when a save failed (full
    /// storage), so its counter cannot be trusted. Entries never sent are
    /// renumbered in the new session; sent ones are frozen and keep their
    /// ids, so the server recognises their replay.
    pub fn begin_session(&mut self, session: &str) {
        let device = self.device().to_string();
        self.client_id = ClientId(format!("{device}/{session}"));
        self.device = device;
        self.next_seq = 1;
        for entry in &mut self.outbox {
            if !entry.sent {
                entry.mutation.id = MutationId {
                    client_id: self.client_id.clone(),
                    seq: self.next_seq,
                };
                self.next_seq += 1;
            }
        }
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

    /// Edits not yet on the server ("n wijzigingen nog niet opgeslagen"):
    /// the outbox, held texts included, and the edits the server refused.
    pub fn pending_count(&self) -> usize {
        self.outbox.len() + self.rejections.len()
    }

    /// The answer's visible text is over the sync limit, so it is kept on
    /// this device and not pushed until it is shortened.
    pub fn is_held(&self, portfolio_id: &PortfolioId, key: &str) -> bool {
        let field = FieldRef::new(portfolio_id, Target::answer(key));
        self.outbox
            .iter()
            .any(|e| FieldRef::of(&e.mutation) == field && held(&e.mutation))
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

    /// The refused edits of one target, oldest first.
    pub fn rejections_of(&self, portfolio_id: &PortfolioId, target: &Target) -> Vec<&RejectedEdit> {
        self.rejections
            .iter()
            .filter(|r| r.field.portfolio_id == *portfolio_id && r.field.target == *target)
            .collect()
    }

    /// The person took the refused text (copied it, typed it again) and
    /// lets it go: only an explicit choice removes a refused edit.
    pub fn discard_rejection(&mut self, field: &FieldRef, value: &FieldValue) {
        if let Some(i) = self
            .rejections
            .iter()
            .position(|r| r.field == *field && r.value == *value)
        {
            self.rejections.remove(i);
        }
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
        match validate_value(&field.target, &value) {
            // Kept, held back from pushes until it is short enough.
            Err(e) if e.kind == RejectKind::TooLarge && is_text_answer(&field.target, &value) => {}
            other => other?,
        }
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
        self.take_batch_where(account_id, max, |_| true)
    }

    /// [`Self::take_batch`] of the portfolios `include` accepts only, so a
    /// portfolio the server refuses does not hold up the others. A batch
    /// carries one client id (the server requires it): that of the oldest
    /// entry it can send, so a replay of an earlier session goes first.
    pub fn take_batch_where(
        &mut self,
        account_id: &str,
        max: usize,
        include: impl Fn(&PortfolioId) -> bool,
    ) -> Option<PushRequest> {
        if self.outbox.iter().any(|e| e.in_flight) {
            return None;
        }
        let max = max.clamp(1, MAX_BATCH);
        let mut seen = BTreeSet::new();
        let mut client_id = None;
        let mut mutations = Vec::new();
        for entry in &mut self.outbox {
            if mutations.len() == max {
                break;
            }
            // The oldest entry of a target goes first; a later one waits
            // even when the oldest cannot go (held, other client id).
            if !seen.insert(FieldRef::of(&entry.mutation)) {
                continue;
            }
            if !include(&entry.mutation.portfolio_id) || held(&entry.mutation) {
                continue;
            }
            let id = client_id.get_or_insert_with(|| entry.mutation.id.client_id.clone());
            if entry.mutation.id.client_id != *id {
                continue;
            }
            entry.sent = true;
            entry.in_flight = true;
            mutations.push(entry.mutation.clone());
        }
        Some(PushRequest {
            account_id: account_id.to_string(),
            client_id: client_id?,
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

    /// The server holds other content under the ids of the batch in flight
    /// (`409 mutation_mismatch`): a copy of this replica that was never
    /// saved used them. The entries get new ids of this session, keeping
    /// their content and base, so the server merges them as new edits
    /// instead of answering them with someone else's result.
    pub fn reissue_in_flight(&mut self) {
        for entry in &mut self.outbox {
            if entry.in_flight {
                entry.mutation.id = MutationId {
                    client_id: self.client_id.clone(),
                    seq: self.next_seq,
                };
                self.next_seq += 1;
                entry.in_flight = false;
            }
        }
    }

    /// Takes a push response. Results are matched to the entries in flight
    /// by id; those for other ids (late or repeated responses) are ignored.
    /// A result that contradicts the entry it names (see
    /// [`ProtocolError`]) refuses the whole response: nothing is learned
    /// and the batch is queued again. Entries of the batch the response
    /// does not mention are queued again too.
    pub fn on_push_response(&mut self, response: &PushResponse) -> PushAnswer {
        let in_flight: Vec<&OutboxEntry> = self.outbox.iter().filter(|e| e.in_flight).collect();
        let answers_batch = response
            .results
            .iter()
            .any(|r| in_flight.iter().any(|e| e.mutation.id == r.id));
        if !answers_batch {
            return PushAnswer::Late;
        }
        if let Err(e) = check_response(&in_flight, response) {
            self.on_push_failed();
            return PushAnswer::Refused(e);
        }
        for result in &response.results {
            let Some(index) = self
                .outbox
                .iter()
                .position(|e| e.in_flight && e.mutation.id == result.id)
            else {
                continue;
            };
            let entry = self.outbox.remove(index);
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
        self.on_push_failed();
        PushAnswer::Taken
    }

    /// Drops everything of one portfolio: what the server said, queued and
    /// refused edits. For a portfolio the server refused to create, and for
    /// one that is not this person's (nothing of another person's portfolio
    /// is kept in their browser).
    pub fn forget_portfolio(&mut self, id: &PortfolioId) {
        self.server.retain(|field, _| field.portfolio_id != *id);
        self.outbox.retain(|e| e.mutation.portfolio_id != *id);
        self.rejections.retain(|r| r.field.portfolio_id != *id);
    }

    /// The portfolios this replica holds anything of.
    pub fn portfolio_ids(&self) -> BTreeSet<PortfolioId> {
        self.server
            .keys()
            .map(|f| f.portfolio_id.clone())
            .chain(self.outbox.iter().map(|e| e.mutation.portfolio_id.clone()))
            .chain(self.rejections.iter().map(|r| r.field.portfolio_id.clone()))
            .collect()
    }

    // ---- pulling ----

    /// [`Self::on_pull`] keeping only the changes of portfolios `keep`
    /// accepts (`Some(true)`); `Some(false)` changes are skipped. At the
    /// first change of a portfolio `keep` does not know (`None`, e.g. made
    /// on another device since the list was read) it stops, with the
    /// cursor just before that change, and returns the portfolio: the
    /// caller learns whose it is and pulls again, so no change is skipped
    /// by mistake.
    pub fn on_pull_where(
        &mut self,
        response: &PullResponse,
        keep: impl Fn(&PortfolioId) -> Option<bool>,
    ) -> Option<PortfolioId> {
        for change in &response.changes {
            match keep(&change.portfolio_id) {
                Some(true) => {
                    let field = FieldRef::new(&change.portfolio_id, change.target.clone());
                    self.learn(&field, &change.state);
                    self.rebase_onto_known(&field);
                }
                Some(false) => {}
                None => {
                    self.cursor = self.cursor.max(change.seq.saturating_sub(1));
                    return Some(change.portfolio_id.clone());
                }
            }
            self.cursor = self.cursor.max(change.seq);
        }
        self.cursor = self.cursor.max(response.cursor);
        None
    }

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

fn is_text_answer(target: &Target, value: &FieldValue) -> bool {
    matches!(
        (target, value),
        (Target::Answer { .. }, FieldValue::Text(_))
    )
}

/// An answer over the sync limit: kept, but not pushed.
fn held(mutation: &Mutation) -> bool {
    is_text_answer(&mutation.target, mutation.op.value())
        && validate_value(&mutation.target, mutation.op.value()).is_err()
}

/// Whether the results of `response` that name an entry of `sent` agree
/// with it: nothing may contradict what was sent (a stored value other than
/// the one sent when the server says it stored it as sent, a conflict copy
/// of another mutation, no state where one is due). Results for ids not in
/// flight are late or repeated answers and are left out by the caller.
fn check_response(sent: &[&OutboxEntry], response: &PushResponse) -> Result<(), ProtocolError> {
    for result in &response.results {
        let Some(entry) = sent.iter().find(|e| e.mutation.id == result.id) else {
            continue;
        };
        let mutation = &entry.mutation;
        // A duplicate carries the target's current state, which later
        // edits may have changed; the server compared the content itself
        // (a replay with other content is `409 mutation_mismatch`).
        if result.duplicate {
            continue;
        }
        let contradicts = match (&result.outcome, &result.state) {
            (Outcome::Applied, Some(state)) => state.value != *mutation.op.value(),
            (Outcome::Applied | Outcome::Merged | Outcome::Unchanged, None) => true,
            (Outcome::Conflict { copy_id }, Some(state)) => state.conflicts.iter().any(|c| {
                c.id == *copy_id && (c.from != mutation.id || c.value != *mutation.op.value())
            }),
            (Outcome::Conflict { .. }, None) => true,
            _ => false,
        };
        if contradicts {
            return Err(ProtocolError(format!(
                "het antwoord op wijziging {}:{} past niet bij wat is verstuurd",
                mutation.id.client_id.0, mutation.id.seq
            )));
        }
    }
    Ok(())
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
