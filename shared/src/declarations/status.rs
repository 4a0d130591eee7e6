//! The state of a declaration's signature, decided from the stored
//! requests and the fields as they are now. Pure: `now` is passed in.

use serde::{Deserialize, Serialize};

use super::format::{canonical_text, sha256_hex, DeclarationFields, DeclarationFormat};
use crate::evidence::{has_file, EvidenceFile, Slot};
use crate::rules::dutch_date;

/// How long a signing link works: "30 dagen".
pub const LINK_LIFETIME_SECS: i64 = 30 * 24 * 60 * 60;

/// What the server stores about one request. `Replaced` is a request
/// superseded by a newer one for the same slot: its link no longer works.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Sent,
    Signed,
    Declined,
    Replaced,
}

impl RequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Sent => "sent",
            RequestState::Signed => "signed",
            RequestState::Declined => "declined",
            RequestState::Replaced => "replaced",
        }
    }

    pub fn parse(s: &str) -> Option<RequestState> {
        [
            RequestState::Sent,
            RequestState::Signed,
            RequestState::Declined,
            RequestState::Replaced,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// One signing request as its candidate and the portfolio's viewers see
/// it (never the token).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SigningRequest {
    pub id: String,
    pub slot: Slot,
    pub format: DeclarationFormat,
    /// The candidate's name as it stood in the text that was sent.
    pub candidate_name: String,
    /// The fields as sent, so the text can be shown again.
    pub fields: DeclarationFields,
    pub signer_name: String,
    pub signer_role: String,
    pub signer_email: String,
    pub state: RequestState,
    /// UTC unix seconds.
    pub created_at: i64,
    pub expires_at: i64,
    /// SHA-256 of the exact text sent (and, once signed, signed).
    pub text_sha256: String,
    /// The name the signer typed.
    #[serde(default)]
    pub signed_name: Option<String>,
    #[serde(default)]
    pub signed_at: Option<i64>,
    #[serde(default)]
    pub declined_at: Option<i64>,
    #[serde(default)]
    pub decline_reason: Option<String>,
}

impl SigningRequest {
    /// Whether this request's text is the text the fields give now.
    pub fn matches(&self, current: &DeclarationFields) -> bool {
        sha256_hex(&canonical_text(self.format, &self.candidate_name, current)) == self.text_sha256
    }

    fn valid_signature(&self, current: &DeclarationFields) -> bool {
        self.state == RequestState::Signed && self.matches(current)
    }
}

/// A slot's declaration as shown in the portfolio.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DeclarationStatus {
    /// Nothing sent yet (or only replaced requests).
    Concept,
    /// Waiting for the signer. `outdated`: the fields were changed since,
    /// so signing this text would not count.
    Sent {
        signer_name: String,
        expires_at: i64,
        outdated: bool,
    },
    /// The link ran out unused.
    Expired {
        signer_name: String,
    },
    Signed {
        signed_name: String,
        signed_at: i64,
    },
    Declined {
        signer_name: String,
        reason: String,
    },
    /// Signed, but a field changed afterwards: "vervallen door wijziging".
    Voided {
        signed_name: String,
        signed_at: i64,
    },
}

fn day(secs: i64) -> String {
    // Days are UTC days: the server stores UTC and the frameworks only ask
    // for a date.
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| dutch_date(t.date_naive()))
        .unwrap_or_default()
}

impl DeclarationStatus {
    /// Dutch status line.
    pub fn text(&self) -> String {
        match self {
            DeclarationStatus::Concept => "Concept: nog niet verstuurd.".to_owned(),
            DeclarationStatus::Sent {
                signer_name,
                expires_at,
                outdated: false,
            } => format!(
                "Verstuurd naar {signer_name}; de link werkt tot {}.",
                day(*expires_at)
            ),
            DeclarationStatus::Sent {
                signer_name,
                outdated: true,
                ..
            } => format!(
                "Verstuurd naar {signer_name}, maar je hebt de verklaring daarna gewijzigd: laat \
                 de nieuwe tekst opnieuw ondertekenen."
            ),
            DeclarationStatus::Expired { signer_name } => format!(
                "Verlopen: {signer_name} heeft niet binnen 30 dagen ondertekend. Vraag opnieuw \
                 een handtekening."
            ),
            DeclarationStatus::Signed {
                signed_name,
                signed_at,
            } => format!("Ondertekend door {signed_name} op {}.", day(*signed_at)),
            DeclarationStatus::Declined {
                signer_name,
                reason,
            } => format!("Geweigerd door {signer_name}: {reason}"),
            DeclarationStatus::Voided {
                signed_name,
                signed_at,
            } => format!(
                "Vervallen door wijziging: ondertekend door {signed_name} op {}, maar de \
                 verklaring is daarna gewijzigd. Vraag een nieuwe handtekening.",
                day(*signed_at)
            ),
        }
    }

    /// Whether this status proves the slot.
    pub fn counts(&self) -> bool {
        matches!(self, DeclarationStatus::Signed { .. })
    }
}

fn of_slot<'a>(slot: &'a Slot, requests: &'a [SigningRequest]) -> Vec<&'a SigningRequest> {
    let mut mine: Vec<&SigningRequest> = requests.iter().filter(|r| &r.slot == slot).collect();
    mine.sort_by(|a, b| {
        a.created_at
            .cmp(&b.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    mine
}

/// The status of `slot`'s declaration: a signature over the current text
/// wins; otherwise the newest request says where things stand.
pub fn status_of(
    slot: &Slot,
    requests: &[SigningRequest],
    current: &DeclarationFields,
    now: i64,
) -> DeclarationStatus {
    let mine = of_slot(slot, requests);
    if let Some(signed) = mine.iter().rev().find(|r| r.valid_signature(current)) {
        return DeclarationStatus::Signed {
            signed_name: signed.signed_name.clone().unwrap_or_default(),
            signed_at: signed.signed_at.unwrap_or_default(),
        };
    }
    let Some(latest) = mine
        .iter()
        .rev()
        .find(|r| r.state != RequestState::Replaced)
    else {
        return DeclarationStatus::Concept;
    };
    match latest.state {
        RequestState::Sent if now >= latest.expires_at => DeclarationStatus::Expired {
            signer_name: latest.signer_name.clone(),
        },
        RequestState::Sent => DeclarationStatus::Sent {
            signer_name: latest.signer_name.clone(),
            expires_at: latest.expires_at,
            outdated: !latest.matches(current),
        },
        RequestState::Signed => DeclarationStatus::Voided {
            signed_name: latest.signed_name.clone().unwrap_or_default(),
            signed_at: latest.signed_at.unwrap_or_default(),
        },
        RequestState::Declined => DeclarationStatus::Declined {
            signer_name: latest.signer_name.clone(),
            reason: latest.decline_reason.clone().unwrap_or_default(),
        },
        RequestState::Replaced => DeclarationStatus::Concept,
    }
}

/// Whether the slot is proven: a file on it (a signed scan, a certificate)
/// or a signature over the text its fields give now. `format` is the
/// slot's format (`None`: only a file proves it).
pub fn satisfied(
    slot: &Slot,
    format: Option<DeclarationFormat>,
    files: &[EvidenceFile],
    requests: &[SigningRequest],
    current: &DeclarationFields,
) -> bool {
    has_file(files, slot)
        || (format.is_some()
            && of_slot(slot, requests)
                .iter()
                .any(|r| Some(r.format) == format && r.valid_signature(current)))
}
