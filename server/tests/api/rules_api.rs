//! The public rules API contract (issue 3), and the API's answers to bad
//! requests (issue 2), on SQLite and PostgreSQL alike.

use crate::support;

use axum::http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

fn route_request() -> Value {
    json!({
        "application_date": "2026-11-24",
        "base_education": {"kind": "hbo", "date": "2019-06-30"},
        "jobcoach_training": {"kind": "accredited_diploma", "institution": "capabel",
                              "graduated_on": "2016-03-01", "course_hours": null}
    })
}

#[tokio::test]
async fn route_of_an_accredited_capabel_diploma_is_shortened() {
    // 002: "Capabel (diploma behaald na juli 2015)" gives the verkorte route.
    let app = TestApp::new().await;
    let reply = app.post_json("/api/rules/route", &route_request()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["route"], "shortened");
    assert_eq!(
        body["exempt_sections"],
        json!(["B2", "C1", "C2", "C3", "C4", "D"])
    );
    assert_eq!(body["required_sections"], json!(["A1", "A2", "B1", "E"]));
    assert_eq!(body["assessment_interview"], false);
    assert_eq!(body["unmet"], json!([]));
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(
        keys.len(),
        6,
        "exactly the documented fields: route, exempt_sections, required_sections, assessment_interview, unmet, warnings; got {keys:?}"
    );
}

#[tokio::test]
async fn route_without_base_education_is_not_eligible_with_a_reason() {
    let app = TestApp::new().await;
    let mut req = route_request();
    req["base_education"] = json!({"kind": "none", "date": null});
    let body = app.post_json("/api/rules/route", &req).await.json();
    assert_eq!(body["route"], "not_eligible");
    assert_eq!(body["unmet"][0]["section"], "A1");
    assert!(body["unmet"][0]["message"].as_str().unwrap().len() > 10);
}

#[tokio::test]
async fn route_with_an_unknown_enum_value_is_422_naming_the_field() {
    let app = TestApp::new().await;
    let mut req = route_request();
    req["base_education"]["kind"] = json!("mbo");
    let reply = app.post_json("/api/rules/route", &req).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.error_code(), "invalid_input");
    assert!(reply.error_message().contains("base_education.kind"));
}

#[tokio::test]
async fn route_with_a_missing_field_is_422_naming_the_field() {
    let app = TestApp::new().await;
    let mut req = route_request();
    req.as_object_mut().unwrap().remove("application_date");
    let reply = app.post_json("/api/rules/route", &req).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.error_message().contains("application_date"));
}

#[tokio::test]
async fn pe_points_contract() {
    // 001: "Opleidingen, cursussen en trainingen ... 1 PE-punt per SBU".
    let app = TestApp::new().await;
    let req = json!({
        "certificate_end_date": "2027-06-01",
        "activities": [
            {"id": "a1", "category": 1, "kind": "course", "date": "2025-03-10", "quantity": 12, "has_evidence": true},
            {"id": "a2", "category": 1, "kind": "book_read", "date": "2025-04-01", "quantity": 1, "has_evidence": false}
        ]
    });
    let reply = app.post_json("/api/rules/pe-points", &req).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(
        body["activities"][0],
        json!({"id": "a1", "points": 12, "pending": 0, "reasons": []})
    );
    // Points "nog zonder bewijs" are reported apart (issue 12).
    assert_eq!(body["activities"][1]["pending"], 2);
    assert_eq!(body["total_pending"], 2);
    assert_eq!(body["activities"][1]["points"], 0);
    assert_eq!(
        body["activities"][1]["reasons"].as_array().unwrap().len(),
        1
    );
    assert_eq!(body["categories"].as_array().unwrap().len(), 6);
    assert_eq!(
        body["categories"][0],
        json!({"category": 1, "claimed": 12, "counted": 12, "pending": 2, "minimum": 30,
               "maximum": null})
    );
    assert_eq!(body["total_counted"], 12);
    assert_eq!(body["meets_requirements"], false);
    let codes: Vec<&str> = body["shortfalls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["total_below_75", "category1_below_30"]);
}

/// Issue 12: "The public `POST /api/rules/pe-points` keeps its contract (an
/// activity without an evidence field counts as evidenced: it is a what-if
/// calculator)."
#[tokio::test]
async fn pe_points_without_evidence_field_count_as_evidenced() {
    let app = TestApp::new().await;
    let req = json!({
        "certificate_end_date": "2027-06-01",
        "activities": [
            {"id": "a1", "category": 1, "kind": "course", "date": "2025-03-10", "quantity": 40}
        ]
    });
    let reply = app.post_json("/api/rules/pe-points", &req).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["total_counted"], 40);
    assert_eq!(body["total_pending"], 0);
    assert_eq!(body["activities"][0]["reasons"], json!([]));
}

#[tokio::test]
async fn pe_kind_in_a_category_it_does_not_belong_to_is_422() {
    let app = TestApp::new().await;
    let req = json!({
        "certificate_end_date": "2027-06-01",
        "activities": [{"id": "a1", "category": 2, "kind": "course", "date": "2025-03-10", "quantity": 12, "has_evidence": true}]
    });
    let reply = app.post_json("/api/rules/pe-points", &req).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.error_message().contains("activities[0].category"));
}

#[tokio::test]
async fn recertification_contract_clamps_month_ends() {
    // 001: "uiterlijk 3 maanden voor het verlopen van je certificaat".
    let app = TestApp::new().await;
    let reply = app
        .post_json(
            "/api/rules/recertification",
            &json!({"certificate_end_date": "2027-09-30"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json(),
        json!({"recertification_year": 2027, "submission_deadline": "2027-06-30",
               "lookback_required": true, "reflection_meetings_required": 4,
               "own_cases_required": 2, "pe_period_start": "2023-09-30",
               "pe_period_end": "2027-09-30"})
    );
}

#[tokio::test]
async fn recertification_with_a_bad_date_is_422() {
    let app = TestApp::new().await;
    let reply = app
        .post_json(
            "/api/rules/recertification",
            &json!({"certificate_end_date": "2027-02-30"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.error_message().contains("certificate_end_date"));
}

#[tokio::test]
async fn frameworks_carry_versions_sections_and_stable_question_keys() {
    let app = TestApp::new().await;
    let reply = app.get("/api/rules/frameworks").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    let frameworks = body["frameworks"].as_array().unwrap();
    assert_eq!(frameworks.len(), 2);
    assert_eq!(frameworks[0]["kind"], "initial");
    assert_eq!(frameworks[0]["version"], shared::framework::INITIAL.version);
    let codes: Vec<&str> = frameworks[1]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["A1", "A2", "A3.1", "A3.2", "A4", "B", "C"]);
    assert!(reply.text().contains("\"key\":\"initial.c1.task2.q3\""));
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = TestApp::new().await;
    let reply = app
        .post_raw(
            "/api/rules/route",
            "application/json",
            "{\"application_date\":",
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.error_code(), "malformed_json");
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let app = TestApp::new().await;
    let reply = app
        .post_raw(
            "/api/rules/route",
            "text/plain",
            route_request().to_string(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.error_code(), "unsupported_media_type");
}

#[tokio::test]
async fn body_over_the_limit_is_413() {
    let app = TestApp::new().await;
    let padding = "x".repeat(server::api::BODY_LIMIT_BYTES + 1);
    let body = json!({"certificate_end_date": "2027-09-30", "padding": padding}).to_string();
    let reply = app
        .post_raw("/api/rules/recertification", "application/json", body)
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.error_code(), "payload_too_large");
}

#[tokio::test]
async fn api_answers_are_not_cached_by_default() {
    let app = TestApp::new().await;
    let reply = app
        .post_json(
            "/api/rules/recertification",
            &json!({"certificate_end_date": "2027-09-30"}),
        )
        .await;
    assert_eq!(reply.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn rules_api_is_callable_by_other_software_without_an_origin() {
    // The rules API changes nothing, so the Origin check of state-changing
    // requests does not apply to it.
    let app = TestApp::new().await;
    let reply = app
        .request(
            axum::http::Request::post("/api/rules/recertification")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(
                    r#"{"certificate_end_date":"2027-09-30"}"#,
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

#[tokio::test]
async fn privacy_check_finds_personal_data_in_character_offsets() {
    // 002 C1 task 7: "Rapporteert conform AVG en gedragscode van Noloc."
    let app = TestApp::new().await;
    let text = "Cliënt Sébastien (BSN 123456782) belt vanaf 06-12345678.";
    let reply = app
        .post_json(
            "/api/rules/privacy-check",
            &json!({"text": text, "client_names": ["Sébastien de Vries"]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({"findings": [
            {"kind": "client_name", "start": 7, "end": 16},
            {"kind": "bsn", "start": 22, "end": 31},
            {"kind": "phone", "start": 44, "end": 55}
        ]})
    );
}

#[tokio::test]
async fn privacy_check_without_client_names_and_without_findings() {
    let app = TestApp::new().await;
    let reply = app
        .post_json(
            "/api/rules/privacy-check",
            &json!({"text": "Op 06-06-2023 had ik 1234567890 euro."}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json(), json!({"findings": []}));
}

#[tokio::test]
async fn privacy_check_refuses_an_overlong_text_and_bad_input() {
    let app = TestApp::new().await;
    let limit = shared::sync::MAX_TEXT_CHARS;
    let ok = app
        .post_json(
            "/api/rules/privacy-check",
            &json!({"text": "é".repeat(limit)}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let long = app
        .post_json(
            "/api/rules/privacy-check",
            &json!({"text": "é".repeat(limit + 1)}),
        )
        .await;
    assert_eq!(long.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(long.error_code(), "payload_too_large");
    assert!(long.error_message().contains("te lang"));

    let names = vec!["x"; shared::rules::privacy::MAX_CLIENT_NAMES + 1];
    let many = app
        .post_json(
            "/api/rules/privacy-check",
            &json!({"text": "a", "client_names": names}),
        )
        .await;
    assert_eq!(many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(many.error_code(), "invalid_input");

    let missing = app.post_json("/api/rules/privacy-check", &json!({})).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.error_message().contains("text"));
}
