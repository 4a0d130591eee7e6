//! The anchor of a comment: what was selected, what stood around it, and
//! where. The serde derives are the wire shape of issue 13
//! (`{"exact","prefix","suffix","start","end"}`, plus `"status"` once
//! placed).

use serde::{Deserialize, Serialize};

/// Characters of context kept before and after the quote. Enough to tell
/// two occurrences of a short quote apart, short enough that an edit near
/// the quote rarely changes all of it.
pub const CONTEXT_CHARS: usize = 32;

/// A quote in an answer. `start..end` are character offsets (Unicode
/// scalar values) into the text the anchor was placed on, and
/// `exact` is exactly that range of it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] characters right before `start`.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters right after `end`.
    pub suffix: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AnchorStatus {
    /// The anchor's range holds its quote in the current text.
    Anchored,
    /// The quote could not be found again; the anchor keeps the quote it was
    /// placed on, and `start..end` only say where it was expected (an empty
    /// or arbitrary range within the current text, never highlighted).
    Orphaned,
}

/// An anchor as it stands on the current text.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct PlacedAnchor {
    #[serde(flatten)]
    pub anchor: Anchor,
    pub status: AnchorStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorError {
    /// The selection is empty.
    Empty,
    /// `start`/`end` lie outside the text, or `start > end`.
    OutOfRange,
    /// `exact` is not the text at `start..end` (the text changed since the
    /// selection was made, or the client sent a wrong anchor).
    Mismatch,
    /// The comment's quote is no longer in the text, so there is nothing
    /// to replace.
    Orphaned,
}

impl AnchorError {
    /// The `code` of the API's error shape.
    pub fn code(self) -> &'static str {
        match self {
            AnchorError::Empty => "anchor_empty",
            AnchorError::OutOfRange => "anchor_out_of_range",
            AnchorError::Mismatch => "anchor_mismatch",
            AnchorError::Orphaned => "anchor_orphaned",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            AnchorError::Empty => "Selecteer eerst een stuk tekst.",
            AnchorError::OutOfRange => "De selectie valt buiten de tekst.",
            AnchorError::Mismatch => {
                "De geselecteerde tekst staat niet (meer) op die plek. Laad de tekst opnieuw en selecteer opnieuw."
            }
            AnchorError::Orphaned => {
                "De tekst waar deze opmerking over ging staat er niet meer; het voorstel kan niet worden overgenomen."
            }
        }
    }
}

impl core::fmt::Display for AnchorError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for AnchorError {}

impl Anchor {
    /// The anchor of the selection `start..end` (character offsets) of
    /// `text`, with its context taken from `text`.
    pub fn select(text: &str, start: usize, end: usize) -> Result<Anchor, AnchorError> {
        let chars: Vec<char> = text.chars().collect();
        if start > end || end > chars.len() {
            return Err(AnchorError::OutOfRange);
        }
        if start == end {
            return Err(AnchorError::Empty);
        }
        Ok(Anchor::from_chars(&chars, start, end))
    }

    /// Callers guarantee `start < end <= chars.len()`.
    pub(crate) fn from_chars(chars: &[char], start: usize, end: usize) -> Anchor {
        let before = start.saturating_sub(CONTEXT_CHARS);
        let after = (end + CONTEXT_CHARS).min(chars.len());
        Anchor {
            exact: chars[start..end].iter().collect(),
            prefix: chars[before..start].iter().collect(),
            suffix: chars[end..after].iter().collect(),
            start,
            end,
        }
    }

    /// Whether `exact` is the text at `start..end`: the check a new comment
    /// passes (`anchor_mismatch` otherwise). The context is not checked:
    /// the server takes it from the text ([`Anchor::select`]) rather than
    /// trusting the client's.
    pub fn check(&self, text: &str) -> Result<(), AnchorError> {
        if self.start > self.end {
            return Err(AnchorError::OutOfRange);
        }
        if self.start == self.end || self.exact.is_empty() {
            return Err(AnchorError::Empty);
        }
        let len = self.end - self.start;
        let mut found = String::with_capacity(self.exact.len());
        let mut taken = 0;
        for c in text.chars().skip(self.start).take(len) {
            found.push(c);
            taken += 1;
        }
        if taken < len {
            return Err(AnchorError::OutOfRange);
        }
        if found != self.exact {
            return Err(AnchorError::Mismatch);
        }
        Ok(())
    }

    pub(crate) fn placed(self, status: AnchorStatus) -> PlacedAnchor {
        PlacedAnchor {
            anchor: self,
            status,
        }
    }
}

/// The text after taking a comment's suggestion ("Overnemen"): the
/// anchored quote replaced by `replacement`. `placed` must be the anchor as
/// re-anchored on this very `text`; an orphaned comment or a stale anchor is
/// refused rather than guessed at, because this edits the candidate's answer.
pub fn apply_suggestion(
    text: &str,
    placed: &PlacedAnchor,
    replacement: &str,
) -> Result<String, AnchorError> {
    if placed.status == AnchorStatus::Orphaned {
        return Err(AnchorError::Orphaned);
    }
    let anchor = &placed.anchor;
    anchor.check(text)?;
    let byte = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(at, _)| at)
    };
    let (from, to) = (byte(anchor.start), byte(anchor.end));
    let mut out = String::with_capacity(text.len() - (to - from) + replacement.len());
    out.push_str(&text[..from]);
    out.push_str(replacement);
    out.push_str(&text[to..]);
    Ok(out)
}
