use crate::dates::ymd;
use crate::rules::route::*;
use chrono::NaiveDate;

const APPLICATION: (i32, u32, u32) = (2026, 11, 24);

fn application() -> NaiveDate {
    ymd(APPLICATION.0, APPLICATION.1, APPLICATION.2)
}

fn request(base: BaseEducation, training: JobcoachTraining) -> RouteRequest {
    RouteRequest {
        application_date: application(),
        base_education: base,
        jobcoach_training: training,
    }
}

fn hbo() -> BaseEducation {
    BaseEducation {
        kind: BaseEducationKind::Hbo,
        date: Some(ymd(2019, 6, 30)),
    }
}

fn base(kind: BaseEducationKind, date: Option<NaiveDate>) -> BaseEducation {
    BaseEducation { kind, date }
}

fn accredited(institution: Institution, graduated: NaiveDate) -> JobcoachTraining {
    JobcoachTraining {
        kind: TrainingKind::AccreditedDiploma,
        institution: Some(institution),
        graduated_on: Some(graduated),
        course_hours: None,
    }
}

fn training(kind: TrainingKind, course_hours: Option<f64>) -> JobcoachTraining {
    JobcoachTraining {
        kind,
        institution: None,
        graduated_on: Some(ymd(2010, 6, 1)),
        course_hours,
    }
}

/// 002 A1: "Het assessmentrapport is maximaal twee jaar oud" / "De
/// EVC-rapportage is maximaal twee jaar oud": exactly two years old on the
/// application date is still fine, one day older is not.
#[test]
fn a1_base_education() {
    use BaseEducationKind::*;
    let full = training(TrainingKind::OtherJobcoachDiploma, None);
    let cases: [(BaseEducation, bool); 12] = [
        // "Afgeronde hbo-opleiding (NLQF6) of wo-opleiding (NLQF7)": no age limit
        (base(Hbo, Some(ymd(1990, 1, 1))), true),
        (base(Wo, None), true),
        (base(Evc, Some(ymd(2024, 11, 24))), true),
        (base(Evc, Some(ymd(2024, 11, 23))), false),
        (base(Assessment, Some(ymd(2024, 11, 24))), true),
        (base(Assessment, Some(ymd(2024, 11, 23))), false),
        (base(Assessment, Some(application())), true),
        // a report dated after the application cannot be shown
        (base(Evc, Some(ymd(2026, 11, 25))), false),
        // without a date "maximaal twee jaar oud" cannot be shown
        (base(Evc, None), false),
        (base(Assessment, None), false),
        (base(NoQualification, None), false),
        (base(NoQualification, Some(ymd(2020, 1, 1))), false),
    ];
    for (education, met) in cases {
        let out = evaluate_route(&request(education.clone(), full.clone()));
        let a1_unmet = out.unmet.iter().any(|u| u.section == "A1");
        assert_eq!(!a1_unmet, met, "{education:?}: {out:?}");
        assert_eq!(out.route == Route::Full, met, "{education:?}");
        if !met {
            assert_eq!(out.route, Route::NotEligible);
        }
    }
}

/// Leap day: two years before 2026-02-28 is 2024-02-28, so a report of
/// 2024-02-29 is within two years on 2026-02-28 but not on 2026-03-01.
#[test]
fn a1_report_age_on_leap_day() {
    let full = training(TrainingKind::OtherJobcoachDiploma, None);
    let report = base(BaseEducationKind::Evc, Some(ymd(2024, 2, 29)));
    for (applied, met) in [(ymd(2026, 2, 28), true), (ymd(2026, 3, 1), false)] {
        let mut req = request(report.clone(), full.clone());
        req.application_date = applied;
        assert_eq!(evaluate_route(&req).unmet.is_empty(), met, "{applied}");
    }
}

/// 002 A2: "Diploma Noloc geaccrediteerde Jobcoachopleiding na augustus 2022
/// van Sara Werkt", "na juli 2015 van Capabel", "na juli 2013 van Combo, Elan
/// of Saxion" -> "Vrijstelling voor de onderdelen B2, C1 t/m C4 en D en het
/// toetsgesprek". "Na juli" means from 1 August.
#[test]
fn a2_shortened_route_boundaries() {
    use Institution::*;
    let cases = [
        (SaraWerkt, ymd(2022, 8, 31), Route::Full),
        (SaraWerkt, ymd(2022, 9, 1), Route::Shortened),
        (Capabel, ymd(2015, 7, 31), Route::Full),
        (Capabel, ymd(2015, 8, 1), Route::Shortened),
        (Capabel, ymd(2016, 3, 1), Route::Shortened),
        (Combo, ymd(2013, 7, 31), Route::Full),
        (Combo, ymd(2013, 8, 1), Route::Shortened),
        (Elan, ymd(2013, 7, 31), Route::Full),
        (Elan, ymd(2013, 8, 1), Route::Shortened),
        (Saxion, ymd(2013, 7, 31), Route::Full),
        (Saxion, ymd(2013, 8, 1), Route::Shortened),
        (SaraWerkt, ymd(2016, 1, 1), Route::Full),
        (Capabel, ymd(2014, 1, 1), Route::Full),
    ];
    for (institution, graduated, route) in cases {
        let out = evaluate_route(&request(hbo(), accredited(institution, graduated)));
        assert_eq!(out.route, route, "{institution:?} {graduated}");
        assert!(out.unmet.is_empty(), "{institution:?} {graduated}");
        let shortened = route == Route::Shortened;
        assert_eq!(out.assessment_interview, !shortened);
        if shortened {
            // "Aantonen A1, A2, B1 en E."
            assert_eq!(out.required_sections, ["A1", "A2", "B1", "E"]);
            assert_eq!(out.exempt_sections, ["B2", "C1", "C2", "C3", "C4", "D"]);
        } else {
            // "Geen vrijstellingen. Vul het volledige portfolio in."
            assert_eq!(out.required_sections, FULL_ROUTE_SECTIONS);
            assert!(out.exempt_sections.is_empty());
        }
    }
}

/// 000 (FAQ): "met afstudeerdatum vanaf 1 juli 2013 (Combo, Elan, Saxion),
/// 1 juli 2015 (Capabel) of 1 september 2022 (Sara Werkt)". The framework
/// (002) says "na juli"; July is disputed: full route plus a warning. For
/// Sara Werkt both sources agree on 1 September 2022, so no warning.
#[test]
fn a2_disputed_july_warns_and_follows_the_framework() {
    use Institution::*;
    let disputed = [
        (Capabel, ymd(2015, 7, 1)),
        (Capabel, ymd(2015, 7, 31)),
        (Combo, ymd(2013, 7, 1)),
        (Elan, ymd(2013, 7, 15)),
        (Saxion, ymd(2013, 7, 31)),
    ];
    for (institution, graduated) in disputed {
        let out = evaluate_route(&request(hbo(), accredited(institution, graduated)));
        assert_eq!(out.route, Route::Full, "{institution:?} {graduated}");
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
        assert!(
            out.warnings[0].contains("toetsingskader"),
            "{:?}",
            out.warnings
        );
        assert!(
            out.warnings[0].contains("vanaf 1 juli"),
            "{:?}",
            out.warnings
        );
    }
    let undisputed = [
        (Capabel, ymd(2015, 6, 30)),
        (Capabel, ymd(2015, 8, 1)),
        (Combo, ymd(2013, 8, 1)),
        (SaraWerkt, ymd(2022, 8, 31)),
        (SaraWerkt, ymd(2022, 9, 1)),
    ];
    for (institution, graduated) in undisputed {
        let out = evaluate_route(&request(hbo(), accredited(institution, graduated)));
        assert!(
            !out.warnings.iter().any(|w| w.contains("vanaf 1 juli")),
            "{institution:?} {graduated}: {:?}",
            out.warnings
        );
    }
}

/// 002 A2: "Jobcoachdiploma van voor 2013" and "Minimaal 98 uur (3,5 ECT)
/// aantoonbaar andere deelopleidingen, cursussen, trainingen" -> "Geen
/// vrijstellingen. Vul het volledige portfolio in." Anything less: A2 unmet.
#[test]
fn a2_full_route_and_not_eligible() {
    use TrainingKind::*;
    let cases = [
        (training(OtherJobcoachDiploma, None), Route::Full),
        (training(OtherCourses, Some(98.0)), Route::Full),
        (training(OtherCourses, Some(120.5)), Route::Full),
        (training(OtherCourses, Some(97.5)), Route::NotEligible),
        (training(OtherCourses, Some(97.0)), Route::NotEligible),
        (training(OtherCourses, None), Route::NotEligible),
        (training(NoTraining, None), Route::NotEligible),
        (training(NoTraining, Some(500.0)), Route::NotEligible),
    ];
    for (t, route) in cases {
        let out = evaluate_route(&request(hbo(), t.clone()));
        assert_eq!(out.route, route, "{t:?}");
        let a2_unmet = out.unmet.iter().any(|u| u.section == "A2");
        assert_eq!(a2_unmet, route == Route::NotEligible, "{t:?}");
        assert_eq!(out.required_sections, FULL_ROUTE_SECTIONS, "{t:?}");
        assert!(out.assessment_interview);
    }
}

/// Accredited without institution or date: the shortened route cannot be
/// established, so full route and a warning asking for the data.
#[test]
fn a2_accredited_with_missing_data_is_full_route_with_warning() {
    let mut t = accredited(Institution::Capabel, ymd(2016, 1, 1));
    t.graduated_on = None;
    let out = evaluate_route(&request(hbo(), t));
    assert_eq!(out.route, Route::Full);
    assert!(out.warnings.iter().any(|w| w.contains("afstudeerdatum")));

    let mut t = accredited(Institution::Capabel, ymd(2016, 1, 1));
    t.institution = None;
    let out = evaluate_route(&request(hbo(), t));
    assert_eq!(out.route, Route::Full);
    assert!(!out.warnings.is_empty());
}

/// 002 lists only "Jobcoachdiploma van voor 2013" for the full route; a later
/// non-qualifying diploma is accepted with a warning that DNV decides.
#[test]
fn a2_jobcoach_diploma_from_2013_on_warns() {
    let mut t = training(TrainingKind::OtherJobcoachDiploma, None);
    t.graduated_on = Some(ymd(2012, 12, 31));
    assert!(evaluate_route(&request(hbo(), t.clone()))
        .warnings
        .is_empty());
    t.graduated_on = Some(ymd(2013, 1, 1));
    let out = evaluate_route(&request(hbo(), t));
    assert_eq!(out.route, Route::Full);
    assert!(out.warnings.iter().any(|w| w.contains("voor 2013")));
}

/// Both A1 and A2 unmet: both reasons are listed.
#[test]
fn not_eligible_lists_every_unmet_section() {
    let out = evaluate_route(&request(
        base(BaseEducationKind::NoQualification, None),
        training(TrainingKind::NoTraining, None),
    ));
    assert_eq!(out.route, Route::NotEligible);
    let sections: Vec<_> = out.unmet.iter().map(|u| u.section.as_str()).collect();
    assert_eq!(sections, ["A1", "A2"]);
    assert!(out.unmet.iter().all(|u| !u.message.is_empty()));
}

/// Not eligible for lack of A1 but with a qualifying diploma: the sections
/// show the shortened route that applies once A1 is shown.
#[test]
fn not_eligible_keeps_the_route_ahead() {
    let out = evaluate_route(&request(
        base(BaseEducationKind::Evc, Some(ymd(2020, 1, 1))),
        accredited(Institution::Capabel, ymd(2016, 3, 1)),
    ));
    assert_eq!(out.route, Route::NotEligible);
    assert_eq!(out.required_sections, ["A1", "A2", "B1", "E"]);
    assert!(!out.assessment_interview);
}
