//! Comments anchored to the text they are about (issue 13), as pure code:
//! the server re-anchors after every change that reaches it through sync,
//! and the editor does the same offline, with the same functions.
//!
//! - [`anchor`]: [`Anchor`] (the quote, up to 32 characters around it and
//!   its offsets in characters), building one from a selection, checking it
//!   against the current text, and taking a suggestion ("Overnemen").
//! - [`reanchor`](mod@reanchor): carrying an anchor from the text it was
//!   placed on to a changed text: offsets mapped through a character diff
//!   first, then an approximate search for the quote near the expected
//!   place, else [`AnchorStatus::Orphaned`].
//! - [`highlight`]: anchors carried to the text on the device, and the text
//!   cut into highlighted pieces for the read views.
//!
//! Offsets everywhere are counted in Unicode scalar values (`char`s), the
//! unit of the wire contract, never in bytes or UTF-16 code units.

pub mod anchor;
pub mod highlight;
pub mod reanchor;

pub use anchor::{
    apply_suggestion, Anchor, AnchorError, AnchorStatus, PlacedAnchor, CONTEXT_CHARS,
};
pub use highlight::{on_local_text, segments, Segment};
pub use reanchor::reanchor;

#[cfg(test)]
mod tests;
