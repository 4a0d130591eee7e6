//! The decisions of a group of pushes, without any I/O: what
//! `sync_store` reads in the group's transaction goes in as a [`Snapshot`],
//! the answers and the rows to write come out as a [`Plan`].
//!
//! The pushes are decided one after another, in the order they arrived,
//! each seeing the effects of the pushes before it in the group exactly as
//! it would have seen them in the database had each been committed alone
//! (the same steps as `shared::sync::InMemoryServer::push`, around the same
//! `decide`). Each push is decided on a layer of its own over the group's:
//! a push refused as a whole (a replayed id with other content) drops its
//! layer and leaves nothing behind, so the pushes after it are decided as
//! if it had never been sent.

use shared::framework::PortfolioKind;
use shared::sync::limits::{field_bytes, Rejection, MAX_VERSIONS_KEPT};
use shared::sync::server::{replay, AppliedRecord};
use shared::sync::{
    decide, mutation_digest, Context, FieldState, FieldValue, Mutation, MutationResult, Outcome,
    PushRequest, PushResponse, Target,
};
use std::collections::{HashMap, HashSet};

/// A target in a portfolio.
pub type FieldKey = (String, Target);
/// A replay record's key: the person, the client id, the mutation's seq.
pub type AppliedKey = (String, String, u64);

/// One push of a group: whose, the kinds of its portfolios (for the key
/// check), and the request (validated and authorised by the caller).
pub struct Push<'a> {
    pub user: &'a str,
    pub kinds: &'a HashMap<String, PortfolioKind>,
    pub request: &'a PushRequest,
}

/// What the group's mutations may look at, as stored when the group's
/// transaction took the counter lock.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The counter: the last change number.
    pub seq: u64,
    /// Current state of the targets the group names (absent: never written).
    pub fields: HashMap<FieldKey, FieldState>,
    /// Kept values of those targets at versions the mutations are based on.
    pub versions: HashMap<(FieldKey, u64), FieldValue>,
    /// Replay records of the group's mutation ids.
    pub applied: HashMap<AppliedKey, AppliedRecord>,
    /// Stored bytes per portfolio (absent: 0).
    pub usage: HashMap<String, i64>,
    /// Live rows per (portfolio, list) of the lists the group adds to.
    pub live_items: HashMap<(String, String), usize>,
    /// The (portfolio, answer key) pairs that have comments.
    pub commented: HashSet<(String, String)>,
}

/// The keys a group's snapshot must cover.
#[derive(Debug, Default)]
pub struct Wanted {
    /// (person, client id) with the mutation seqs of that client.
    pub applied: Vec<((String, String), Vec<u64>)>,
    pub fields: Vec<FieldKey>,
    /// Targets with the (non-zero) base version a mutation names.
    pub bases: Vec<(FieldKey, u64)>,
    pub portfolios: Vec<String>,
    /// (portfolio, list) of list rows.
    pub lists: Vec<(String, String)>,
    /// (portfolio, question key) of answers.
    pub answers: Vec<(String, String)>,
}

impl Wanted {
    pub fn of(pushes: &[Push<'_>]) -> Wanted {
        let mut wanted = Wanted::default();
        let mut applied: HashMap<(String, String), usize> = HashMap::new();
        let mut fields = HashSet::new();
        let mut bases = HashSet::new();
        let mut portfolios = HashSet::new();
        let mut lists = HashSet::new();
        let mut answers = HashSet::new();
        for push in pushes {
            for m in &push.request.mutations {
                let client = (push.user.to_string(), m.id.client_id.0.clone());
                let i = *applied.entry(client.clone()).or_insert_with(|| {
                    wanted.applied.push((client, Vec::new()));
                    wanted.applied.len() - 1
                });
                if !wanted.applied[i].1.contains(&m.id.seq) {
                    wanted.applied[i].1.push(m.id.seq);
                }
                let portfolio = &m.portfolio_id.0;
                let key = (portfolio.clone(), m.target.clone());
                if m.base_version != 0 && bases.insert((key.clone(), m.base_version)) {
                    wanted.bases.push((key.clone(), m.base_version));
                }
                if fields.insert(key.clone()) {
                    wanted.fields.push(key);
                }
                if portfolios.insert(portfolio.clone()) {
                    wanted.portfolios.push(portfolio.clone());
                }
                match &m.target {
                    Target::Item { list, .. } => {
                        if lists.insert((portfolio.clone(), list.clone())) {
                            wanted.lists.push((portfolio.clone(), list.clone()));
                        }
                    }
                    Target::Answer { key } => {
                        if answers.insert((portfolio.clone(), key.clone())) {
                            wanted.answers.push((portfolio.clone(), key.clone()));
                        }
                    }
                    Target::Value { .. } => {}
                }
            }
        }
        wanted
    }
}

/// A new state of a target, with its change number.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedChange {
    pub key: FieldKey,
    pub state: FieldState,
    pub seq: u64,
    /// An answer with comments: they follow its text right after this
    /// change (`comments::store::follow_answer`).
    pub follow_comments: bool,
}

/// A replay record to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRecord {
    pub user: String,
    pub client_id: String,
    pub seq: u64,
    pub digest: String,
    pub outcome: Outcome,
}

/// What a group decided.
#[derive(Debug)]
pub struct Plan {
    /// Per push, in order: its answer, or why it was refused as a whole
    /// (then nothing of it is in the fields below).
    pub answers: Vec<Result<PushResponse, Rejection>>,
    /// Every new state, in change-number order.
    pub changes: Vec<PlannedChange>,
    pub records: Vec<NewRecord>,
    /// The counter after the group.
    pub seq: u64,
    /// Portfolios whose stored bytes changed, with the new count.
    pub usage: Vec<(String, i64)>,
}

/// Decides a group of pushes on `snapshot`, in order.
pub fn plan(snapshot: &Snapshot, pushes: &[Push<'_>]) -> Plan {
    let mut group = Layer::default();
    let mut answers = Vec::with_capacity(pushes.len());
    for push in pushes {
        let mut view = View {
            snapshot,
            group: &group,
            push: Layer::default(),
        };
        let decided: Result<Vec<MutationResult>, Rejection> = push
            .request
            .mutations
            .iter()
            .map(|m| view.decide(push, m))
            .collect();
        let layer = view.push;
        match decided {
            Ok(results) => {
                group.absorb(layer);
                answers.push(Ok(PushResponse { results }));
            }
            Err(rejection) => answers.push(Err(rejection)),
        }
    }
    let mut usage: Vec<(String, i64)> = group
        .usage
        .into_iter()
        .filter(|(p, bytes)| snapshot.usage.get(p).copied().unwrap_or(0) != *bytes)
        .collect();
    usage.sort();
    Plan {
        answers,
        changes: group.changes,
        records: group.records,
        seq: group.seq.unwrap_or(snapshot.seq),
        usage,
    }
}

/// Changes on top of the snapshot: the group's so far, or one push's.
#[derive(Default)]
struct Layer {
    fields: HashMap<FieldKey, FieldState>,
    versions: HashMap<(FieldKey, u64), FieldValue>,
    applied: HashMap<AppliedKey, AppliedRecord>,
    usage: HashMap<String, i64>,
    live_items: HashMap<(String, String), usize>,
    seq: Option<u64>,
    changes: Vec<PlannedChange>,
    records: Vec<NewRecord>,
}

impl Layer {
    fn absorb(&mut self, newer: Layer) {
        self.fields.extend(newer.fields);
        self.versions.extend(newer.versions);
        self.applied.extend(newer.applied);
        self.usage.extend(newer.usage);
        self.live_items.extend(newer.live_items);
        self.seq = newer.seq.or(self.seq);
        self.changes.extend(newer.changes);
        self.records.extend(newer.records);
    }
}

/// The state one push sees: its own layer, then the group's, then the
/// snapshot.
struct View<'a> {
    snapshot: &'a Snapshot,
    group: &'a Layer,
    push: Layer,
}

/// `map`'s entry for `key` in the newest layer that has one: the push's,
/// the group's, the snapshot's (the three have the same maps).
macro_rules! newest {
    ($view:expr, $map:ident, $key:expr) => {
        $view
            .push
            .$map
            .get($key)
            .or_else(|| $view.group.$map.get($key))
            .or_else(|| $view.snapshot.$map.get($key))
    };
}

impl View<'_> {
    fn field(&self, key: &FieldKey) -> Option<&FieldState> {
        newest!(self, fields, key)
    }

    fn version(&self, key: &(FieldKey, u64)) -> Option<&FieldValue> {
        newest!(self, versions, key)
    }

    fn applied(&self, key: &AppliedKey) -> Option<&AppliedRecord> {
        newest!(self, applied, key)
    }

    fn usage(&self, portfolio: &str) -> i64 {
        newest!(self, usage, portfolio).copied().unwrap_or(0)
    }

    fn live_items(&self, list: &(String, String)) -> usize {
        newest!(self, live_items, list).copied().unwrap_or(0)
    }

    fn seq(&self) -> u64 {
        self.push
            .seq
            .or(self.group.seq)
            .unwrap_or(self.snapshot.seq)
    }

    /// One mutation, as `sync_store` did it statement by statement before
    /// groups: a replay answers from its record, anything else is decided
    /// and recorded (rejections too).
    fn decide(&mut self, push: &Push<'_>, m: &Mutation) -> Result<MutationResult, Rejection> {
        let portfolio = &m.portfolio_id.0;
        let key: FieldKey = (portfolio.clone(), m.target.clone());
        let applied_key: AppliedKey = (push.user.to_string(), m.id.client_id.0.clone(), m.id.seq);
        let current = self.field(&key).cloned();
        if let Some(record) = self.applied(&applied_key) {
            return replay(record, m, current);
        }
        // The base's value only matters for a stale base, and only the
        // newest MAX_VERSIONS_KEPT versions are kept: an older base is
        // not found, as after the history is pruned.
        let base = match &current {
            Some(c)
                if m.base_version != 0
                    && m.base_version < c.version
                    && m.base_version + MAX_VERSIONS_KEPT > c.version =>
            {
                self.version(&(key.clone(), m.base_version)).cloned()
            }
            _ => None,
        };
        let list = m.target.list().map(|l| (portfolio.clone(), l.to_string()));
        let live = list.as_ref().map_or(0, |l| self.live_items(l));
        let used = self.usage(portfolio);
        let decision = decide(
            &Context {
                current: current.as_ref(),
                base: base.as_ref(),
                live_items_in_list: live,
                kind: push.kinds.get(portfolio).copied(),
                portfolio_bytes: usize::try_from(used).unwrap_or(0),
            },
            m,
        );
        if let (true, Some(state)) = (decision.changed, &decision.state) {
            let seq = self.seq() + 1;
            self.push.seq = Some(seq);
            if let Some(list) = list {
                let was = current.as_ref().is_some_and(|c| !c.value.is_deleted());
                let is = !state.value.is_deleted();
                if was != is {
                    let n = if is { live + 1 } else { live.saturating_sub(1) };
                    self.push.live_items.insert(list, n);
                }
            }
            let before = field_bytes(&m.target, current.as_ref());
            let after = field_bytes(&m.target, Some(state));
            let bytes = used
                .saturating_add(i64::try_from(after).unwrap_or(i64::MAX))
                .saturating_sub(i64::try_from(before).unwrap_or(i64::MAX));
            self.push.usage.insert(portfolio.clone(), bytes);
            self.push
                .versions
                .insert((key.clone(), state.version), state.value.clone());
            self.push.fields.insert(key.clone(), state.clone());
            let follow_comments = match &m.target {
                Target::Answer { key } => self
                    .snapshot
                    .commented
                    .contains(&(portfolio.clone(), key.clone())),
                _ => false,
            };
            self.push.changes.push(PlannedChange {
                key,
                state: state.clone(),
                seq,
                follow_comments,
            });
        }
        let record = AppliedRecord {
            digest: mutation_digest(m),
            outcome: decision.outcome.clone(),
        };
        self.push.records.push(NewRecord {
            user: push.user.to_string(),
            client_id: m.id.client_id.0.clone(),
            seq: m.id.seq,
            digest: record.digest.clone(),
            outcome: record.outcome.clone(),
        });
        self.push.applied.insert(applied_key, record);
        Ok(decision.result(m.id.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::sync::{ClientId, InMemoryServer, MutationId, Op, PortfolioId};

    fn set(client: &str, seq: u64, key: &str, base: u64, text: &str) -> Mutation {
        Mutation {
            id: MutationId {
                client_id: ClientId(client.to_string()),
                seq,
            },
            portfolio_id: PortfolioId("p".into()),
            target: Target::answer(key),
            base_version: base,
            op: Op::Set {
                value: FieldValue::Text(text.to_string()),
            },
        }
    }

    fn request(mutations: Vec<Mutation>) -> PushRequest {
        PushRequest {
            account_id: String::new(),
            client_id: mutations[0].id.client_id.clone(),
            mutations,
        }
    }

    /// Applies a plan to the snapshot, as committing it would.
    fn commit(snapshot: &mut Snapshot, plan: &Plan) {
        for c in &plan.changes {
            snapshot
                .versions
                .insert((c.key.clone(), c.state.version), c.state.value.clone());
            snapshot.fields.insert(c.key.clone(), c.state.clone());
        }
        for r in &plan.records {
            snapshot.applied.insert(
                (r.user.clone(), r.client_id.clone(), r.seq),
                AppliedRecord {
                    digest: r.digest.clone(),
                    outcome: r.outcome.clone(),
                },
            );
        }
        snapshot.usage.extend(plan.usage.iter().cloned());
        snapshot.seq = plan.seq;
    }

    /// Every push of a group gets the answer it would have had alone,
    /// in the same order, from the reference server; a refused push in
    /// the middle changes nothing for the others.
    #[test]
    fn a_group_answers_as_the_pushes_one_after_another() {
        let kinds = HashMap::new();
        let groups = vec![
            vec![
                request(vec![set("a", 1, "k1", 0, "Begin.")]),
                request(vec![set("b", 1, "k1", 0, "Ander begin.")]),
                request(vec![
                    set("a", 2, "k2", 0, "Twee."),
                    set("a", 3, "k1", 1, "Begin. Meer."),
                ]),
            ],
            vec![
                // A replay of a1 (duplicate), a replay of b1 with other
                // content (refused as a whole), then a stale edit.
                request(vec![set("a", 1, "k1", 0, "Begin.")]),
                request(vec![
                    set("b", 2, "k3", 0, "Nieuw."),
                    set("b", 1, "k2", 0, "Anders."),
                ]),
                request(vec![set("b", 3, "k1", 1, "Begin. Telefoon.")]),
                request(vec![set("b", 2, "k3", 0, "Nieuw.")]),
            ],
        ];
        let mut reference = InMemoryServer::new();
        let mut snapshot = Snapshot::default();
        for group in &groups {
            let pushes: Vec<Push<'_>> = group
                .iter()
                .map(|request| Push {
                    user: "u",
                    kinds: &kinds,
                    request,
                })
                .collect();
            let plan = plan(&snapshot, &pushes);
            for (request, answer) in group.iter().zip(&plan.answers) {
                assert_eq!(answer, &reference.push(request), "{request:?}");
            }
            let seqs: Vec<u64> = plan.changes.iter().map(|c| c.seq).collect();
            assert_eq!(
                seqs,
                (snapshot.seq + 1..=plan.seq).collect::<Vec<_>>(),
                "change numbers follow each other"
            );
            commit(&mut snapshot, &plan);
        }
        assert!(plan(
            &snapshot,
            &[Push {
                user: "u",
                kinds: &kinds,
                request: &request(vec![set("b", 1, "k2", 0, "Anders.")]),
            }]
        )
        .answers[0]
            .is_err());
    }
}
