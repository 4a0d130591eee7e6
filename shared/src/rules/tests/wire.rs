//! The JSON contracts of `POST /api/rules/route`, `/recertification` and
//! `/pe-points`: requests parsed from the documented examples, responses
//! computed by the rules and compared field by field with the documented
//! shape.

use serde_json::{json, Value};

use crate::rules::pe_points::{evaluate_pe, PeRequest};
use crate::rules::recertification::{recertification_rules, RecertificationRequest};
use crate::rules::route::{evaluate_route, RouteRequest};

fn parse<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

fn route_example() -> Value {
    json!({
        "application_date": "2026-11-24",
        "base_education": {"kind": "hbo", "date": "2019-06-30"},
        "jobcoach_training": {
            "kind": "accredited_diploma",
            "institution": "capabel",
            "graduated_on": "2016-03-01",
            "course_hours": null
        }
    })
}

#[test]
fn route_response_wire_format() {
    let req: RouteRequest = parse(route_example()).unwrap();
    let out = serde_json::to_value(evaluate_route(&req)).unwrap();
    assert_eq!(
        out,
        json!({
            "route": "shortened",
            "exempt_sections": ["B2", "C1", "C2", "C3", "C4", "D"],
            "required_sections": ["A1", "A2", "B1", "E"],
            "assessment_interview": false,
            "unmet": [],
            "warnings": []
        })
    );
    let back: crate::rules::route::RouteOutcome = parse(out.clone()).unwrap();
    assert_eq!(serde_json::to_value(back).unwrap(), out);
}

#[test]
fn route_not_eligible_wire_format() {
    let mut example = route_example();
    example["base_education"] = json!({"kind": "none"});
    example["jobcoach_training"] = json!({"kind": "none"});
    let out = serde_json::to_value(evaluate_route(&parse(example).unwrap())).unwrap();
    assert_eq!(out["route"], "not_eligible");
    assert_eq!(out["unmet"][0]["section"], "A1");
    assert_eq!(out["unmet"][1]["section"], "A2");
    let unmet_keys: Vec<_> = out["unmet"][0]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(unmet_keys, ["message", "section"]);
}

/// Nullable fields accept both `null` and absence.
#[test]
fn route_optional_fields_accept_null_and_absence() {
    let minimal = json!({
        "application_date": "2026-11-24",
        "base_education": {"kind": "wo"},
        "jobcoach_training": {"kind": "other_courses", "course_hours": 98}
    });
    let req: RouteRequest = parse(minimal).unwrap();
    assert_eq!(req.base_education.date, None);
    assert_eq!(req.jobcoach_training.institution, None);
    let nulls = json!({
        "application_date": "2026-11-24",
        "base_education": {"kind": "wo", "date": null},
        "jobcoach_training": {"kind": "other_jobcoach_diploma", "institution": null,
            "graduated_on": null, "course_hours": null}
    });
    assert!(parse::<RouteRequest>(nulls).is_ok());
}

#[test]
fn route_request_errors_name_the_field() {
    let cases: [(&str, Value, &str); 8] = [
        ("/application_date", Value::Null, "application_date"),
        ("/base_education", Value::Null, "base_education"),
        ("/jobcoach_training", Value::Null, "jobcoach_training"),
        ("/base_education/kind", Value::Null, "kind"),
        ("/jobcoach_training/kind", Value::Null, "kind"),
        ("/base_education/kind", json!("mbo"), "mbo"),
        ("/jobcoach_training/kind", json!("diploma"), "diploma"),
        ("/jobcoach_training/institution", json!("noloc"), "noloc"),
    ];
    for (pointer, value, expected) in cases {
        let mut example = route_example();
        let (parent, leaf) = pointer.rsplit_once('/').unwrap();
        let object = example
            .pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap();
        if value.is_null() {
            object.remove(leaf);
        } else {
            object.insert(leaf.to_owned(), value);
        }
        let err = parse::<RouteRequest>(example).expect_err(pointer);
        assert!(err.contains(expected), "{pointer}: {err}");
    }
}

#[test]
fn recertification_wire_format() {
    let req: RecertificationRequest = parse(json!({"certificate_end_date": "2027-09-30"})).unwrap();
    let out = serde_json::to_value(recertification_rules(req.certificate_end_date)).unwrap();
    assert_eq!(
        out,
        json!({
            "recertification_year": 2027,
            "submission_deadline": "2027-06-30",
            "lookback_required": true,
            "reflection_meetings_required": 4,
            "own_cases_required": 2,
            "pe_period_start": "2023-09-30",
            "pe_period_end": "2027-09-30"
        })
    );
    let err = parse::<RecertificationRequest>(json!({})).unwrap_err();
    assert!(err.contains("certificate_end_date"), "{err}");
}

#[test]
fn pe_wire_format() {
    let req: PeRequest = parse(json!({
        "certificate_end_date": "2027-06-01",
        "activities": [{"id": "a1", "category": 1, "kind": "course", "date": "2025-03-10",
            "quantity": 12, "has_evidence": true}]
    }))
    .unwrap();
    let out = serde_json::to_value(evaluate_pe(&req).unwrap()).unwrap();
    let category = |n: u8, claimed: u64, min: Option<u64>, max: Option<u64>| {
        json!({"category": n, "claimed": claimed, "counted": claimed, "pending": 0,
            "minimum": min, "maximum": max})
    };
    assert_eq!(
        out,
        json!({
            "total_counted": 12,
            "total_pending": 0,
            "meets_requirements": false,
            "categories": [
                category(1, 12, Some(30), None),
                category(2, 0, None, Some(30)),
                category(3, 0, None, Some(30)),
                category(4, 0, None, Some(30)),
                category(5, 0, None, Some(30)),
                category(6, 0, None, Some(10)),
            ],
            "activities": [{"id": "a1", "points": 12, "pending": 0, "reasons": []}],
            "shortfalls": [
                {"code": "total_below_75", "message": out["shortfalls"][0]["message"]},
                {"code": "category1_below_30", "message": out["shortfalls"][1]["message"]},
            ]
        })
    );
    assert!(out["shortfalls"][0]["message"]
        .as_str()
        .unwrap()
        .contains("75"));
}

/// Whole numbers in a serialized request stay JSON integers.
#[test]
fn pe_request_round_trips_with_integers() {
    let example = json!({
        "certificate_end_date": "2027-06-01",
        "activities": [{"id": "a1", "category": 4, "kind": "rj_mentor_assessor",
            "date": "2025-03-10", "quantity": 2, "has_evidence": true,
            "candidates": 3, "words": null}]
    });
    let req: PeRequest = parse(example.clone()).unwrap();
    assert_eq!(serde_json::to_value(&req).unwrap(), example);
}

#[test]
fn pe_request_errors_name_the_field() {
    let err = parse::<PeRequest>(json!({
        "certificate_end_date": "2027-06-01",
        "activities": [{"id": "a1", "category": 1, "kind": "knitting", "date": "2025-03-10",
            "quantity": 1}]
    }))
    .unwrap_err();
    assert!(err.contains("knitting"), "{err}");
    let err = parse::<PeRequest>(json!({
        "certificate_end_date": "2027-06-01",
        "activities": [{"id": "a1", "category": 1, "date": "2025-03-10", "quantity": 1}]
    }))
    .unwrap_err();
    assert!(err.contains("kind"), "{err}");
    let err = parse::<PeRequest>(json!({"activities": []})).unwrap_err();
    assert!(err.contains("certificate_end_date"), "{err}");
}

#[test]
fn requirement_wire_format() {
    let req = crate::rules::trajectory::evaluate_trajectory(
        crate::dates::ymd(2026, 11, 24),
        crate::dates::ymd(2026, 1, 1),
        None,
    );
    let out = serde_json::to_value(&req).unwrap();
    assert_eq!(out["section"], "C1");
    assert_eq!(out["status"], "met");
    assert_eq!(out["warnings"], json!([]));
    let back: crate::Requirement = parse(out).unwrap();
    assert_eq!(back, req);
}

/// Issue 12: "The public `POST /api/rules/pe-points` keeps its contract (an
/// activity without an evidence field counts as evidenced: it is a what-if
/// calculator)"; an explicit `false` still earns nothing now and reports
/// its points as "nog zonder bewijs".
#[test]
fn pe_activity_without_evidence_field_counts_as_evidenced() {
    let req: PeRequest = parse(json!({
        "certificate_end_date": "2027-06-01",
        "activities": [
            {"id": "a1", "category": 1, "kind": "course", "date": "2025-03-10", "quantity": 12},
            {"id": "a2", "category": 1, "kind": "course", "date": "2025-03-10", "quantity": 5,
             "has_evidence": false}
        ]
    }))
    .unwrap();
    assert!(req.activities[0].has_evidence);
    let out = evaluate_pe(&req).unwrap();
    assert_eq!((out.total_counted, out.total_pending), (12, 5));
    assert_eq!(
        (out.activities[1].points, out.activities[1].pending),
        (0, 5)
    );
    assert_eq!(
        (out.categories[0].counted, out.categories[0].pending),
        (12, 5)
    );
}
