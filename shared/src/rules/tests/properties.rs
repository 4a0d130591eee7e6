use proptest::prelude::*;

use super::pe_points::activity;
use crate::dates::ymd;
use crate::fees::vat_cents;
use crate::rules::pe_points::*;
use crate::rules::route::*;

const END: (i32, u32, u32) = (2027, 6, 1);

fn any_activity() -> impl Strategy<Value = PeActivity> {
    (
        0..PE_CATALOGUE.len(),
        any::<prop::sample::Index>(),
        0u32..40,
        -200i64..1700,
        any::<bool>(),
        0u32..5,
        1000u32..2500,
    )
        .prop_map(
            |(kind, category, quantity, day, evidence, candidates, words)| {
                let info = &PE_CATALOGUE[kind];
                let mut a = activity(
                    "x",
                    i64::from(*category.get(info.categories)),
                    info.kind,
                    f64::from(quantity),
                );
                a.date = ymd(2023, 6, 1) + chrono::Days::new(day.unsigned_abs());
                if day < 0 {
                    a.date = ymd(2023, 6, 1) - chrono::Days::new(day.unsigned_abs());
                }
                a.has_evidence = evidence;
                if info.points_per_candidate.is_some() {
                    a.candidates = Some(f64::from(candidates));
                }
                if info.min_words.is_some() {
                    a.words = Some(f64::from(words));
                }
                a
            },
        )
}

fn register() -> impl Strategy<Value = Vec<PeActivity>> {
    prop::collection::vec(any_activity(), 0..25).prop_map(|mut v| {
        for (i, a) in v.iter_mut().enumerate() {
            a.id = format!("a{i}");
        }
        v
    })
}

fn evaluate(activities: Vec<PeActivity>) -> PeOutcome {
    evaluate_pe(&PeRequest {
        certificate_end_date: ymd(END.0, END.1, END.2),
        activities,
    })
    .expect("generated activities are valid")
}

fn any_route_request() -> impl Strategy<Value = RouteRequest> {
    use BaseEducationKind as B;
    use TrainingKind as T;
    let base = prop::sample::select(vec![
        B::Hbo,
        B::Wo,
        B::Evc,
        B::Assessment,
        B::NoQualification,
    ]);
    let training = prop::sample::select(vec![
        T::AccreditedDiploma,
        T::OtherJobcoachDiploma,
        T::OtherCourses,
        T::NoTraining,
    ]);
    let institution = prop::option::of(prop::sample::select(vec![
        Institution::SaraWerkt,
        Institution::Capabel,
        Institution::Combo,
        Institution::Elan,
        Institution::Saxion,
    ]));
    (
        base,
        training,
        institution,
        0u64..8000,
        0u64..8000,
        prop::option::of(0.0..200.0f64),
    )
        .prop_map(
            |(base, training, institution, report_days, grad_days, hours)| {
                let application = ymd(2026, 11, 24);
                RouteRequest {
                    application_date: application,
                    base_education: BaseEducation {
                        kind: base,
                        date: Some(application - chrono::Days::new(report_days / 4)),
                    },
                    jobcoach_training: JobcoachTraining {
                        kind: training,
                        institution,
                        graduated_on: Some(application - chrono::Days::new(grad_days)),
                        course_hours: hours,
                    },
                }
            },
        )
}

proptest! {
    /// 001: "Maximaal 30 PE-punten" (2-5), "Maximaal 10 PE-punten" (6).
    #[test]
    fn category_never_counts_above_its_maximum(activities in register()) {
        let out = evaluate(activities);
        for c in &out.categories {
            prop_assert!(c.counted <= c.claimed);
            if let Some(max) = c.maximum {
                prop_assert!(c.counted <= max, "{c:?}");
            }
        }
        prop_assert_eq!(out.total_counted, out.categories.iter().map(|c| c.counted).sum::<u64>());
    }

    #[test]
    fn adding_an_activity_with_evidence_never_lowers_the_total(
        activities in register(),
        extra in any_activity(),
    ) {
        let before = evaluate(activities.clone()).total_counted;
        let mut more = activities;
        more.push(PeActivity { id: "extra".to_owned(), has_evidence: true, ..extra });
        prop_assert!(evaluate(more).total_counted >= before);
    }

    /// 001: "Zonder bewijsstuk kunnen geen punten worden toegekend."
    #[test]
    fn an_activity_without_evidence_adds_nothing(
        activities in register(),
        extra in any_activity(),
    ) {
        let before = evaluate(activities.clone());
        let mut more = activities;
        more.push(PeActivity { id: "extra".to_owned(), has_evidence: false, ..extra });
        let after = evaluate(more);
        prop_assert_eq!(after.total_counted, before.total_counted);
        prop_assert_eq!(after.activities.last().map(|a| a.points), Some(0));
    }

    /// 001: "Zonder bewijsstuk kunnen geen punten worden toegekend"; issue
    /// 12: points "met bewijs" and "nog zonder bewijs" separately. Counted
    /// plus pending is exactly what the register would count with evidence
    /// everywhere, per category and in total, within every maximum.
    #[test]
    fn counted_plus_pending_is_the_total_with_all_evidence(activities in register()) {
        let out = evaluate(activities.clone());
        let all = evaluate(
            activities.into_iter().map(|a| PeActivity { has_evidence: true, ..a }).collect(),
        );
        prop_assert_eq!(out.total_counted + out.total_pending, all.total_counted);
        prop_assert_eq!(all.total_pending, 0);
        for (c, a) in out.categories.iter().zip(&all.categories) {
            prop_assert_eq!(c.counted + c.pending, a.counted);
            if let Some(max) = c.maximum {
                prop_assert!(c.counted + c.pending <= max);
            }
        }
        for (act, with) in out.activities.iter().zip(&all.activities) {
            prop_assert_eq!(act.points + act.pending, with.points);
            prop_assert!(act.points == 0 || act.pending == 0);
        }
    }

    #[test]
    fn vat_is_symmetric_for_credit_lines(cents in -1_000_000_000_000i64..1_000_000_000_000, bp in 0u32..10_000) {
        prop_assert_eq!(vat_cents(-cents, bp), -vat_cents(cents, bp));
    }

    #[test]
    fn route_sections_partition_the_full_route(req in any_route_request()) {
        let out = evaluate_route(&req);
        for code in &out.required_sections {
            prop_assert!(!out.exempt_sections.contains(code), "{code} both");
        }
        let mut all: Vec<&str> = out
            .required_sections
            .iter()
            .chain(&out.exempt_sections)
            .map(String::as_str)
            .collect();
        all.sort_unstable();
        let mut full = FULL_ROUTE_SECTIONS.to_vec();
        full.sort_unstable();
        prop_assert_eq!(all, full);
        prop_assert_eq!(out.route == Route::NotEligible, !out.unmet.is_empty());
    }
}
