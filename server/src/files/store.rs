//! The SQL of evidence files (migration 0027): chunks of bytes, the
//! portfolio's stored files, and the evidence rows that name them (read
//! from the sync tables, where the editor writes them).

use crate::audit::{self, Entry, Event};
use crate::db::Db;
use shared::evidence::{EvidenceFile, Sha256Hex};
use shared::files::FileType;
use shared::framework::PortfolioKind;
use shared::sync::FieldValue;
use sqlx::Row;
use std::collections::HashSet;
use uuid::Uuid;

/// A stored file of a portfolio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMeta {
    pub sha256: Sha256Hex,
    pub blob_id: String,
    pub size: u64,
    pub file_type: FileType,
}

fn to_db(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn from_db(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn decode_error(what: impl Into<String>) -> sqlx::Error {
    sqlx::Error::Decode(what.into().into())
}

fn meta_of(row: &sqlx::any::AnyRow) -> Result<StoredMeta, sqlx::Error> {
    let sha: String = row.try_get("sha256")?;
    let media_type: String = row.try_get("media_type")?;
    Ok(StoredMeta {
        sha256: Sha256Hex::parse(&sha).map_err(|_| decode_error("portfolio_files.sha256"))?,
        blob_id: row.try_get("blob_id")?,
        size: from_db(row.try_get("size")?),
        file_type: FileType::from_media_type(&media_type)
            .ok_or_else(|| decode_error("portfolio_files.media_type"))?,
    })
}

pub async fn find(
    db: &Db,
    portfolio: &str,
    sha256: &Sha256Hex,
) -> Result<Option<StoredMeta>, sqlx::Error> {
    sqlx::query(
        "SELECT sha256, blob_id, size, media_type FROM portfolio_files \
         WHERE portfolio_id = $1 AND sha256 = $2",
    )
    .bind(portfolio)
    .bind(sha256.as_str())
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(meta_of)
    .transpose()
}

/// Every stored file of a portfolio.
pub async fn stored(db: &Db, portfolio: &str) -> Result<Vec<StoredMeta>, sqlx::Error> {
    sqlx::query(
        "SELECT sha256, blob_id, size, media_type FROM portfolio_files \
         WHERE portfolio_id = $1 ORDER BY sha256",
    )
    .bind(portfolio)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(meta_of)
    .collect()
}

/// Bytes of a portfolio's stored files together.
pub async fn used_bytes(db: &Db, portfolio: &str) -> Result<u64, sqlx::Error> {
    let used: Option<i64> =
        sqlx::query_scalar("SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM portfolio_files WHERE portfolio_id = $1")
            .bind(portfolio)
            .fetch_one(&db.pool)
            .await?;
    Ok(from_db(used.unwrap_or(0)))
}

/// A new, empty set of bytes for an upload; its id.
pub async fn start_blob(db: &Db, portfolio: &str, now: i64) -> Result<String, sqlx::Error> {
    let id = Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO file_blobs (id, portfolio_id, started_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(portfolio)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(id)
}

/// Appends chunk `seq` of an upload. Each chunk commits on its own, so a
/// slow upload never holds SQLite's write lock for long; the bytes are not
/// a file until [`commit`] names them.
pub async fn put_chunk(db: &Db, blob: &str, seq: u64, data: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO file_chunks (blob_id, seq, data) VALUES ($1, $2, $3)")
        .bind(blob)
        .bind(to_db(seq))
        .bind(data.to_vec())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Chunk `seq` of stored bytes, `None` past the last.
pub async fn chunk(db: &Db, blob: &str, seq: u64) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT data FROM file_chunks WHERE blob_id = $1 AND seq = $2")
        .bind(blob)
        .bind(to_db(seq))
        .fetch_optional(&db.pool)
        .await
}

/// Removes an upload's bytes (its chunks go with it).
pub async fn discard_blob(db: &Db, blob: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM file_chunks WHERE blob_id = $1")
        .bind(blob)
        .execute(&db.pool)
        .await?;
    sqlx::query(
        "DELETE FROM file_blobs WHERE id = $1 \
         AND NOT EXISTS (SELECT 1 FROM portfolio_files WHERE blob_id = $1)",
    )
    .bind(blob)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub enum Committed {
    Stored,
    /// Someone stored the same bytes meanwhile (a retry racing itself).
    AlreadyThere,
    /// Over the portfolio's budget with this file; `used` is what the
    /// portfolio holds.
    OverBudget {
        used: u64,
    },
}

/// What an upload that arrived whole and checked out becomes.
pub struct NewFile<'a> {
    pub portfolio: &'a str,
    pub sha256: &'a Sha256Hex,
    pub blob: &'a str,
    pub size: u64,
    pub file_type: FileType,
    pub actor: Uuid,
    pub now: i64,
}

/// Names the uploaded bytes as the portfolio's file, within its budget,
/// with an audit record, in one transaction. The portfolio's row is locked
/// first, so two uploads at once cannot both fit the budget's last space
/// (and SQLite takes its write lock before reading).
pub async fn commit(db: &Db, file: NewFile<'_>, budget: u64) -> Result<Committed, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE portfolios SET status = status WHERE id = $1")
        .bind(file.portfolio)
        .execute(&mut *tx)
        .await?;
    let existing: Option<String> = sqlx::query_scalar(
        "SELECT blob_id FROM portfolio_files WHERE portfolio_id = $1 AND sha256 = $2",
    )
    .bind(file.portfolio)
    .bind(file.sha256.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if existing.is_some() {
        return Ok(Committed::AlreadyThere);
    }
    let used: Option<i64> =
        sqlx::query_scalar("SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM portfolio_files WHERE portfolio_id = $1")
            .bind(file.portfolio)
            .fetch_one(&mut *tx)
            .await?;
    let used = from_db(used.unwrap_or(0));
    if used.saturating_add(file.size) > budget {
        return Ok(Committed::OverBudget { used });
    }
    sqlx::query(
        "INSERT INTO portfolio_files (portfolio_id, sha256, blob_id, size, media_type, \
         uploaded_by, uploaded_at, unreferenced_since) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
    )
    .bind(file.portfolio)
    .bind(file.sha256.as_str())
    .bind(file.blob)
    .bind(to_db(file.size))
    .bind(file.file_type.media_type())
    .bind(file.actor.to_string())
    .bind(file.now)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::FileStored)
            .actor(file.actor)
            .subject(file.portfolio)
            .details(serde_json::json!({
                "sha256": file.sha256.as_str(),
                "size": file.size,
                "media_type": file.file_type.media_type(),
            })),
    )
    .await?;
    tx.commit().await?;
    Ok(Committed::Stored)
}

/// The live evidence rows of a portfolio, as the editor wrote them. A row
/// that does not parse (another build's shape) is skipped, not an error:
/// the server does not interpret values beyond what it needs here.
pub async fn evidence_rows(
    db: &Db,
    portfolio: &str,
    kind: PortfolioKind,
) -> Result<Vec<EvidenceFile>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT item_id, value FROM sync_field WHERE portfolio_id = $1 \
         AND target_kind = 'item' AND target_key = $2 AND live = 1 ORDER BY item_id",
    )
    .bind(portfolio)
    .bind(shared::evidence::evidence_list_key(kind))
    .fetch_all(&db.pool)
    .await?;
    let mut files = Vec::with_capacity(rows.len());
    for row in &rows {
        let value: String = row.try_get("value")?;
        let item_id: String = row.try_get("item_id")?;
        if let Ok(FieldValue::Json(json)) = serde_json::from_str::<FieldValue>(&value) {
            if let Ok(mut file) = serde_json::from_value::<EvidenceFile>(json) {
                file.id = item_id;
                files.push(file);
            }
        }
    }
    Ok(files)
}

/// Portfolios that have stored files, with their kind.
pub async fn portfolios_with_files(db: &Db) -> Result<Vec<(String, PortfolioKind)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT DISTINCT p.id, p.kind FROM portfolios p \
         JOIN portfolio_files f ON f.portfolio_id = p.id ORDER BY p.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let kind: String = row.try_get("kind")?;
        let kind = match kind.as_str() {
            "initial" => PortfolioKind::Initial,
            "recertification" => PortfolioKind::Recertification,
            other => return Err(decode_error(format!("portfolios.kind {other}"))),
        };
        out.push((row.try_get("id")?, kind));
    }
    Ok(out)
}

/// A stored file and when the clean-up first saw it unreferenced.
pub struct Tracked {
    pub sha256: String,
    pub blob_id: String,
    pub unreferenced_since: Option<i64>,
}

pub async fn tracked(db: &Db, portfolio: &str) -> Result<Vec<Tracked>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sha256, blob_id, unreferenced_since FROM portfolio_files \
         WHERE portfolio_id = $1 ORDER BY sha256",
    )
    .bind(portfolio)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Tracked {
                sha256: row.try_get("sha256")?,
                blob_id: row.try_get("blob_id")?,
                unreferenced_since: row.try_get("unreferenced_since")?,
            })
        })
        .collect()
}

pub async fn set_unreferenced_since(
    db: &Db,
    portfolio: &str,
    sha256: &str,
    since: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE portfolio_files SET unreferenced_since = $3 \
         WHERE portfolio_id = $1 AND sha256 = $2",
    )
    .bind(portfolio)
    .bind(sha256)
    .bind(since)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Removes a stored file and its bytes, with an audit record, if it is
/// still unreferenced since `since` (a reference that arrived meanwhile
/// cleared the mark, and then nothing is removed). Whether it was removed.
pub async fn remove_unreferenced(
    db: &Db,
    portfolio: &str,
    file: &Tracked,
    since: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let removed = sqlx::query(
        "DELETE FROM portfolio_files WHERE portfolio_id = $1 AND sha256 = $2 \
         AND unreferenced_since = $3",
    )
    .bind(portfolio)
    .bind(&file.sha256)
    .bind(since)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM file_chunks WHERE blob_id = $1")
        .bind(&file.blob_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM file_blobs WHERE id = $1")
        .bind(&file.blob_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::FileRemoved)
            .subject(portfolio)
            .details(serde_json::json!({ "sha256": file.sha256, "reason": "unreferenced" })),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Removes uploads that started before `before` and never became a file
/// (the connection dropped halfway, the server stopped). How many.
pub async fn remove_abandoned(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM file_blobs WHERE started_at < $1 \
         AND NOT EXISTS (SELECT 1 FROM portfolio_files f WHERE f.blob_id = file_blobs.id)",
    )
    .bind(before)
    .fetch_all(&db.pool)
    .await?;
    for id in &ids {
        discard_blob(db, id).await?;
    }
    Ok(ids.len() as u64)
}

/// The hashes the evidence rows name.
pub fn referenced(rows: &[EvidenceFile]) -> HashSet<&str> {
    rows.iter().map(|r| r.sha256.as_str()).collect()
}
