//! Three-way merge of concurrent edits, used by the server when a push is
//! based on an older version and by the client when it rebases queued
//! edits onto newer server text. Both sides must use the same function so a
//! client-side rebase never produces something the server would not.
//!
//! Granularity: diffy merges line by line, and a reflection is often one
//! long paragraph, so line granularity would turn almost every concurrent
//! edit into a conflict. Text is therefore cut into sentences and the
//! whitespace between them (a sentence ends at `.`, `!`, `?` or `…` plus
//! optional closing quotes or brackets when whitespace follows; whitespace
//! containing a newline always separates), each piece becomes one escaped
//! "line" for diffy, and the merged lines are joined back. Cutting is lossless (the pieces concatenate to the input),
//! so the only effect of the granularity is which edits count as
//! overlapping. Sentences rather than words: two edits in the same sentence
//! still conflict, because a word-level merge of two rewrites of one
//! sentence easily yields a sentence neither device wrote; a conflict copy
//! is the safer outcome there.
//!
//! Structured JSON values merge per top-level key of an object (one device
//! changes the start date, the other the end date: both survive); any other
//! concurrent change to the same value is a conflict.

use super::types::FieldValue;

#[derive(Debug, Clone, PartialEq)]
pub enum Merge<T> {
    Clean(T),
    /// Both sides changed the same part differently; the caller keeps both.
    Conflict,
}

/// Merges the changes `base -> ours` and `base -> theirs`.
pub fn merge3(base: &str, ours: &str, theirs: &str) -> Merge<String> {
    if ours == theirs || base == theirs {
        return Merge::Clean(ours.to_string());
    }
    if base == ours {
        return Merge::Clean(theirs.to_string());
    }
    match diffy::merge(&encode(base), &encode(ours), &encode(theirs)) {
        Ok(merged) => Merge::Clean(decode(&merged)),
        Err(_) => Merge::Conflict,
    }
}

/// Merges two values derived from `base`; `None` means no common ancestor
/// is known, so only identical values merge.
pub fn merge_values(
    base: Option<&FieldValue>,
    ours: &FieldValue,
    theirs: &FieldValue,
) -> Merge<FieldValue> {
    if ours == theirs || base == Some(theirs) {
        return Merge::Clean(ours.clone());
    }
    if base == Some(ours) {
        return Merge::Clean(theirs.clone());
    }
    match (base, ours, theirs) {
        (Some(FieldValue::Text(b)), FieldValue::Text(o), FieldValue::Text(t)) => {
            match merge3(b, o, t) {
                Merge::Clean(text) => Merge::Clean(FieldValue::Text(text)),
                Merge::Conflict => Merge::Conflict,
            }
        }
        (Some(FieldValue::Json(b)), FieldValue::Json(o), FieldValue::Json(t)) => {
            match merge_json(b, o, t) {
                Merge::Clean(json) => Merge::Clean(FieldValue::Json(json)),
                Merge::Conflict => Merge::Conflict,
            }
        }
        _ => Merge::Conflict,
    }
}

fn merge_json(
    base: &serde_json::Value,
    ours: &serde_json::Value,
    theirs: &serde_json::Value,
) -> Merge<serde_json::Value> {
    use serde_json::Value;
    let (Value::Object(b), Value::Object(o), Value::Object(t)) = (base, ours, theirs) else {
        return Merge::Conflict;
    };
    let mut merged = serde_json::Map::new();
    let keys: std::collections::BTreeSet<&String> =
        b.keys().chain(o.keys()).chain(t.keys()).collect();
    for key in keys {
        let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
        let chosen = if ov == tv || bv == tv {
            ov
        } else if bv == ov {
            tv
        } else {
            return Merge::Conflict;
        };
        if let Some(v) = chosen {
            merged.insert(key.clone(), v.clone());
        }
    }
    Merge::Clean(Value::Object(merged))
}

/// Cuts text into sentences and the whitespace between them; concatenating
/// the pieces gives `text`. Whitespace is a piece of its own so that adding
/// a sentence at either end of a paragraph is a pure insertion and does not
/// touch its neighbour.
pub fn sentences(text: &str) -> Vec<&str> {
    let is_terminator = |c: char| matches!(c, '.' | '!' | '?' | '…');
    let is_closer = |c: char| matches!(c, '"' | '\'' | ')' | ']' | '’' | '”' | '»');
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map_or(text.len(), |&(pos, _)| pos);
    let ends_sentence = |i: usize| {
        let mut k = i;
        while k > 0 && is_closer(chars[k - 1].1) {
            k -= 1;
        }
        k > 0 && is_terminator(chars[k - 1].1)
    };
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_whitespace() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].1.is_whitespace() {
            j += 1;
        }
        if ends_sentence(i) || chars[i..j].iter().any(|&(_, c)| c == '\n') {
            if start < at(i) {
                pieces.push(&text[start..at(i)]);
            }
            pieces.push(&text[at(i)..at(j)]);
            start = at(j);
        }
        i = j;
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

// One piece per line; escaping keeps a piece's own newline (and the escape
// character) from being read as a line break by diffy.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for piece in sentences(text) {
        for c in piece.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

fn decode(lines: &str) -> String {
    let mut out = String::with_capacity(lines.len());
    let mut chars = lines.chars();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {}
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn sentences_are_lossless_and_split_after_terminators() {
        let text = "Eerste zin. Tweede zin!  Derde?\nNieuwe alinea \"met citaat.\" En 1.5 uur";
        let pieces = sentences(text);
        assert_eq!(pieces.concat(), text);
        assert_eq!(
            pieces,
            vec![
                "Eerste zin.",
                " ",
                "Tweede zin!",
                "  ",
                "Derde?",
                "\n",
                "Nieuwe alinea \"met citaat.\"",
                " ",
                "En 1.5 uur"
            ]
        );
    }

    #[test]
    fn edits_to_different_sentences_of_one_paragraph_merge() {
        let base = "Ik begeleid mensen. Ik werk in Utrecht. Mijn doel is groei.";
        let ours = "Ik begeleid mensen met autisme. Ik werk in Utrecht. Mijn doel is groei.";
        let theirs = "Ik begeleid mensen. Ik werk in Utrecht. Mijn doel is duurzame groei.";
        assert_eq!(
            merge3(base, ours, theirs),
            Merge::Clean(
                "Ik begeleid mensen met autisme. Ik werk in Utrecht. Mijn doel is duurzame groei."
                    .to_string()
            )
        );
    }

    #[test]
    fn edits_to_the_same_sentence_conflict() {
        let base = "Ik werk in Utrecht.";
        assert_eq!(
            merge3(
                base,
                "Ik werk in Amersfoort.",
                "Ik werk sinds 2020 in Utrecht."
            ),
            Merge::Conflict
        );
    }

    #[test]
    fn backslashes_and_newlines_survive_a_merge() {
        let base = "a\\n b.\nc\\\nd.";
        let ours = "a\\n b. X.\nc\\\nd.";
        let theirs = "a\\n b.\nc\\\nd. Y.";
        assert_eq!(
            merge3(base, ours, theirs),
            Merge::Clean("a\\n b. X.\nc\\\nd. Y.".to_string())
        );
    }

    #[test]
    fn json_objects_merge_per_key() {
        let base = FieldValue::Json(json!({"start": "2024-01-01", "end": null}));
        let ours = FieldValue::Json(json!({"start": "2024-02-01", "end": null}));
        let theirs = FieldValue::Json(json!({"start": "2024-01-01", "end": "2024-09-01"}));
        assert_eq!(
            merge_values(Some(&base), &ours, &theirs),
            Merge::Clean(FieldValue::Json(
                json!({"start": "2024-02-01", "end": "2024-09-01"})
            ))
        );
        let clash = FieldValue::Json(json!({"start": "2024-03-01", "end": null}));
        assert_eq!(merge_values(Some(&base), &ours, &clash), Merge::Conflict);
    }

    #[test]
    fn delete_against_edit_conflicts() {
        let base = FieldValue::Json(json!({"hours": 4}));
        let edited = FieldValue::Json(json!({"hours": 5}));
        assert_eq!(
            merge_values(Some(&base), &FieldValue::Deleted, &edited),
            Merge::Conflict
        );
        assert_eq!(
            merge_values(Some(&base), &edited, &FieldValue::Deleted),
            Merge::Conflict
        );
    }

    #[test]
    fn unknown_base_only_merges_equal_values() {
        let a = FieldValue::Text("a".into());
        let b = FieldValue::Text("b".into());
        assert_eq!(merge_values(None, &a, &a), Merge::Clean(a.clone()));
        assert_eq!(merge_values(None, &a, &b), Merge::Conflict);
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("Zin. ".to_string()),
                Just("\n".to_string()),
                Just("\\".to_string()),
                Just("woord ".to_string()),
                Just("Vraag? ".to_string()),
                "[a-z]{1,3}",
            ],
            0..12,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn sentences_concatenate_to_input(t in text()) {
            prop_assert_eq!(sentences(&t).concat(), t.clone());
            prop_assert_eq!(decode(&encode(&t)), t);
        }

        #[test]
        fn one_sided_edits_win(base in text(), edit in text()) {
            prop_assert_eq!(merge3(&base, &edit, &base), Merge::Clean(edit.clone()));
            prop_assert_eq!(merge3(&base, &base, &edit), Merge::Clean(edit.clone()));
        }

        // Appending distinct sentences at different ends never loses either.
        #[test]
        fn disjoint_insertions_both_survive(body in text()) {
            let base = format!("Begin. {body}\nEinde.");
            let ours = format!("Ons. {base}");
            let theirs = format!("{base} Hun.");
            match merge3(&base, &ours, &theirs) {
                Merge::Clean(m) => {
                    prop_assert!(m.contains("Ons. "));
                    prop_assert!(m.contains(" Hun."));
                }
                Merge::Conflict => {}
            }
        }
    }
}
