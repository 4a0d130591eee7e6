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
//! - [`portfolio`]: the `/api/portfolios` contract and the keys a
//!   portfolio's content is stored under.

// No panics on bad input or state outside tests: every failure is a value
// (clippy's `unwrap_used` and `expect_used`, denied here; tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod administration;
pub mod api;
pub mod comments;
pub mod dates;
pub mod domain;
pub mod evidence;
pub mod fees;
pub mod framework;
pub mod portfolio;
pub mod requirement;
pub mod rules;
pub mod sync;

pub use requirement::{FieldError, Requirement, Status};
