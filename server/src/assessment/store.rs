//! The `submissions` and `submission_assessors` tables (migration 0029).
//! A row holds the immutable snapshot and manifest, and the assessment's
//! state as `shared::assessment::Assessment` JSON; `stage`, `active` and
//! the assessor rows are copies of that state kept for queries (access,
//! the 409 on resubmitting, the certifier's overview by waiting time).
//! Every change goes through [`save`] inside the step's transaction, after
//! the row was locked by [`lock`].

use crate::db::Db;
use shared::assessment::{Assessment, LateWarning, Snapshot, Stage, SubmissionKind};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

/// A stored submission, as the server works with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    pub id: String,
    pub portfolio_id: String,
    pub candidate: Uuid,
    pub version: u32,
    pub kind: SubmissionKind,
    pub manifest: String,
    pub manifest_sha256: String,
    pub snapshot: Snapshot,
    pub state: Assessment,
    pub late: Option<LateWarning>,
    pub submitted_at: i64,
    pub updated_at: i64,
    pub certificate_id: Option<String>,
}

impl Submission {
    /// The assigned assessors' ids (for the policy).
    pub fn assessor_ids(&self) -> Vec<Uuid> {
        self.state
            .assessors()
            .into_iter()
            .filter_map(|a| Uuid::parse_str(a).ok())
            .collect()
    }
}

/// Storage failures, and stored rows this build cannot read.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("submission {0}: stored JSON does not parse")]
    Corrupt(String),
}

impl From<StoreError> for crate::error::ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Db(e) => e.into(),
            // Logged once, where the answer is made (`error.rs`): "submission
            // {id}: stored JSON does not parse".
            corrupt @ StoreError::Corrupt(_) => crate::error::ApiError::internal_because(corrupt),
        }
    }
}

const COLUMNS: &str = "id, portfolio_id, candidate_id, version, kind, manifest, manifest_sha256, \
     snapshot, state, late, submitted_at, updated_at, certificate_id";

fn from_row(row: &AnyRow) -> Result<Submission, StoreError> {
    let id: String = row.try_get("id")?;
    let corrupt = || StoreError::Corrupt(id.clone());
    let candidate: String = row.try_get("candidate_id")?;
    let kind: String = row.try_get("kind")?;
    let version: i64 = row.try_get("version")?;
    let snapshot: String = row.try_get("snapshot")?;
    let state: String = row.try_get("state")?;
    let late: Option<String> = row.try_get("late")?;
    Ok(Submission {
        portfolio_id: row.try_get("portfolio_id")?,
        candidate: Uuid::parse_str(&candidate).map_err(|_| corrupt())?,
        version: u32::try_from(version).map_err(|_| corrupt())?,
        kind: SubmissionKind::parse(&kind).ok_or_else(corrupt)?,
        manifest: row.try_get("manifest")?,
        manifest_sha256: row.try_get("manifest_sha256")?,
        snapshot: serde_json::from_str(&snapshot).map_err(|_| corrupt())?,
        state: serde_json::from_str(&state).map_err(|_| corrupt())?,
        late: late
            .map(|l| serde_json::from_str(&l))
            .transpose()
            .map_err(|_| corrupt())?,
        submitted_at: row.try_get("submitted_at")?,
        updated_at: row.try_get("updated_at")?,
        certificate_id: row.try_get("certificate_id")?,
        id,
    })
}

fn json<T: serde::Serialize>(value: &T) -> String {
    // Serialising these plain data types cannot fail (string keys only).
    serde_json::to_string(value).unwrap_or_default()
}

pub async fn find(db: &Db, id: &str) -> Result<Option<Submission>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM submissions WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Takes the row's write lock (PostgreSQL: the row; SQLite: the database,
/// already taken by `BEGIN IMMEDIATE`) and reads it in the transaction, so
/// two steps on one submission run one after the other.
pub async fn lock(
    tx: &mut Transaction<'_, Any>,
    id: &str,
) -> Result<Option<Submission>, StoreError> {
    sqlx::query("UPDATE submissions SET updated_at = updated_at WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM submissions WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The submissions of a portfolio, oldest first, read inside a transaction
/// that locked the portfolio row.
pub async fn of_portfolio(
    tx: &mut Transaction<'_, Any>,
    portfolio: &str,
) -> Result<Vec<Submission>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM submissions WHERE portfolio_id = $1 ORDER BY version"
    ))
    .bind(portfolio)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The previous version of a submission, if any.
pub async fn previous(db: &Db, s: &Submission) -> Result<Option<Submission>, StoreError> {
    if s.version <= 1 {
        return Ok(None);
    }
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM submissions WHERE portfolio_id = $1 AND version = $2"
    ))
    .bind(&s.portfolio_id)
    .bind(i64::from(s.version - 1))
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

fn stage_of(state: &Assessment) -> Stage {
    state.stage
}

pub async fn insert(tx: &mut Transaction<'_, Any>, s: &Submission) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO submissions (id, portfolio_id, candidate_id, version, kind, stage, active, \
         manifest, manifest_sha256, snapshot, state, late, submitted_at, updated_at, \
         certificate_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(&s.id)
    .bind(&s.portfolio_id)
    .bind(s.candidate.to_string())
    .bind(i64::from(s.version))
    .bind(s.kind.as_str())
    .bind(stage_of(&s.state).as_str())
    .bind(i64::from(s.state.is_active()))
    .bind(&s.manifest)
    .bind(&s.manifest_sha256)
    .bind(json(&s.snapshot))
    .bind(json(&s.state))
    .bind(s.late.as_ref().map(json))
    .bind(s.submitted_at)
    .bind(s.updated_at)
    .bind(s.certificate_id.clone())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores a new state (and the certificate it issued), keeping the
/// assessor rows equal to the state's assessors.
pub async fn save(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    state: &Assessment,
    certificate_id: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE submissions SET state = $1, stage = $2, active = $3, updated_at = $4, \
         certificate_id = COALESCE($5, certificate_id) WHERE id = $6",
    )
    .bind(json(state))
    .bind(stage_of(state).as_str())
    .bind(i64::from(state.is_active()))
    .bind(now)
    .bind(certificate_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT assessor_id FROM submission_assessors WHERE submission_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    let wanted = state.assessors();
    for gone in stored.iter().filter(|a| !wanted.contains(&a.as_str())) {
        sqlx::query(
            "DELETE FROM submission_assessors WHERE submission_id = $1 AND assessor_id = $2",
        )
        .bind(id)
        .bind(gone)
        .execute(&mut **tx)
        .await?;
    }
    for new in wanted.iter().filter(|a| !stored.iter().any(|s| s == *a)) {
        sqlx::query(
            "INSERT INTO submission_assessors (submission_id, assessor_id, assigned_at) \
             VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(*new)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Every submission, the longest waiting first (the certifier's overview).
pub async fn all(db: &Db) -> Result<Vec<Submission>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM submissions ORDER BY active DESC, updated_at, id LIMIT 1000"
    ))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The submissions a person is part of: their own, or assigned to them.
pub async fn related_to(db: &Db, person: Uuid) -> Result<Vec<Submission>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM submissions WHERE candidate_id = $1 OR id IN \
         (SELECT submission_id FROM submission_assessors WHERE assessor_id = $1) \
         ORDER BY active DESC, updated_at, id LIMIT 1000"
    ))
    .bind(person.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}
