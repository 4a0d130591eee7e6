use crate::dates::ymd;
use crate::rules::pe_points::*;
use crate::rules::recertification::recertification_rules;
use chrono::NaiveDate;
use PeActivityKind::*;

pub(super) fn activity(id: &str, category: i64, kind: PeActivityKind, quantity: f64) -> PeActivity {
    PeActivity {
        id: id.to_owned(),
        category,
        kind,
        date: ymd(2025, 3, 10),
        quantity,
        has_evidence: true,
        candidates: None,
        words: None,
    }
}

fn evaluate(activities: Vec<PeActivity>) -> PeOutcome {
    evaluate_pe(&PeRequest {
        certificate_end_date: ymd(2027, 6, 1),
        activities,
    })
    .expect("valid request")
}

fn points(a: PeActivity) -> u64 {
    activity_points(&a, &recertification_rules(ymd(2027, 6, 1)))
        .expect("valid activity")
        .points
}

/// 001 section B, table "PE-punten per activiteit": "1 SBU = 1PE", "1 PE-punt
/// voor 1 uur 'les'-uur", "3 PE punten voor een dagdeel", "2 PE-punten per
/// boek", "1 PE-punt per abonnement vaktijdschrift per jaar", "1 PE punt per
/// beluisterde podcast", "2 PE-punten per bijeenkomst", "10 PE-punten per jaar
/// voor bestuursfunctie", "6 PE-punten per jaar voor lid ledenraad, commissie
/// of werkgroep", "4 PE-punten per jaar en 2 PE-punten per begeleide dan wel
/// getoetste kandidaat", "4 PE-punten per jaar" (other context), "10
/// PE-punten per artikel", "25 PE-punten per boek", "6 PE-punten per
/// activiteit", "2 PE-punt per jaar per soort vrijwilligerswerk".
#[test]
fn rates_per_kind() {
    let cases = [
        (activity("a", 1, Course, 12.0), 12),
        (activity("a", 3, Course, 7.0), 7),
        (activity("a", 1, Workshop, 3.0), 3),
        (activity("a", 1, Congress, 2.0), 6),
        (activity("a", 3, Congress, 1.0), 3),
        (activity("a", 1, BookRead, 2.0), 4),
        (activity("a", 1, JournalSubscription, 3.0), 3),
        (activity("a", 1, Podcast, 5.0), 5),
        (activity("a", 2, PeerMeeting, 4.0), 8),
        (activity("a", 4, BoardRole, 2.0), 20),
        (activity("a", 4, CommitteeRole, 1.0), 6),
        (activity("a", 4, RjMentorAssessor, 1.0), 4),
        (
            PeActivity {
                candidates: Some(3.0),
                ..activity("a", 4, RjMentorAssessor, 2.0)
            },
            14,
        ),
        (activity("a", 4, OtherMentorAssessor, 2.0), 8),
        (
            PeActivity {
                words: Some(1500.0),
                ..activity("a", 5, Article, 1.0)
            },
            10,
        ),
        (activity("a", 5, BookWritten, 1.0), 25),
        (activity("a", 5, WebinarGiven, 2.0), 12),
        (activity("a", 5, Lecture, 1.0), 6),
        (activity("a", 6, Volunteering, 3.0), 6),
        (activity("a", 1, Course, 0.0), 0),
    ];
    for (a, expected) in cases {
        assert_eq!(points(a.clone()), expected, "{a:?}");
    }
}

/// 001: "Schrijven en publiceren van artikelen over het vakgebied. (Minimaal
/// 1500 woorden)."
#[test]
fn article_needs_1500_words() {
    for (words, expected) in [(Some(1499.0), 0), (Some(1500.0), 10), (None, 0)] {
        let a = PeActivity {
            words,
            ..activity("a", 5, Article, 1.0)
        };
        let result = activity_points(&a, &recertification_rules(ymd(2027, 6, 1))).unwrap();
        assert_eq!(result.points, expected, "{words:?}");
        assert_eq!(result.reasons.is_empty(), expected > 0, "{words:?}");
    }
}

/// 001: "Zonder bewijsstuk kunnen geen punten worden toegekend" and "In de
/// afgelopen vier jaar": the period is inclusive on both ends.
#[test]
fn evidence_and_period() {
    let end = ymd(2027, 6, 1);
    let rules = recertification_rules(end);
    let dated = |date: NaiveDate| PeActivity {
        date,
        ..activity("a", 1, Course, 5.0)
    };
    let cases = [
        (dated(ymd(2023, 6, 1)), 5),
        (dated(ymd(2023, 5, 31)), 0),
        (dated(end), 5),
        (dated(ymd(2027, 6, 2)), 0),
        (
            PeActivity {
                has_evidence: false,
                ..dated(ymd(2025, 1, 1))
            },
            0,
        ),
    ];
    for (a, expected) in cases {
        let result = activity_points(&a, &rules).unwrap();
        assert_eq!(result.points, expected, "{a:?}");
        assert_eq!(result.reasons.len(), usize::from(expected == 0), "{a:?}");
    }
}

/// 001: category 1 "Minimaal 30 PE-punten, waaronder maximaal 10 PE-punten
/// voor het lezen van vakliteratuur/podcasts"; categories 2-5 "Maximaal 30
/// PE-punten", category 6 "Maximaal 10 PE-punten"; "minimaal 75 PE-punten".
#[test]
fn caps_minimums_and_total() {
    let out = evaluate(vec![
        activity("course", 1, Course, 25.0),
        activity("books", 1, BookRead, 4.0), // 8 literature
        activity("subs", 1, JournalSubscription, 4.0), // 4 literature -> 12, capped 10
        activity("peer", 2, PeerMeeting, 20.0), // 40 -> 30
        activity("board", 4, BoardRole, 1.0), // 10
        activity("vol", 6, Volunteering, 6.0), // 12 -> 10
    ]);
    let counted: Vec<_> = out
        .categories
        .iter()
        .map(|c| (c.claimed, c.counted))
        .collect();
    assert_eq!(
        counted,
        [(37, 35), (40, 30), (0, 0), (10, 10), (0, 0), (12, 10)]
    );
    assert_eq!(out.total_counted, 85);
    assert!(out.meets_requirements);
    assert!(out.shortfalls.is_empty());
    let limits: Vec<_> = out
        .categories
        .iter()
        .map(|c| (c.minimum, c.maximum))
        .collect();
    assert_eq!(
        limits,
        [
            (Some(30), None),
            (None, Some(30)),
            (None, Some(30)),
            (None, Some(30)),
            (None, Some(30)),
            (None, Some(10)),
        ]
    );
}

#[test]
fn shortfall_boundaries() {
    // 29 in category 1 with 75 in total: only the category shortfall.
    let out = evaluate(vec![
        activity("c", 1, Course, 29.0),
        activity("p", 2, PeerMeeting, 15.0),
        activity("b", 4, BoardRole, 3.0),
        activity("l", 5, Lecture, 1.0),
    ]);
    assert_eq!(out.total_counted, 95);
    let codes: Vec<_> = out.shortfalls.iter().map(|s| s.code).collect();
    assert_eq!(codes, [ShortfallCode::Category1Below30]);
    assert!(!out.meets_requirements);

    // exactly 30 and 75: met
    let out = evaluate(vec![
        activity("c", 1, Course, 30.0),
        activity("p", 2, PeerMeeting, 15.0),
        activity("k", 3, Course, 15.0),
    ]);
    assert_eq!(out.total_counted, 75);
    assert!(out.meets_requirements, "{:?}", out.shortfalls);

    // 74: total shortfall
    let out = evaluate(vec![
        activity("c", 1, Course, 30.0),
        activity("p", 2, PeerMeeting, 15.0),
        activity("k", 3, Course, 14.0),
    ]);
    assert_eq!(out.total_counted, 74);
    let codes: Vec<_> = out.shortfalls.iter().map(|s| s.code).collect();
    assert_eq!(codes, [ShortfallCode::TotalBelow75]);
}

/// Validation reports the JSON path of the offending field and names it in
/// Dutch.
#[test]
fn invalid_activities_are_field_errors() {
    let with = |f: fn(&mut PeActivity)| {
        let mut a = activity("a", 1, Course, 1.0);
        f(&mut a);
        vec![activity("ok", 1, Course, 1.0), a]
    };
    let cases: [(Vec<PeActivity>, &str); 11] = [
        (with(|a| a.category = 2), "activities[1].category"),
        (with(|a| a.category = 0), "activities[1].category"),
        (with(|a| a.category = 7), "activities[1].category"),
        (with(|a| a.quantity = -1.0), "activities[1].quantity"),
        (with(|a| a.quantity = 1.5), "activities[1].quantity"),
        (with(|a| a.quantity = 1e12), "activities[1].quantity"),
        (
            with(|a| a.candidates = Some(1.0)),
            "activities[1].candidates",
        ),
        (with(|a| a.words = Some(2000.0)), "activities[1].words"),
        (with(|a| a.id = "ok".to_owned()), "activities[1].id"),
        (with(|a| a.id = String::new()), "activities[1].id"),
        (
            with(|a| {
                a.kind = RjMentorAssessor;
                a.category = 4;
                a.candidates = Some(-2.0);
            }),
            "activities[1].candidates",
        ),
    ];
    for (activities, field) in cases {
        let err = evaluate_pe(&PeRequest {
            certificate_end_date: ymd(2027, 6, 1),
            activities: activities.clone(),
        })
        .expect_err("invalid");
        assert_eq!(err.field, field, "{activities:?}");
        let leaf = field.rsplit('.').next().unwrap();
        assert!(err.message.contains(leaf), "{}", err.message);
    }
}

#[test]
fn catalogue_matches_the_kinds() {
    for (index, info) in PE_CATALOGUE.iter().enumerate() {
        assert_eq!(info.kind as usize, index, "{:?}", info.kind);
        assert!(!info.categories.is_empty());
        assert!(info.categories.iter().all(|c| (1..=6).contains(c)));
    }
    // 001: "Lezen en bestuderen van vakliteratuur en beluisteren van podcasts"
    let literature: Vec<_> = PE_CATALOGUE
        .iter()
        .filter(|i| i.literature)
        .map(|i| i.kind)
        .collect();
    assert_eq!(literature, [BookRead, JournalSubscription, Podcast]);
    let numbers: Vec<_> = PE_CATEGORIES.iter().map(|c| c.category).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
}
