//! Signing requests ("Laten ondertekenen"): the bodies of
//! `/api/portfolios/{id}/declarations…` (the candidate and the portfolio's
//! viewers) and `/api/declarations/{token}…` (the signer, no account).
//!
//! A slot travels in the path as [`slot_path`]: the question key, or the
//! list key and the row id joined by `:` (`recertification.b.q1:<uuid>`).

use serde::{Deserialize, Serialize};

use crate::declarations::status::SigningRequest;
use crate::declarations::{DeclarationFields, DeclarationFormat, DeclarationStatus};
use crate::evidence::Slot;

/// A slot as one path segment.
pub fn slot_path(slot: &Slot) -> String {
    match &slot.row {
        Some(row) => format!("{}:{row}", slot.key),
        None => slot.key.clone(),
    }
}

/// The inverse of [`slot_path`]; `None` for an empty key or row.
pub fn parse_slot_path(segment: &str) -> Option<Slot> {
    match segment.split_once(':') {
        Some((key, row)) if !key.is_empty() && !row.is_empty() && !row.contains(':') => {
            Some(Slot::row(key, row))
        }
        Some(_) => None,
        None if !segment.is_empty() => Some(Slot::question(segment)),
        None => None,
    }
}

/// Who is asked to sign.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub name: String,
    /// Their role towards the candidate ("leidinggevende", "begeleider
    /// intervisie", "Coördinator Certificeren", …).
    pub role: String,
    pub email: String,
}

/// `POST /api/portfolios/{id}/declarations/{slot}/requests`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CreateSigningRequest {
    pub format: DeclarationFormat,
    /// The filled-in fields, as the editor shows them.
    pub fields: DeclarationFields,
    pub signer: Signer,
}

/// How the link reaches the signer.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LinkDelivery {
    /// Mailed to the signer.
    Email,
    /// No SMTP: the candidate passes the link on (`link` is set).
    Manual,
}

/// 201 answer to a new request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct CreatedSigningRequest {
    pub request: SigningRequest,
    pub delivery: LinkDelivery,
    /// The signing link, only when it was not mailed.
    #[serde(default)]
    pub link: Option<String>,
}

/// One slot's declaration: its status as the server's copy of the fields
/// gives it, and every request made for it (oldest first).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SlotDeclaration {
    pub slot: Slot,
    pub status: DeclarationStatus,
    /// Dutch line for the status.
    pub status_text: String,
    pub requests: Vec<SigningRequest>,
}

/// `GET /api/portfolios/{id}/declarations`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct DeclarationList {
    pub declarations: Vec<SlotDeclaration>,
}

/// `GET /api/declarations/{token}`: what the signer sees, and nothing more
/// of the portfolio.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PublicDeclaration {
    pub candidate_name: String,
    pub title: String,
    /// The exact text that is signed.
    pub text: String,
    pub text_sha256: String,
    /// UTC unix seconds; the link stops working then.
    pub expires_at: i64,
}

/// `POST /api/declarations/{token}/sign`: the signer types their name.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SignDeclaration {
    pub name: String,
}

/// `POST /api/declarations/{token}/decline`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DeclineDeclaration {
    pub reason: String,
}

/// The answer to signing or declining.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct SigningDone {
    /// Dutch confirmation.
    pub message: String,
    pub text_sha256: String,
    /// UTC unix seconds.
    pub at: i64,
}

/// Longest name, role and reason accepted (characters).
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_REASON_CHARS: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_round_trip_through_a_path_segment() {
        for slot in [
            Slot::question("initial.b1.q2"),
            Slot::row(
                "recertification.b.q1",
                "6f1c0c4e-8f7a-4d0e-9a55-1c2b3d4e5f60",
            ),
        ] {
            assert_eq!(parse_slot_path(&slot_path(&slot)), Some(slot));
        }
        assert_eq!(parse_slot_path(""), None);
        assert_eq!(parse_slot_path("a:"), None);
        assert_eq!(parse_slot_path(":b"), None);
        assert_eq!(parse_slot_path("a:b:c"), None);
    }
}
