//! Evidence files: receiving an upload as it streams in, serving the bytes
//! back, and removing what nothing refers to any more.
//!
//! A file is identified by the SHA-256 of its bytes within one portfolio.
//! Its bytes are stored in the database in chunks of [`CHUNK_BYTES`]
//! (SQLite and PostgreSQL alike, so every instance reaches every file);
//! an upload is hashed, sniffed and (with `CLAMD_ADDRESS`) scanned while it
//! is written chunk by chunk, so at most one chunk is in memory, and it
//! becomes a file only when everything checked out ([`store::commit`]).
//! Until then its chunks are invisible; a refused or broken-off upload's
//! chunks are removed at once, or by [`cleanup`] a day later if the server
//! stopped meanwhile. Which slot a file proves is not here but in the
//! evidence rows the editor syncs (`shared::evidence`).

pub mod scan;
pub mod store;

use crate::db::Db;
use axum::body::Bytes;
use futures_util::{Stream, StreamExt};
use scan::{ScanError, Scanner, Verdict};
use sha2::{Digest, Sha256};
use shared::evidence::Sha256Hex;
use shared::files::{
    sniff, FileType, MAX_FILE_BYTES, PORTFOLIO_BUDGET_BYTES, SNIFF_BYTES,
    UNREFERENCED_GRACE_SECONDS,
};
use store::{Committed, NewFile, StoredMeta};
use uuid::Uuid;

/// Size of one stored chunk (256 KiB): small enough to keep memory flat
/// and each insert quick, big enough that a 20 MiB file is 80 rows.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// Uploads older than this that never became a file are removed (1 day).
pub const ABANDONED_UPLOAD_SECONDS: i64 = 24 * 60 * 60;

// The first chunk is what the type is decided on.
const _: () = assert!(CHUNK_BYTES >= SNIFF_BYTES);

/// Why an upload stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the bytes hash to {actual}")]
    HashMismatch { actual: String },
    #[error("not an accepted type")]
    UnsupportedType,
    #[error("over the per-file limit")]
    TooLarge,
    #[error("over the portfolio's budget ({used} bytes used)")]
    OverBudget { used: u64 },
    #[error("infected: {0}")]
    Infected(String),
    #[error("virus scanner: {0}")]
    ScanUnavailable(#[from] ScanError),
    #[error("the upload broke off: {0}")]
    Body(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// What an upload needs to know about where it goes.
pub struct Upload<'a> {
    pub portfolio: &'a str,
    pub sha256: &'a Sha256Hex,
    pub actor: Uuid,
    /// `Content-Length`, when the client sent one: refused at once when it
    /// is over a limit, before a byte is read.
    pub declared_len: Option<u64>,
    pub now: i64,
}

pub enum Received {
    /// 201: stored now.
    Created(StoredMeta),
    /// 200: the portfolio already had these bytes.
    Existing(StoredMeta),
}

/// Receives an upload. When the portfolio already has a file with this
/// hash the body is not read at all: the hash names the bytes, so a
/// retried upload costs nothing.
pub async fn receive<S, E>(
    db: &Db,
    scanner: Option<&Scanner>,
    upload: Upload<'_>,
    body: S,
) -> Result<Received, UploadError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    if let Some(existing) = store::find(db, upload.portfolio, upload.sha256).await? {
        return Ok(Received::Existing(existing));
    }
    let used = store::used_bytes(db, upload.portfolio).await?;
    let room = PORTFOLIO_BUDGET_BYTES.saturating_sub(used);
    let over = |size: u64| {
        if size > MAX_FILE_BYTES {
            Some(UploadError::TooLarge)
        } else if size > room {
            Some(UploadError::OverBudget { used })
        } else {
            None
        }
    };
    if let Some(err) = upload.declared_len.and_then(&over) {
        return Err(err);
    }
    let blob = store::start_blob(db, upload.portfolio, upload.now).await?;
    let mut guard = Discard::new(db.clone(), blob.clone());
    let outcome = write_and_commit(db, scanner, &upload, &blob, body, over).await;
    guard.keep();
    match outcome {
        Ok(received @ Received::Created(_)) => Ok(received),
        // Nothing of a refused upload stays; removed before answering, so
        // what the client is told is what is stored.
        other => {
            store::discard_blob(db, &blob).await?;
            other
        }
    }
}

async fn write_and_commit<S, E>(
    db: &Db,
    scanner: Option<&Scanner>,
    upload: &Upload<'_>,
    blob: &str,
    body: S,
    over: impl Fn(u64) -> Option<UploadError>,
) -> Result<Received, UploadError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut scan = match scanner {
        Some(scanner) => Some(scanner.start().await?),
        None => None,
    };
    let mut writer = ChunkWriter {
        db,
        blob,
        buf: Vec::with_capacity(CHUNK_BYTES),
        seq: 0,
        size: 0,
        hasher: Sha256::new(),
        file_type: None,
    };
    let mut body = body;
    while let Some(frame) = body.next().await {
        let frame = frame.map_err(|e| UploadError::Body(e.to_string()))?;
        if let Some(err) = over(writer.size + frame.len() as u64) {
            return Err(err);
        }
        writer.size += frame.len() as u64;
        writer.buf.extend_from_slice(&frame);
        while writer.buf.len() >= CHUNK_BYTES {
            writer.flush(CHUNK_BYTES, scan.as_mut()).await?;
        }
    }
    let rest = writer.buf.len();
    if rest > 0 || writer.seq == 0 {
        writer.flush(rest, scan.as_mut()).await?;
    }
    let actual = hex::encode(writer.hasher.finalize_reset());
    if actual != upload.sha256.as_str() {
        return Err(UploadError::HashMismatch { actual });
    }
    if let Some(scan) = scan {
        if let Verdict::Infected(name) = scan.finish().await? {
            return Err(UploadError::Infected(name));
        }
    }
    let file_type = writer.file_type.ok_or(UploadError::UnsupportedType)?;
    let meta = StoredMeta {
        sha256: upload.sha256.clone(),
        blob_id: blob.to_string(),
        size: writer.size,
        file_type,
    };
    let committed = store::commit(
        db,
        NewFile {
            portfolio: upload.portfolio,
            sha256: upload.sha256,
            blob,
            size: writer.size,
            file_type,
            actor: upload.actor,
            now: upload.now,
        },
        PORTFOLIO_BUDGET_BYTES,
    )
    .await?;
    match committed {
        Committed::Stored => Ok(Received::Created(meta)),
        Committed::AlreadyThere => {
            let existing = store::find(db, upload.portfolio, upload.sha256)
                .await?
                .unwrap_or(meta);
            Ok(Received::Existing(existing))
        }
        Committed::OverBudget { used } => Err(UploadError::OverBudget { used }),
    }
}

/// Writes an upload's bytes chunk by chunk, hashing and scanning them on
/// the way; the first chunk decides the type.
struct ChunkWriter<'a> {
    db: &'a Db,
    blob: &'a str,
    buf: Vec<u8>,
    seq: u64,
    size: u64,
    hasher: Sha256,
    file_type: Option<FileType>,
}

impl ChunkWriter<'_> {
    async fn flush(
        &mut self,
        len: usize,
        scan: Option<&mut scan::Scan>,
    ) -> Result<(), UploadError> {
        let chunk = &self.buf[..len];
        if self.seq == 0 {
            // Refused before anything is stored or read further.
            self.file_type = Some(sniff(chunk).ok_or(UploadError::UnsupportedType)?);
        }
        self.hasher.update(chunk);
        if let Some(scan) = scan {
            scan.send(chunk).await?;
        }
        store::put_chunk(self.db, self.blob, self.seq, chunk).await?;
        self.seq += 1;
        self.buf.drain(..len);
        Ok(())
    }
}

/// Removes an upload's chunks when the request is dropped halfway (the
/// client went away): the handler's future is gone, so the removal runs
/// as a task of its own. Refusals are removed in line by [`receive`].
struct Discard {
    db: Db,
    blob: String,
    armed: bool,
}

impl Discard {
    fn new(db: Db, blob: String) -> Discard {
        Discard {
            db,
            blob,
            armed: true,
        }
    }

    fn keep(&mut self) {
        self.armed = false;
    }
}

impl Drop for Discard {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let db = self.db.clone();
        let blob = std::mem::take(&mut self.blob);
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                if let Err(err) = store::discard_blob(&db, &blob).await {
                    // The periodic clean-up removes it a day later.
                    tracing::warn!(error = %err, %blob, "could not remove a refused upload");
                }
            });
        }
    }
}

/// The stored bytes, chunk by chunk, as a response body streams them: one
/// chunk in memory at a time, each read when the client is ready for it.
pub fn chunks(db: Db, blob: String) -> impl Stream<Item = Result<Bytes, sqlx::Error>> {
    futures_util::stream::try_unfold(0u64, move |seq| {
        let db = db.clone();
        let blob = blob.clone();
        async move {
            Ok(store::chunk(&db, &blob, seq)
                .await?
                .map(|data| (Bytes::from(data), seq + 1)))
        }
    })
}

/// All stored bytes of a blob at once, for what must hold the whole file
/// (the archival PDF embeds every evidence file).
pub async fn read_all(db: &Db, blob: &str) -> Result<Vec<u8>, sqlx::Error> {
    let mut bytes = Vec::new();
    let mut seq = 0;
    while let Some(chunk) = store::chunk(db, blob, seq).await? {
        bytes.extend_from_slice(&chunk);
        seq += 1;
    }
    Ok(bytes)
}

/// What one clean-up did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CleanupReport {
    /// Files first seen without an evidence row naming them.
    pub marked: u64,
    /// Files that were unreferenced and are named again.
    pub unmarked: u64,
    /// Files unreferenced for 30 days, removed.
    pub removed: u64,
    /// Uploads that never finished, removed.
    pub abandoned: u64,
}

/// Removes files no evidence row has named for
/// [`UNREFERENCED_GRACE_SECONDS`] and uploads that never finished. `now`
/// is passed in so tests can move the clock; the server runs it at start
/// and then every hour (`crate::housekeeping`). Safe to run on several
/// instances at once: every step re-checks what it acts on.
pub async fn cleanup(db: &Db, now: i64) -> Result<CleanupReport, sqlx::Error> {
    let mut report = CleanupReport::default();
    for (portfolio, kind) in store::portfolios_with_files(db).await? {
        let rows = store::evidence_rows(db, &portfolio, kind).await?;
        let referenced = store::referenced(&rows);
        for file in store::tracked(db, &portfolio).await? {
            let named = referenced.contains(file.sha256.as_str());
            match (named, file.unreferenced_since) {
                (true, Some(_)) => {
                    store::set_unreferenced_since(db, &portfolio, &file.sha256, None).await?;
                    report.unmarked += 1;
                }
                (false, None) => {
                    store::set_unreferenced_since(db, &portfolio, &file.sha256, Some(now)).await?;
                    report.marked += 1;
                }
                (false, Some(since)) if since + UNREFERENCED_GRACE_SECONDS <= now => {
                    let removed = store::remove_unreferenced(db, &portfolio, &file, since).await?;
                    report.removed += u64::from(removed);
                }
                _ => {}
            }
        }
    }
    report.abandoned = store::remove_abandoned(db, now - ABANDONED_UPLOAD_SECONDS).await?;
    Ok(report)
}
