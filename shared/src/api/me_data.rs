//! "Mijn gegevens" (AVG, issue 15): everything the product holds about the
//! signed-in person as one ZIP (`GET /api/me/export`, its `data.json` is
//! [`ExportData`], documented in `docs/export-schema.md`), erasure of the
//! account confirmed with a passkey (`/api/me/erasure…`), and the privacy
//! statement they accepted (`/api/me/privacy…`).

use serde::{Deserialize, Serialize};

use crate::portfolio::PortfolioDetail;

/// `format` of `data.json`; a change that is not an addition gets a new
/// number.
pub const EXPORT_FORMAT: &str = "rj-portfolio-export/1";

/// `data.json` in the export ZIP.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportData {
    /// [`EXPORT_FORMAT`].
    pub format: String,
    /// UTC unix seconds.
    pub exported_at: i64,
    pub account: ExportAccount,
    /// `candidate`, `mentor`, `assessor`, `admin`, …
    pub roles: Vec<String>,
    pub privacy_acceptances: Vec<PrivacyAcceptance>,
    /// What is known of each passkey; never the key material.
    pub passkeys: Vec<ExportPasskey>,
    /// Sessions still open; never the cookie or its hash.
    pub sessions: Vec<ExportSession>,
    /// Every portfolio the person owns, whole (as `GET /api/portfolios/{id}`).
    pub portfolios: Vec<PortfolioDetail>,
    /// Membership or affiliation, invoices and certificates matched to the
    /// account (by link, or by its verified e-mail address).
    pub registration: ExportRegistration,
    /// Audit entries the person did or that are about them.
    pub audit: Vec<ExportAuditEntry>,
    /// Files in the ZIP's `files/` folder, one row each.
    pub files: Vec<ExportFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportAccount {
    pub id: String,
    pub name: String,
    pub email: String,
    pub email_verified: bool,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyAcceptance {
    pub version: String,
    pub accepted_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPasskey {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSession {
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    /// The address the session was started from.
    pub ip: Option<String>,
}

/// The administration's records, in the shapes the administration API
/// answers (`GET /api/me/registration`).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct ExportRegistration {
    pub member: Option<serde_json::Value>,
    pub affiliate: Option<serde_json::Value>,
    pub invoices: Vec<serde_json::Value>,
    pub certificates: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportAuditEntry {
    pub at: i64,
    pub event: String,
    /// Whether the person did it (else it was about them).
    pub by_me: bool,
    pub ip: Option<String>,
    pub details: serde_json::Value,
}

/// One file under `files/` in the ZIP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportFile {
    /// Path inside the ZIP: `files/<portfolio id>/<sha256>-<name>`.
    pub path: String,
    pub portfolio_id: String,
    pub sha256: String,
    pub name: String,
    pub size: u64,
}

/// Something erasure removes, with how many there are now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasedItem {
    pub what: String,
    pub count: i64,
}

/// Something erasure keeps, why, and for how long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptItem {
    pub what: String,
    pub why: String,
    pub until: String,
    pub count: i64,
}

/// `GET /api/me/erasure`: what "Account verwijderen" would remove and keep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasurePreview {
    pub removed: Vec<ErasedItem>,
    pub kept: Vec<KeptItem>,
}

/// `POST /api/me/erasure/start`: WebAuthn request options (webauthn's
/// JSON, for `navigator.credentials.get`) for one of the person's own
/// passkeys, and the id to send back with the answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErasureChallenge {
    pub challenge_id: String,
    pub options: serde_json::Value,
}

/// `POST /api/me/erasure/finish`: the passkey's answer to the challenge of
/// `POST /api/me/erasure/start` (which answers WebAuthn request options,
/// `{challenge_id, options}`). `credential` is WebAuthn's JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasureFinish {
    pub challenge_id: String,
    pub credential: serde_json::Value,
}

/// The answer after erasure: the account is gone, the cookie cleared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureDone {
    pub erased: bool,
    pub kept: Vec<KeptItem>,
}

/// What stays after erasure, and why; the page shows these, the erasure
/// keeps exactly these (tested), and `count` is filled in per person.
pub fn kept_after_erasure() -> Vec<KeptItem> {
    let item = |what: &str, why: &str, until: &str| KeptItem {
        what: what.into(),
        why: why.into(),
        until: until.into(),
        count: 0,
    };
    vec![
        item(
            "Facturen (met naam en adres zoals op de factuur)",
            "Fiscale bewaarplicht: de administratie bewaart facturen zeven jaar \
             (artikel 52 Algemene wet inzake rijksbelastingen).",
            "zeven jaar na het jaar van de factuur",
        ),
        item(
            "Geldige certificaten en hun vermelding in het register",
            "Het register moet kunnen laten zien dat een certificaat geldig is; \
             werkgevers controleren dat, ook met eerder ondertekende verklaringen.",
            "tot de einddatum van het certificaat",
        ),
        item(
            "Je inschrijving als lid of externe aansluiter (naam, adres, nummer)",
            "De facturen en certificaten hierboven verwijzen ernaar.",
            "zolang een factuur of certificaat ernaar verwijst",
        ),
        item(
            "Regels in het auditlog, zonder je naam, e-mailadres en IP-adres",
            "Wat er wanneer gebeurde moet aantoonbaar blijven (beveiliging); \
             de regels zijn gepseudonimiseerd en niet meer naar jou te herleiden.",
            "zolang het auditlog bewaard wordt",
        ),
    ]
}

/// `GET /api/me/privacy`: the current statement and what the person
/// accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyStatus {
    pub current_version: String,
    pub current_date: String,
    pub accepted_version: Option<String>,
    pub accepted_at: Option<i64>,
    /// True when the current version has not been accepted yet.
    pub must_accept: bool,
}

/// `POST /api/me/privacy/accept`: the version the person read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptPrivacy {
    pub version: String,
}
