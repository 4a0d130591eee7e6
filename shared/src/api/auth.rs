//! Sign-up, sign-in, recovery and the account's passkeys (`/api/auth`,
//! `/api/me/passkeys`, `/api/me/recovery-codes`), and the administration
//! of accounts (`/api/admin/{invitations,accounts,audit}`).
//!
//! The WebAuthn options and credentials are webauthn-rs types the server
//! has and the browser converts with webauthn-rs-proto; the bodies that
//! carry them are generic over them (`O`, `C`), so the rest of each body is
//! still one type here.

use super::accounts::Me;
use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// `POST /api/auth/{signup,invitation,setup}/start`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAccountRequest {
    pub name: String,
    pub email: String,
    /// The invitation's or set-up's token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Dossier: the privacy statement version the person accepted (the
    /// sign-up page's checkbox); recorded with the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_version: Option<String>,
}

/// A token from a link: invitation, set-up, recovery link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub token: String,
}

/// The start of a ceremony: its challenge id and the options for
/// `navigator.credentials.create/get`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CeremonyStart<O> {
    pub challenge_id: String,
    pub options: O,
}

/// `POST /api/auth/recovery/link/start`: also whose account it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryLinkStart<O> {
    pub challenge_id: String,
    pub options: O,
    pub name: String,
}

/// The finish of a registration (new account, recovery link, new passkey).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationFinish<C> {
    pub challenge_id: String,
    pub credential: C,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passkey_name: Option<String>,
}

/// `POST /api/auth/login/start`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInStart {
    /// Browser autofill (conditional mediation) rather than a button press.
    #[serde(default)]
    pub conditional: bool,
}

/// `POST /api/auth/login/finish`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInFinish<C> {
    pub challenge_id: String,
    pub credential: C,
}

/// `POST /api/auth/invitation/check`: the address the token holder may see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationCheck {
    pub role: Role,
    pub email: Option<String>,
}

/// `POST /api/auth/setup/check`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupCheck {
    pub valid: bool,
}

/// A finished sign-in (passkey, recovery link).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub user: Me,
}

/// A finished sign-up: the account and its recovery codes, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedUp {
    pub user: Me,
    pub recovery_codes: Vec<String>,
}

/// `GET /api/auth/session`: who is signed in, `null` for nobody.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentSession {
    pub user: Option<Me>,
}

/// `POST /api/auth/logout` and `/logout-all`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedOut {
    pub signed_out: bool,
    /// `logout-all`: how many sessions ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions_ended: Option<u64>,
}

/// `POST /api/auth/recovery/code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryCodeRequest {
    pub email: String,
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveredByCode {
    pub user: Me,
    pub recovery_codes_left: i64,
}

// ------------------------------------------------ the account's passkeys

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyInfo {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// `GET /api/me/passkeys`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passkeys {
    pub passkeys: Vec<PasskeyInfo>,
    pub recovery_codes_left: i64,
}

/// A passkey added or renamed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyNamed {
    pub id: String,
    pub name: String,
}

/// `PATCH /api/me/passkeys/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenamePasskey {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyRemoved {
    pub removed: String,
}

/// `POST /api/me/recovery-codes`: a fresh set, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

// --------------------------------------------- accounts administration

/// How a link reached (or will reach) its person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    Email,
    /// No mail server: the admin passes the link on (`link`).
    Manual,
}

/// `POST /api/admin/invitations`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    pub role: Role,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationCreated {
    pub id: String,
    pub role: Role,
    pub expires_at: i64,
    pub delivery: Delivery,
    /// Only when the admin has to pass it on by hand.
    pub link: Option<String>,
}

/// `GET /api/admin/accounts`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounts {
    pub accounts: Vec<Me>,
}

/// `PUT /api/admin/accounts/{id}/roles`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetRoles {
    pub roles: Vec<Role>,
}

/// `POST /api/admin/accounts/{id}/recovery-link`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryLinkIssued {
    pub expires_at: i64,
    pub delivery: Delivery,
    pub link: Option<String>,
}

/// One line of the audit log; `details` is the event's own JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub event: String,
    pub subject_id: Option<String>,
    pub ip: Option<String>,
    pub details: serde_json::Value,
}

/// `GET /api/admin/audit`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditLog {
    pub entries: Vec<AuditEntry>,
}

/// `GET /api/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_not_set_are_not_sent() {
        let request = NewAccountRequest {
            name: "Kim".into(),
            email: "kim@example.nl".into(),
            token: None,
            privacy_version: None,
        };
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"name":"Kim","email":"kim@example.nl"}"#
        );
        let finish = RegistrationFinish {
            challenge_id: "c".into(),
            credential: serde_json::json!({}),
            passkey_name: None,
        };
        assert_eq!(
            serde_json::to_string(&finish).unwrap(),
            r#"{"challenge_id":"c","credential":{}}"#
        );
    }
}
