//! The few HTTP calls the editor makes, over the app's one transport
//! (`api_client::exchange`). Errors are
//! sorted into what the sync loop reacts to differently: no connection
//! (wait for `online`), not signed in (pause, keep the outbox), refused
//! (show the server's Dutch message) and anything else (retry with backoff).

// The server build renders placeholders only; the browser half uses the rest.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

#[cfg(feature = "hydrate")]
use serde::{de::DeserializeOwned, Serialize};
use shared::api::error::{ErrorBody, ErrorDetail};

#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// The request never got an answer.
    Offline,
    /// 401: the session expired or the person signed out elsewhere.
    SignedOut,
    /// `409 account_mismatch`: the session is another account's than the
    /// one these drafts belong to (someone else signed in on this device).
    AccountMismatch,
    /// `409 mutation_mismatch`: the server holds other content under an id
    /// of the batch.
    MutationMismatch,
    /// Any other non-2xx answer, with the server's Dutch message when it
    /// sent one.
    Status { status: u16, message: String },
}

impl FetchError {
    pub fn message(&self) -> String {
        match self {
            FetchError::Offline => "Geen verbinding met de server.".into(),
            FetchError::SignedOut => "Je bent niet (meer) ingelogd.".into(),
            FetchError::AccountMismatch => {
                "Op dit apparaat is iemand anders ingelogd dan degene van wie deze concepten zijn."
                    .into()
            }
            FetchError::MutationMismatch => {
                "De server kende een wijziging van dit apparaat al met een andere inhoud.".into()
            }
            FetchError::Status { message, .. } if !message.is_empty() => message.clone(),
            FetchError::Status { status, .. } => format!("De server antwoordde met fout {status}."),
        }
    }
}

/// Sorts a non-2xx answer.
pub fn classify(status: u16, body: &str) -> FetchError {
    match (status, error_code(body).as_str()) {
        (401, _) => FetchError::SignedOut,
        (409, "account_mismatch") => FetchError::AccountMismatch,
        (409, "mutation_mismatch") => FetchError::MutationMismatch,
        _ => FetchError::Status {
            status,
            message: error_message(body),
        },
    }
}

/// The API's error body; `None` for an answer that is not one (a proxy's
/// HTML page), whose code and message then read as empty.
fn error_detail(body: &str) -> Option<ErrorDetail> {
    serde_json::from_str::<ErrorBody>(body)
        .ok()
        .map(|b| b.error)
}

/// The code in the API's error body `{"error": {"code": ...}}`.
pub fn error_code(body: &str) -> String {
    error_detail(body).map(|e| e.code).unwrap_or_default()
}

/// The message in the API's error body `{"error": {"message": ...}}`.
pub fn error_message(body: &str) -> String {
    error_detail(body).map(|e| e.message).unwrap_or_default()
}

#[cfg(feature = "hydrate")]
pub async fn call<B: Serialize, R: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
) -> Result<(u16, R), FetchError> {
    let (status, text) = raw(
        method,
        path,
        body.map(serde_json::to_string).transpose().ok().flatten(),
    )
    .await?;
    match status {
        200..=299 => serde_json::from_str(&text)
            .map(|r| (status, r))
            .map_err(|_| FetchError::Status {
                status,
                message: "Het antwoord van de server was onleesbaar.".into(),
            }),
        _ => Err(classify(status, &text)),
    }
}

/// Sends an already serialized body (the sync loop measures it first),
/// over the app's one transport (`api_client::exchange`).
#[cfg(feature = "hydrate")]
pub async fn raw(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<(u16, String), FetchError> {
    crate::api_client::exchange(method, path, body.map(|b| ("application/json", b)))
        .await
        .map_err(|_| FetchError::Offline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_api_error_message() {
        assert_eq!(
            error_message(r#"{"error":{"code":"x","message":"Te groot."}}"#),
            "Te groot."
        );
        assert_eq!(error_message("<html>"), "");
    }

    #[test]
    fn sorts_the_conflicts_sync_reacts_to() {
        let body = |code: &str| format!(r#"{{"error":{{"code":"{code}","message":"m"}}}}"#);
        assert_eq!(
            classify(409, &body("account_mismatch")),
            FetchError::AccountMismatch
        );
        assert_eq!(
            classify(409, &body("mutation_mismatch")),
            FetchError::MutationMismatch
        );
        assert_eq!(classify(401, ""), FetchError::SignedOut);
        assert_eq!(
            classify(409, &body("conflict")),
            FetchError::Status {
                status: 409,
                message: "m".into()
            }
        );
    }
}
