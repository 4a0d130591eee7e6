//! Submitting a portfolio: the server evaluates the shared checklist again
//! over its own copy of the content, freezes that content as the
//! submission's snapshot with its manifest, and starts the assessment.

use crate::administration::{begin_write, today};
use crate::audit::{self, Entry, Event};
use crate::db::now;
use crate::error::ApiError;
use crate::policy::{self, Action, Actor, Resource};
use crate::portfolios::{self, sync_store};
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use shared::api::submissions::{IncompleteBody, IncompleteError};
use shared::assessment::{
    manifest, readiness, recertification_lateness, sha256_hex, Assessment, ManifestHeader, Missing,
    Snapshot, SubmissionKind,
};
use shared::checklist::certificate_end_date;
use shared::sync::PortfolioId;
use std::net::IpAddr;
use uuid::Uuid;

use super::relations::uploaded_files;
use super::store::{self, Submission};

/// Why a submit was refused: the API's errors, and 422 `incomplete` with
/// what is missing.
pub enum SubmitError {
    Api(ApiError),
    Incomplete(Vec<Missing>),
}

impl From<ApiError> for SubmitError {
    fn from(e: ApiError) -> Self {
        SubmitError::Api(e)
    }
}

impl From<sqlx::Error> for SubmitError {
    fn from(e: sqlx::Error) -> Self {
        SubmitError::Api(e.into())
    }
}

impl From<store::StoreError> for SubmitError {
    fn from(e: store::StoreError) -> Self {
        SubmitError::Api(e.into())
    }
}

impl IntoResponse for SubmitError {
    fn into_response(self) -> Response {
        match self {
            SubmitError::Api(e) => e.into_response(),
            SubmitError::Incomplete(missing) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(IncompleteError {
                    error: IncompleteBody {
                        code: "incomplete".into(),
                        message: format!(
                            "Het portfolio is nog niet compleet: {} {} ontbreken.",
                            missing.len(),
                            if missing.len() == 1 { "punt" } else { "punten" }
                        ),
                        missing,
                    },
                }),
            )
                .into_response(),
        }
    }
}

fn conflict(code: &'static str, message: &str) -> SubmitError {
    SubmitError::Api(ApiError::new(StatusCode::CONFLICT, code, message))
}

pub async fn submit(
    state: &AppState,
    actor: &Actor,
    ip: Option<IpAddr>,
    portfolio_id: &str,
    declaration: bool,
) -> Result<Submission, SubmitError> {
    let portfolio = portfolios::visible(&state.db, actor, portfolio_id).await?;
    policy::require(
        actor,
        Action::SubmitPortfolio,
        &Resource::Portfolio(&portfolio.relations()),
    )?;
    if !declaration {
        return Err(SubmitError::Api(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "declaration_required",
            "Bevestig de slotverklaring om je portfolio in te dienen.",
        )));
    }
    let fields = sync_store::fields(&state.db, &portfolio.id).await?;
    let conflicts = fields.iter().map(|(_, s)| s.conflicts.len()).sum();
    let snapshot = Snapshot::from_fields(fields.iter().map(|(t, s)| (t, &s.value)));
    let uploaded = uploaded_files(&state.db, &portfolio.id).await?;
    let day = today();
    let ready = readiness(portfolio.kind, &snapshot, conflicts, day, |sha| {
        uploaded.contains(sha.as_str())
    });
    let route = match ready.route {
        Some(route) if ready.missing.is_empty() => route,
        _ => return Err(SubmitError::Incomplete(ready.missing)),
    };
    let late = match route {
        SubmissionKind::Recertification => {
            let pid = PortfolioId("snapshot".into());
            certificate_end_date(&snapshot.replica(&pid), &pid)
                .and_then(|end| recertification_lateness(end, day))
        }
        _ => None,
    };
    let mut tx = begin_write(&state.db).await?;
    // The portfolio row's lock serialises submits of one portfolio, so two
    // at once cannot both pass the check below.
    sqlx::query("UPDATE portfolios SET status = status WHERE id = $1")
        .bind(&portfolio.id)
        .execute(&mut *tx)
        .await?;
    let earlier = store::of_portfolio(&mut tx, &portfolio.id).await?;
    if earlier.iter().any(|s| s.state.is_active()) {
        return Err(conflict(
            "submission_in_progress",
            "Een eerdere indiening van dit portfolio wordt nog beoordeeld.",
        ));
    }
    if earlier
        .iter()
        .any(|s| s.state.final_outcome() == Some(shared::assessment::Outcome::Positief))
    {
        return Err(conflict(
            "already_certified",
            "Dit portfolio heeft al geleid tot een certificaat.",
        ));
    }
    let version = u32::try_from(earlier.len() + 1).unwrap_or(u32::MAX);
    let header = ManifestHeader {
        portfolio_id: portfolio.id.clone(),
        version,
        portfolio_kind: portfolio.kind,
        framework_version: portfolio.framework_version.clone(),
        route,
    };
    let text = manifest(&header, &snapshot);
    let at = now();
    let submission = Submission {
        id: Uuid::new_v4().to_string(),
        portfolio_id: portfolio.id.clone(),
        candidate: actor.id,
        version,
        kind: route,
        manifest_sha256: sha256_hex(text.as_bytes()),
        manifest: text,
        snapshot,
        state: Assessment::new(route, &actor.id.to_string()),
        late,
        submitted_at: at,
        updated_at: at,
        certificate_id: None,
    };
    store::insert(&mut tx, &submission).await?;
    audit::record(
        &mut *tx,
        Entry::new(Event::SubmissionMade)
            .actor(actor.id)
            .subject(&submission.id)
            .ip(ip)
            .details(json!({
                "portfolio": portfolio.id,
                "version": version,
                "route": route,
                "manifest_sha256": submission.manifest_sha256,
                "late": submission.late.as_ref().map(|l| l.deadline),
            })),
    )
    .await?;
    tx.commit().await?;
    super::notify::submitted(state, &submission).await;
    Ok(submission)
}
