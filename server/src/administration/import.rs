//! Certificates typed in or imported from a file: every row checked
//! (pure checks, then the database's), and only with every row right are
//! they stored, in one transaction.

use super::certificates::{self, Owner};
use super::csv_io::NumberedRow;
use super::errors::{certificate_exists, import_conflict, OnUniqueViolation};
use crate::audit::{self, Entry, Event};
use crate::db::Db;
use crate::error::ApiError;
use chrono::NaiveDate;
use serde_json::json;
use shared::administration::{
    validate_certificate_row, CertificateKind, CertificateRow, RawCertificateRow, RowError,
};
use shared::api::administration::ImportRow;
use sqlx::{Any, Transaction};
use std::collections::HashSet;
use std::net::IpAddr;
use uuid::Uuid;

/// One row, checked: the row and whom it belongs to, or its mistakes.
#[tracing::instrument(skip_all)]
pub async fn check(
    db: &Db,
    raw: &RawCertificateRow,
    today: NaiveDate,
    seen: &mut HashSet<String>,
) -> Result<Result<(CertificateRow, Owner), Vec<RowError>>, sqlx::Error> {
    let row = match validate_certificate_row(raw, today) {
        Ok(row) => row,
        Err(errors) => return Ok(Err(errors)),
    };
    Ok(certificates::check_row(db, &row, seen)
        .await?
        .map(|owner| (row, owner)))
}

/// The rows of a file that are right, each with the person it is for.
pub type ValidRows = Vec<(CertificateRow, Owner)>;

/// Every row of a file checked: the report and the rows that are right.
#[tracing::instrument(skip_all, fields(rows = rows.len()))]
pub async fn check_all(
    db: &Db,
    rows: &[NumberedRow],
    today: NaiveDate,
) -> Result<(Vec<ImportRow>, ValidRows), sqlx::Error> {
    let mut report = Vec::new();
    let mut valid = Vec::new();
    let mut seen = HashSet::new();
    for (line, raw) in rows {
        match check(db, raw, today, &mut seen).await? {
            Ok((row, owner)) => {
                report.push(ImportRow {
                    line: *line,
                    certificate_number: row.certificate_number.clone(),
                    ok: true,
                    errors: Vec::new(),
                });
                valid.push((row, owner));
            }
            Err(errors) => report.push(ImportRow {
                line: *line,
                certificate_number: raw.certificate_number.trim().to_string(),
                ok: false,
                errors: errors.iter().map(RowError::to_string).collect(),
            }),
        }
    }
    Ok((report, valid))
}

/// Who adds, from where.
#[derive(Clone, Copy, Debug)]
pub struct By {
    pub actor: Uuid,
    pub ip: Option<IpAddr>,
}

/// Stores one certificate typed in; returns its id.
#[tracing::instrument(skip(tx, row, owner))]
pub async fn add_one(
    tx: &mut Transaction<'static, Any>,
    row: &CertificateRow,
    owner: &Owner,
    kind: CertificateKind,
    by: By,
) -> Result<String, ApiError> {
    let id = certificates::insert(tx, row, owner, kind, by.actor)
        .await
        .on_unique_violation(certificate_exists)?;
    audit::record(
        &mut **tx,
        Entry::new(Event::CertificateAdded)
            .actor(by.actor)
            .subject(&id)
            .ip(by.ip)
            .details(json!({"certificate_number": row.certificate_number, "kind": kind})),
    )
    .await?;
    Ok(id)
}

/// Stores checked rows, all or none (a number added meanwhile is a 409 and
/// the caller's transaction is rolled back).
#[tracing::instrument(skip(tx, valid), fields(rows = valid.len()))]
pub async fn store_all(
    tx: &mut Transaction<'static, Any>,
    valid: &[(CertificateRow, Owner)],
    kind: CertificateKind,
    by: By,
) -> Result<(), ApiError> {
    certificates::lock_imports(tx).await?;
    for (row, owner) in valid {
        certificates::insert(tx, row, owner, kind, by.actor)
            .await
            .on_unique_violation(|| import_conflict(&row.certificate_number))?;
    }
    audit::record(
        &mut **tx,
        Entry::new(Event::CertificatesImported)
            .actor(by.actor)
            .ip(by.ip)
            .details(json!({
                "count": valid.len(),
                "certificate_numbers": valid
                    .iter()
                    .map(|(r, _)| r.certificate_number.clone())
                    .collect::<Vec<_>>(),
            })),
    )
    .await?;
    Ok(())
}
