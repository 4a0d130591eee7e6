//! Offline-first sync of portfolios between the browser's replica and the
//! server, as pure code: the server and the UI do the I/O and call in here
//! for every decision, so both sides agree by construction.
//!
//! - [`types`]: the wire contract (push and pull requests and responses).
//! - [`api`]: endpoint paths, body and page sizes.
//! - [`limits`]: size bounds and their Dutch messages.
//! - [`merge`]: three-way merge of text (by sentence) and JSON values.
//! - [`server`]: [`server::apply`], the decision for one mutation, and
//!   [`server::InMemoryServer`], the reference bookkeeping the SQL
//!   implementation follows.
//! - [`client`]: [`client::Replica`], the browser's replica and outbox.
//!
//! The flow: every edit goes into the replica's outbox at once
//! ([`client::Replica::edit_text`] and friends). When online, the UI takes a
//! batch, pushes it, and hands the response (or the failure) back. The
//! server applies each mutation idempotently: a replayed id gets the stored
//! answer. A push based on an older version is merged three-way; an
//! overlapping edit keeps the server's value and stores the other as a
//! conflict copy that the person resolves. Pulls bring everything changed
//! since the replica's cursor.

pub mod api;
pub mod client;
pub mod limits;
pub mod merge;
pub mod server;
pub mod types;

pub use client::{FieldRef, Replica};
pub use limits::{
    validate_list_capacity, validate_mutation, validate_push, validate_text, validate_value,
    Rejection, MAX_BATCH, MAX_ITEMS_PER_LIST, MAX_TEXT_CHARS,
};
pub use merge::{merge3, Merge};
pub use server::{apply, decide, mutation_digest, Context, Decision, InMemoryServer};
pub use types::*;
