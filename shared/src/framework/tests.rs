//! Seed references in these tests: "000" is /work/shared/seeds/000_23620c8e4cd3ec56.txt
//! (FAQ), "001" is 001_c5556b3296484495.txt (toetsingskader recertificering),
//! "002" is 002_502fc1f71e8dbf80.txt (toetsingskader initiële certificering
//! v1.3 november 2023). Quoted Dutch words locate the passage.

use super::*;

fn all_frameworks() -> [&'static Framework; 2] {
    [&INITIAL, &RECERTIFICATION]
}

/// Every text a candidate reads, with a label for failure messages.
fn all_texts() -> Vec<(String, &'static str)> {
    let mut texts = Vec::new();
    for fw in all_frameworks() {
        texts.push((format!("{:?} title", fw.kind), fw.title));
        texts.push((format!("{:?} intro", fw.kind), fw.introduction));
        for s in fw.sections {
            let at = |what: &str| format!("{:?} {} {what}", fw.kind, s.code);
            texts.push((at("title"), s.title));
            texts.push((at("criterion"), s.criterion));
            texts.extend(s.explanation.map(|e| (at("explanation"), e)));
            texts.extend(s.deliverables.iter().map(|d| (at("deliverable"), *d)));
            texts.extend(s.conditions.iter().map(|c| (at("condition"), *c)));
            for p in s.parts {
                texts.push((at(p.code), p.title));
                texts.extend(p.criterion.map(|c| (at(p.code), c)));
                texts.extend(p.indicators.iter().map(|i| (at(p.code), *i)));
            }
            for q in s.questions() {
                texts.push((q.key.to_owned(), q.text));
                texts.extend(q.guidance.map(|g| (q.key.to_owned(), g)));
            }
        }
    }
    texts
}

#[test]
fn framework_lookup_by_kind() {
    assert_eq!(
        framework(PortfolioKind::Initial).kind,
        PortfolioKind::Initial
    );
    assert_eq!(
        framework(PortfolioKind::Recertification).kind,
        PortfolioKind::Recertification
    );
    // 002: "Toetsingskader initiële certificering Register Jobcoach – v1.3 november 2023"
    assert_eq!(INITIAL.version, "v1.3 november 2023");
}

#[test]
fn section_codes_in_framework_order() {
    // 002: "A. OPLEIDING" ... "E. VERKLARING"
    let initial: Vec<_> = INITIAL.sections.iter().map(|s| s.code).collect();
    assert_eq!(
        initial,
        ["A1", "A2", "B1", "B2", "C1", "C2", "C3", "C4", "D", "E"]
    );
    // 001: "A1. WERKZAAM ALS UITVOEREND JOBCOACH" ... "C. Verklaring"
    let recert: Vec<_> = RECERTIFICATION.sections.iter().map(|s| s.code).collect();
    assert_eq!(recert, ["A1", "A2", "A3.1", "A3.2", "A4", "B", "C"]);
}

#[test]
fn every_section_has_questions_and_a_criterion() {
    for fw in all_frameworks() {
        for s in fw.sections {
            assert!(
                s.questions().next().is_some(),
                "{} has no questions",
                s.code
            );
            assert!(!s.criterion.is_empty(), "{} has no criterion", s.code);
            assert!(!s.deliverables.is_empty(), "{} has no deliverables", s.code);
            for p in s.parts {
                assert!(!p.questions.is_empty(), "{}.{} is empty", s.code, p.code);
            }
        }
    }
}

#[test]
fn keys_are_unique_across_both_frameworks() {
    let mut seen = std::collections::HashSet::new();
    for fw in all_frameworks() {
        for q in fw.questions() {
            assert!(seen.insert(q.key), "duplicate key {}", q.key);
        }
    }
}

/// Keys are `<kind>.<section>[.<part>].q<n>` where section is the code in
/// lowercase with the dot turned into an underscore (`A3.1` -> `a3_1`).
#[test]
fn keys_follow_the_pattern() {
    for fw in all_frameworks() {
        let prefix = match fw.kind {
            PortfolioKind::Initial => "initial",
            PortfolioKind::Recertification => "recertification",
        };
        for s in fw.sections {
            let section = s.code.to_lowercase().replace('.', "_");
            for q in s.questions {
                let n = q.key.strip_prefix(&format!("{prefix}.{section}.q"));
                assert!(is_number(n), "bad key {}", q.key);
            }
            for p in s.parts {
                for q in p.questions {
                    let n = q
                        .key
                        .strip_prefix(&format!("{prefix}.{section}.{}.q", p.code));
                    assert!(is_number(n), "bad key {}", q.key);
                }
                assert!(p
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            }
        }
    }
}

fn is_number(s: Option<&str>) -> bool {
    s.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && !n.starts_with('0'))
}

#[test]
fn lookup_helpers() {
    let q = INITIAL.question("initial.c1.task2.q3").expect("key exists");
    assert_eq!(q.text, "Hoe kijkt cliënt naar zichzelf?");
    assert!(INITIAL.question("recertification.a3_2.q1").is_none());
    assert!(RECERTIFICATION
        .question("recertification.a3_2.q1")
        .is_some());
    assert_eq!(
        RECERTIFICATION.section("A3.1").map(|s| s.code),
        Some("A3.1")
    );
    assert!(INITIAL.section("Z9").is_none());
    assert_eq!(
        INITIAL
            .section("C1")
            .and_then(|s| s.part("task4"))
            .map(|p| p.questions.len()),
        Some(5)
    );
}

fn part_questions(fw: &Framework, section: &str, part: &str) -> usize {
    fw.section(section)
        .and_then(|s| s.part(part))
        .map_or(0, |p| p.questions.len())
}

#[test]
fn structured_formats_have_their_parts() {
    // 002 task 2: "Dit format bestaat uit de volgende zeven onderdelen" followed by
    // eight numbered items; all eight are asked (the count in the sentence is a
    // slip in the seed).
    assert_eq!(part_questions(&INITIAL, "C1", "task2"), 8);
    // 002 task 3: "Dit format bestaat uit de volgende zes onderdelen"
    assert_eq!(part_questions(&INITIAL, "C1", "task3"), 6);
    // 002 task 4: "Dit format bestaat uit de volgende vijf onderdelen"
    assert_eq!(part_questions(&INITIAL, "C1", "task4"), 5);
    // 002 task 5: "Zorg er in elk geval voor dat de onderstaande onderwerpen aan de orde komen" (1-5)
    assert_eq!(part_questions(&INITIAL, "C1", "task5"), 5);
    // 001 A3.2: "aan de hand van een viertal richtinggevende vragen"
    assert_eq!(RECERTIFICATION.section("A3.2").unwrap().questions.len(), 4);
    // 001 A4: "Heden", "Verleden", "Toekomst" with 1 + 3 + 3 reflection questions
    let a4 = RECERTIFICATION.section("A4").unwrap();
    let parts: Vec<_> = a4.parts.iter().map(|p| p.code).collect();
    assert_eq!(parts, ["present", "past", "future"]);
    assert_eq!(a4.questions().count(), 7);
    // 002 D: "De drie vragen zijn"
    assert_eq!(INITIAL.section("D").unwrap().questions.len(), 3);
}

#[test]
fn c1_has_tasks_zero_to_seven_and_c2_four_areas() {
    // 002 C1: "De taken 1 tot en met 7 ... Taak 0 beschrijft een aantal procestaken"
    let c1 = INITIAL.section("C1").unwrap();
    for task in 0..=7 {
        assert!(c1.part(&format!("task{task}")).is_some(), "task{task}");
    }
    // 002 C2: kennisgebieden 1 to 4
    assert_eq!(INITIAL.section("C2").unwrap().parts.len(), 4);
    // 002 C3: six competencies, C4: four attitudes
    assert_eq!(INITIAL.section("C3").unwrap().parts.len(), 6);
    assert_eq!(INITIAL.section("C4").unwrap().parts.len(), 4);
}

#[test]
fn word_guidance_where_the_seed_gives_it() {
    // 002 task 0 and task 1 end in "(200 woorden)"
    for key in ["initial.c1.task0.q1", "initial.c1.task1.q1"] {
        assert_eq!(
            INITIAL.question(key).unwrap().word_guidance,
            Some(200),
            "{key}"
        );
    }
}

#[test]
fn structured_inputs_are_where_the_rules_expect_them() {
    let input = |fw: &Framework, key: &str| fw.question(key).map(|q| q.input);
    assert_eq!(
        input(&INITIAL, "initial.b1.q1"),
        Some(InputKind::HoursDeclaration)
    );
    assert_eq!(
        input(&INITIAL, "initial.c1.intro.q1"),
        Some(InputKind::TrajectoryDates)
    );
    assert_eq!(
        input(&INITIAL, "initial.e.q1"),
        Some(InputKind::Declaration)
    );
    assert_eq!(
        input(&RECERTIFICATION, "recertification.a3_1.q1"),
        Some(InputKind::ReflectionMeetings)
    );
    assert_eq!(
        input(&RECERTIFICATION, "recertification.b.q1"),
        Some(InputKind::PeRegister)
    );
}

/// The seeds are PDF extracts with words broken across lines ("vol- doen").
/// The only "x- y" left may be the Dutch elision dash before "en"/"of"
/// ("wet- en regelgeving", "leer- en/of ontwikkelpunten").
#[test]
fn no_hyphenation_artifacts_or_stray_whitespace() {
    for (label, text) in all_texts() {
        assert!(!text.is_empty(), "{label}: empty");
        assert_eq!(text.trim(), text, "{label}: surrounding whitespace");
        assert!(!text.contains("  "), "{label}: double space in {text:?}");
        assert!(!text.contains('\n'), "{label}: line break in {text:?}");
        assert!(!text.contains(" ."), "{label}: space before period");
        for (i, _) in text.match_indices("- ") {
            let before = text[..i].chars().next_back();
            if before.is_some_and(char::is_alphabetic) {
                let next_word = text[i + 2..].split([' ', ',']).next().unwrap_or("");
                assert!(
                    matches!(next_word, "en" | "of" | "en/of"),
                    "{label}: hyphenation artifact near {:?}",
                    &text[i.saturating_sub(15)..(i + 15).min(text.len())]
                );
            }
        }
    }
}

#[test]
fn serializes_for_the_ui() {
    let json = serde_json::to_value(&INITIAL).unwrap();
    assert_eq!(json["kind"], "initial");
    assert_eq!(
        json["sections"][4]["parts"][3]["questions"][0]["key"],
        "initial.c1.task2.q1"
    );
    let b1 = &json["sections"][2]["questions"][0];
    assert_eq!(b1["input"], "hours_declaration");
    assert_eq!(b1["word_guidance"], serde_json::Value::Null);
    let recert = serde_json::to_value(&RECERTIFICATION).unwrap();
    assert_eq!(recert["kind"], "recertification");
    assert_eq!(
        recert["sections"][2]["questions"][0]["input"],
        "reflection_meetings"
    );
}
