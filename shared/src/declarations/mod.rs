//! Declarations (verklaringen) that a third party signs: the formats "in het
//! digitale portfolio" the frameworks refer to, the exact text a signer
//! signs, and the state of a signature.
//!
//! - [`format`]: the formats built from the seeds' wording (hours and
//!   "werkzaam als uitvoerend jobcoach" of initial B1, "werkzaam als
//!   uitvoerend jobcoach" of recertification A1, the reflection meeting of
//!   A3.1, the category 4 functions of the PE register), their fields, the
//!   Dutch check per field, the canonical text and its SHA-256.
//! - [`status`]: a request's stored state and what it means for the slot
//!   now ("Verstuurd", "Ondertekend door … op …", "Geweigerd",
//!   "Vervallen door wijziging"), and whether a slot's declaration is
//!   satisfied (a file on the slot, or a signature over the current text).
//!
//! Where the filled-in fields live: in the slot's own sync target, so they
//! are typed offline like everything else. A question slot keeps them in
//! the question's value (`initial.b1.q2`: `{"organisation": …}`); a row
//! slot in the row itself (a reflection meeting's `date`, `facilitator`,
//! `own_case` are the meeting's own fields). [`format::fields_from_json`]
//! reads them from either.
//!
//! A signature is frozen: the request keeps the SHA-256 of the text that
//! was signed; once the current fields give another text, the signature no
//! longer counts ([`status::status_of`]).

pub mod format;
pub mod status;

pub use format::{
    allowed_formats, canonical_text, fields_from_json, format_for_slot, sha256_hex, validate,
    DeclarationFields, DeclarationFormat, FieldKind, FieldSpec,
};
pub use status::{satisfied, status_of, DeclarationStatus, RequestState};

#[cfg(test)]
mod tests;
