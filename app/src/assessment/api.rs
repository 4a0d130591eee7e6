//! Typed calls for the assessment screens, over the app's one client
//! (`crate::api_client`).

pub use crate::api_client::{get_as as get, post_as as post, ApiFailure, Empty};
use serde::Serialize;
use shared::api::submissions::{SubmissionDetail, SubmissionResponse};

/// One step on a submission; the submission as it now stands.
pub async fn step<B: Serialize>(
    id: &str,
    rest: &str,
    body: &B,
) -> Result<SubmissionDetail, ApiFailure> {
    let r: SubmissionResponse = post(&format!("/api/submissions/{id}{rest}"), body).await?;
    Ok(r.submission)
}
