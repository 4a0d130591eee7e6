//! The public rules API: the shared rule code behind a stable JSON contract
//! that other software calls. No login; nothing is stored.

use crate::error::{ApiError, ApiJson};
use crate::state::AppState;
use axum::http::header::CACHE_CONTROL;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use shared::api::rules::{Frameworks, PeCatalogue};
use shared::framework::{INITIAL, RECERTIFICATION};
use shared::rules::pe_points::{evaluate_pe, PeRequest, PE_CATALOGUE, PE_CATEGORIES};
use shared::rules::privacy::{self, PrivacyCheckRequest, PrivacyCheckResponse};
use shared::rules::recertification::{recertification_rules, RecertificationRequest};
use shared::rules::route::{evaluate_route, RouteRequest};
use shared::FieldError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/route", post(route))
        .route("/pe-points", post(pe_points))
        .route("/recertification", post(recertification))
        .route("/privacy-check", post(privacy_check))
        .route("/frameworks", get(frameworks))
        .route("/pe-catalogue", get(pe_catalogue))
}

async fn route(ApiJson(req): ApiJson<RouteRequest>) -> impl IntoResponse {
    Json(evaluate_route(&req))
}

async fn pe_points(ApiJson(req): ApiJson<PeRequest>) -> Result<impl IntoResponse, ApiError> {
    evaluate_pe(&req).map(Json).map_err(field_error)
}

async fn recertification(ApiJson(req): ApiJson<RecertificationRequest>) -> impl IntoResponse {
    Json(recertification_rules(req.certificate_end_date))
}

/// Nothing is logged or kept: the text is about real clients.
async fn privacy_check(
    ApiJson(req): ApiJson<PrivacyCheckRequest>,
) -> Result<Json<PrivacyCheckResponse>, ApiError> {
    // The check only ever refuses as too large (413) or invalid (422).
    privacy::validate_request(&req).map_err(|rejection| {
        if rejection.http_status() == StatusCode::PAYLOAD_TOO_LARGE.as_u16() {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                rejection.message,
            )
        } else {
            ApiError::unprocessable(rejection.message)
        }
    })?;
    Ok(Json(privacy::check(&req)))
}

/// Framework data only changes with a deployment.
const CACHE_AN_HOUR: (axum::http::HeaderName, &str) = (CACHE_CONTROL, "public, max-age=3600");

async fn frameworks() -> impl IntoResponse {
    (
        [CACHE_AN_HOUR],
        Json(Frameworks {
            frameworks: [&INITIAL, &RECERTIFICATION],
        }),
    )
}

async fn pe_catalogue() -> impl IntoResponse {
    (
        [CACHE_AN_HOUR],
        Json(PeCatalogue {
            categories: &PE_CATEGORIES,
            kinds: &PE_CATALOGUE,
        }),
    )
}

fn field_error(err: FieldError) -> ApiError {
    // The rules' messages are whole sentences naming the field already;
    // the one-line message keeps them as they are.
    ApiError::Invalid {
        message: err.to_string(),
        fields: vec![err],
    }
}
