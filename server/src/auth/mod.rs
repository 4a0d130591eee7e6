//! Accounts and passkeys: who someone is (sessions, ceremonies, recovery)
//! and the protections around it (Origin check, rate limits). What someone
//! may do is decided in `crate::policy`.

pub mod accounts;
pub mod challenge;
pub mod client_ip;
pub mod invitations;
pub mod limit_extractors;
pub mod origin;
pub mod passkeys;
pub mod quotas;
pub mod rate_limit;
pub mod recovery;
pub mod session;
pub mod verification;

pub use client_ip::ClientIp;
pub use session::Session;
