//! Typed calls for the assessment screens, over the app's JSON client.

use crate::auth::api::{send, ApiFailure};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::submissions::{SubmissionDetail, SubmissionResponse};

fn unreadable() -> ApiFailure {
    ApiFailure {
        status: 200,
        code: "unreadable".into(),
        message: "Het antwoord van de server was onleesbaar.".into(),
    }
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let json = send("GET", path, None).await?;
    serde_json::from_value(json).map_err(|_| unreadable())
}

pub async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiFailure> {
    let body = serde_json::to_value(body).map_err(|_| unreadable())?;
    let json = send("POST", path, Some(&body)).await?;
    serde_json::from_value(json).map_err(|_| unreadable())
}

/// One step on a submission; the submission as it now stands.
pub async fn step<B: Serialize>(
    id: &str,
    rest: &str,
    body: &B,
) -> Result<SubmissionDetail, ApiFailure> {
    let r: SubmissionResponse = post(&format!("/api/submissions/{id}{rest}"), body).await?;
    Ok(r.submission)
}

/// An empty JSON object, for steps without input.
#[derive(Serialize)]
pub struct Empty {}
