//! Comments of mentors on answers (issue 13), stored in `comments` and
//! `comment_replies` (migration 0026). The anchoring is pure code in
//! `shared::comments`; this module keeps each comment's anchor on the
//! answer's current version:
//!
//! - A comment is placed inside a transaction that first takes the sync
//!   counter lock (as every push does), so no push can change the answer
//!   between the anchor check and the insert: the stored `anchor_version`
//!   is the version the anchor was checked against.
//! - Every push that changes an answer re-anchors that answer's comments in
//!   the push's own transaction (`store::after_change`, called from
//!   `portfolios::sync_store`), from the version each anchor was last placed
//!   on (its text from `sync_field_version`) to the new text. An orphan keeps
//!   its last good anchor and version, so it is tried again from there on
//!   every later edit and comes back when its quote does; once that version
//!   has been pruned (50 kept), the quote is searched approximately in the
//!   current text.
//! - A read ([`store::list`]) answers anchors as stored; an anchor whose
//!   version is not the answer's current one is re-anchored on the fly
//!   (orphans, or rows from before an upgrade), without writing.

pub mod digest;
pub mod store;
