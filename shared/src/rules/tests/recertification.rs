use crate::dates::ymd;
use crate::requirement::Status;
use crate::rules::recertification::*;

/// 001 A2: "Valt je recertificering tussen 1 januari 2023 en 31 december 2026
/// dan heb je vrijstelling van dit onderdeel. Vanaf 1 januari 2027 is dit een
/// verplicht onderdeel." 001 A3.1 table: 2024 "Eén / Eenmaal", 2025 "Twee /
/// Eenmaal", 2026 "Drie / Tweemaal", "Vanaf 2027 Vier / Tweemaal". Before
/// 2024 nothing (see `reflection_requirement`).
#[test]
fn rules_by_recertification_year() {
    let cases = [
        (ymd(2022, 6, 30), false, 0, 0),
        (ymd(2023, 12, 31), false, 0, 0),
        (ymd(2024, 1, 1), false, 1, 1),
        (ymd(2025, 6, 30), false, 2, 1),
        (ymd(2026, 12, 31), false, 3, 2),
        (ymd(2027, 1, 1), true, 4, 2),
        (ymd(2028, 3, 15), true, 4, 2),
    ];
    for (end, lookback, meetings, own) in cases {
        let r = recertification_rules(end);
        assert_eq!(r.recertification_year, chrono::Datelike::year(&end));
        assert_eq!(r.lookback_required, lookback, "{end}");
        assert_eq!(r.reflection_meetings_required, meetings, "{end}");
        assert_eq!(r.own_cases_required, own, "{end}");
        let a2 = evaluate_lookback(&r);
        assert_eq!(
            a2.status,
            if lookback {
                Status::NeedsReview
            } else {
                Status::Exempt
            }
        );
    }
}

/// 001: "welke je drie maanden voor einde van je certificatiedatum indient";
/// 000: "Het afgegeven RJ-certificaat kent een geldigheidsduur van 4 jaar".
#[test]
fn deadline_and_period() {
    let cases = [
        (ymd(2027, 9, 30), ymd(2027, 6, 30), ymd(2023, 9, 30)),
        (ymd(2027, 5, 31), ymd(2027, 2, 28), ymd(2023, 5, 31)),
        (ymd(2028, 5, 31), ymd(2028, 2, 29), ymd(2024, 5, 31)),
        (ymd(2028, 2, 29), ymd(2027, 11, 29), ymd(2024, 2, 29)),
    ];
    for (end, deadline, start) in cases {
        let r = recertification_rules(end);
        assert_eq!(r.submission_deadline, deadline, "{end}");
        assert_eq!(recertification_deadline(end), deadline, "{end}");
        assert_eq!(r.pe_period_start, start, "{end}");
        assert_eq!(r.pe_period_end, end);
    }
}

#[test]
fn certificate_expiry_is_four_years() {
    assert_eq!(certificate_expiry(ymd(2023, 9, 30)), ymd(2027, 9, 30));
    assert_eq!(certificate_expiry(ymd(2024, 2, 29)), ymd(2028, 2, 29));
    assert_eq!(certificate_expiry(ymd(2023, 3, 1)), ymd(2027, 3, 1));
}

fn meeting(id: &str, date: chrono::NaiveDate, own_case: bool) -> ReflectionMeeting {
    ReflectionMeeting {
        id: id.to_owned(),
        date,
        facilitator: "J. de Vries".to_owned(),
        own_case,
    }
}

/// 001 A3.1: "Vier bijeenkomsten volgen" / "Minimaal twee van de vier keer
/// breng je zelf een betekenisvolle situatie ter bespreking in", phased in by
/// year.
#[test]
fn reflection_meetings_by_year() {
    let m = |n: u32, own: u32, year: i32| -> Vec<ReflectionMeeting> {
        (0..n)
            .map(|i| meeting(&format!("m{i}"), ymd(year - 1, 1 + i, 10), i < own))
            .collect()
    };
    let cases = [
        (2024, m(1, 1, 2024), Status::Met),
        (2024, m(1, 0, 2024), Status::NotMet),
        (2025, m(2, 1, 2025), Status::Met),
        (2025, m(1, 1, 2025), Status::NotMet),
        (2026, m(3, 2, 2026), Status::Met),
        (2026, m(3, 1, 2026), Status::NotMet),
        (2027, m(4, 2, 2027), Status::Met),
        (2027, m(4, 1, 2027), Status::NotMet),
        (2027, m(3, 3, 2027), Status::NotMet),
        (2028, m(5, 2, 2028), Status::Met),
        (2023, vec![], Status::Exempt),
    ];
    for (year, meetings, status) in cases {
        let rules = recertification_rules(ymd(year, 12, 31));
        let req = evaluate_reflection_meetings(&rules, &meetings);
        assert_eq!(req.status, status, "{year} {meetings:?}: {}", req.message);
        assert_eq!(req.section, "A3.1");
    }
}

/// Meetings count only inside the certificate period (inclusive), once, and
/// with the begeleider named ("Op de verklaring staat in elk geval: datum van
/// de bijeenkomst, de naam van de begeleider ...").
#[test]
fn reflection_meetings_that_do_not_count() {
    let rules = recertification_rules(ymd(2027, 9, 30));
    let mut nameless = meeting("e", ymd(2025, 1, 1), true);
    nameless.facilitator = "  ".to_owned();
    let meetings = [
        meeting("a", ymd(2023, 9, 30), true),  // first day of the period
        meeting("b", ymd(2027, 9, 30), true),  // last day, after the deadline
        meeting("c", ymd(2023, 9, 29), false), // outside
        meeting("a", ymd(2024, 1, 1), false),  // duplicate id
        nameless,
        meeting("f", ymd(2025, 1, 1), false),
    ];
    let req = evaluate_reflection_meetings(&rules, &meetings);
    assert_eq!(req.status, Status::NotMet, "{}", req.message);
    assert!(req.message.contains("Geteld: 3"), "{}", req.message);
    assert_eq!(req.warnings.len(), 4, "{:?}", req.warnings);

    let mut enough = meetings.to_vec();
    enough.push(meeting("g", ymd(2026, 1, 1), false));
    assert_eq!(
        evaluate_reflection_meetings(&rules, &enough).status,
        Status::Met
    );
}
