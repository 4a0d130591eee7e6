//! Accounts: who is signed in, and e-mail verification.

use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// `GET /api/me`, and `user` in `GET /api/auth/session` and the answers of
/// every finished sign-up or sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// Until the owner of `email` followed the link sent there, nothing is
    /// matched to the account by address (registrations, invoices,
    /// certificates). Defaults to false for an older server's answer.
    #[serde(default)]
    pub email_verified: bool,
}

impl Me {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_admin(&self) -> bool {
        self.has(Role::Admin)
    }
}

/// `POST /api/auth/verify-email`: the token from the link's fragment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailRequest {
    pub token: String,
}

/// The answer when the link was good.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailVerified {
    pub verified: bool,
    pub email: String,
}

/// `POST /api/me/verify-email` (send the link again): always the same
/// answer, whether a link or a "je hebt al een account" notice went out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationMailSent {
    pub sent: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn me_without_the_verification_flag_reads_as_unverified() {
        let me: Me = serde_json::from_str(
            r#"{"id":"1","name":"Kim","email":"kim@example.nl","roles":["candidate","admin"]}"#,
        )
        .unwrap();
        assert!(!me.email_verified);
        assert!(me.is_admin());
    }
}
