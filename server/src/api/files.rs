//! `PUT/GET /api/portfolios/{id}/files/{sha256}`: a portfolio's evidence
//! files by the SHA-256 of their bytes, and `GET /api/admin/files`: the
//! limits and whether uploads are scanned. Receiving, storing and cleaning
//! up is `crate::files`; the wire types are `shared::api::files`.

use crate::auth::Session;
use crate::error::ApiError;
use crate::files::{self, Received, Upload, UploadError};
use crate::policy::{self, Action, Resource};
use crate::portfolios;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use shared::api::files::{FileSettings, StoredFile};
use shared::evidence::Sha256Hex;
use shared::files::{
    download_name, human_size, MAX_FILE_BYTES, PORTFOLIO_BUDGET_BYTES, UNREFERENCED_GRACE_SECONDS,
};

/// Nested under `/portfolios`.
pub fn portfolio_router() -> Router<AppState> {
    Router::new().route(
        "/{id}/files/{sha256}",
        // The handler streams the body and counts its bytes itself
        // (`files::receive` stops at 20 MiB); the API's general 256 KiB
        // limit must not apply here, and this one keeps any extractor added
        // later at the same bound.
        get(download)
            .put(upload)
            .layer(DefaultBodyLimit::max(MAX_FILE_BYTES as usize)),
    )
}

/// Nested under `/admin`.
pub fn admin_router() -> Router<AppState> {
    Router::new().route("/files", get(settings))
}

/// Stores the raw body as the portfolio's file `sha256`: 201 new, 200
/// already there. 404 when the portfolio is not visible, 403 when visible
/// but not editable (the order of `api/sync.rs`).
async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path((id, sha256)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let portfolio = portfolios::visible(&state.db, &session.actor, &id).await?;
    policy::require(
        &session.actor,
        Action::EditPortfolio,
        &Resource::Portfolio(&portfolio.relations()),
    )?;
    let sha256 = Sha256Hex::parse(&sha256).map_err(|e| ApiError::unprocessable(e.to_string()))?;
    let declared_len = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let received = files::receive(
        &state.db,
        state.scanner.as_deref(),
        Upload {
            portfolio: &portfolio.id,
            sha256: &sha256,
            actor: session.actor.id,
            declared_len,
            now: crate::db::now(),
        },
        body.into_data_stream(),
    )
    .await
    .map_err(upload_error)?;
    let (status, meta) = match received {
        Received::Created(meta) => (StatusCode::CREATED, meta),
        Received::Existing(meta) => (StatusCode::OK, meta),
    };
    Ok((
        status,
        Json(StoredFile {
            sha256: meta.sha256,
            size: meta.size,
            file_type: meta.file_type,
            media_type: meta.file_type.media_type().to_string(),
        }),
    )
        .into_response())
}

pub(super) fn upload_error(err: UploadError) -> ApiError {
    match err {
        UploadError::HashMismatch { .. } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "hash_mismatch",
            "De inhoud komt niet overeen met de SHA-256 in het adres; het bestand is onderweg \
             veranderd. Probeer het opnieuw.",
        ),
        UploadError::UnsupportedType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
            "Dit soort bestand wordt niet aangenomen. Lever een PDF, een foto (JPEG, PNG, HEIC, \
             WebP) of een document (DOCX, ODT) aan.",
        ),
        UploadError::TooLarge => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
            format!(
                "Dit bestand is groter dan {}. Maak het kleiner (bijvoorbeeld door minder \
                 pagina's te scannen) en probeer het opnieuw.",
                human_size(MAX_FILE_BYTES)
            ),
        ),
        UploadError::OverBudget { used } => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "portfolio_budget_exceeded",
            format!(
                "Dit portfolio heeft al {} aan bestanden; samen mag dat {} zijn. Verwijder \
                 bewijsstukken die je niet meer nodig hebt.",
                human_size(used),
                human_size(PORTFOLIO_BUDGET_BYTES)
            ),
        ),
        UploadError::Infected(signature) => {
            tracing::warn!(%signature, "infected upload refused");
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "infected",
                "In dit bestand is een virus gevonden. Het is niet opgeslagen.",
            )
        }
        UploadError::ScanUnavailable(err) => {
            tracing::error!(error = %err, "virus scanner unavailable: upload refused");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "scan_unavailable",
                "Bestanden kunnen nu niet op virussen worden gecontroleerd. Het bestand blijft \
                 op je apparaat en wordt later opnieuw verstuurd.",
            )
        }
        UploadError::Body(reason) => {
            tracing::info!(%reason, "upload broke off");
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "upload_interrupted",
                "Het versturen is onderbroken. Het bestand wordt opnieuw verstuurd.",
            )
        }
        UploadError::Db(err) => err.into(),
    }
}

#[derive(Deserialize)]
struct DownloadQuery {
    /// `1`: show an image in the page (a thumbnail) instead of saving it.
    /// Ignored for everything that is not an image.
    #[serde(default)]
    inline: Option<String>,
}

/// The exact bytes to those who may see the portfolio. The type is the
/// sniffed one, the name the evidence row's; the headers keep a browser
/// from running or rendering anything in it (see SECURITY.md).
async fn download(
    State(state): State<AppState>,
    session: Session,
    Path((id, sha256)): Path<(String, String)>,
    Query(query): Query<DownloadQuery>,
) -> Result<Response, ApiError> {
    let portfolio = portfolios::visible(&state.db, &session.actor, &id).await?;
    let sha256 = Sha256Hex::parse(&sha256).map_err(|_| ApiError::not_found())?;
    let meta = files::store::find(&state.db, &portfolio.id, &sha256)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let rows = files::store::evidence_rows(&state.db, &portfolio.id, portfolio.kind).await?;
    let name = rows
        .iter()
        .find(|r| r.sha256 == sha256)
        .map_or("bewijsstuk", |r| r.name.as_str());
    let inline = query.inline.as_deref() == Some("1") && meta.file_type.shows_inline();
    let disposition = content_disposition(&download_name(name, meta.file_type), inline);
    let mut res = Body::from_stream(files::chunks(state.db.clone(), meta.blob_id)).into_response();
    let headers = res.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(meta.file_type.media_type()),
    );
    headers.insert(CONTENT_LENGTH, HeaderValue::from(meta.size));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'; frame-ancestors 'none'"),
    );
    // Private to the person who may see it: no shared cache keeps it, and
    // the browser does not keep it after the tab (own files are in
    // IndexedDB already).
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(res)
}

/// RFC 6266: an ASCII `filename` for old clients and the exact name as
/// UTF-8 in `filename*` (RFC 8187 percent-encoding).
pub fn content_disposition(name: &str, inline: bool) -> String {
    let kind = if inline { "inline" } else { "attachment" };
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

async fn settings(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<FileSettings>, ApiError> {
    // The table's guard decided already; asked again so the handler does
    // not depend on how it is mounted.
    policy::require(&session.actor, Action::ReadSystemStatus, &Resource::System)?;
    Ok(Json(FileSettings {
        scanning: state.scanner.is_some(),
        max_file_bytes: MAX_FILE_BYTES,
        portfolio_budget_bytes: PORTFOLIO_BUDGET_BYTES,
        unreferenced_grace_days: (UNREFERENCED_GRACE_SECONDS / 86_400) as u64,
    }))
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn names_are_given_twice_ascii_and_exact() {
        assert_eq!(
            content_disposition("diploma.pdf", false),
            "attachment; filename=\"diploma.pdf\"; filename*=UTF-8''diploma.pdf"
        );
        assert_eq!(
            content_disposition("Één \"verklaring\".pdf", true),
            "inline; filename=\"__n _verklaring_.pdf\"; \
             filename*=UTF-8''%C3%89%C3%A9n%20%22verklaring%22.pdf"
        );
    }
}
