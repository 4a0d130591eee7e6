//! Cross-site request forgery protection: a state-changing request must say
//! it comes from our own origin. Browsers always send `Origin` on such
//! requests, and a page elsewhere cannot forge it.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::ORIGIN;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The public rules API computes and stores nothing; other software calls it
/// without a browser's `Origin`, so it is not a forgery target.
const STATELESS_PREFIX: &str = "/api/rules/";

pub async fn check(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) || req.uri().path().starts_with(STATELESS_PREFIX);
    if !safe {
        let origin = req.headers().get(ORIGIN).and_then(|v| v.to_str().ok());
        if origin != Some(&*state.public_origin) {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "origin_mismatch",
                "Dit verzoek komt niet van deze website en is geweigerd.",
            )
            .into_response();
        }
    }
    next.run(req).await
}
