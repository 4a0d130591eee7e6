use crate::dates::ymd;
use crate::requirement::Status;
use crate::rules::trajectory::evaluate_trajectory;

/// 002 C1: "is in de twee jaar voorafgaand aan je certificering gestart" and
/// "Wel is vereist dat het traject minimaal een half jaar onderweg is".
#[test]
fn start_window_and_half_year() {
    let applied = ymd(2026, 11, 24);
    let cases = [
        // started exactly two years before: within "de twee jaar voorafgaand"
        (ymd(2024, 11, 24), None, Status::Met),
        (ymd(2024, 11, 23), None, Status::NotMet),
        // exactly six months before the application: half a year on the way
        (ymd(2026, 5, 24), None, Status::Met),
        // six months minus a day
        (ymd(2026, 5, 25), None, Status::NotMet),
        // starts after the application
        (ymd(2026, 11, 25), None, Status::NotMet),
        // "hoeft dan ook nog niet afgerond te zijn" but may be: ended after 6 months
        (ymd(2025, 1, 1), Some(ymd(2025, 7, 1)), Status::Met),
        (ymd(2025, 1, 1), Some(ymd(2025, 6, 30)), Status::NotMet),
        // end before start
        (ymd(2025, 1, 1), Some(ymd(2024, 12, 31)), Status::NotMet),
        // a planned end after the application: measured up to the application
        (ymd(2026, 5, 24), Some(ymd(2027, 6, 1)), Status::Met),
        (ymd(2026, 6, 1), Some(ymd(2027, 6, 1)), Status::NotMet),
    ];
    for (started, ended, status) in cases {
        let req = evaluate_trajectory(applied, started, ended);
        assert_eq!(req.status, status, "{started} {ended:?}: {}", req.message);
        assert_eq!(req.section, "C1");
    }
}

/// Six months from 31 August is 28 February (clamped), not 3 March.
#[test]
fn half_year_clamps_to_month_end() {
    let started = ymd(2025, 8, 31);
    assert_eq!(
        evaluate_trajectory(ymd(2026, 2, 28), started, None).status,
        Status::Met
    );
    assert_eq!(
        evaluate_trajectory(ymd(2026, 2, 27), started, None).status,
        Status::NotMet
    );
}
