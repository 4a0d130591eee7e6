//! What the read views of an answer need (issue 13): the comments' anchors
//! carried to the text on this device, and the text cut into pieces each
//! marked with the comments whose quote covers it.

use super::anchor::{AnchorStatus, PlacedAnchor};
use super::reanchor::reanchor;

/// A comment's anchor, as the server placed it on the answer's server text
/// `base` (the version the comment list named), carried to `local`, what
/// the device shows now (edits not yet synced). Without the base (the
/// device has another version) the quote is searched in `local` near its
/// old place. An orphan stays an orphan.
pub fn on_local_text(placed: &PlacedAnchor, base: Option<&str>, local: &str) -> PlacedAnchor {
    if placed.status == AnchorStatus::Orphaned {
        return placed.clone();
    }
    match base {
        Some(base) if base == local => placed.clone(),
        Some(base) => reanchor(&placed.anchor, base, local),
        None => reanchor(&placed.anchor, local, local),
    }
}

/// A stretch of the text and the indices (into the anchors given to
/// [`segments`]) of the anchored quotes that cover it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub marks: Vec<usize>,
}

/// `text` cut at every anchored quote's start and end (character offsets);
/// orphans and ranges outside the text mark nothing. The pieces joined
/// give `text` back.
pub fn segments(text: &str, anchors: &[PlacedAnchor]) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let ranges: Vec<(usize, usize, usize)> = anchors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status == AnchorStatus::Anchored)
        .map(|(i, a)| {
            (
                i,
                a.anchor.start.min(chars.len()),
                a.anchor.end.min(chars.len()),
            )
        })
        .filter(|(_, s, e)| s < e)
        .collect();
    let mut cuts: Vec<usize> = vec![0, chars.len()];
    for (_, s, e) in &ranges {
        cuts.push(*s);
        cuts.push(*e);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| Segment {
            text: chars[w[0]..w[1]].iter().collect(),
            marks: ranges
                .iter()
                .filter(|(_, s, e)| *s <= w[0] && w[1] <= *e)
                .map(|(i, _, _)| *i)
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::Anchor;

    fn placed(text: &str, start: usize, end: usize) -> PlacedAnchor {
        reanchor(&Anchor::select(text, start, end).unwrap(), text, text)
    }

    #[test]
    fn segments_join_to_the_text_and_mark_overlaps() {
        let text = "Één twee drie vier";
        let a = placed(text, 4, 13); // "twee drie"
        let b = placed(text, 9, 18); // "drie vier"
        let s = segments(text, &[a, b]);
        assert_eq!(s.iter().map(|s| s.text.as_str()).collect::<String>(), text);
        let marked: Vec<(&str, Vec<usize>)> = s
            .iter()
            .map(|s| (s.text.as_str(), s.marks.clone()))
            .collect();
        assert_eq!(
            marked,
            vec![
                ("Één ", vec![]),
                ("twee ", vec![0]),
                ("drie", vec![0, 1]),
                (" vier", vec![1]),
            ]
        );
    }

    #[test]
    fn orphans_mark_nothing_and_local_edits_move_the_highlight() {
        let base = "Ik help graag mensen.";
        let a = placed(base, 8, 13);
        let local = "Echt: ik help graag mensen.";
        let moved = on_local_text(&a, Some(base), local);
        assert_eq!(moved.anchor.exact, "graag");
        assert_eq!(moved.anchor.start, 14);
        let searched = on_local_text(&a, None, local);
        assert_eq!(searched.anchor.start, 14);
        let orphan = PlacedAnchor {
            status: AnchorStatus::Orphaned,
            ..a
        };
        assert!(segments(base, &[orphan]).iter().all(|s| s.marks.is_empty()));
    }
}
