//! The domain of the Register Jobcoach portfolio, shared by the server and the
//! browser. Pure code only: no I/O, no clocks, no randomness, so that the same
//! rules give the same answers on both sides and offline. Callers pass
//! "today" or the application date explicitly.
//!
//! - [`framework`]: both toetsingskaders as static data, enough to render a
//!   whole portfolio.
//! - [`rules`]: the checkable rules; the request/response types of
//!   `route`, `recertification` and `pe_points` are the JSON contracts of
//!   `POST /api/rules/{route,recertification,pe-points}`.
//! - [`fees`]: dated fee schedules and the one VAT rounding rule.
//! - [`dates`]: calendar arithmetic every rule uses.
//! - [`domain`]: values checked once when parsed (e-mail, postal code,
//!   member and affiliate numbers, cents, invoice kind and status, role).
//! - [`sync`]: offline-first sync of portfolio edits (replica, outbox,
//!   server decisions, merge).
//! - [`comments`]: comment anchors (quote, context, character offsets),
//!   re-anchoring through edits, taking a suggestion.
//! - [`evidence`]: which attached file (by SHA-256) proves which slot.
//! - [`files`]: which bytes are accepted as evidence (sniffed) and the size limits.
//! - [`declarations`]: the declaration formats a third party signs, the
//!   signed text and its SHA-256, and the state of a signature.
//! - [`portfolio`]: the `/api/portfolios` contract and the keys a
//!   portfolio's content is stored under.
//! - [`checklist`]: the checklist over a replica, for the editor and the
//!   server's check on submit.
//! - [`assessment`]: from submission to certificate (state machine,
//!   independence of assessors, manifest, dated rules).

// No panics on bad input or state outside tests: every failure is a value
// (clippy's `unwrap_used` and `expect_used`, denied here; tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod administration;
pub mod api;
// Submission to certificate (assessment helper).
pub mod assessment;
pub mod checklist;
pub mod comments;
pub mod dates;
pub mod declarations;
pub mod domain;
pub mod evidence;
pub mod fees;
pub mod files;
#[cfg(feature = "fixtures")]
pub mod fixtures;
pub mod framework;
pub mod portfolio;
// Dossier (issue 15): the versioned privacy statement.
pub mod privacy_statement;
pub mod readable;
pub mod requirement;
pub mod rules;
pub mod sync;

pub use requirement::{FieldError, Requirement, Status};
