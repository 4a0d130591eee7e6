//! The shape every rule answers in: a verdict per section with a Dutch
//! explanation, never a bare bool, so the UI can show *why*.

use serde::{Deserialize, Serialize};

/// Outcome of one requirement.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    /// The framework waives the requirement for this candidate or year.
    Exempt,
    /// The data is plausible but only an assessor can decide.
    NeedsReview,
}

/// A verdict on one section of a framework.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Requirement {
    /// Section code as in the framework, e.g. `"B1"`, `"A3.1"`.
    pub section: String,
    pub status: Status,
    /// Dutch explanation shown to the candidate.
    pub message: String,
    /// Dutch remarks that do not change the status but need attention.
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl Requirement {
    pub fn new(section: &str, status: Status, message: impl Into<String>) -> Self {
        Requirement {
            section: section.to_owned(),
            status,
            message: message.into(),
            warnings: Vec::new(),
        }
    }

    pub fn with_warnings(mut self, warnings: Vec<String>) -> Self {
        self.warnings = warnings;
        self
    }
}

/// Invalid input, reported against the JSON path of the offending field so
/// a form can put the message next to it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// JSON path, e.g. `"activities[0].category"`.
    pub field: String,
    /// Dutch message that names the field.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Re-roots an error found in a nested value, e.g. `category` inside
    /// `activities[3]`.
    pub fn within(self, parent: &str) -> Self {
        FieldError {
            field: format!("{parent}.{}", self.field),
            message: self.message,
        }
    }
}

impl core::fmt::Display for FieldError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}
