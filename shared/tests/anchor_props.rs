//! Properties of re-anchoring comments (issue 13, "Anchors follow the
//! text"): random edits before, inside and after a quote.
//!
//! The quote is drawn from an alphabet the surrounding text and the edits
//! never use (capitals, "É", "Ü", "🙂"), so "the quote is untouched" and
//! "the quote is gone" are facts of the generated case rather than guesses,
//! and the strong invariants can be asserted exactly. Both alphabets hold
//! multi-byte characters, so byte and character offsets differ everywhere.

use proptest::prelude::*;
use shared::comments::{apply_suggestion, reanchor, Anchor, AnchorStatus};

const TEXT_CHARS: &[char] = &['a', 'e', 'n', 'r', 's', 't', ' ', '.', ',', 'é', 'ë', '😀'];
const QUOTE_CHARS: &[char] = &['A', 'B', 'D', 'K', 'Z', 'É', 'Ü', '🙂'];

fn text_of(
    alphabet: &'static [char],
    len: std::ops::Range<usize>,
) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(alphabet), len).prop_map(|v| v.into_iter().collect())
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// One edit of a string: at a position (a fraction of its length), delete
/// some characters, insert others.
#[derive(Debug, Clone)]
struct Edit {
    at: prop::sample::Index,
    delete: usize,
    insert: String,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        any::<prop::sample::Index>(),
        0usize..6,
        text_of(TEXT_CHARS, 0..9),
    )
        .prop_map(|(at, delete, insert)| Edit { at, delete, insert })
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut v: Vec<char> = text.chars().collect();
    for e in edits {
        let at = e.at.index(v.len() + 1);
        let to = (at + e.delete).min(v.len());
        v.splice(at..to, e.insert.chars());
    }
    v.into_iter().collect()
}

/// A text around a quote, and the quote's anchor on it.
fn case() -> impl Strategy<Value = (String, String, String)> {
    (
        text_of(TEXT_CHARS, 0..80),
        text_of(QUOTE_CHARS, 1..20),
        text_of(TEXT_CHARS, 0..80),
    )
}

fn anchor_of(before: &str, quote: &str, after: &str) -> (String, Anchor) {
    let text = format!("{before}{quote}{after}");
    let start = chars(before);
    let anchor = Anchor::select(&text, start, start + chars(quote)).expect("valid selection");
    (text, anchor)
}

/// The offsets lie within the text, and an anchored quote is what stands
/// there, sliced at character boundaries.
fn assert_well_placed(new_text: &str, placed: &shared::comments::PlacedAnchor) {
    let a = &placed.anchor;
    let len = chars(new_text);
    assert!(a.start <= a.end && a.end <= len, "{a:?} in {len} chars");
    if placed.status == AnchorStatus::Anchored {
        assert!(a.start < a.end);
        assert_eq!(a.check(new_text), Ok(()));
        let byte = |c: usize| {
            new_text
                .char_indices()
                .nth(c)
                .map_or(new_text.len(), |(b, _)| b)
        };
        assert!(new_text.is_char_boundary(byte(a.start)) && new_text.is_char_boundary(byte(a.end)));
        assert_eq!(&new_text[byte(a.start)..byte(a.end)], a.exact);
    }
}

proptest! {
    /// Edits only before and after the quote: it stays anchored on exactly
    /// the same quote, moved by exactly what was inserted or deleted
    /// before it.
    #[test]
    fn an_untouched_quote_stays_exact_and_shifts_by_the_edits_before_it(
        (before, quote, after) in case(),
        edits_before in prop::collection::vec(edit(), 0..4),
        edits_after in prop::collection::vec(edit(), 0..4),
    ) {
        let (old_text, anchor) = anchor_of(&before, &quote, &after);
        let new_before = apply(&before, &edits_before);
        let new_after = apply(&after, &edits_after);
        let new_text = format!("{new_before}{quote}{new_after}");
        let placed = reanchor(&anchor, &old_text, &new_text);
        prop_assert_eq!(placed.status, AnchorStatus::Anchored);
        prop_assert_eq!(&placed.anchor.exact, &quote);
        prop_assert_eq!(placed.anchor.start, chars(&new_before));
        prop_assert_eq!(placed.anchor.end, chars(&new_before) + chars(&quote));
        assert_well_placed(&new_text, &placed);
    }

    /// Without a change an anchor gives itself back, and re-anchoring
    /// anything a second time on the same text changes nothing.
    #[test]
    fn reanchoring_without_a_change_is_the_identity(
        (before, quote, after) in case(),
        edits in prop::collection::vec(edit(), 0..4),
        mixed in text_of(QUOTE_CHARS, 0..5),
    ) {
        let (old_text, anchor) = anchor_of(&before, &quote, &after);
        let same = reanchor(&anchor, &old_text, &old_text);
        prop_assert_eq!(same.status, AnchorStatus::Anchored);
        prop_assert_eq!(&same.anchor, &anchor);

        // Edits anywhere, the quote included.
        let new_text = apply(&format!("{mixed}{old_text}"), &edits);
        let once = reanchor(&anchor, &old_text, &new_text);
        let twice = reanchor(&once.anchor, &new_text, &new_text);
        prop_assert_eq!(twice, once);
    }

    /// Edits anywhere, also through the quote, and anchors with stale or
    /// made-up offsets: the result always lies within the new text on
    /// character boundaries, and "anchored" always means the quote is there.
    #[test]
    fn offsets_stay_within_the_new_text(
        (before, quote, after) in case(),
        edits in prop::collection::vec(edit(), 0..6),
        bogus in (0usize..200, 0usize..200),
    ) {
        let (old_text, anchor) = anchor_of(&before, &quote, &after);
        let new_text = apply(&old_text, &edits);
        assert_well_placed(&new_text, &reanchor(&anchor, &old_text, &new_text));
        let stale = Anchor { start: bogus.0, end: bogus.1, ..anchor };
        assert_well_placed(&new_text, &reanchor(&stale, &old_text, &new_text));
    }

    /// Deleting the quote (with or without its surroundings) orphans the
    /// comment, which keeps its original quote and context.
    #[test]
    fn deleting_the_quote_orphans_it(
        (before, quote, after) in case(),
        cut_before in 0usize..10,
        cut_after in 0usize..10,
        edits in prop::collection::vec(edit(), 0..3),
    ) {
        let (old_text, anchor) = anchor_of(&before, &quote, &after);
        let kept_before: String = before.chars().take(chars(&before).saturating_sub(cut_before)).collect();
        let kept_after: String = after.chars().skip(cut_after).collect();
        let new_text = apply(&format!("{kept_before}{kept_after}"), &edits);
        let placed = reanchor(&anchor, &old_text, &new_text);
        prop_assert_eq!(placed.status, AnchorStatus::Orphaned);
        prop_assert_eq!(&placed.anchor.exact, &anchor.exact);
        prop_assert_eq!(&placed.anchor.prefix, &anchor.prefix);
        prop_assert_eq!(&placed.anchor.suffix, &anchor.suffix);
        assert_well_placed(&new_text, &placed);
    }

    /// One or two typos (a character replaced, dropped or added) inside a
    /// long quote: still anchored, on the corrected quote's place.
    #[test]
    fn small_typos_inside_a_long_quote_still_anchor(
        before in text_of(TEXT_CHARS, 0..80),
        quote in text_of(QUOTE_CHARS, 24..60),
        after in text_of(TEXT_CHARS, 0..80),
        typos in prop::collection::vec((any::<prop::sample::Index>(), 0usize..2, text_of(TEXT_CHARS, 0..2)), 1..3),
    ) {
        let (old_text, anchor) = anchor_of(&before, &quote, &after);
        let edits: Vec<Edit> = typos
            .iter()
            .map(|(at, delete, insert)| Edit { at: *at, delete: *delete, insert: insert.clone() })
            .collect();
        let typoed = apply(&quote, &edits);
        let new_text = format!("{before}{typoed}{after}");
        let placed = reanchor(&anchor, &old_text, &new_text);
        prop_assert_eq!(placed.status, AnchorStatus::Anchored);
        let slack = 2 * typos.len();
        let (start, end) = (chars(&before), chars(&before) + chars(&typoed));
        prop_assert!(placed.anchor.start.abs_diff(start) <= slack, "{:?} vs {}", placed.anchor, start);
        prop_assert!(placed.anchor.end.abs_diff(end) <= slack, "{:?} vs {}", placed.anchor, end);
        assert_well_placed(&new_text, &placed);
    }

    /// Taking a suggestion replaces the quote and nothing else, after any
    /// edits around it.
    #[test]
    fn a_suggestion_replaces_exactly_the_quote(
        (before, quote, after) in case(),
        edits_before in prop::collection::vec(edit(), 0..3),
        replacement in text_of(TEXT_CHARS, 0..10),
    ) {
        let (old_text, anchor) = anchor_of(&before, &quote, &after);
        let new_before = apply(&before, &edits_before);
        let new_text = format!("{new_before}{quote}{after}");
        let placed = reanchor(&anchor, &old_text, &new_text);
        prop_assert_eq!(
            apply_suggestion(&new_text, &placed, &replacement),
            Ok(format!("{new_before}{replacement}{after}"))
        );
    }
}
