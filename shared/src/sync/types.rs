//! The wire contract of `POST /api/sync/push` and `POST /api/sync/pull`.
//! Every type is snake_case JSON; enums carry an explicit tag so the JSON is
//! readable in the browser's network tab and stable when variants are added.

use serde::{Deserialize, Serialize};

/// Identifies one browser installation. Chosen by the client (a UUID it
/// keeps in localStorage) so it can number its mutations before it ever
/// reaches the server.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(transparent)]
pub struct ClientId(pub String);

/// Identifies one portfolio; assigned by the server when the portfolio is
/// created.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(transparent)]
pub struct PortfolioId(pub String);

/// `(client_id, seq)` is unique forever: `seq` comes from a counter the
/// client persists and never reuses, so the server can recognise a replay.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MutationId {
    pub client_id: ClientId,
    pub seq: u64,
}

/// What a mutation changes. Each target has its own version counter and
/// its own conflict copies, so edits to different targets never interact.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A free-text answer by question key (`initial.c1.task2.q3`); its value
    /// is always [`FieldValue::Text`] and concurrent edits are merged
    /// three-way.
    Answer { key: String },
    /// A structured value by question key, e.g. the C1 trajectory dates or
    /// the `currently_working` flag of the hours declaration; its value is
    /// [`FieldValue::Json`].
    Value { key: String },
    /// One row of a list (PE activity, reflection meeting, work period).
    /// `list` is the key of the question the list belongs to (e.g.
    /// `recertification.b.q1`), `item_id` a UUID the client made, so rows
    /// added on two devices never collide. Its value is
    /// [`FieldValue::Json`], or [`FieldValue::Deleted`] once removed.
    Item { list: String, item_id: String },
}

impl Target {
    pub fn answer(key: impl Into<String>) -> Self {
        Target::Answer { key: key.into() }
    }

    pub fn value(key: impl Into<String>) -> Self {
        Target::Value { key: key.into() }
    }

    pub fn item(list: impl Into<String>, item_id: impl Into<String>) -> Self {
        Target::Item {
            list: list.into(),
            item_id: item_id.into(),
        }
    }

    /// The list this target is a row of, if it is one.
    pub fn list(&self) -> Option<&str> {
        match self {
            Target::Item { list, .. } => Some(list),
            _ => None,
        }
    }
}

/// The content of a target.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum FieldValue {
    Text(String),
    Json(serde_json::Value),
    /// A removed list row. Kept as a tombstone with a version, so an edit
    /// made elsewhere against the old row is recognised as a conflict rather
    /// than resurrecting or vanishing silently.
    Deleted,
}

impl FieldValue {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_json(&self) -> Option<&serde_json::Value> {
        match self {
            FieldValue::Json(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_deleted(&self) -> bool {
        matches!(self, FieldValue::Deleted)
    }
}

/// What a mutation does to its target.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Replace the value; deleting a list row is `Set` with
    /// [`FieldValue::Deleted`].
    Set { value: FieldValue },
    /// The person looked at the conflict copies `resolved` (their ids) and
    /// decided the value should be `value`: one of the texts or their own
    /// combination. Copies not listed (arrived since) stay open.
    Resolve {
        value: FieldValue,
        resolved: Vec<u64>,
    },
}

impl Op {
    pub fn value(&self) -> &FieldValue {
        match self {
            Op::Set { value } | Op::Resolve { value, .. } => value,
        }
    }

    pub fn value_mut(&mut self) -> &mut FieldValue {
        match self {
            Op::Set { value } | Op::Resolve { value, .. } => value,
        }
    }

    pub fn resolved(&self) -> &[u64] {
        match self {
            Op::Set { .. } => &[],
            Op::Resolve { resolved, .. } => resolved,
        }
    }
}

/// One entry of a client's outbox.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Mutation {
    pub id: MutationId,
    pub portfolio_id: PortfolioId,
    pub target: Target,
    /// The server version the new value was derived from; 0 when the client
    /// never saw a server version of this target.
    pub base_version: u64,
    #[serde(flatten)]
    pub op: Op,
}

/// A value that lost a concurrent edit, kept beside the field until the
/// person resolves it, so no text is ever dropped silently.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ConflictCopy {
    /// Unique within the target: the version the copy was recorded at.
    pub id: u64,
    pub value: FieldValue,
    /// The mutation whose value this is; lets the UI say "van een ander
    /// apparaat" when the client id is not its own.
    pub from: MutationId,
}

/// The server's state of one target. Every change (value or conflict
/// copies) increments `version`, starting at 1.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct FieldState {
    pub value: FieldValue,
    pub version: u64,
    #[serde(default)]
    pub conflicts: Vec<ConflictCopy>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PushRequest {
    /// The account the replica belongs to. The server answers
    /// `409 account_mismatch` when the session is another account's (a
    /// stale tab on a shared device), so one person's drafts never land in
    /// another's portfolios.
    pub account_id: String,
    pub client_id: ClientId,
    pub mutations: Vec<Mutation>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Based on the current version; stored as sent.
    Applied,
    /// Based on an older version; merged with the changes made since. The
    /// stored value is in the result's `state`.
    Merged,
    /// Nothing to store: the server already had this value, or the edit
    /// changed nothing relative to its base.
    Unchanged,
    /// Overlapping concurrent edit: the server kept its value and stored the
    /// sent value as conflict copy `copy_id`.
    Conflict { copy_id: u64 },
    /// Not stored; `reason` is a Dutch message for the person.
    Rejected { reason: String },
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct MutationResult {
    pub id: MutationId,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// True when the server had already processed this id and answers with
    /// the result it stored then (the "duplicate" case). The outcome is the
    /// original one, so a client that lost the first response can finish
    /// its bookkeeping exactly as if it had received it.
    #[serde(default)]
    pub duplicate: bool,
    /// The target's state right after this mutation; `None` only when the
    /// mutation was rejected and the target does not exist. On a duplicate
    /// it may be older than the current state; clients compare versions.
    pub state: Option<FieldState>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PushResponse {
    /// One result per mutation, in request order.
    pub results: Vec<MutationResult>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct PullRequest {
    /// The account the replica belongs to; see [`PushRequest::account_id`].
    pub account_id: String,
    /// The `cursor` of the previous pull response; 0 for everything.
    pub cursor: u64,
}

/// The current state of one target that changed after the cursor. The feed
/// is generic over targets so that later kinds (mentor comments) travel the
/// same way.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Change {
    /// Server-wide sequence number of the change; strictly increasing.
    pub seq: u64,
    pub portfolio_id: PortfolioId,
    pub target: Target,
    pub state: FieldState,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PullResponse {
    /// Ordered by `seq`; each target at most once, in its current state.
    pub changes: Vec<Change>,
    /// Pass this back in the next pull.
    pub cursor: u64,
    /// More changes are waiting: pull again right away.
    #[serde(default)]
    pub more: bool,
}
