//! The SQL implementation of the sync protocol: the bookkeeping that
//! `shared::sync::InMemoryServer` does in memory (idempotency, version
//! history, change feed), around the same decision `shared::sync::decide`.
//! The tables are in migrations 0021 and 0024; the steps follow the
//! documentation of `shared::sync::server`.
//!
//! Ordering. Every group of pushes (below) locks the single `sync_counter`
//! row as its first statement and keeps it until commit. Change numbers
//! are taken from that row, so a push that commits later always has higher
//! numbers than one that committed earlier. Without the lock, push A could
//! take seq 7, push B seq 8, B commit first, and a pull in between would
//! move its cursor to 8 and never see 7. Groups are therefore serialised:
//! within a process by the queue below, across server instances on one
//! PostgreSQL by the row lock.
//!
//! How the lock is taken: `UPDATE sync_counter ... RETURNING seq` right
//! after `BEGIN`. On PostgreSQL the UPDATE takes the row lock (like
//! `SELECT ... FOR UPDATE`) and, under READ COMMITTED, returns the value the
//! previous holder committed; every read after it sees what earlier groups
//! committed. On SQLite the group's transaction is `BEGIN IMMEDIATE`: it
//! takes the write lock before any read snapshot exists, so a busy database
//! makes it wait (busy_timeout) instead of failing with
//! SQLITE_BUSY_SNAPSHOT as a read-then-write transaction would.
//!
//! Group commit. A durable commit costs a disk flush, and with pushes
//! serialised one flush per push would be the ceiling. So pushes are
//! queued per process ([`SyncQueue`], one per [`Db`]); one task at a time
//! (the leader, started by the first push that finds none) takes every
//! push waiting (up to [`MAX_GROUP_MUTATIONS`] mutations) and commits them
//! in ONE transaction, then answers each push, and goes on while pushes
//! keep arriving; pushes that arrive during a commit form the next group.
//! A push is answered only after the commit that holds it returned, so
//! acknowledged still means on disk (synchronous=FULL / synchronous_commit
//! on, see db.rs).
//!
//! A group's transaction has two parts, each one round trip on SQLite
//! (the statements are sent as one multi-statement request):
//! 1. `BEGIN`, the counter lock, and one read per table for every key the
//!    group's mutations name (replay records, current fields, the base
//!    versions in the kept window, usage, live list rows, commented
//!    answers), all rows tagged with their source;
//! 2. the pure decision of every push in arrival order
//!    ([`super::sync_plan::plan`]: each push sees the ones before it as if
//!    they were committed), then multi-row writes of everything decided,
//!    the counter, and `COMMIT`.
//!
//! On PostgreSQL (one statement with parameters per protocol message) the
//! reads go one by one and the writes as one statement of data-modifying
//! `WITH` parts, then `COMMIT`. Isolation between the
//! pushes of a group: every decision is made in memory before anything is
//! written, so a push refused as a whole (`409 mutation_mismatch`, a
//! replayed id with other content) simply contributes no rows and the
//! others are answered as if it had never been sent; that is why the group
//! needs no SAVEPOINT per push (two more statements each). A database
//! error (say, a portfolio deleted meanwhile breaks a foreign key) rolls
//! the whole group back, and then every push of it is tried again alone,
//! in a transaction of its own, so it fails only itself. Trying again is
//! safe even when the commit's outcome was unknown: the replay records
//! make a second application a duplicate with the same answers.
//!
//! An answer that has comments is the exception to "all writes at once":
//! its comments follow the text (`comments::store::follow_answer`) right
//! after its own change, through the version history, so the writes before
//! it are flushed first.

use super::sync_plan::{plan, FieldKey, Plan, PlannedChange, Push, Snapshot, Wanted};
use super::sync_queue::Job;
pub use super::sync_queue::{PushError, SyncQueue, MAX_GROUP_MUTATIONS};
use crate::db::{now, Db, DbKind};
use shared::framework::PortfolioKind;
use shared::sync::api::page_len;
use shared::sync::limits::MAX_VERSIONS_KEPT;
use shared::sync::server::AppliedRecord;
use shared::sync::{
    Change, ConflictCopy, FieldState, FieldValue, MutationResult, Outcome, PortfolioId,
    PullResponse, PushRequest, PushResponse, Target,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::{HashMap, HashSet};
use tokio::sync::oneshot;
use uuid::Uuid;

/// Rows per multi-row statement: far below both databases' limits on
/// parameters (9 per row at most).
const ROWS_PER_STATEMENT: usize = 200;

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

fn key_of_row(row: &AnyRow) -> Result<FieldKey, sqlx::Error> {
    Ok((row.try_get("portfolio_id")?, target_of_row(row)?))
}

/// Applies a batch and answers after its durable commit. The caller has
/// validated the request (`validate_push`) and checked that `user` may
/// edit every portfolio in it; `kinds` has the kind of each, for the key
/// check. `user` scopes the idempotency record, see migration 0021. On
/// [`PushError::Mismatch`] nothing of the batch is stored. The batch is
/// committed together with the other pushes waiting at the time (see the
/// module documentation), each answered with its own results.
pub async fn push(
    db: &Db,
    user: Uuid,
    kinds: HashMap<String, PortfolioKind>,
    request: PushRequest,
) -> Result<PushResponse, PushError> {
    if request.mutations.is_empty() {
        // Nothing to order or store: no reason to queue for the write lock.
        return Ok(PushResponse {
            results: Vec::new(),
        });
    }
    let (answer, answered) = oneshot::channel();
    let db_for_leader = db.clone();
    db.sync.enqueue(
        Job {
            user: user.to_string(),
            kinds,
            request,
            answer,
        },
        // A task of its own, not the request's: a client that hangs up
        // cancels its request, never the group it is part of.
        move || {
            tokio::spawn(lead(db_for_leader));
        },
    );
    // The leader task answers every job it takes; a dropped sender means
    // it panicked before the commit was known to have happened.
    answered
        .await
        .unwrap_or(Err(PushError::Db(sqlx::Error::WorkerCrashed)))
}

/// The leader: commits groups while pushes wait.
async fn lead(db: Db) {
    let mut guard = Leader {
        db: db.clone(),
        done: false,
    };
    while let Some(jobs) = db.sync.next_group() {
        commit_and_answer(&db, jobs).await;
    }
    // `next_group` found the queue empty and gave the leadership up.
    guard.done = true;
}

/// Hands the queue on if the leader's task ends other than by finding the
/// queue empty (a panic): the jobs it held get an error (their senders are
/// dropped), the ones still waiting get a new leader.
struct Leader {
    db: Db,
    done: bool,
}

impl Drop for Leader {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if self.db.sync.hand_on() {
            tokio::spawn(lead(self.db.clone()));
        }
    }
}

async fn commit_and_answer(db: &Db, jobs: Vec<Job>) {
    let pushes: Vec<Push<'_>> = jobs.iter().map(Job::as_push).collect();
    let answers = commit_all(db, &pushes).await;
    drop(pushes);
    for (job, answer) in jobs.into_iter().zip(answers) {
        // A request whose client hung up no longer waits: nothing to do.
        let _ = job.answer.send(answer);
    }
}

/// Commits `pushes` as one group, in one transaction, bypassing the queue
/// (which forms such groups from the pushes that arrive together); each is
/// answered as [`push`] would answer it alone after the ones before it.
pub async fn push_group(
    db: &Db,
    pushes: &[(Uuid, &HashMap<String, PortfolioKind>, &PushRequest)],
) -> Vec<Result<PushResponse, PushError>> {
    let users: Vec<String> = pushes.iter().map(|(u, _, _)| u.to_string()).collect();
    let pushes: Vec<Push<'_>> = pushes
        .iter()
        .zip(&users)
        .map(|((_, kinds, request), user)| Push {
            user,
            kinds,
            request,
        })
        .collect();
    commit_all(db, &pushes).await
}

/// The answers of a group; after a database error, of each push alone.
async fn commit_all(db: &Db, pushes: &[Push<'_>]) -> Vec<Result<PushResponse, PushError>> {
    let answers = |plan: Plan| {
        plan.answers
            .into_iter()
            .map(|a| a.map_err(PushError::Mismatch))
            .collect::<Vec<_>>()
    };
    match commit_group(db, pushes).await {
        Ok(plan) => answers(plan),
        Err(e) if pushes.len() == 1 => vec![Err(e.into())],
        Err(e) => {
            tracing::warn!(error = %e, pushes = pushes.len(), "sync group failed; each push again alone");
            let mut out = Vec::with_capacity(pushes.len());
            for push in pushes {
                let alone = std::slice::from_ref(push);
                match commit_group(db, alone).await {
                    Ok(plan) => out.extend(answers(plan)),
                    Err(e) => out.push(Err(e.into())),
                }
            }
            out
        }
    }
}

/// One group in one transaction; the plan once it is committed.
async fn commit_group(db: &Db, pushes: &[Push<'_>]) -> Result<Plan, sqlx::Error> {
    let mut conn = db.pool.acquire().await?;
    let outcome = transact(&mut conn, db.kind, pushes).await;
    if outcome.is_err() {
        // Whatever failed, no transaction stays open on a pooled connection:
        // roll it back, or do not let the connection be used again.
        if sqlx::query("ROLLBACK").execute(&mut *conn).await.is_err() {
            conn.close_on_drop();
        }
    }
    outcome
}

async fn transact(
    conn: &mut AnyConnection,
    kind: DbKind,
    pushes: &[Push<'_>],
) -> Result<Plan, sqlx::Error> {
    let wanted = Wanted::of(pushes);
    let mut script = Script::new(kind);
    script.add(match kind {
        DbKind::Sqlite => "BEGIN IMMEDIATE",
        DbKind::Postgres => "BEGIN",
    });
    script.add("UPDATE sync_counter SET seq = seq WHERE id = 1 RETURNING 'seq' AS src, seq");
    reads(&mut script, &wanted);
    let snapshot = snapshot_of(&script.fetch(conn).await?)?;
    let plan = plan(&snapshot, pushes);

    let mut script = Script::writes(kind);
    let mut from = 0;
    for (i, change) in plan.changes.iter().enumerate() {
        if change.follow_comments {
            write_changes(&mut script, &plan.changes[from..=i])?;
            script.execute(conn).await?;
            script = Script::writes(kind);
            let (portfolio, target) = &change.key;
            if let Target::Answer { key } = target {
                crate::comments::store::follow_answer(conn, portfolio, key, &change.state).await?;
            }
            from = i + 1;
        }
    }
    write_changes(&mut script, &plan.changes[from..])?;
    write_rest(&mut script, &plan, snapshot.seq)?;
    // Durable before acknowledged: synchronous=FULL / synchronous_commit=on
    // (db.rs) make the commit return only once it is on disk. If it fails,
    // nothing is answered as stored and the clients' replays are processed
    // afresh (or as duplicates, if it did reach the disk).
    match kind {
        // With the writes, in the same request.
        DbKind::Sqlite => {
            script.add("COMMIT");
            script.execute(conn).await?;
        }
        DbKind::Postgres => {
            script.execute(conn).await?;
            sqlx::query("COMMIT").execute(&mut *conn).await?;
        }
    }
    Ok(plan)
}

/// The group's reads, after the lock; every row says which read it is from.
fn reads(script: &mut Script, wanted: &Wanted) {
    for chunk in wanted.applied.chunks(ROWS_PER_STATEMENT) {
        script.statement(|s| {
            s.sql("SELECT 'applied' AS src, user_id, client_id, seq, result, digest FROM sync_applied WHERE ");
            for (i, ((user, client), seqs)) in chunk.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { " OR (" });
                s.sql("user_id = ").text(user).sql(" AND client_id = ").text(client);
                s.sql(" AND seq IN (");
                for (j, seq) in seqs.iter().enumerate() {
                    if j > 0 {
                        s.sql(", ");
                    }
                    s.int(to_db(*seq));
                }
                s.sql("))");
            }
        });
    }
    for chunk in wanted.fields.chunks(ROWS_PER_STATEMENT) {
        script.statement(|s| {
            s.sql(
                "SELECT 'field' AS src, portfolio_id, target_kind, target_key, item_id, value, \
                 version, conflicts FROM sync_field WHERE ",
            );
            for (i, key) in chunk.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { " OR (" });
                s.key_terms("", key);
                s.sql(")");
            }
        });
    }
    // Older versions than the current one, within the kept window (the
    // current one is the field's own value).
    for chunk in wanted.bases.chunks(ROWS_PER_STATEMENT) {
        script.statement(|s| {
            s.sql(
                "SELECT 'version' AS src, v.portfolio_id, v.target_kind, v.target_key, \
                 v.item_id, v.version, v.value FROM sync_field_version v JOIN sync_field f \
                 ON f.portfolio_id = v.portfolio_id AND f.target_kind = v.target_kind \
                 AND f.target_key = v.target_key AND f.item_id = v.item_id \
                 WHERE v.version < f.version AND v.version + ",
            );
            s.int(to_db(MAX_VERSIONS_KEPT)).sql(" > f.version AND (");
            for (i, (key, version)) in chunk.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { " OR (" });
                s.key_terms("v.", key);
                s.sql(" AND v.version = ").int(to_db(*version)).sql(")");
            }
            s.sql(")");
        });
    }
    for chunk in wanted.portfolios.chunks(ROWS_PER_STATEMENT) {
        script.statement(|s| {
            s.sql("SELECT 'usage' AS src, portfolio_id, bytes FROM sync_usage WHERE portfolio_id IN (");
            for (i, p) in chunk.iter().enumerate() {
                if i > 0 {
                    s.sql(", ");
                }
                s.text(p);
            }
            s.sql(")");
        });
    }
    for chunk in wanted.lists.chunks(ROWS_PER_STATEMENT) {
        script.statement(|s| {
            s.sql(
                "SELECT 'live' AS src, portfolio_id, target_key, COUNT(*) AS n FROM sync_field \
                 WHERE target_kind = 'item' AND live = 1 AND (",
            );
            for (i, (p, list)) in chunk.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { " OR (" });
                s.sql("portfolio_id = ")
                    .text(p)
                    .sql(" AND target_key = ")
                    .text(list);
                s.sql(")");
            }
            s.sql(") GROUP BY portfolio_id, target_key");
        });
    }
    for chunk in wanted.answers.chunks(ROWS_PER_STATEMENT) {
        script.statement(|s| {
            s.sql("SELECT DISTINCT 'commented' AS src, portfolio_id, question_key FROM comments WHERE ");
            for (i, (p, key)) in chunk.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { " OR (" });
                s.sql("portfolio_id = ").text(p).sql(" AND question_key = ").text(key);
                s.sql(")");
            }
        });
    }
}

fn snapshot_of(rows: &[AnyRow]) -> Result<Snapshot, sqlx::Error> {
    let mut snapshot = Snapshot::default();
    let mut locked = false;
    for row in rows {
        let src: String = row.try_get("src")?;
        match src.as_str() {
            "seq" => {
                snapshot.seq = from_db(row.try_get("seq")?);
                locked = true;
            }
            "applied" => {
                let digest: String = row.try_get("digest")?;
                let result: String = row.try_get("result")?;
                let outcome: Outcome = if digest.is_empty() {
                    // A record from before 0024 holds the whole result.
                    from_json::<MutationResult>(&result)?.outcome
                } else {
                    from_json(&result)?
                };
                snapshot.applied.insert(
                    (
                        row.try_get("user_id")?,
                        row.try_get("client_id")?,
                        from_db(row.try_get("seq")?),
                    ),
                    AppliedRecord { digest, outcome },
                );
            }
            "field" => {
                let key = key_of_row(row)?;
                let state = state_of(row)?;
                snapshot
                    .versions
                    .insert((key.clone(), state.version), state.value.clone());
                snapshot.fields.insert(key, state);
            }
            "version" => {
                let value: String = row.try_get("value")?;
                snapshot.versions.insert(
                    (key_of_row(row)?, from_db(row.try_get("version")?)),
                    from_json(&value)?,
                );
            }
            "usage" => {
                snapshot
                    .usage
                    .insert(row.try_get("portfolio_id")?, row.try_get("bytes")?);
            }
            "live" => {
                let n: i64 = row.try_get("n")?;
                snapshot.live_items.insert(
                    (row.try_get("portfolio_id")?, row.try_get("target_key")?),
                    usize::try_from(n).unwrap_or(usize::MAX),
                );
            }
            "commented" => {
                snapshot
                    .commented
                    .insert((row.try_get("portfolio_id")?, row.try_get("question_key")?));
            }
            other => return Err(decode_error(format!("sync read {other}"))),
        }
    }
    if !locked {
        return Err(decode_error("sync_counter row missing"));
    }
    Ok(snapshot)
}

/// The rows of `changes`: each target's last state, every new version, and
/// the versions that fall out of the kept window.
fn write_changes(script: &mut Script, changes: &[PlannedChange]) -> Result<(), sqlx::Error> {
    if changes.is_empty() {
        return Ok(());
    }
    // A target changed twice here is written once, in its last state.
    let mut last: HashMap<&FieldKey, usize> = HashMap::new();
    for (i, change) in changes.iter().enumerate() {
        last.insert(&change.key, i);
    }
    let mut latest: Vec<&PlannedChange> = changes
        .iter()
        .enumerate()
        .filter(|(i, c)| last.get(&c.key) == Some(i))
        .map(|(_, c)| c)
        .collect();
    latest.sort_by_key(|c| c.seq);
    for chunk in latest.chunks(ROWS_PER_STATEMENT) {
        let mut rows = Vec::with_capacity(chunk.len());
        for c in chunk {
            rows.push((to_json(&c.state.value)?, to_json(&c.state.conflicts)?, *c));
        }
        script.statement(|s| {
            s.sql(
                "INSERT INTO sync_field (portfolio_id, target_kind, target_key, item_id, value, \
                 version, conflicts, live, seq) VALUES ",
            );
            for (i, (value, conflicts, c)) in rows.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { ", (" });
                s.key_values(&c.key).sql(", ").text(value).sql(", ");
                s.int(to_db(c.state.version))
                    .sql(", ")
                    .text(conflicts)
                    .sql(", ");
                s.int(i64::from(!c.state.value.is_deleted())).sql(", ");
                s.int(to_db(c.seq)).sql(")");
            }
            s.sql(
                " ON CONFLICT (portfolio_id, target_kind, target_key, item_id) DO UPDATE SET \
                 value = excluded.value, version = excluded.version, \
                 conflicts = excluded.conflicts, live = excluded.live, seq = excluded.seq",
            );
        });
    }
    for chunk in changes.chunks(ROWS_PER_STATEMENT) {
        let mut values = Vec::with_capacity(chunk.len());
        for c in chunk {
            values.push((to_json(&c.state.value)?, c));
        }
        script.statement(|s| {
            s.sql(
                "INSERT INTO sync_field_version (portfolio_id, target_kind, target_key, \
                 item_id, version, value) VALUES ",
            );
            for (i, (value, c)) in values.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { ", (" });
                s.key_values(&c.key)
                    .sql(", ")
                    .int(to_db(c.state.version))
                    .sql(", ")
                    .text(value);
                s.sql(")");
            }
        });
    }
    // Each new version pushes the one MAX_VERSIONS_KEPT below it out.
    let pruned: Vec<&&PlannedChange> = latest
        .iter()
        .filter(|c| c.state.version > MAX_VERSIONS_KEPT)
        .collect();
    for chunk in pruned.chunks(ROWS_PER_STATEMENT) {
        script.statement(|s| {
            s.sql("DELETE FROM sync_field_version WHERE ");
            for (i, c) in chunk.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { " OR (" });
                s.key_terms("", &c.key);
                s.sql(" AND version <= ")
                    .int(to_db(c.state.version - MAX_VERSIONS_KEPT))
                    .sql(")");
            }
        });
    }
    Ok(())
}

/// Replay records, the portfolios' last change and stored bytes, and the
/// counter.
fn write_rest(script: &mut Script, plan: &Plan, seq_before: u64) -> Result<(), sqlx::Error> {
    let mut records = Vec::with_capacity(plan.records.len());
    for r in &plan.records {
        // Rejections are recorded too, so a replay gets the same answer.
        // Only the outcome: the replay answers the then current state.
        records.push((to_json(&r.outcome)?, r));
    }
    let applied_at = now();
    for chunk in records.chunks(ROWS_PER_STATEMENT) {
        script.statement(|s| {
            s.sql(
                "INSERT INTO sync_applied (user_id, client_id, seq, result, digest, applied_at) \
                 VALUES ",
            );
            for (i, (result, r)) in chunk.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { ", (" });
                s.text(&r.user).sql(", ").text(&r.client_id).sql(", ");
                s.int(to_db(r.seq)).sql(", ").text(result).sql(", ");
                s.text(&r.digest).sql(", ").int(applied_at).sql(")");
            }
        });
    }
    // The portfolio's last change is noted (the mentor's list shows it).
    let mut seen = HashSet::new();
    let changed: Vec<&str> = plan
        .changes
        .iter()
        .map(|c| c.key.0.as_str())
        .filter(|p| seen.insert(*p))
        .collect();
    for chunk in changed.chunks(ROWS_PER_STATEMENT) {
        script.statement(|s| {
            s.sql("INSERT INTO portfolio_changes (portfolio_id, changed_at) VALUES ");
            for (i, p) in chunk.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { ", (" });
                s.text(p).sql(", ").int(applied_at).sql(")");
            }
            s.sql(" ON CONFLICT (portfolio_id) DO UPDATE SET changed_at = excluded.changed_at");
        });
    }
    for chunk in plan.usage.chunks(ROWS_PER_STATEMENT) {
        script.statement(|s| {
            s.sql("INSERT INTO sync_usage (portfolio_id, bytes) VALUES ");
            for (i, (p, bytes)) in chunk.iter().enumerate() {
                s.sql(if i == 0 { "(" } else { ", (" });
                s.text(p).sql(", ").int(*bytes).sql(")");
            }
            s.sql(" ON CONFLICT (portfolio_id) DO UPDATE SET bytes = excluded.bytes");
        });
    }
    if plan.seq != seq_before {
        script.statement(|s| {
            s.sql("UPDATE sync_counter SET seq = ")
                .int(to_db(plan.seq))
                .sql(" WHERE id = 1");
        });
    }
    Ok(())
}

/// A value bound to a placeholder.
enum Arg {
    Text(String),
    Int(i64),
}

/// One statement under construction: SQL text with placeholders, and the
/// values for them in order.
struct Statement {
    kind: DbKind,
    sql: String,
    args: Vec<Arg>,
    /// Placeholders before this statement's own (PostgreSQL numbers them
    /// across the parts of one combined statement).
    offset: usize,
}

impl Statement {
    fn sql(&mut self, text: &str) -> &mut Self {
        self.sql.push_str(text);
        self
    }

    fn placeholder(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        match self.kind {
            // Numbered per statement sent (see `Script::combined`).
            DbKind::Postgres => {
                let n = self.offset + self.args.len();
                self.sql.push('$');
                self.sql.push_str(&n.to_string());
            }
            // Unnumbered: SQLite binds them in order across the statements
            // of one multi-statement request (sqlx passes the values on).
            DbKind::Sqlite => self.sql.push('?'),
        }
        self
    }

    fn text(&mut self, value: &str) -> &mut Self {
        self.placeholder(Arg::Text(value.to_string()))
    }

    fn int(&mut self, value: i64) -> &mut Self {
        self.placeholder(Arg::Int(value))
    }

    /// `portfolio_id = … AND target_kind = … AND target_key = … AND
    /// item_id = …`, the columns prefixed with `table`.
    fn key_terms(&mut self, table: &str, key: &FieldKey) -> &mut Self {
        let (kind, k, item) = columns(&key.1);
        self.sql(table).sql("portfolio_id = ").text(&key.0);
        self.sql(" AND ")
            .sql(table)
            .sql("target_kind = ")
            .text(kind);
        self.sql(" AND ").sql(table).sql("target_key = ").text(k);
        self.sql(" AND ").sql(table).sql("item_id = ").text(item)
    }

    /// The key's four columns as values, in the order `portfolio_id,
    /// target_kind, target_key, item_id`.
    fn key_values(&mut self, key: &FieldKey) -> &mut Self {
        let (kind, k, item) = columns(&key.1);
        self.text(&key.0).sql(", ").text(kind).sql(", ");
        self.text(k).sql(", ").text(item)
    }
}

/// Statements sent together: on SQLite as one request (one round trip to
/// the connection's thread). PostgreSQL's protocol takes one statement
/// with parameters at a time: reads go one after another, and writes
/// ([`Script::writes`]) are combined into one statement of data-modifying
/// `WITH` parts (they touch different rows, and none reads another's
/// effect, so running them on one snapshot is the same).
struct Script {
    kind: DbKind,
    statements: Vec<Statement>,
    combined: bool,
}

impl Script {
    fn new(kind: DbKind) -> Script {
        Script {
            kind,
            statements: Vec::new(),
            combined: false,
        }
    }

    /// A script of writes only (INSERT, UPDATE, DELETE without RETURNING).
    fn writes(kind: DbKind) -> Script {
        Script {
            combined: kind == DbKind::Postgres,
            ..Script::new(kind)
        }
    }

    fn add(&mut self, sql: &str) {
        self.statement(|s| {
            s.sql(sql);
        });
    }

    fn statement(&mut self, build: impl FnOnce(&mut Statement)) {
        let offset = match self.combined {
            true => self.statements.iter().map(|s| s.args.len()).sum(),
            false => 0,
        };
        let mut statement = Statement {
            kind: self.kind,
            sql: String::new(),
            args: Vec::new(),
            offset,
        };
        build(&mut statement);
        self.statements.push(statement);
    }

    fn bind<'q>(
        mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        args: &'q [Arg],
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for arg in args {
            query = match arg {
                Arg::Text(t) => query.bind(t.as_str()),
                Arg::Int(n) => query.bind(*n),
            };
        }
        query
    }

    /// `sql`, the statements sent as one, with every statement's values.
    fn as_one<'q>(
        &'q self,
        sql: &'q str,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        self.statements
            .iter()
            .fold(sqlx::query(sql), |query, s| Self::bind(query, &s.args))
    }

    /// Runs every statement; the rows of all of them, in order.
    async fn fetch(&self, conn: &mut AnyConnection) -> Result<Vec<AnyRow>, sqlx::Error> {
        match self.kind {
            DbKind::Sqlite => self.as_one(&self.joined()).fetch_all(&mut *conn).await,
            DbKind::Postgres => {
                let mut rows = Vec::new();
                for s in &self.statements {
                    rows.extend(
                        Self::bind(sqlx::query(&s.sql), &s.args)
                            .fetch_all(&mut *conn)
                            .await?,
                    );
                }
                Ok(rows)
            }
        }
    }

    async fn execute(&self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        if self.statements.is_empty() {
            return Ok(());
        }
        match self.kind {
            DbKind::Sqlite => {
                self.as_one(&self.joined()).execute(&mut *conn).await?;
            }
            DbKind::Postgres if self.combined => {
                self.as_one(&self.with_parts()).execute(&mut *conn).await?;
            }
            DbKind::Postgres => {
                for s in &self.statements {
                    Self::bind(sqlx::query(&s.sql), &s.args)
                        .execute(&mut *conn)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// The statements as one SQLite request.
    fn joined(&self) -> String {
        let mut sql = String::new();
        for s in &self.statements {
            sql.push_str(&s.sql);
            sql.push_str(";\n");
        }
        sql
    }

    /// The statements as one PostgreSQL statement: every one but the last
    /// a data-modifying `WITH` part.
    fn with_parts(&self) -> String {
        let mut sql = String::new();
        let last = self.statements.len() - 1;
        for (i, s) in self.statements.iter().enumerate() {
            if i < last {
                sql.push_str(if i == 0 { "WITH " } else { ", " });
                sql.push_str(&format!("w{i} AS ({})", s.sql));
            } else {
                sql.push(' ');
                sql.push_str(&s.sql);
            }
        }
        sql
    }
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
