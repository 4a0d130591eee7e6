//! The verifiable register over HTTP (issue 15): one certificate as a
//! signed statement, and the public keys that verify it. Both public: an
//! employer checks a certificate without an account.

use crate::administration::today;
use crate::db::now;
use crate::error::ApiError;
use crate::register;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register/keys", get(keys))
        .route("/register/{certificate_number}", get(entry))
}

fn not_in_register() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_in_register",
        "Dit certificaatnummer staat niet in het register.",
    )
}

impl From<register::StatementError> for ApiError {
    fn from(err: register::StatementError) -> Self {
        match err {
            register::StatementError::Storage(e) => e.into(),
            register::StatementError::Key(e) => e.into(),
            // Logged once, where every internal error is (error.rs).
            register::StatementError::Sign(e) => {
                ApiError::internal_because(format_args!("register statement not signed: {e}"))
            }
        }
    }
}

/// `GET /api/register/{certificate_number}`: the entry as a signed
/// statement, valid or not (the statement says which, as of today).
async fn entry(
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    // Numbers are at most 40 characters (shared::administration).
    if number.chars().count() > 40 {
        return Err(not_in_register());
    }
    let signed = signed_entry(&state, &number)
        .await?
        .ok_or_else(not_in_register)?;
    Ok(([(CACHE_CONTROL, "no-cache")], Json(signed)))
}

/// `GET /api/register/keys`: the JWK Set (RFC 7517) of every key that
/// signed a statement still to be accepted. Verifiers may cache it briefly.
async fn keys(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let set = state.register_keys.published(&state.db).await?;
    Ok(([(CACHE_CONTROL, "public, max-age=300")], Json(set)))
}

/// The statement about `number` as of now, signed with this instance's key.
async fn signed_entry(
    state: &AppState,
    number: &str,
) -> Result<Option<shared::api::register::SignedRegisterEntry>, register::StatementError> {
    register::signed_entry(
        &state.db,
        &state.register_keys,
        &state.public_origin,
        number,
        today(),
        now(),
    )
    .await
}

/// The lookup `/register/:number` uses while rendering on the server: the
/// same statement the API answers.
pub fn page_lookup(state: AppState) -> app::dossier::register_entry::RegisterLookup {
    use app::dossier::register_entry::Lookup;
    app::dossier::register_entry::RegisterLookup(std::sync::Arc::new(move |number: String| {
        let state = state.clone();
        Box::pin(async move {
            if number.chars().count() > 40 {
                return Lookup::NotFound;
            }
            match signed_entry(&state, &number).await {
                Ok(Some(signed)) => Lookup::Found(Box::new(signed)),
                Ok(None) => Lookup::NotFound,
                Err(err) => {
                    tracing::error!(error = %err, "register page lookup failed");
                    Lookup::Failed(
                        "Het register is nu niet bereikbaar. Probeer het later opnieuw.".into(),
                    )
                }
            }
        })
    }))
}
