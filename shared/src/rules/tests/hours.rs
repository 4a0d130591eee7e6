use crate::dates::ymd;
use crate::requirement::Status;
use crate::rules::hours::*;

fn period(from: (i32, u32, u32), to: Option<(i32, u32, u32)>, hours: u32) -> WorkPeriod {
    WorkPeriod {
        description: "Jobcoach bij Voorbeeld BV".to_owned(),
        started_on: ymd(from.0, from.1, from.2),
        ended_on: to.map(|(y, m, d)| ymd(y, m, d)),
        hours,
    }
}

fn declaration(periods: Vec<WorkPeriod>, currently_working: bool) -> HoursDeclaration {
    HoursDeclaration {
        periods,
        currently_working,
    }
}

/// 002 B1: "Je hebt in de afgelopen drie jaar tenminste 1200 uur
/// beroepsgerichte werkervaring als uitvoerend jobcoach opgedaan" and "Je
/// werkt op het moment van certificeren als uitvoerend jobcoach".
#[test]
fn minimum_hours_and_currently_working() {
    let applied = ymd(2026, 11, 24);
    let cases = [
        (vec![period((2024, 1, 1), None, 1200)], true, Status::Met),
        (vec![period((2024, 1, 1), None, 1199)], true, Status::NotMet),
        (
            vec![
                period((2024, 1, 1), Some((2024, 12, 31)), 600),
                period((2025, 1, 1), None, 600),
            ],
            true,
            Status::Met,
        ),
        (
            vec![period((2024, 1, 1), None, 5000)],
            false,
            Status::NotMet,
        ),
        (vec![], true, Status::NotMet),
    ];
    for (periods, working, status) in cases {
        let req = evaluate_hours(applied, &declaration(periods.clone(), working));
        assert_eq!(req.status, status, "{periods:?} {working}: {}", req.message);
        assert_eq!(req.section, "B1");
    }
}

/// "in de afgelopen drie jaar": the window runs from the same calendar day
/// three years back up to and including the application date.
#[test]
fn window_boundaries() {
    let applied = ymd(2026, 11, 24);
    // starts exactly on the window's first day: counts in full
    let inside = evaluate_hours(
        applied,
        &declaration(vec![period((2023, 11, 24), None, 1200)], true),
    );
    assert_eq!(inside.status, Status::Met, "{}", inside.message);
    assert!(inside.warnings.is_empty());
    // ends the day before the window: nothing counts
    let outside = evaluate_hours(
        applied,
        &declaration(vec![period((2020, 1, 1), Some((2023, 11, 23)), 5000)], true),
    );
    assert_eq!(outside.status, Status::NotMet);
    assert_eq!(outside.warnings.len(), 1);
}

/// A period straddling the window counts pro rata by days, rounded down.
#[test]
fn straddling_period_counts_pro_rata() {
    let applied = ymd(2026, 1, 10);
    // 2022-01-11 .. 2026-01-10 is 1461 days; the window 2023-01-10 .. 2026-01-10 is 1097 days.
    let req = evaluate_hours(
        applied,
        &declaration(vec![period((2022, 1, 11), None, 1461)], true),
    );
    assert!(req.message.contains("1097 uur"), "{}", req.message);
    assert_eq!(req.status, Status::NotMet);
    assert_eq!(req.warnings.len(), 1);
}

#[test]
fn period_ending_before_it_starts_is_ignored_with_warning() {
    let req = evaluate_hours(
        ymd(2026, 1, 10),
        &declaration(vec![period((2025, 6, 1), Some((2025, 1, 1)), 2000)], true),
    );
    assert_eq!(req.status, Status::NotMet);
    assert_eq!(req.warnings.len(), 1);
}
