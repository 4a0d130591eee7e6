//! The verifiable register: `GET /api/register/{certificate_number}` answers
//! one certificate as a signed statement (compact JWS, EdDSA over Ed25519),
//! and `GET /api/register/keys` publishes the public keys (a JWK Set) that
//! verify it. An employer checks a statement with any JOSE library and the
//! published key, without trusting the page that showed it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where the public keys are published, relative to the origin.
pub const KEYS_PATH: &str = "/api/register/keys";

/// The JWS `alg` of every statement (RFC 8037: EdDSA with an OKP key).
pub const ALGORITHM: &str = "EdDSA";

/// Whether a certificate counts on the day of the statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterStatus {
    Valid,
    Expired,
    /// Issued with a date after the statement's day (imported early).
    NotYetValid,
}

impl RegisterStatus {
    /// The status of a certificate issued on `issue` and valid through
    /// `expiry`, on `today` (both ends count, as in the public register).
    pub fn on(issue: NaiveDate, expiry: NaiveDate, today: NaiveDate) -> Self {
        if today < issue {
            RegisterStatus::NotYetValid
        } else if crate::administration::certificate_valid_on(issue, expiry, today) {
            RegisterStatus::Valid
        } else {
            RegisterStatus::Expired
        }
    }

    /// Dutch, for the public page.
    pub fn label(self) -> &'static str {
        match self {
            RegisterStatus::Valid => "Geldig",
            RegisterStatus::Expired => "Verlopen",
            RegisterStatus::NotYetValid => "Nog niet geldig",
        }
    }
}

/// The claims of a statement: a JWT payload (`iss`, `sub`, `iat`) with the
/// register entry. Nothing of the person but what the public register
/// shows (name, city) plus the dates and kind of the certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterClaims {
    /// The origin of the register that signed.
    pub iss: String,
    /// The certificate number.
    pub sub: String,
    /// When the statement was made (UTC unix seconds).
    pub iat: i64,
    pub certificate_number: String,
    pub name: String,
    pub city: String,
    /// `initial` or `recertification`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// `YYYY-MM-DD`, the last day the certificate is valid.
    pub expiry_date: String,
    /// The status on `checked_on`.
    pub status: RegisterStatus,
    /// `YYYY-MM-DD` (UTC): the day the status holds for.
    pub checked_on: String,
}

/// `GET /api/register/{certificate_number}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedRegisterEntry {
    /// Compact JWS (`header.payload.signature`, base64url) whose payload is
    /// [`RegisterClaims`]; this is what to keep and verify.
    pub statement: String,
    /// The key that signed it (the JWS header's `kid`).
    pub kid: String,
    /// The decoded payload, for convenience; trust only the signed copy.
    pub entry: RegisterClaims,
    /// Absolute URL of the JWK Set that verifies `statement`.
    pub keys_url: String,
}

/// One public key (RFC 8037 OKP JWK).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Always `OKP`.
    pub kty: String,
    /// Always `Ed25519`.
    pub crv: String,
    /// The public key, base64url without padding.
    pub x: String,
    /// RFC 7638 thumbprint of the key.
    pub kid: String,
    /// Always `EdDSA`.
    pub alg: String,
    /// Always `sig`.
    #[serde(rename = "use")]
    pub use_: String,
}

/// `GET /api/register/keys`: every key that signed statements still
/// accepted, the current one first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwkSet {
    pub keys: Vec<Jwk>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn status_counts_both_ends() {
        let (issue, expiry) = (d("2024-03-01"), d("2029-02-28"));
        assert_eq!(
            RegisterStatus::on(issue, expiry, d("2024-02-29")),
            RegisterStatus::NotYetValid
        );
        assert_eq!(
            RegisterStatus::on(issue, expiry, issue),
            RegisterStatus::Valid
        );
        assert_eq!(
            RegisterStatus::on(issue, expiry, expiry),
            RegisterStatus::Valid
        );
        assert_eq!(
            RegisterStatus::on(issue, expiry, d("2029-03-01")),
            RegisterStatus::Expired
        );
    }

    #[test]
    fn claims_read_as_a_jwt_payload() {
        let claims = RegisterClaims {
            iss: "https://portfolio.example.nl".into(),
            sub: "RJ-1".into(),
            iat: 1,
            certificate_number: "RJ-1".into(),
            name: "Kim".into(),
            city: "Utrecht".into(),
            kind: "initial".into(),
            issue_date: "2024-03-01".into(),
            expiry_date: "2029-02-28".into(),
            status: RegisterStatus::Valid,
            checked_on: "2026-01-01".into(),
        };
        let json = serde_json::to_value(&claims).unwrap();
        assert_eq!(json["status"], "valid");
        assert_eq!(json["sub"], "RJ-1");
        let back: RegisterClaims = serde_json::from_value(json).unwrap();
        assert_eq!(back, claims);
    }
}
