//! "Mijn gegevens": everything held about one person, as `data.json`
//! (`shared::api::me_data::ExportData`, schema in `docs/export-schema.md`)
//! and their files under `files/`, in one ZIP.
//!
//! The ZIP is built in memory on a blocking thread: a portfolio is at most
//! 5 MiB of content (the sync budget), so this takes milliseconds. When
//! evidence files arrive, [`files_of`] returns them and the archive is
//! better written to a temporary file; the entries stay the same.

use crate::administration::certificates;
use crate::administration::invoices::{self, Filter};
use crate::administration::people;
use crate::auth::{passkeys, Session};
use crate::db::Db;
use crate::portfolios::{detail, store};
use chrono::NaiveDate;
use serde_json::Value;
use shared::api::me_data::{
    ExportAccount, ExportAuditEntry, ExportData, ExportFile, ExportPasskey, ExportRegistration,
    ExportSession, PrivacyAcceptance, EXPORT_FORMAT,
};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Storage(#[from] sqlx::Error),
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the export task stopped")]
    Task,
}

/// One file for the `files/` folder: its row in `data.json` and its bytes.
pub struct FileEntry {
    pub row: ExportFile,
    pub bytes: Vec<u8>,
}

/// The files of a portfolio. None are stored yet; evidence files (the
/// files feature) are returned here with `path` =
/// `files/<portfolio id>/<sha256>-<name>`, and nothing else changes.
pub async fn files_of(_db: &Db, _portfolio_id: &str) -> Result<Vec<FileEntry>, sqlx::Error> {
    Ok(Vec::new())
}

fn to_value<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Everything about the person behind `session`, and their files.
pub async fn gather(
    db: &Db,
    session: &Session,
    today: NaiveDate,
    now: i64,
) -> Result<(ExportData, Vec<FileEntry>), sqlx::Error> {
    let me = session.actor.id;
    let id = me.to_string();
    let (created_at,): (i64,) = sqlx::query_as("SELECT created_at FROM users WHERE id = $1")
        .bind(&id)
        .fetch_one(&db.pool)
        .await?;
    let privacy_acceptances = sqlx::query_as::<_, (String, i64)>(
        "SELECT version, accepted_at FROM privacy_acceptances WHERE user_id = $1 \
         ORDER BY accepted_at, version",
    )
    .bind(&id)
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .map(|(version, accepted_at)| PrivacyAcceptance {
        version,
        accepted_at,
    })
    .collect();
    let passkeys = passkeys::list(db, me)
        .await?
        .into_iter()
        .map(|p| ExportPasskey {
            id: p.id.to_string(),
            name: p.name,
            created_at: p.created_at,
            last_used_at: p.last_used_at,
        })
        .collect();
    let sessions = sqlx::query_as::<_, (i64, i64, i64, Option<String>)>(
        "SELECT created_at, last_seen_at, expires_at, ip FROM sessions WHERE user_id = $1 \
         ORDER BY created_at",
    )
    .bind(&id)
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .map(|(created_at, last_seen_at, expires_at, ip)| ExportSession {
        created_at,
        last_seen_at,
        expires_at,
        ip,
    })
    .collect();

    let mut portfolios = Vec::new();
    let mut files = Vec::new();
    for portfolio in store::related_to(db, me).await? {
        if portfolio.owner != me {
            continue;
        }
        portfolios.push(detail::detail(db, &portfolio).await?);
        files.extend(files_of(db, &portfolio.id).await?);
    }

    let (member, affiliate) = people::own_records(db, me, session.verified_email()).await?;
    let invoices = match &affiliate {
        Some(a) => {
            invoices::list(
                db,
                &Filter {
                    affiliate_id: Some(a.id.clone()),
                    ..Filter::default()
                },
                today,
            )
            .await?
        }
        None => Vec::new(),
    };
    let certificates = certificates::own(
        db,
        session.verified_email(),
        member.as_ref().map(|m| m.id.as_str()),
        affiliate.as_ref().map(|a| a.id.as_str()),
        today,
    )
    .await?;
    let registration = ExportRegistration {
        member: member.as_ref().map(to_value),
        affiliate: affiliate.as_ref().map(to_value),
        invoices: invoices.iter().map(to_value).collect(),
        certificates: certificates.iter().map(to_value).collect(),
    };

    let audit = sqlx::query_as::<_, (i64, String, Option<String>, Option<String>, String)>(
        "SELECT at, event, actor_id, ip, details FROM audit_log \
         WHERE actor_id = $1 OR subject_id = $1 ORDER BY id",
    )
    .bind(&id)
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .map(|(at, event, actor, ip, details)| ExportAuditEntry {
        at,
        event,
        by_me: actor.as_deref() == Some(id.as_str()),
        ip,
        details: serde_json::from_str(&details).unwrap_or(Value::Null),
    })
    .collect();

    let data = ExportData {
        format: EXPORT_FORMAT.into(),
        exported_at: now,
        account: ExportAccount {
            id,
            name: session.actor.name.clone(),
            email: session.actor.email.clone(),
            email_verified: session.email_verified,
            created_at,
        },
        roles: session
            .actor
            .roles
            .iter()
            .map(|r| r.as_str().to_string())
            .collect(),
        privacy_acceptances,
        passkeys,
        sessions,
        portfolios,
        registration,
        audit,
        files: files.iter().map(|f| f.row.clone()).collect(),
    };
    Ok((data, files))
}

const README: &str = "Mijn gegevens – Register Jobcoach portfolio\n\
\n\
data.json   alles wat het portfolio over je bewaart: je account, rollen, passkeys\n\
            (zonder geheimen), sessies, je portfolio's met hun inhoud, je inschrijving,\n\
            facturen en certificaten, en het auditlog over jou.\n\
files/      de bestanden die je bij je portfolio's hebt gevoegd.\n\
\n\
De opbouw van data.json staat beschreven in docs/export-schema.md van het\n\
portfolio (formaat rj-portfolio-export/1).\n";

/// The ZIP: `LEESMIJ.txt`, `data.json`, `files/…`.
pub fn zip(data: &ExportData, files: &[FileEntry]) -> Result<Vec<u8>, ExportError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("LEESMIJ.txt", deflated)?;
    zip.write_all(README.as_bytes())?;
    zip.start_file("data.json", deflated)?;
    serde_json::to_writer_pretty(&mut zip, data)?;
    zip.add_directory("files/", deflated)?;
    // Files are mostly compressed already (photos, PDF): stored as they are.
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for file in files {
        zip.start_file(file.row.path.as_str(), stored)?;
        zip.write_all(&file.bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// [`gather`] and [`zip`], the ZIP built off the async threads.
pub async fn build(
    db: &Db,
    session: &Session,
    today: NaiveDate,
    now: i64,
) -> Result<Vec<u8>, ExportError> {
    let (data, files) = gather(db, session, today, now).await?;
    tokio::task::spawn_blocking(move || zip(&data, &files))
        .await
        .map_err(|_| ExportError::Task)?
}
