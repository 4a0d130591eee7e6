//! The category 4 statement for mentors and assessors (seed 001,
//! recertification B: "Mentor of assessor bij (re)certificering Register
//! Jobcoach. 4 PE-punten per jaar en 2 PE-punten per begeleide dan wel
//! getoetste kandidaat").

use proptest::prelude::*;

use crate::dates::ymd;
use crate::rules::pe_points::{activity_points, PeActivityKind};
use crate::rules::pe_statement::*;
use crate::rules::recertification::recertification_rules;
use StatementFunction::*;

fn e(
    function: StatementFunction,
    who: &str,
    from: (i32, u32, u32),
    until: Option<(i32, u32, u32)>,
) -> Engagement {
    Engagement {
        function,
        candidate: (!who.is_empty()).then(|| who.to_string()),
        from: ymd(from.0, from.1, from.2),
        until: until.map(|(y, m, d)| ymd(y, m, d)),
    }
}

const TODAY: (i32, u32, u32) = (2026, 12, 1);

fn today() -> chrono::NaiveDate {
    ymd(TODAY.0, TODAY.1, TODAY.2)
}

#[test]
fn four_points_a_year_and_two_per_guided_or_assessed_candidate() {
    // Seed 001: "4 PE-punten per jaar en 2 PE-punten per begeleide dan wel
    // getoetste kandidaat".
    let records = [
        e(Mentor, "anna", (2025, 3, 1), None),
        e(Mentor, "bert", (2025, 9, 15), Some((2025, 11, 30))),
        e(Assessor, "portfolio-1", (2025, 5, 2), Some((2025, 7, 1))),
    ];
    let s = statement(2025, today(), &records).expect("a statement for 2025");
    assert_eq!(s.candidates, 3);
    assert_eq!(s.points, 4 + 2 * 3);
    assert_eq!(
        s.functions,
        vec![
            FunctionPeriod {
                function: Mentor,
                from: ymd(2025, 3, 1),
                until: ymd(2025, 12, 31),
                candidates: 2,
            },
            FunctionPeriod {
                function: Assessor,
                from: ymd(2025, 5, 2),
                until: ymd(2025, 7, 1),
                candidates: 1,
            },
        ]
    );
    assert_eq!(s.date, ymd(2025, 12, 31));
}

#[test]
fn a_candidate_counts_once_in_the_year_the_guidance_began() {
    let records = [e(Mentor, "anna", (2024, 10, 1), None)];
    let first = statement(2024, today(), &records).expect("2024");
    let second = statement(2025, today(), &records).expect("2025");
    assert_eq!((first.candidates, first.points), (1, 6));
    // Still mentor in 2025: the function year, not the candidate again.
    assert_eq!((second.candidates, second.points), (0, 4));
}

#[test]
fn the_running_year_ends_today_and_a_year_without_a_function_has_no_statement() {
    let records = [
        e(Assessor, "p", (2023, 2, 1), Some((2023, 3, 1))),
        e(Mentor, "a", (2026, 4, 1), None),
    ];
    let now = statement(2026, today(), &records).expect("2026");
    assert_eq!(now.date, today());
    assert_eq!(now.functions[0].until, today());
    assert_eq!(statement(2024, today(), &records), None);
    assert_eq!(statement(2027, today(), &records), None);
    let years: Vec<i32> = statements(today(), &records)
        .iter()
        .map(|s| s.year)
        .collect();
    assert_eq!(years, vec![2026, 2023]);
}

#[test]
fn an_erased_candidate_still_counts() {
    let records = [
        e(Mentor, "", (2025, 1, 5), None),
        e(Mentor, "", (2025, 2, 5), None),
    ];
    assert_eq!(
        statement(2025, today(), &records).map(|s| s.candidates),
        Some(2)
    );
}

#[test]
fn the_activity_earns_in_the_pe_register_what_the_statement_says() {
    let records = [
        e(Mentor, "a", (2025, 1, 5), None),
        e(Assessor, "p", (2025, 6, 5), None),
    ];
    let s = statement(2025, today(), &records).expect("2025");
    let row = activity(&s);
    assert_eq!(row.kind, PeActivityKind::RjMentorAssessor);
    assert_eq!(row.category, 4);
    assert_eq!(row.id, activity_id(2025));
    let earned = activity_points(&row, &recertification_rules(ymd(2027, 6, 1))).expect("valid row");
    assert_eq!(earned.points, s.points);
    assert_eq!(
        description(&s),
        "Mentor en assessor Register Jobcoach 2025 (PE-verklaring)"
    );
    let text = paragraphs(&s, "Mira Mentor").join("\n");
    assert!(text.contains("Mira Mentor in 2025"), "{text}");
    assert!(
        text.contains(
            "Mentor van 5 januari 2025 tot en met 31 december 2025: 1 begeleide kandidaat."
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Assessor van 5 juni 2025 tot en met 31 december 2025: 1 getoetste kandidaat."
        ),
        "{text}"
    );
    assert!(text.contains("8 PE-punten"), "{text}");
}

fn any_records() -> impl Strategy<Value = Vec<Engagement>> {
    prop::collection::vec(
        (
            any::<bool>(),
            0u8..6,
            0u32..2500,
            prop::option::of(0u32..900),
        ),
        0..12,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .map(|(mentor, who, start, length)| {
                let from = ymd(2020, 1, 1) + chrono::Days::new(u64::from(start));
                Engagement {
                    function: if mentor { Mentor } else { Assessor },
                    candidate: (who > 0).then(|| format!("c{who}")),
                    from,
                    until: length.map(|l| from + chrono::Days::new(u64::from(l))),
                }
            })
            .collect()
    })
}

proptest! {
    /// Over all years, every (function, candidate) is counted exactly once
    /// and every erased candidate's engagement once, when it began by today.
    #[test]
    fn every_candidate_is_counted_exactly_once(records in any_records()) {
        let today = ymd(2026, 12, 1);
        let counted: u64 = statements(today, &records).iter().map(|s| s.candidates).sum();
        let mut named: Vec<(StatementFunction, &str)> = records
            .iter()
            .filter(|e| e.from <= today)
            .filter_map(|e| e.candidate.as_deref().map(|c| (e.function, c)))
            .collect();
        named.sort();
        named.dedup();
        let erased = records.iter().filter(|e| e.from <= today && e.candidate.is_none()).count();
        prop_assert_eq!(counted, (named.len() + erased) as u64);
    }

    /// A statement exists exactly for the years some engagement overlaps,
    /// and its points are 4 plus 2 per candidate.
    #[test]
    fn statements_exist_for_the_years_worked(records in any_records(), year in 2019i32..2028) {
        let today = ymd(2026, 12, 1);
        let worked = records.iter().any(|e| {
            let start = ymd(year, 1, 1);
            let end = ymd(year, 12, 31).min(today);
            e.from <= end && e.until.unwrap_or(today) >= start && start <= end && e.from <= e.until.unwrap_or(today)
        });
        let s = statement(year, today, &records);
        prop_assert_eq!(s.is_some(), worked);
        if let Some(s) = s {
            prop_assert_eq!(s.points, 4 + 2 * s.candidates);
            prop_assert!(s.functions.iter().all(|f| f.from <= f.until && f.until <= today));
        }
    }
}
