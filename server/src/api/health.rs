use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use shared::api::auth::Health;

/// Liveness and readiness in one: answers only when the database answers.
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.db.ping().await?;
    Ok(Json(Health {
        status: "ok".into(),
        database: state.db.kind.name().into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
