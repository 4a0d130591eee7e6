//! `/api/certificates/{certificate_number}/pdf` (issue 15): a certificate
//! as a PDF with a QR code to its public register page, for its holder,
//! admins and certifiers; 404 for everyone else.

use crate::auth::Session;
use crate::dossier;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/certificates/{certificate_number}/pdf", get(pdf))
}

#[tracing::instrument(skip(state, session))]
async fn pdf(
    State(state): State<AppState>,
    session: Session,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let certificate = dossier::pdf::visible_certificate(
        &state.db,
        &session.actor,
        session.verified_email(),
        &number,
    )
    .await?;
    let rendered = dossier::pdf::certificate(&state.public_origin, certificate).await?;
    Ok(super::pdf_download(rendered))
}
