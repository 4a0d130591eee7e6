//! PE statements of category 4 for mentors and assessors (issue 14): the
//! records they are made from, the signed PDF, and adding one to the
//! person's own recertification portfolio. The counting is
//! `shared::rules::pe_statement`; the HTTP side is `api::pe_statements`.
//!
//! The seed wants the statement "ondertekend door de Coördinator
//! Certificeren". It is issued from the certifying body's own records and
//! signed with the register's key (the key that signs register entries),
//! so anyone can check it with the published keys instead of trusting a
//! scanned signature; the JWS travels inside the PDF.

use crate::db::{now, Db};
use crate::files::{self, Received, Upload, UploadError};
use crate::mentors::store as mentors;
use crate::pdf::{Attachment, Document, PdfError};
use crate::portfolios::store::Portfolio;
use crate::portfolios::sync_store;
use crate::register::jws;
use crate::state::AppState;
use axum::body::Bytes;
use chrono::NaiveDate;
use serde_json::{json, Value};
use shared::api::pe_statements::{AddedPeStatement, PeStatementClaims};
use shared::evidence::{evidence_list_key, EvidenceFile, Sha256Hex, Slot};
use shared::framework::{framework, InputKind, PortfolioKind};
use shared::rules::pe_statement::{
    self, activity, activity_id, description, evidence_id, paragraphs, Engagement, PeStatement,
    StatementFunction,
};
use shared::sync::{ClientId, FieldValue, Mutation, MutationId, Op, Outcome, PushRequest, Target};
use sqlx::Row;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum StatementError {
    #[error("no statement for that year")]
    NoStatement,
    #[error("not a recertification portfolio")]
    WrongKind,
    #[error("already in the portfolio")]
    AlreadyAdded,
    #[error("pdf: {0}")]
    Pdf(#[from] PdfError),
    #[error("signing: {0}")]
    Sign(#[from] serde_json::Error),
    #[error("storing the file: {0}")]
    Upload(#[from] UploadError),
    #[error("the server's own push was refused: {0}")]
    Refused(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Key(#[from] crate::register::keys::KeyStoreError),
}

fn date_of(ts: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// Everything the records say `person` did as mentor or assessor.
#[tracing::instrument(skip(db))]
pub async fn engagements(db: &Db, person: Uuid) -> Result<Vec<Engagement>, sqlx::Error> {
    let mut out: Vec<Engagement> = mentors::periods(db, person)
        .await?
        .into_iter()
        .map(|(candidate, started, ended)| Engagement {
            function: StatementFunction::Mentor,
            candidate,
            from: date_of(started),
            until: ended.map(date_of),
        })
        .collect();
    // An assessment lasts from the assignment to the submission's last
    // step; resubmissions of one portfolio are one candidate.
    let rows = sqlx::query(
        "SELECT s.portfolio_id, a.assigned_at, s.updated_at FROM submission_assessors a \
         JOIN submissions s ON s.id = a.submission_id WHERE a.assessor_id = $1 \
         ORDER BY a.assigned_at, s.id",
    )
    .bind(person.to_string())
    .fetch_all(&db.pool)
    .await?;
    for row in rows {
        let (portfolio, assigned, updated): (String, i64, i64) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        out.push(Engagement {
            function: StatementFunction::Assessor,
            candidate: Some(portfolio),
            from: date_of(assigned),
            until: Some(date_of(updated.max(assigned))),
        });
    }
    Ok(out)
}

/// Every year's statement of `person`, newest first.
pub async fn all(db: &Db, person: Uuid, today: NaiveDate) -> Result<Vec<PeStatement>, sqlx::Error> {
    Ok(pe_statement::statements(
        today,
        &engagements(db, person).await?,
    ))
}

/// One year's statement, or [`StatementError::NoStatement`].
pub async fn of_year(
    db: &Db,
    person: Uuid,
    year: i32,
    today: NaiveDate,
) -> Result<PeStatement, StatementError> {
    pe_statement::statement(year, today, &engagements(db, person).await?)
        .ok_or(StatementError::NoStatement)
}

/// The file name the statement is downloaded and attached as.
pub fn file_name(year: i32) -> String {
    format!("pe-verklaring-{year}.pdf")
}

/// The signed PDF of `statement` about `person` (`name`).
pub async fn pdf(
    state: &AppState,
    person: Uuid,
    name: &str,
    statement: &PeStatement,
) -> Result<Vec<u8>, StatementError> {
    let key = state.register_keys.current(&state.db).await?;
    let claims = PeStatementClaims {
        iss: state.public_origin.to_string(),
        sub: person.to_string(),
        iat: now(),
        name: name.to_string(),
        statement: statement.clone(),
    };
    let signed = jws::sign(key, &claims)?;
    let keys_url = format!(
        "{}{}",
        state.public_origin,
        shared::api::register::KEYS_PATH
    );
    let kid = key.kid.clone();
    let (statement, name) = (statement.clone(), name.to_string());
    Ok(
        crate::pdf::render_off_thread(move || {
            document(&statement, &name, &signed, &kid, &keys_url)
        })
        .await?,
    )
}

fn document(s: &PeStatement, name: &str, signed: &str, kid: &str, keys_url: &str) -> Document {
    let title = format!(
        "PE-verklaring {} — mentor of assessor Register Jobcoach",
        s.year
    );
    let mut doc = Document::new(&title, &format!("PE-verklaring {} · {name}", s.year));
    doc.heading(&title);
    for paragraph in paragraphs(s, name) {
        doc.paragraph(&paragraph);
    }
    let points = s.points.to_string();
    let candidates = s.candidates.to_string();
    let date = s.date.format("%Y-%m-%d").to_string();
    doc.key_values(&[
        ("Categorie", "4 — Bijdrage aan beroepsgroep"),
        (
            "Activiteit",
            "Mentor of assessor bij (re)certificering Register Jobcoach",
        ),
        ("Kandidaten", &candidates),
        ("PE-punten", &points),
        ("Datum", &date),
    ]);
    doc.heading("Ondertekening");
    doc.paragraph(
        "Ondertekend namens de Coördinator Certificeren: deze verklaring is opgesteld uit de \
         registratie van begeleidingen en beoordelingen en digitaal ondertekend met de sleutel \
         van het register. De ondertekening zit als bijlage verklaring.jws in dit bestand.",
    );
    doc.key_values(&[("Sleutel (kid)", kid), ("Controleren met", keys_url)]);
    doc.attach(Attachment {
        name: "verklaring.jws".into(),
        media_type: "application/jose".into(),
        bytes: signed.as_bytes().to_vec(),
        description: "De ondertekende verklaring (compact JWS, EdDSA)".into(),
    });
    doc
}

/// Adds the statement of `year` to `portfolio` (the person's own
/// recertification portfolio): stores its PDF as an evidence file and
/// pushes, as one batch through the same sync path as the editor, the PE
/// register row and the evidence row attaching the file to it.
#[tracing::instrument(skip(state, portfolio), fields(portfolio = %portfolio.id))]
pub async fn add(
    state: &AppState,
    person: Uuid,
    name: &str,
    portfolio: &Portfolio,
    year: i32,
    today: NaiveDate,
) -> Result<AddedPeStatement, StatementError> {
    if portfolio.kind != PortfolioKind::Recertification {
        return Err(StatementError::WrongKind);
    }
    let statement = of_year(&state.db, person, year, today).await?;
    let list = pe_list();
    // Version and whether it holds a row (not a tombstone), per target.
    let existing: HashMap<Target, (u64, bool)> = sync_store::fields(&state.db, &portfolio.id)
        .await?
        .into_iter()
        .map(|(target, field)| (target, (field.version, field.value != FieldValue::Deleted)))
        .collect();
    let row_target = Target::Item {
        list: list.to_string(),
        item_id: activity_id(year),
    };
    let evidence_target = Target::Item {
        list: evidence_list_key(PortfolioKind::Recertification).to_string(),
        item_id: evidence_id(year),
    };
    if existing.get(&row_target).is_some_and(|(_, live)| *live) {
        return Err(StatementError::AlreadyAdded);
    }

    let bytes = pdf(state, person, name, &statement).await?;
    let sha = Sha256Hex::of(&bytes);
    let size = bytes.len() as u64;
    let upload = Upload {
        portfolio: &portfolio.id,
        sha256: &sha,
        actor: person,
        declared_len: Some(size),
        now: now(),
    };
    let body = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(Bytes::from(bytes))]);
    match files::receive(&state.db, state.scanner.as_deref(), upload, body).await? {
        Received::Created(_) | Received::Existing(_) => {}
    }

    let mut row = serde_json::to_value(activity(&statement))?;
    if let Value::Object(map) = &mut row {
        map.remove("has_evidence");
        map.insert("description".into(), json!(description(&statement)));
    }
    let evidence = EvidenceFile {
        id: evidence_id(year),
        slot: Slot::row(list, activity_id(year)),
        sha256: sha,
        name: file_name(year),
        size,
        media_type: "application/pdf".into(),
        added: chrono::Utc::now().timestamp_millis(),
    };
    let client = ClientId(format!("server-{}", Uuid::now_v7()));
    let mutation = |seq: u64, target: Target, value: Value| Mutation {
        id: MutationId {
            client_id: client.clone(),
            seq,
        },
        portfolio_id: shared::sync::PortfolioId(portfolio.id.clone()),
        base_version: existing.get(&target).map_or(0, |(version, _)| *version),
        target,
        op: Op::Set {
            value: FieldValue::Json(value),
        },
    };
    let request = PushRequest {
        account_id: person.to_string(),
        client_id: client.clone(),
        mutations: vec![
            mutation(1, row_target, row.clone()),
            mutation(2, evidence_target, serde_json::to_value(&evidence)?),
        ],
    };
    let kinds = HashMap::from([(portfolio.id.clone(), portfolio.kind)]);
    let response = sync_store::push(&state.db, person, kinds, request)
        .await
        .map_err(|e| match e {
            sync_store::PushError::Db(e) => StatementError::Db(e),
            sync_store::PushError::Mismatch(r) => StatementError::Refused(format!("{r:?}")),
        })?;
    if let Some(other) = response
        .results
        .iter()
        .find(|r| r.outcome != Outcome::Applied)
    {
        // Someone added the same year on another device a moment ago.
        return Err(match other.outcome {
            Outcome::Conflict { .. } => StatementError::AlreadyAdded,
            _ => StatementError::Refused(format!("{:?}", other.outcome)),
        });
    }
    Ok(AddedPeStatement {
        statement,
        activity: row,
        evidence,
    })
}

/// The PE register's list key (`recertification.b.q1`).
fn pe_list() -> &'static str {
    framework(PortfolioKind::Recertification)
        .questions()
        .find(|q| q.input == InputKind::PeRegister)
        .map(|q| q.key)
        .unwrap_or("recertification.b.q1")
}
