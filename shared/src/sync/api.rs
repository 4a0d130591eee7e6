//! The HTTP side of sync that both ends must agree on beyond the wire types
//! in [`super::types`]: where to send them, and how big a request may be.
//!
//! - `POST /api/sync/push`, body [`super::PushRequest`], answers
//!   [`super::PushResponse`] after the batch is durably committed. Whole
//!   request refused, nothing stored: 401 not signed in; 404 when a
//!   mutation names a portfolio that does not exist or that the person may
//!   not see; 403 when they may see it but not edit it (a mentor); 413/422
//!   from [`super::validate_push`] or a body over [`MAX_PUSH_BODY_BYTES`].
//!   A mutation that is itself invalid (a text over
//!   [`super::MAX_TEXT_CHARS`], a full list) does not fail the request: it
//!   gets a `rejected` result with a Dutch reason, so the rest of the batch
//!   is still saved and the replica keeps the text to show.
//! - `POST /api/sync/pull`, body [`super::PullRequest`], answers
//!   [`super::PullResponse`] with at most [`PULL_PAGE_SIZE`] changes of the
//!   portfolios the person may see.

/// Paths, relative to the origin.
pub const PUSH_PATH: &str = "/api/sync/push";
pub const PULL_PATH: &str = "/api/sync/pull";

/// Largest push body the server reads. Room for one maximal text answer
/// (50 000 four-byte characters, JSON-escaped) with margin; the client
/// makes smaller batches when its texts are long.
pub const MAX_PUSH_BODY_BYTES: usize = 1024 * 1024;

/// Changes per pull response; `more` says when to pull again at once.
pub const PULL_PAGE_SIZE: usize = 500;
