//! Examples of anchoring on Dutch answers; the properties are in
//! `shared/tests/anchor_props.rs`.

use super::*;

const ANSWER: &str = "In fase 3 heb ik samen met de cliënt een werkplekprofiel gemaakt. \
De werkgever was eerst terughoudend. Na twee gesprekken op de werkvloer \
zag hij de meerwaarde van een jobcoach. Ik heb daarna het coachingsplan \
met de cliënt besproken.";

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Character offsets of the first occurrence of `quote` in `text`.
fn find(text: &str, quote: &str) -> (usize, usize) {
    let byte = text.find(quote).expect("quote in text");
    let start = chars(&text[..byte]);
    (start, start + chars(quote))
}

fn anchor_on(text: &str, quote: &str) -> Anchor {
    let (start, end) = find(text, quote);
    Anchor::select(text, start, end).expect("valid selection")
}

#[test]
fn select_takes_the_quote_and_up_to_32_characters_of_context() {
    let a = anchor_on(ANSWER, "De werkgever was eerst terughoudend.");
    assert_eq!(a.exact, "De werkgever was eerst terughoudend.");
    assert_eq!(a.prefix, "nt een werkplekprofiel gemaakt. ");
    assert_eq!(a.suffix, " Na twee gesprekken op de werkvl");
    assert_eq!(a.suffix.chars().count(), CONTEXT_CHARS);
    // Offsets count characters: "cliënt" before the quote is one char per letter.
    assert_eq!(a.start, 66);
    assert_eq!(a.end, 66 + 36);
}

#[test]
fn select_at_the_edges_of_the_text_has_short_context() {
    let a = Anchor::select("Hallo wereld", 0, 5).unwrap();
    assert_eq!(
        (a.prefix.as_str(), a.exact.as_str(), a.suffix.as_str()),
        ("", "Hallo", " wereld")
    );
    let b = Anchor::select("Hallo wereld", 6, 12).unwrap();
    assert_eq!((b.prefix.as_str(), b.suffix.as_str()), ("Hallo ", ""));
}

#[test]
fn select_refuses_empty_and_out_of_range_selections() {
    assert_eq!(Anchor::select("cliënt", 2, 2), Err(AnchorError::Empty));
    assert_eq!(Anchor::select("cliënt", 3, 7), Err(AnchorError::OutOfRange));
    assert_eq!(Anchor::select("cliënt", 4, 3), Err(AnchorError::OutOfRange));
    // Six characters although "ë" is two bytes.
    assert!(Anchor::select("cliënt", 0, 6).is_ok());
}

#[test]
fn check_finds_a_mismatch() {
    let a = anchor_on(ANSWER, "werkplekprofiel");
    assert_eq!(a.check(ANSWER), Ok(()));
    let edited = ANSWER.replace("In fase 3", "In fase drie");
    assert_eq!(a.check(&edited), Err(AnchorError::Mismatch));
    assert_eq!(a.check("kort"), Err(AnchorError::OutOfRange));
    let mut wrong = a.clone();
    wrong.exact = "werkplekprofie".into();
    assert_eq!(wrong.check(ANSWER), Err(AnchorError::Mismatch));
    assert_eq!(AnchorError::Mismatch.code(), "anchor_mismatch");
}

#[test]
fn the_wire_shape_is_the_issues() {
    let a = Anchor::select("één cliënt", 4, 10).unwrap();
    let placed = reanchor(&a, "één cliënt", "één cliënt");
    assert_eq!(
        serde_json::to_value(&placed).unwrap(),
        serde_json::json!({"exact": "cliënt", "prefix": "één ", "suffix": "",
                           "start": 4, "end": 10, "status": "anchored"})
    );
    let back: PlacedAnchor =
        serde_json::from_value(serde_json::to_value(&placed).unwrap()).unwrap();
    assert_eq!(back, placed);
}

#[test]
fn text_typed_before_the_quote_shifts_it() {
    let a = anchor_on(ANSWER, "zag hij de meerwaarde van een jobcoach.");
    let edited = ANSWER.replace("In fase 3 heb ik", "In fase 3 (matching) heb ik");
    let placed = reanchor(&a, ANSWER, &edited);
    assert_eq!(placed.status, AnchorStatus::Anchored);
    assert_eq!(placed.anchor.exact, a.exact);
    assert_eq!(placed.anchor.start, a.start + chars(" (matching)"));
    assert_eq!(placed.anchor.check(&edited), Ok(()));
}

#[test]
fn typing_right_against_the_quote_does_not_enter_it() {
    let text = "Ik zag groei.";
    let a = anchor_on(text, "groei");
    let before = reanchor(&a, text, "Ik zag veel groei.");
    assert_eq!(
        (before.anchor.exact.as_str(), before.anchor.start),
        ("groei", 12)
    );
    let glued = reanchor(&a, text, "Ik zag groeikansen.");
    assert_eq!(glued.status, AnchorStatus::Anchored);
    assert_eq!((glued.anchor.start, glued.anchor.end), (7, 12));
    assert_eq!(glued.anchor.suffix, "kansen.");
}

#[test]
fn a_typo_fixed_inside_a_long_quote_stays_anchored_on_the_new_words() {
    let text = ANSWER.replace("terughoudend", "terughoudent");
    let a = anchor_on(&text, "De werkgever was eerst terughoudent.");
    let placed = reanchor(&a, &text, ANSWER);
    assert_eq!(placed.status, AnchorStatus::Anchored);
    assert_eq!(placed.anchor.exact, "De werkgever was eerst terughoudend.");
}

#[test]
fn a_rewritten_sentence_orphans_its_comment_and_keeps_the_quote() {
    let a = anchor_on(ANSWER, "De werkgever was eerst terughoudend.");
    let edited = ANSWER.replace(
        "De werkgever was eerst terughoudend.",
        "Mijn leidinggevende stelde voor om te wachten.",
    );
    let placed = reanchor(&a, ANSWER, &edited);
    assert_eq!(placed.status, AnchorStatus::Orphaned);
    assert_eq!(placed.anchor.exact, a.exact);
    assert_eq!(placed.anchor.prefix, a.prefix);
    assert_eq!(placed.anchor.suffix, a.suffix);
    assert!(placed.anchor.end <= chars(&edited));
}

#[test]
fn a_moved_sentence_is_found_again() {
    let sentence = "Ik heb daarna het coachingsplan met de cliënt besproken.";
    let a = anchor_on(ANSWER, sentence);
    let rest = ANSWER.replace(sentence, "");
    let moved = format!("{sentence} {}", rest.trim_end());
    let placed = reanchor(&a, ANSWER, &moved);
    assert_eq!(placed.status, AnchorStatus::Anchored);
    assert_eq!(
        (placed.anchor.start, placed.anchor.exact.as_str()),
        (0, sentence)
    );
}

#[test]
fn a_deleted_short_quote_is_not_attached_to_another_occurrence() {
    // "de" occurs several times; the one commented on is deleted along with
    // its surroundings, so no other "de" fits.
    let a = anchor_on(ANSWER, "de werkvloer");
    let short = Anchor::select(ANSWER, a.start, a.start + 2).unwrap();
    assert_eq!(short.exact, "de");
    let edited = ANSWER.replace(
        "Na twee gesprekken op de werkvloer zag hij",
        "Later zag hij",
    );
    assert_eq!(
        reanchor(&short, ANSWER, &edited).status,
        AnchorStatus::Orphaned
    );
}

#[test]
fn a_complete_rewrite_of_a_long_answer_stays_cheap_and_finds_the_quote() {
    // Beyond MAX_DIFF_UNITS the middle is diffed by words, and beyond that
    // not at all; the verbatim search still finds the sentence.
    let old: String = (0..2000)
        .map(|i| format!("zin {i} van de oude tekst. "))
        .collect();
    let quote = "Dit blijft staan.";
    let old = format!("{old}{quote}");
    let new: String = (0..2000)
        .map(|i| format!("regel {i} in nieuwe bewoording! "))
        .collect();
    let new = format!("{quote} {new}");
    let a = anchor_on(&old, quote);
    let placed = reanchor(&a, &old, &new);
    assert_eq!(placed.status, AnchorStatus::Anchored);
    assert_eq!(placed.anchor.start, 0);
}

#[test]
fn hostile_offsets_never_panic() {
    let a = Anchor {
        exact: "x".into(),
        prefix: String::new(),
        suffix: String::new(),
        start: 90,
        end: 3,
    };
    let placed = reanchor(&a, "abc", "abcd");
    assert_eq!(placed.status, AnchorStatus::Orphaned);
    assert!(placed.anchor.start <= placed.anchor.end && placed.anchor.end <= 4);
}

#[test]
fn taking_a_suggestion_replaces_exactly_the_quote() {
    let a = anchor_on(ANSWER, "terughoudend");
    let placed = reanchor(&a, ANSWER, ANSWER);
    let taken = apply_suggestion(ANSWER, &placed, "afwachtend").unwrap();
    assert_eq!(taken, ANSWER.replace("terughoudend", "afwachtend"));
    // Multi-byte text before the quote: offsets are characters, not bytes.
    let text = "Één cliënt 😀 was blij.";
    let a = anchor_on(text, "blij");
    let placed = reanchor(&a, text, text);
    assert_eq!(
        apply_suggestion(text, &placed, "tevreden").unwrap(),
        "Één cliënt 😀 was tevreden."
    );
}

#[test]
fn a_suggestion_on_a_stale_or_orphaned_anchor_is_refused() {
    let a = anchor_on(ANSWER, "terughoudend");
    let placed = reanchor(&a, ANSWER, ANSWER);
    let edited = ANSWER.replace("In fase 3", "Fase 3:");
    assert_eq!(
        apply_suggestion(&edited, &placed, "x"),
        Err(AnchorError::Mismatch)
    );
    let orphan = PlacedAnchor {
        status: AnchorStatus::Orphaned,
        ..placed
    };
    assert_eq!(
        apply_suggestion(ANSWER, &orphan, "x"),
        Err(AnchorError::Orphaned)
    );
}

#[test]
fn a_large_edit_is_mapped_word_by_word() {
    // Every sentence changes, so the changed middle is over MAX_DIFF_UNITS
    // characters but not words; the quote occurs 250 times and only the
    // mapping tells which one is meant.
    let old: String = (0..250)
        .map(|i| format!("Zin {i} gaat over de cliënt. "))
        .collect();
    let new: String = (0..250)
        .map(|i| format!("Zin {i} gaat nu over de cliënt. "))
        .collect();
    assert!(chars(&old) + chars(&new) > reanchor::MAX_DIFF_UNITS);
    let (_, e) = find(&old, "Zin 150 gaat over de cliënt.");
    let a = Anchor::select(&old, e - chars("de cliënt."), e - 1).unwrap();
    assert_eq!(a.exact, "de cliënt");
    let placed = reanchor(&a, &old, &new);
    assert_eq!(placed.status, AnchorStatus::Anchored);
    assert_eq!(placed.anchor.start, a.start + 151 * chars(" nu"));
    assert_eq!(
        placed.anchor.start,
        find(&new, "Zin 150 gaat nu over de cliënt.").0 + chars("Zin 150 gaat nu over ")
    );
}
