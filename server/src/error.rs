//! The one error model of the JSON API and the one place that turns it into
//! an answer: the HTTP status of each variant, the body
//! `{"error":{"code","message","fields"?}}` (`shared::api::error`), and the
//! log line of a server error. Storage and services return their own domain
//! errors; the `From` impls at the end map each of them here, so a status
//! is decided in this file only. Messages are Dutch because the UI shows
//! them to people as they are.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use shared::api::error::{one_line, ErrorBody, ErrorDetail};
use shared::FieldError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 422 `invalid_input`: what was sent is wrong. `fields` names each
    /// field with its own message (empty when the request as a whole is
    /// wrong); `message` is the one-line form.
    Invalid {
        message: String,
        fields: Vec<FieldError>,
    },
    /// 404: absent, or not to be known to exist by this person.
    NotFound,
    /// 403: signed in, but not allowed (the policy's answer).
    Forbidden,
    /// 500. `cause` is logged when the answer is made, never sent.
    Internal { cause: Option<String> },
    /// Every other answer: its status, a stable code and a Dutch message
    /// (409 conflicts, 401, 410 links, 413, …).
    Other {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        let message = message.into();
        match (status, code) {
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input") => ApiError::Invalid {
                message,
                fields: Vec::new(),
            },
            _ => ApiError::Other {
                status,
                code,
                message,
            },
        }
    }

    pub fn not_found() -> Self {
        ApiError::NotFound
    }

    pub fn forbidden() -> Self {
        ApiError::Forbidden
    }

    /// 422 about the request as a whole (no single field to point at).
    pub fn unprocessable(message: impl Into<String>) -> Self {
        ApiError::Invalid {
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// 422 about one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::fields(vec![FieldError::new(field, message)])
    }

    /// 422 about these fields; the one-line message is the first one's.
    pub fn fields(fields: Vec<FieldError>) -> Self {
        ApiError::Invalid {
            message: fields.first().map(one_line).unwrap_or_default(),
            fields,
        }
    }

    /// 422 about one field whose one-line message is `"field: message"`
    /// exactly as written (no first letter lowered), for answers whose
    /// text clients already know.
    pub fn field_as_written(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        ApiError::Invalid {
            message: format!("{field}: {message}"),
            fields: vec![FieldError::new(field, message)],
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn internal() -> Self {
        ApiError::Internal { cause: None }
    }

    /// A 500 whose cause goes to the log.
    pub fn internal_because(cause: impl std::fmt::Display) -> Self {
        ApiError::Internal {
            cause: Some(cause.to_string()),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Other { status, .. } => *status,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Invalid { .. } => "invalid_input",
            ApiError::NotFound => "not_found",
            ApiError::Forbidden => "forbidden",
            ApiError::Internal { .. } => "internal",
            ApiError::Other { code, .. } => code,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            ApiError::Invalid { message, .. } | ApiError::Other { message, .. } => message,
            ApiError::NotFound => "Deze bron bestaat niet of je hebt er geen toegang toe.",
            ApiError::Forbidden => "Je hebt geen toegang tot deze actie.",
            ApiError::Internal { .. } => {
                "Er ging iets mis op de server. Probeer het later opnieuw."
            }
        }
    }

    /// The wire body (`shared::api::error`).
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message: self.message().to_string(),
                fields: match self {
                    ApiError::Invalid { fields, .. } => fields.clone(),
                    _ => Vec::new(),
                },
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // The one log line of a failed request's cause.
        if let ApiError::Internal { cause: Some(cause) } = &self {
            tracing::error!(error = %cause, "internal error");
        }
        (self.status(), Json(self.body())).into_response()
    }
}

impl From<FieldError> for ApiError {
    fn from(err: FieldError) -> Self {
        ApiError::fields(vec![err])
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        ApiError::internal_because(format_args!("database: {err}"))
    }
}

impl From<crate::register::keys::KeyStoreError> for ApiError {
    fn from(err: crate::register::keys::KeyStoreError) -> Self {
        ApiError::internal_because(format_args!("register key: {err}"))
    }
}

/// JSON body extractor whose rejections use the API's error shape. serde's
/// messages name the offending field (e.g. `base_education.kind: unknown
/// variant`), which is what callers need to fix their request.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(err) => ApiError::unprocessable(format!(
            "Ongeldige invoer: {}",
            field_message(&err.body_text())
        )),
        JsonRejection::JsonSyntaxError(_) => ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            "De inhoud is geen geldige JSON.",
        ),
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Stuur de inhoud als JSON met Content-Type: application/json.",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
        other => ApiError::new(
            other.status(),
            "bad_request",
            "De aanvraag kon niet worden gelezen.",
        ),
    }
}

pub fn payload_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "De inhoud is te groot.",
    )
}

/// axum prefixes serde's message with its own English sentence; keep the part
/// that names the field.
fn field_message(text: &str) -> String {
    text.strip_prefix("Failed to deserialize the JSON body into the target type: ")
        .unwrap_or(text)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_as_written_keeps_its_text_and_names_its_field() {
        let err = ApiError::field_as_written("signer.email", "Vul een geldig e-mailadres in.");
        assert_eq!(err.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = err.body();
        assert_eq!(body.error.code, "invalid_input");
        assert_eq!(
            body.error.message,
            "signer.email: Vul een geldig e-mailadres in."
        );
        assert_eq!(
            body.error.fields,
            vec![FieldError::new(
                "signer.email",
                "Vul een geldig e-mailadres in."
            )]
        );
    }
}
