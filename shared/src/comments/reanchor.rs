//! Carrying an anchor from the text it was placed on to a changed text
//! ("Anchors follow the text", issue 13).
//!
//! 1. **Map the offsets through the change.** The texts are diffed (common
//!    prefix and suffix trimmed, then `similar`'s Myers diff on characters,
//!    or on words when the changed middle is large) and `start`/`end` are
//!    carried through it. An insertion exactly at `start` lands before the
//!    quote and one exactly at `end` after it, so typing next to a quote
//!    never pulls text into it. If the mapped range holds the quote, that is
//!    the answer: the quote is untouched.
//! 2. **Search the quote near where it should be**, the way Hypothesis
//!    re-anchors web annotations: exact occurrences anywhere, then (if none
//!    fits) approximate ones within a window around the mapped place, found
//!    with Sellers' edit-distance search, and every candidate scored on the
//!    quote (weight 50), the prefix (20) and the suffix (20) before and
//!    after it, and the distance to the expected place (2).
//! 3. **Orphan** when no candidate fits well enough
//!    ([`fits`]): the comment keeps its original quote and context, and
//!    its offsets say where the quote was expected.
//!
//! Why `similar` for the diff: it is well kept, has no dependencies, diffs
//! any slice (so characters and words alike) and only reads the clock when a
//! deadline is given, which we never do, so it is pure and builds for
//! wasm32. `dissimilar` (diff-match-patch's diff) would also do, but works on
//! `&str` only and its semantic clean-up trades minimal diffs for
//! readability, which is the wrong trade for carrying offsets. For the
//! approximate search no crate fitted: the diff-match-patch ports carry a
//! clock-based timeout and Bitap limited to 32-character patterns; Sellers'
//! dynamic programme is twenty lines, bounded here by [`MAX_FUZZY_CELLS`].
//! Context similarity is `strsim`'s normalised Levenshtein.
//!
//! Cost is bounded for any input (a sync push may carry a complete
//! rewrite of a 50 000-character answer): the diff never sees more than
//! [`MAX_DIFF_UNITS`] changed characters or words (beyond that only the
//! common prefix and suffix map and the quote is searched), and the
//! approximate search never fills more than [`MAX_FUZZY_CELLS`] cells.

use similar::{capture_diff_slices, Algorithm, DiffTag};

use super::anchor::{Anchor, AnchorStatus, PlacedAnchor};

/// Characters (or words) of the changed middle of old plus new text that are
/// diffed at once. Myers' diff takes at most (n+m)·d steps with d ≤ n+m,
/// so at most 64 million steps even for a complete rewrite.
pub const MAX_DIFF_UNITS: usize = 8_000;

/// Cells of the approximate search's table (quote length × window).
/// Quotes longer than about 2 500 characters are therefore only found
/// verbatim.
pub const MAX_FUZZY_CELLS: usize = 20_000_000;

/// How far (in characters, besides its own length) the quote is looked for
/// approximately around the place the diff expects it.
pub const SEARCH_SLACK: usize = 256;

/// A verbatim quote at least this long identifies its place without
/// context.
pub const LONG_QUOTE_CHARS: usize = 32;

/// Least average similarity (0..=1) of prefix and suffix for a match that
/// the quote alone does not justify.
pub const MIN_CONTEXT_SIMILARITY: f64 = 0.5;

/// Exact occurrences scored (the ones nearest the expected place): a
/// one-letter quote occurs thousands of times in a long answer.
const MAX_EXACT_CANDIDATES: usize = 200;

/// The anchor placed on `old_text`, carried to `new_text`. With
/// `old_text == new_text` an anchor that checks gives itself back (its
/// context re-read from the text). Never panics on stale or hostile
/// offsets: they are clamped to the old text first.
pub fn reanchor(anchor: &Anchor, old_text: &str, new_text: &str) -> PlacedAnchor {
    let old: Vec<char> = old_text.chars().collect();
    let new: Vec<char> = new_text.chars().collect();
    let quote: Vec<char> = anchor.exact.chars().collect();
    let start = anchor.start.min(old.len());
    let end = anchor.end.clamp(start, old.len());

    let (mapped_start, mapped_end) = map_range(&old, &new, start, end);
    if !quote.is_empty() && new.get(mapped_start..mapped_end) == Some(&quote[..]) {
        return Anchor::from_chars(&new, mapped_start, mapped_end).placed(AnchorStatus::Anchored);
    }
    match search(anchor, &quote, new_text, &new, mapped_start) {
        Some((s, e)) => Anchor::from_chars(&new, s, e).placed(AnchorStatus::Anchored),
        None => Anchor {
            exact: anchor.exact.clone(),
            prefix: anchor.prefix.clone(),
            suffix: anchor.suffix.clone(),
            start: mapped_start,
            end: mapped_end,
        }
        .placed(AnchorStatus::Orphaned),
    }
}

/// One stretch of the change in characters: `old..old+old_len` became
/// `new..new+new_len`, unchanged when `equal`.
#[derive(Debug, Clone, Copy)]
struct Span {
    old: usize,
    old_len: usize,
    new: usize,
    new_len: usize,
    equal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bias {
    /// An insertion at the position goes before it (the quote's start).
    Start,
    /// An insertion at the position goes after it (the quote's end).
    End,
}

/// `start..end` of `old` (already clamped) carried to `new`; always
/// `mapped_start <= mapped_end <= new.len()`.
fn map_range(old: &[char], new: &[char], start: usize, end: usize) -> (usize, usize) {
    let spans = diff_spans(old, new);
    let s = map_pos(&spans, start, Bias::Start, new.len());
    let e = map_pos(&spans, end, Bias::End, new.len());
    (s.min(e), e)
}

fn map_pos(spans: &[Span], pos: usize, bias: Bias, new_len: usize) -> usize {
    // Spans are contiguous from 0, so the first one that ends after `pos`
    // contains it; an insertion (empty old side) at `pos` is passed over
    // for a start and stops an end.
    for span in spans {
        if span.old_len == 0 {
            if pos == span.old && bias == Bias::End {
                return span.new;
            }
            continue;
        }
        if pos < span.old + span.old_len {
            // Inside a replaced stretch no place is right; the same
            // proportion of the replacement is the best guess to search
            // around.
            return if span.equal {
                span.new + (pos - span.old)
            } else {
                span.new + (pos - span.old) * span.new_len / span.old_len
            };
        }
    }
    new_len
}

/// The change from `old` to `new` as contiguous spans covering both.
fn diff_spans(old: &[char], new: &[char]) -> Vec<Span> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_mid = &old[prefix..old.len() - suffix];
    let new_mid = &new[prefix..new.len() - suffix];

    let mut spans = vec![equal(0, 0, prefix)];
    if old_mid.len() + new_mid.len() <= MAX_DIFF_UNITS {
        for op in capture_diff_slices(Algorithm::Myers, old_mid, new_mid) {
            let (tag, o, n) = op.as_tag_tuple();
            spans.push(Span {
                old: prefix + o.start,
                old_len: o.len(),
                new: prefix + n.start,
                new_len: n.len(),
                equal: tag == DiffTag::Equal,
            });
        }
    } else {
        let old_words = words(old_mid);
        let new_words = words(new_mid);
        if old_words.len() + new_words.len() <= MAX_DIFF_UNITS {
            let old_at = offsets(&old_words);
            let new_at = offsets(&new_words);
            for op in capture_diff_slices(Algorithm::Myers, &old_words, &new_words) {
                let (tag, o, n) = op.as_tag_tuple();
                spans.push(Span {
                    old: prefix + old_at[o.start],
                    old_len: old_at[o.end] - old_at[o.start],
                    new: prefix + new_at[n.start],
                    new_len: new_at[n.end] - new_at[n.start],
                    equal: tag == DiffTag::Equal,
                });
            }
        } else {
            // Too much changed to diff within bounds: the middle maps as a
            // whole and the search finds what moved.
            spans.push(Span {
                old: prefix,
                old_len: old_mid.len(),
                new: prefix,
                new_len: new_mid.len(),
                equal: false,
            });
        }
    }
    spans.push(equal(old.len() - suffix, new.len() - suffix, suffix));
    spans
}

fn equal(old: usize, new: usize, len: usize) -> Span {
    Span {
        old,
        old_len: len,
        new,
        new_len: len,
        equal: true,
    }
}

/// Runs of letters and digits, runs of whitespace, and every other
/// character on its own: the concatenation is the input.
fn words(chars: &[char]) -> Vec<&[char]> {
    let class = |c: char| {
        if c.is_alphanumeric() {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut out = Vec::new();
    let mut begin = 0;
    for i in 1..=chars.len() {
        let cut = i == chars.len() || {
            let (a, b) = (class(chars[i - 1]), class(chars[i]));
            a != b || a == 2
        };
        if cut {
            out.push(&chars[begin..i]);
            begin = i;
        }
    }
    out
}

/// Character offset of every word, plus the total at the end.
fn offsets(words: &[&[char]]) -> Vec<usize> {
    let mut at = Vec::with_capacity(words.len() + 1);
    let mut sum = 0;
    at.push(0);
    for w in words {
        sum += w.len();
        at.push(sum);
    }
    at
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    errors: usize,
}

#[derive(Debug, Clone, Copy)]
struct Scored {
    candidate: Candidate,
    score: f64,
    context: f64,
    distance: usize,
}

/// Whether a scored candidate fits well enough to anchor there. At most a
/// quarter of the quote's characters may differ (the search finds nothing
/// worse); then a verbatim quote fits when it is the only occurrence in the
/// text or is long enough to be unambiguous, and anything else needs its
/// surroundings to still resemble the saved prefix and suffix. So a deleted
/// "de" is not re-attached to one of the other forty "de"s, while a
/// sentence that moved elsewhere is found.
fn fits(scored: &Scored, quote_len: usize, exact_occurrences: usize) -> bool {
    let c = scored.candidate;
    if c.errors * 4 > quote_len {
        return false;
    }
    if c.errors == 0 && (exact_occurrences == 1 || quote_len >= LONG_QUOTE_CHARS) {
        return true;
    }
    scored.context >= MIN_CONTEXT_SIMILARITY
}

fn search(
    anchor: &Anchor,
    quote: &[char],
    new_text: &str,
    new: &[char],
    hint: usize,
) -> Option<(usize, usize)> {
    let m = quote.len();
    if m == 0 || new.len() < m.saturating_sub(m / 4) {
        return None;
    }
    let prefix: Vec<char> = anchor.prefix.chars().collect();
    let suffix: Vec<char> = anchor.suffix.chars().collect();
    let score = |candidate: Candidate| score(candidate, m, &prefix, &suffix, new, hint);

    let mut exact = exact_occurrences(new_text, &anchor.exact);
    let occurrences = exact.len();
    exact.sort_by_key(|&s| (s.abs_diff(hint), s));
    exact.truncate(MAX_EXACT_CANDIDATES);
    // Only candidates that fit compete: a better-scored one that does not
    // fit must not hide one that does.
    let best_exact = best(
        exact
            .into_iter()
            .map(|start| {
                score(Candidate {
                    start,
                    end: start + m,
                    errors: 0,
                })
            })
            .filter(|s| fits(s, m, occurrences)),
    );
    if let Some(found) = best_exact {
        return Some((found.candidate.start, found.candidate.end));
    }

    let max_errors = m / 4;
    if max_errors == 0 {
        return None;
    }
    let lo = hint.saturating_sub(m + SEARCH_SLACK);
    let hi = (hint + 2 * m + SEARCH_SLACK).min(new.len());
    if lo >= hi || m.saturating_mul(hi - lo) > MAX_FUZZY_CELLS {
        return None;
    }
    let found = best(
        approximate_matches(quote, &new[lo..hi], max_errors)
            .into_iter()
            .map(|c| {
                score(Candidate {
                    start: c.start + lo,
                    end: c.end + lo,
                    errors: c.errors,
                })
            })
            .filter(|s| fits(s, m, occurrences)),
    )?;
    Some((found.candidate.start, found.candidate.end))
}

fn score(
    candidate: Candidate,
    quote_len: usize,
    prefix: &[char],
    suffix: &[char],
    new: &[char],
    hint: usize,
) -> Scored {
    let before: String = new[candidate.start.saturating_sub(prefix.len())..candidate.start]
        .iter()
        .collect();
    let after: String = new[candidate.end..(candidate.end + suffix.len()).min(new.len())]
        .iter()
        .collect();
    let prefix: String = prefix.iter().collect();
    let suffix: String = suffix.iter().collect();
    let p = strsim::normalized_levenshtein(&prefix, &before);
    let s = strsim::normalized_levenshtein(&suffix, &after);
    let q = 1.0 - candidate.errors as f64 / quote_len as f64;
    let distance = candidate.start.abs_diff(hint);
    let position = 1.0 - distance as f64 / new.len().max(1) as f64;
    Scored {
        candidate,
        score: (50.0 * q + 20.0 * p + 20.0 * s + 2.0 * position) / 92.0,
        context: (p + s) / 2.0,
        distance,
    }
}

/// Highest score; ties go to the candidate nearest the expected place, then
/// the earliest, so the outcome never depends on iteration order.
fn best(scored: impl Iterator<Item = Scored>) -> Option<Scored> {
    scored.reduce(|a, b| {
        let key = |s: &Scored| (s.distance, s.candidate.start);
        if b.score > a.score || (b.score == a.score && key(&b) < key(&a)) {
            b
        } else {
            a
        }
    })
}

/// Character offsets of every (possibly overlapping) occurrence of
/// `quote`. `str::find` is linear, unlike comparing char slices at every
/// position.
fn exact_occurrences(text: &str, quote: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut chars_before = 0;
    let mut counted_to = 0;
    let mut from = 0;
    while let Some(at) = text[from..].find(quote) {
        let byte = from + at;
        chars_before += text[counted_to..byte].chars().count();
        counted_to = byte;
        out.push(chars_before);
        // Step one character, so overlapping occurrences count too.
        from = byte + text[byte..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Sellers' algorithm: for every end position in `window`, the fewest
/// edits turning some substring ending there into `quote`, with where that
/// substring starts; those within `max_errors`. All of them are scored
/// (at most one per character of the window): dropping overlapping ones
/// early would drop the one whose context fits.
fn approximate_matches(quote: &[char], window: &[char], max_errors: usize) -> Vec<Candidate> {
    let m = quote.len();
    let mut cost: Vec<usize> = (0..=m).collect();
    let mut from = vec![0; m + 1];
    let mut next_cost = vec![0; m + 1];
    let mut next_from = vec![0; m + 1];
    let mut found = Vec::new();
    for (j, &c) in window.iter().enumerate() {
        next_cost[0] = 0;
        next_from[0] = j + 1;
        for i in 1..=m {
            let substitute = (cost[i - 1] + usize::from(quote[i - 1] != c), from[i - 1]);
            let missing = (next_cost[i - 1] + 1, next_from[i - 1]);
            let extra = (cost[i] + 1, from[i]);
            let pick = if substitute.0 <= missing.0 && substitute.0 <= extra.0 {
                substitute
            } else if missing.0 <= extra.0 {
                missing
            } else {
                extra
            };
            (next_cost[i], next_from[i]) = pick;
        }
        std::mem::swap(&mut cost, &mut next_cost);
        std::mem::swap(&mut from, &mut next_from);
        if cost[m] <= max_errors {
            found.push(Candidate {
                start: from[m],
                end: j + 1,
                errors: cost[m],
            });
        }
    }
    found
}
