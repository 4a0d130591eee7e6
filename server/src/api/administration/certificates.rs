//! `/api/admin/certificates`: the list (with CSV), one certificate typed
//! in, and the all-or-nothing import of a CSV file.

use super::{admin, csv_response, ListQuery};
use crate::administration::import::{self, By};
use crate::administration::{begin_write, certificates, csv_io, date_text, exports, today};
use crate::auth::{ClientIp, Session};
use crate::error::{payload_too_large, ApiError, ApiJson};
use crate::policy::Action;
use crate::state::AppState;
use axum::extract::rejection::{QueryRejection, StringRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use shared::administration::{CertificateKind, RawCertificateRow, RowError};
use shared::api::administration::{
    CertificateAdded, Certificates, ImportRefused, ImportReport, NewCertificate,
};
use std::collections::HashSet;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/certificates",
            get(list_certificates).post(add_certificate),
        )
        .route("/certificates/import", post(import_certificates))
}

#[tracing::instrument(skip_all)]
async fn list_certificates(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    admin(&session, Action::ManageCertificates)?;
    let query = ListQuery::from(query);
    let certificates = certificates::list(&state.db, query.q.as_deref(), today()).await?;
    if query.wants_csv() {
        return Ok(csv_response(exports::certificates(&certificates)));
    }
    Ok(Json(Certificates { certificates }).into_response())
}

/// A row's mistakes as a 422: the first is the one-line message, all are
/// listed against their fields.
fn row_errors(errors: Vec<RowError>) -> ApiError {
    ApiError::fields(errors.iter().map(RowError::field_error).collect())
}

#[tracing::instrument(skip_all)]
async fn add_certificate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<NewCertificate>,
) -> Result<(StatusCode, Json<CertificateAdded>), ApiError> {
    admin(&session, Action::ManageCertificates)?;
    let raw = RawCertificateRow {
        name: req.name,
        email: req.email,
        city: req.city,
        certificate_number: req.certificate_number,
        issue_date: req.issue_date,
        relation_number: req.relation_number,
    };
    let (row, owner) = import::check(&state.db, &raw, today(), &mut HashSet::new())
        .await?
        .map_err(row_errors)?;
    let kind = req.kind.unwrap_or(CertificateKind::Initial);
    let by = By {
        actor: session.actor.id,
        ip,
    };
    let mut tx = begin_write(&state.db).await?;
    let id = import::add_one(&mut tx, &row, &owner, kind, by).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(CertificateAdded {
            id,
            certificate_number: row.certificate_number,
            expiry_date: date_text(row.expiry_date),
        }),
    ))
}

#[derive(Deserialize, Default)]
struct ImportQuery {
    #[serde(default)]
    dry_run: Option<String>,
    #[serde(default)]
    kind: Option<String>,
}

/// axum's own rejections of a text body are plain text; answer in the
/// API's shape.
fn unreadable(rejection: StringRejection) -> ApiError {
    match rejection {
        StringRejection::InvalidUtf8(_) => ApiError::field(
            "file",
            "Het bestand is geen UTF-8-tekst. Sla het op als \"CSV UTF-8\" en probeer het opnieuw.",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Het bestand kon niet worden gelezen.",
        ),
    }
}

/// `POST /api/admin/certificates/import`, body the CSV text. Every row is
/// checked first; with any invalid row nothing is stored and the answer is
/// 422 with the report. `?dry_run=true` only checks.
#[tracing::instrument(skip_all)]
async fn import_certificates(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    query: Result<Query<ImportQuery>, QueryRejection>,
    body: Result<String, StringRejection>,
) -> Result<Response, ApiError> {
    admin(&session, Action::ManageCertificates)?;
    let body = body.map_err(unreadable)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let dry_run = matches!(query.dry_run.as_deref(), Some("1" | "true"));
    let kind = match query.kind.as_deref() {
        None | Some("") => CertificateKind::Initial,
        Some(k) => CertificateKind::parse(k)
            .ok_or_else(|| ApiError::field("kind", "Kies initial of recertification."))?,
    };
    let rows = csv_io::read_certificates(&body).map_err(|m| ApiError::field("file", m))?;
    if rows.is_empty() {
        return Err(ApiError::field(
            "file",
            "Het bestand bevat geen certificaten onder de kolomnamen.",
        ));
    }
    let (report, valid) = import::check_all(&state.db, &rows, today()).await?;
    let invalid_rows = rows.len() - valid.len();
    if invalid_rows > 0 {
        let refused = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_rows",
            format!(
                "{invalid_rows} van de {} regels zijn niet in orde; er is niets ingelezen. \
                 Verbeter de regels en lees het bestand opnieuw in.",
                rows.len()
            ),
        );
        let body = ImportRefused {
            error: refused.body().error,
            imported: 0,
            rows: report,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
    }
    if dry_run {
        return Ok(Json(ImportReport {
            imported: 0,
            dry_run: true,
            rows: report,
        })
        .into_response());
    }
    let by = By {
        actor: session.actor.id,
        ip,
    };
    let mut tx = begin_write(&state.db).await?;
    import::store_all(&mut tx, &valid, kind, by).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(ImportReport {
            imported: valid.len(),
            dry_run: false,
            rows: report,
        }),
    )
        .into_response())
}
