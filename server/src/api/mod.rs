//! The JSON API. Every answer, also every error, is JSON; see `error`.
//! Every route has a row in [`ROUTES`] (`table.rs`) saying who may use it.

mod account;
mod admin;
mod administration;
pub mod auth;
// Certificates as documents (dossier, issue 15).
mod certificates;
// Evidence files (issue 12).
mod comments;
mod declarations;
mod files;
mod health;
mod mentors;
mod portfolios;
// Dossier (issue 15).
mod me_data;
// PE statements of mentors and assessors (issue 14).
mod pe_statements;
pub(crate) mod register;
mod rules;
mod sync;
// Submission and assessment (assessment helper).
mod submissions;
pub mod table;

pub use table::{Access, RouteSpec, ROUTES};

use crate::error::{payload_too_large, ApiError};
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// Requests bigger than this are refused with 413 before they are read whole.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .nest("/auth", auth::router())
        .merge(account::router())
        .merge(administration::router())
        .merge(register::router())
        .merge(me_data::router())
        // One router for all of /api/admin (register, accounts, files).
        .nest(
            "/admin",
            administration::admin_router().merge(files::admin_router()),
        )
        .nest("/rules", rules::router())
        .nest(
            "/portfolios",
            portfolios::router().merge(files::portfolio_router()),
        )
        .nest("/sync", sync::router())
        // Signing requests ("Laten ondertekenen"): full paths under
        // /portfolios/{id}/declarations and the public /declarations/{token}.
        .merge(declarations::router())
        // Mentors and comments (issue 13).
        .merge(mentors::router())
        .merge(comments::router())
        .merge(submissions::router())
        .merge(certificates::router())
        .merge(pe_statements::router())
        // After every route, so it covers them all (a route layer runs only
        // for matched routes; the fallbacks below answer the rest).
        .route_layer(axum::middleware::from_fn_with_state(state, table::guard))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "Onbekend adres in de API.",
            )
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Deze methode is hier niet toegestaan.",
            )
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(axum::middleware::map_response(json_errors))
        // A bug that panics in a handler still answers in the API's shape
        // (and is logged) instead of dropping the connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    tracing::error!("a handler panicked");
    ApiError::internal().into_response()
}

/// A request path as it may be logged: `/api/declarations/<token>…` with
/// the signing token replaced by `…`.
pub fn declarations_log_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix("/api/declarations/") {
        Some(rest) => {
            let tail = rest.find('/').map_or("", |i| &rest[i..]);
            format!("/api/declarations/…{tail}").into()
        }
        None => path.into(),
    }
}

/// A finished PDF as a download: never cached (it is someone's dossier).
pub(crate) fn pdf_download(pdf: crate::dossier::pdf::Rendered) -> Response {
    use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION};
    (
        [
            (CONTENT_TYPE, "application/pdf".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", pdf.file_name),
            ),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        pdf.bytes,
    )
        .into_response()
}

/// Used where a body is read without the JSON extractor.
pub fn too_large() -> ApiError {
    payload_too_large()
}

/// The last line of the error contract: an error answer that is not JSON
/// (an axum rejection a handler did not map, such as a path that is not
/// valid UTF-8) is replaced by the API's error shape with the same status,
/// so clients never have to parse plain text.
async fn json_errors(res: Response) -> Response {
    let status = res.status();
    let is_json = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let mut replaced = match status {
        StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
            status,
            "unsupported_media_type",
            "Dit soort inhoud wordt hier niet aangenomen.",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => {
            ApiError::unprocessable("De inhoud kon niet worden verwerkt.")
        }
        s if s.is_server_error() => ApiError::internal(),
        _ => ApiError::new(
            status,
            "bad_request",
            "De aanvraag kon niet worden gelezen.",
        ),
    }
    .into_response();
    // Keep what the original said beyond its body (Retry-After, Allow, …).
    for (name, value) in res.headers() {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            replaced.headers_mut().insert(name, value.clone());
        }
    }
    *replaced.status_mut() = status;
    replaced
}
