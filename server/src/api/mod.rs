//! The JSON API. Every answer, also every error, is JSON; see `error`.

mod account;
mod admin;
mod administration;
pub mod auth;
mod health;
mod portfolios;
mod rules;
mod sync;

use crate::error::{payload_too_large, ApiError};
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

/// Requests bigger than this are refused with 413 before they are read whole.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .nest("/auth", auth::router())
        .merge(account::router())
        .merge(administration::router())
        .nest("/admin", admin::router())
        .nest("/rules", rules::router())
        .nest("/portfolios", portfolios::router())
        .nest("/sync", sync::router())
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
}

/// Used where a body is read without the JSON extractor.
pub fn too_large() -> ApiError {
    payload_too_large()
}
