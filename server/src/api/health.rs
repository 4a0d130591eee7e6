use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

/// Liveness and readiness in one: answers only when the database answers.
pub async fn health(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.db.ping().await?;
    Ok(Json(json!({
        "status": "ok",
        "database": state.db.kind.name(),
        "version": env!("CARGO_PKG_VERSION"),
    })))
}
