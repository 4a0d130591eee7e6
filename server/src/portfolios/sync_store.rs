//! The SQL implementation of the sync protocol: the bookkeeping that
//! `shared::sync::InMemoryServer` does in memory (idempotency, version
//! history, change feed), around the same decision `shared::sync::apply`.
//! The tables are in migrations 0021 and 0024; the steps follow the
//! documentation of `shared::sync::server`.
//!
//! Ordering. Every push locks the single `sync_counter` row as its first
//! statement and keeps it until commit. Change numbers are taken from that
//! row, so a push that commits later always has higher numbers than one
//! that committed earlier. Without the lock, push A could take seq 7, push
//! B seq 8, B commit first, and a pull in between would move its cursor to
//! 8 and never see 7. The cost is that pushes are serialised, which SQLite
//! does anyway (one writer) and which a push's few milliseconds make
//! acceptable on PostgreSQL.
//!
//! How the lock is taken: `UPDATE sync_counter ... RETURNING seq` as the
//! first statement. On PostgreSQL the UPDATE takes the row lock (like
//! `SELECT ... FOR UPDATE`) and, under READ COMMITTED, returns the value the
//! previous holder committed. On SQLite, sqlx's `begin()` is a deferred
//! `BEGIN`; a write as the first statement acquires the write lock before
//! any read snapshot exists, so a busy database makes it wait (busy_timeout)
//! instead of failing with SQLITE_BUSY_SNAPSHOT as a read-then-write
//! transaction would; that is `BEGIN IMMEDIATE` in effect.

use crate::db::{now, Db};
use shared::framework::PortfolioKind;
use shared::sync::api::page_len;
use shared::sync::limits::{field_bytes, Rejection, MAX_VERSIONS_KEPT};
use shared::sync::server::{replay, AppliedRecord};
use shared::sync::{
    decide, mutation_digest, Change, ConflictCopy, Context, FieldState, FieldValue, Mutation,
    MutationResult, Outcome, PortfolioId, PullResponse, PushRequest, PushResponse, Target,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;
use uuid::Uuid;

/// Why a push stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// A replayed mutation id with other content (`409 mutation_mismatch`).
    #[error("{}", .0.message)]
    Mismatch(Rejection),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A target as its key columns: kind, key (question or list), item id ('').
fn columns(target: &Target) -> (&'static str, &str, &str) {
    match target {
        Target::Answer { key } => ("answer", key, ""),
        Target::Value { key } => ("value", key, ""),
        Target::Item { list, item_id } => ("item", list, item_id),
    }
}

fn target_of(kind: &str, key: String, item_id: String) -> Result<Target, sqlx::Error> {
    match kind {
        "answer" => Ok(Target::Answer { key }),
        "value" => Ok(Target::Value { key }),
        "item" => Ok(Target::Item { list: key, item_id }),
        other => Err(decode_error(format!("sync_field.target_kind {other}"))),
    }
}

fn decode_error(what: impl Into<String>) -> sqlx::Error {
    sqlx::Error::Decode(what.into().into())
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

// Counters are u64 on the wire and 64-bit signed integers in both databases;
// nothing realistic comes near the boundary, so saturating is only a guard
// against hostile input (a client's base version or cursor).
fn to_db(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn from_db(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn state_of(row: &AnyRow) -> Result<FieldState, sqlx::Error> {
    let value: String = row.try_get("value")?;
    let conflicts: String = row.try_get("conflicts")?;
    Ok(FieldState {
        value: from_json::<FieldValue>(&value)?,
        version: from_db(row.try_get("version")?),
        conflicts: from_json::<Vec<ConflictCopy>>(&conflicts)?,
    })
}

fn target_of_row(row: &AnyRow) -> Result<Target, sqlx::Error> {
    target_of(
        &row.try_get::<String, _>("target_kind")?,
        row.try_get("target_key")?,
        row.try_get("item_id")?,
    )
}

/// Applies a batch in one transaction and answers after the commit. The
/// caller has validated the request (`validate_push`) and checked that
/// `user` may edit every portfolio in it; `kinds` has the kind of each, for
/// the key check. `user` scopes the idempotency record, see migration 0021.
/// On [`PushError::Mismatch`] the transaction is rolled back: nothing of the
/// batch is stored.
pub async fn push(
    db: &Db,
    user: Uuid,
    kinds: &HashMap<String, PortfolioKind>,
    request: &PushRequest,
) -> Result<PushResponse, PushError> {
    if request.mutations.is_empty() {
        // Nothing to order or store: no reason to queue for the write lock.
        return Ok(PushResponse {
            results: Vec::new(),
        });
    }
    let user = user.to_string();
    let mut tx = db.pool.begin().await?;
    let start: i64 =
        sqlx::query_scalar("UPDATE sync_counter SET seq = seq WHERE id = 1 RETURNING seq")
            .fetch_one(&mut *tx)
            .await?;
    let mut batch = Batch {
        user: &user,
        kinds,
        seq: start,
        usage: HashMap::new(),
    };
    let mut results = Vec::with_capacity(request.mutations.len());
    for mutation in &request.mutations {
        let result = batch.push_one(&mut tx, mutation).await?;
        results.push(result);
    }
    if batch.seq != start {
        sqlx::query("UPDATE sync_counter SET seq = $1 WHERE id = 1")
            .bind(batch.seq)
            .execute(&mut *tx)
            .await?;
    }
    for (portfolio, usage) in &batch.usage {
        if usage.now != usage.loaded {
            sqlx::query(
                "INSERT INTO sync_usage (portfolio_id, bytes) VALUES ($1, $2) \
                 ON CONFLICT (portfolio_id) DO UPDATE SET bytes = excluded.bytes",
            )
            .bind(portfolio)
            .bind(usage.now)
            .execute(&mut *tx)
            .await?;
        }
    }
    // Durable before acknowledged: synchronous=FULL / synchronous_commit=on
    // (db.rs) make the commit return only once it is on disk. If it fails,
    // nothing is recorded and the client's replay is processed afresh.
    tx.commit().await?;
    Ok(PushResponse { results })
}

/// A portfolio's stored bytes, read once per push (pushes are serialised by
/// the counter lock, so nobody else changes it meanwhile).
struct Usage {
    loaded: i64,
    now: i64,
}

struct Batch<'a> {
    user: &'a str,
    kinds: &'a HashMap<String, PortfolioKind>,
    seq: i64,
    usage: HashMap<String, Usage>,
}

impl Batch<'_> {
    async fn usage(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        portfolio: &str,
    ) -> Result<&mut Usage, sqlx::Error> {
        let loaded = match self.usage.contains_key(portfolio) {
            true => None,
            false => {
                let bytes: Option<i64> =
                    sqlx::query_scalar("SELECT bytes FROM sync_usage WHERE portfolio_id = $1")
                        .bind(portfolio)
                        .fetch_optional(&mut **tx)
                        .await?;
                Some(bytes.unwrap_or(0))
            }
        };
        // Read once per batch, then kept up to date in memory.
        Ok(self.usage.entry(portfolio.to_string()).or_insert_with(|| {
            let bytes = loaded.unwrap_or(0);
            Usage {
                loaded: bytes,
                now: bytes,
            }
        }))
    }

    async fn push_one(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        mutation: &Mutation,
    ) -> Result<MutationResult, PushError> {
        let client_id = &mutation.id.client_id.0;
        let mutation_seq = to_db(mutation.id.seq);
        let portfolio = &mutation.portfolio_id.0;
        let (kind, key, item_id) = columns(&mutation.target);
        let stored = sqlx::query(
            "SELECT result, digest FROM sync_applied \
             WHERE user_id = $1 AND client_id = $2 AND seq = $3",
        )
        .bind(self.user)
        .bind(client_id)
        .bind(mutation_seq)
        .fetch_optional(&mut **tx)
        .await?;
        let current = load_state(tx, portfolio, kind, key, item_id).await?;
        if let Some(stored) = stored {
            let digest: String = stored.try_get("digest")?;
            let result: String = stored.try_get("result")?;
            let outcome: Outcome = if digest.is_empty() {
                // A record from before 0024 holds the whole result.
                from_json::<MutationResult>(&result)?.outcome
            } else {
                from_json(&result)?
            };
            let record = AppliedRecord { digest, outcome };
            return replay(&record, mutation, current).map_err(PushError::Mismatch);
        }

        // The base's value is only consulted for a stale base; versions
        // above the current one are unknown to the history and `apply`
        // treats them as unknown anyway. A pruned base is simply not found.
        let base = match &current {
            Some(c) if mutation.base_version != 0 && mutation.base_version < c.version => {
                let value: Option<String> = sqlx::query_scalar(
                    "SELECT value FROM sync_field_version WHERE portfolio_id = $1 \
                     AND target_kind = $2 AND target_key = $3 AND item_id = $4 AND version = $5",
                )
                .bind(portfolio)
                .bind(kind)
                .bind(key)
                .bind(item_id)
                .bind(to_db(mutation.base_version))
                .fetch_optional(&mut **tx)
                .await?;
                value.as_deref().map(from_json::<FieldValue>).transpose()?
            }
            _ => None,
        };

        let live_items = match &mutation.target {
            Target::Item { list, .. } => {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sync_field WHERE portfolio_id = $1 \
                     AND target_kind = 'item' AND target_key = $2 AND live = 1",
                )
                .bind(portfolio)
                .bind(list)
                .fetch_one(&mut **tx)
                .await?;
                usize::try_from(n).unwrap_or(usize::MAX)
            }
            _ => 0,
        };

        let kind_of_portfolio = self.kinds.get(portfolio).copied();
        let used = self.usage(tx, portfolio).await?.now;
        let decision = decide(
            &Context {
                current: current.as_ref(),
                base: base.as_ref(),
                live_items_in_list: live_items,
                kind: kind_of_portfolio,
                portfolio_bytes: usize::try_from(used).unwrap_or(0),
            },
            mutation,
        );
        if let (true, Some(state)) = (decision.changed, &decision.state) {
            self.seq += 1;
            let value = to_json(&state.value)?;
            sqlx::query(
                "INSERT INTO sync_field (portfolio_id, target_kind, target_key, item_id, value, \
                 version, conflicts, live, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (portfolio_id, target_kind, target_key, item_id) DO UPDATE SET \
                 value = excluded.value, version = excluded.version, \
                 conflicts = excluded.conflicts, live = excluded.live, seq = excluded.seq",
            )
            .bind(portfolio)
            .bind(kind)
            .bind(key)
            .bind(item_id)
            .bind(&value)
            .bind(to_db(state.version))
            .bind(to_json(&state.conflicts)?)
            .bind(i64::from(!state.value.is_deleted()))
            .bind(self.seq)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "INSERT INTO sync_field_version (portfolio_id, target_kind, target_key, \
                 item_id, version, value) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(portfolio)
            .bind(kind)
            .bind(key)
            .bind(item_id)
            .bind(to_db(state.version))
            .bind(&value)
            .execute(&mut **tx)
            .await?;
            // Exactly one version falls out of the kept window per new one.
            if state.version > MAX_VERSIONS_KEPT {
                sqlx::query(
                    "DELETE FROM sync_field_version WHERE portfolio_id = $1 \
                     AND target_kind = $2 AND target_key = $3 AND item_id = $4 AND version <= $5",
                )
                .bind(portfolio)
                .bind(kind)
                .bind(key)
                .bind(item_id)
                .bind(to_db(state.version - MAX_VERSIONS_KEPT))
                .execute(&mut **tx)
                .await?;
            }
            // Comments on an answer follow its text, in this transaction
            // (see `comments`), and the portfolio's last change is noted.
            crate::comments::store::after_change(tx, portfolio, &mutation.target, state).await?;
            let before = field_bytes(&mutation.target, current.as_ref());
            let after = field_bytes(&mutation.target, Some(state));
            let usage = self.usage(tx, portfolio).await?;
            usage.now += to_db(after as u64) - to_db(before as u64);
        }

        // Rejections are recorded too, so a replay gets the same answer.
        // Only the outcome: the replay answers the then current state.
        sqlx::query(
            "INSERT INTO sync_applied (user_id, client_id, seq, result, digest, applied_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(self.user)
        .bind(client_id)
        .bind(mutation_seq)
        .bind(to_json(&decision.outcome)?)
        .bind(mutation_digest(mutation))
        .bind(now())
        .execute(&mut **tx)
        .await?;
        Ok(decision.result(mutation.id.clone()))
    }
}

async fn load_state(
    tx: &mut Transaction<'_, Any>,
    portfolio: &str,
    kind: &str,
    key: &str,
    item_id: &str,
) -> Result<Option<FieldState>, sqlx::Error> {
    sqlx::query(
        "SELECT value, version, conflicts FROM sync_field \
         WHERE portfolio_id = $1 AND target_kind = $2 AND target_key = $3 AND item_id = $4",
    )
    .bind(portfolio)
    .bind(kind)
    .bind(key)
    .bind(item_id)
    .fetch_optional(&mut **tx)
    .await?
    .as_ref()
    .map(state_of)
    .transpose()
}

/// Bytes stored for one portfolio (see `shared::sync::limits::field_bytes`).
pub async fn usage(db: &Db, portfolio: &str) -> Result<u64, sqlx::Error> {
    let bytes: Option<i64> =
        sqlx::query_scalar("SELECT bytes FROM sync_usage WHERE portfolio_id = $1")
            .bind(portfolio)
            .fetch_optional(&db.pool)
            .await?;
    Ok(from_db(bytes.unwrap_or(0)))
}

/// Changes after `cursor` in the given portfolios, at most `limit`, each
/// target once in its current state (a target changed twice appears once,
/// at its latest seq).
///
/// No transaction is needed: because seq numbers commit in order (see the
/// module documentation), every change at or below the highest one visible
/// is visible too.
pub async fn pull(
    db: &Db,
    portfolios: &[String],
    cursor: u64,
    limit: usize,
) -> Result<PullResponse, sqlx::Error> {
    if portfolios.is_empty() || limit == 0 {
        return Ok(PullResponse {
            changes: Vec::new(),
            cursor,
            more: false,
        });
    }
    let placeholders = (0..portfolios.len())
        .map(|i| format!("${}", i + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT portfolio_id, target_kind, target_key, item_id, value, version, conflicts, seq \
         FROM sync_field WHERE seq > $1 AND portfolio_id IN ({placeholders}) \
         ORDER BY seq LIMIT $2"
    );
    // One row more than asked tells whether there is more.
    let mut query = sqlx::query(&sql)
        .bind(to_db(cursor))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX).saturating_add(1));
    for p in portfolios {
        query = query.bind(p);
    }
    let rows = query.fetch_all(&db.pool).await?;
    let mut all = Vec::with_capacity(rows.len());
    for row in &rows {
        all.push(Change {
            seq: from_db(row.try_get("seq")?),
            portfolio_id: PortfolioId(row.try_get("portfolio_id")?),
            target: target_of_row(row)?,
            state: state_of(row)?,
        });
    }
    // Then the byte bound, the same rule as the reference server's.
    let n = page_len(all.iter().map(shared::sync::api::change_bytes), limit);
    let more = all.len() > n;
    all.truncate(n);
    let changes = all;
    let cursor = changes.last().map_or(cursor, |c| c.seq);
    Ok(PullResponse {
        changes,
        cursor,
        more,
    })
}

/// Every target of one portfolio with its current state.
pub async fn fields(db: &Db, portfolio: &str) -> Result<Vec<(Target, FieldState)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT target_kind, target_key, item_id, value, version, conflicts FROM sync_field \
         WHERE portfolio_id = $1 ORDER BY target_kind, target_key, item_id",
    )
    .bind(portfolio)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok((target_of_row(row)?, state_of(row)?)))
        .collect()
}

/// How long the outcome of a mutation is kept for replays. A device can
/// only replay a mutation it sent and never got an answer for; after half a
/// year the replay is treated as a new edit of its old base, which merges
/// or becomes a conflict copy (and an identical value changes nothing), so
/// pruning can cost a duplicate-looking merge, never an edit.
pub const APPLIED_RETENTION_SECS: i64 = 180 * 24 * 60 * 60;

/// Deletes replay records older than `before` (UTC unix seconds); returns
/// how many went. One statement: instances running it at the same time
/// only delete the same rows.
pub async fn prune_applied(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sync_applied WHERE applied_at < $1")
        .bind(before)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}
