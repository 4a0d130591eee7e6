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
//!   portfolios the person may see, and at most [`MAX_PULL_PAGE_BYTES`] of
//!   them ([`change_bytes`]) unless a single change is larger: a page always
//!   has at least one change, so the feed never stalls.
//! - Both, and `POST /api/portfolios`, answer `409 account_mismatch` when
//!   the request's `account_id` is not the session's account (a stale tab
//!   of someone else on a shared device), and push answers
//!   `409 mutation_mismatch` when a replayed `(client_id, seq)` carries
//!   other content than the first time; nothing is stored then.

/// Paths, relative to the origin.
pub const PUSH_PATH: &str = "/api/sync/push";
pub const PULL_PATH: &str = "/api/sync/pull";

/// Largest push body the server reads. Room for one maximal text answer
/// (50 000 four-byte characters, JSON-escaped) with margin; the client
/// makes smaller batches when its texts are long.
pub const MAX_PUSH_BODY_BYTES: usize = 1024 * 1024;

/// Changes per pull response; `more` says when to pull again at once.
pub const PULL_PAGE_SIZE: usize = 500;

/// Bytes of changes per pull page (see [`change_bytes`]), so a page of big
/// answers stays a modest response; at least one change is always sent.
pub const MAX_PULL_PAGE_BYTES: usize = 512 * 1024;

/// What a change costs against [`MAX_PULL_PAGE_BYTES`]: the stored size of
/// its target ([`super::limits::field_bytes`]).
pub fn change_bytes(change: &super::Change) -> usize {
    super::limits::field_bytes(&change.target, Some(&change.state))
}

/// How many of `changes` (in feed order) go on one page: up to `rows`, and
/// up to [`MAX_PULL_PAGE_BYTES`], but at least one when there is one.
pub fn page_len(sizes: impl IntoIterator<Item = usize>, rows: usize) -> usize {
    let mut total = 0usize;
    let mut n = 0;
    for size in sizes.into_iter().take(rows) {
        total = total.saturating_add(size);
        if n > 0 && total > MAX_PULL_PAGE_BYTES {
            break;
        }
        n += 1;
    }
    n
}
