//! The one error body of the JSON API, read by the app and written by the
//! server: `{"error":{"code","message","fields"?}}`.
//!
//! `fields` lists every field a validation error (422 `invalid_input`) is
//! about, each with its own Dutch message, so a form puts the message
//! beside the field without taking the text apart. `message` stays the
//! whole sentence (`"field: message"` for one field) for clients that only
//! show one line.

use crate::requirement::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ErrorDetail {
    /// The message meant for `field`, if the error names it.
    pub fn field(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.message.as_str())
    }
}

/// `"field: message"`, the one-line form of a field's error (the message's
/// first letter lowered, as it continues the sentence after the colon).
pub fn one_line(error: &FieldError) -> String {
    let mut chars = error.message.chars();
    let rest = match (chars.next(), chars.clone().next()) {
        // "EA-…", "IBAN": an abbreviation keeps its capitals.
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => error.message.clone(),
    };
    format!("{}: {rest}", error.field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_left_out_when_there_are_none() {
        let body = ErrorBody {
            error: ErrorDetail {
                code: "not_found".into(),
                message: "Weg.".into(),
                fields: Vec::new(),
            },
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"error":{"code":"not_found","message":"Weg."}}"#
        );
        let read: ErrorBody =
            serde_json::from_str(r#"{"error":{"code":"x","message":"y"}}"#).unwrap();
        assert!(read.error.fields.is_empty());
    }

    #[test]
    fn one_line_continues_the_sentence() {
        assert_eq!(
            one_line(&FieldError::new("email", "Vul een geldig e-mailadres in.")),
            "email: vul een geldig e-mailadres in."
        );
        assert_eq!(
            one_line(&FieldError::new(
                "membership_number",
                "EA- is voor aansluiters."
            )),
            "membership_number: EA- is voor aansluiters."
        );
    }
}
