//! PE statements of category 4 for mentors and assessors (issue 14; seed
//! 001, recertification B: "Mentor of assessor bij (re)certificering
//! Register Jobcoach. 4 PE-punten per jaar en 2 PE-punten per begeleide
//! dan wel getoetste kandidaat", signed by the Coördinator Certificeren),
//! on SQLite (and PostgreSQL with TEST_DATABASE_URL): made from the
//! records, signed and verifiable, and added to one's own recertification
//! portfolio with its evidence in one request.

use crate::support;

use axum::http::{Method, StatusCode};
use chrono::Datelike;
use serde_json::{json, Value};
use shared::api::pe_statements::PeStatementClaims;
use shared::api::register::JwkSet;
use shared::framework::PortfolioKind;
use shared::portfolio::CERTIFICATE_END_DATE_KEY;
use shared::rules::pe_points::{evaluate_pe, PeActivity, PeRequest};
use support::content::{complete_portfolio, submit, Route};
use support::poppler::{attachment, pdf_of, text as pdf_text};
use support::{Reply, TestApp, User};

const PE_LIST: &str = "recertification.b.q1";

async fn get(app: &TestApp, user: &User, path: &str) -> Reply {
    app.as_user(user, Method::GET, path, None).await
}

async fn post(app: &TestApp, user: &User, path: &str, body: Value) -> Reply {
    app.as_user(user, Method::POST, path, Some(&body)).await
}

fn year() -> i32 {
    chrono::Utc::now().year()
}

/// `roles` for an account the admin invited.
async fn set_roles(app: &TestApp, admin: &User, user: &User, roles: &[&str]) {
    let reply = app
        .as_user(
            admin,
            Method::PUT,
            &format!("/api/admin/accounts/{}/roles", user.id),
            Some(&json!({ "roles": roles })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

/// The value of row `id` of `list` in a portfolio's detail.
fn item(detail: &Value, list: &str, id: &str) -> Value {
    detail["lists"][list]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == json!(id)))
        .map(|r| r["value"].clone())
        .unwrap_or_else(|| panic!("no row {id} in {list}: {detail}"))
}

struct World {
    app: TestApp,
    admin: User,
    carla: User,
    mira: User,
}

/// Mira is a jobcoach (candidate) who is also mentor and assessor: Carla
/// made her her mentor, and the certifier assigned her to Otto's
/// submission with Bart.
async fn world() -> World {
    let app = TestApp::with_config(support::roomy_quotas).await;
    let admin = app.first_admin().await;
    let carla = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let otto = app.sign_up("Otto Kandidaat", "otto@example.nl").await;
    let mira = app
        .invited(&admin, "mentor", "Mira Mentor", "mira@example.nl")
        .await;
    set_roles(&app, &admin, &mira, &["candidate", "mentor", "assessor"]).await;
    // A verified address: a candidate's request then links her at once.
    let token = app
        .verification_token(&mira.email)
        .expect("a verification mail");
    assert_eq!(app.verify_email(&token).await.status, StatusCode::OK);
    let bart = app
        .invited(&admin, "assessor", "Bart Assessor", "bart@example.nl")
        .await;
    let certifier = app
        .invited(
            &admin,
            "certifier",
            "Cees Certificeerder",
            "cees@example.nl",
        )
        .await;
    let linked = post(
        &app,
        &carla,
        "/api/me/mentors",
        json!({"email": mira.email}),
    )
    .await;
    assert_eq!(linked.status, StatusCode::CREATED, "{}", linked.text());

    let portfolio =
        complete_portfolio(&app, &otto, PortfolioKind::Initial, Route::Shortened, "").await;
    let submitted = submit(&app, &otto, &portfolio).await;
    assert_eq!(
        submitted.status,
        StatusCode::CREATED,
        "{}",
        submitted.text()
    );
    let id = submitted.json()["submission"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let assigned = post(
        &app,
        &certifier,
        &format!("/api/submissions/{id}/assessors"),
        json!({"assessors": [mira.id, bart.id]}),
    )
    .await;
    assert!(assigned.status.is_success(), "{}", assigned.text());
    World {
        app,
        admin,
        carla,
        mira,
    }
}

#[tokio::test]
async fn a_mentor_and_assessor_gets_a_signed_statement_with_four_points_a_year_and_two_per_candidate(
) {
    let w = world().await;
    let list = get(&w.app, &w.mira, "/api/me/pe-statements").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    let statements = list.json()["statements"].clone();
    assert_eq!(statements.as_array().map(Vec::len), Some(1), "{statements}");
    let s = &statements[0];
    assert_eq!(s["year"], json!(year()));
    // One guided (Carla) and one assessed (Otto's portfolio): 4 + 2 × 2.
    assert_eq!(s["candidates"], json!(2));
    assert_eq!(s["points"], json!(8));
    let functions: Vec<&str> = s["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["function"].as_str().unwrap())
        .collect();
    assert_eq!(functions, ["mentor", "assessor"]);

    let reply = get(
        &w.app,
        &w.mira,
        &format!("/api/me/pe-statements/{}/pdf", year()),
    )
    .await;
    let pdf = pdf_of(&reply, "pe-verklaring-");
    let text = pdf_text(&pdf);
    for wanted in [
        "Mira Mentor",
        "Coördinator Certificeren",
        "1 begeleide kandidaat",
        "1 getoetste kandidaat",
        "8 PE-punten",
    ] {
        assert!(text.contains(wanted), "{wanted} missing in:\n{text}");
    }

    // The signature inside verifies with the published keys and says the
    // same; a changed statement does not verify.
    let jws = String::from_utf8(attachment(&pdf, "verklaring.jws")).unwrap();
    let keys: JwkSet = serde_json::from_slice(&w.app.get("/api/register/keys").await.body).unwrap();
    let claims: PeStatementClaims = server::register::jws::verify(&jws, &keys).expect("verifies");
    assert_eq!(claims.sub, w.mira.id);
    assert_eq!(claims.statement.points, 8);
    let mut parts: Vec<String> = jws.split('.').map(str::to_string).collect();
    let mut forged = claims.clone();
    forged.statement.points = 30;
    use base64::Engine;
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&forged).unwrap());
    assert!(server::register::jws::verify::<PeStatementClaims>(&parts.join("."), &keys).is_err());
}

#[tokio::test]
async fn the_statement_goes_into_the_own_recertification_portfolio_with_its_evidence_once() {
    let w = world().await;
    let portfolio = w.app.create_portfolio(&w.mira, "recertification").await;
    let end = (chrono::Utc::now().date_naive() + chrono::Duration::days(300))
        .format("%Y-%m-%d")
        .to_string();
    support::content::push_fields(
        &w.app,
        &w.mira,
        &portfolio,
        &[(
            json!({"kind": "value", "key": CERTIFICATE_END_DATE_KEY}),
            json!({"type": "json", "value": end}),
        )],
    )
    .await;
    let path = format!("/api/portfolios/{portfolio}/pe-statements/{}", year());
    let added = post(&w.app, &w.mira, &path, json!({})).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());
    let body = added.json();
    let sha = body["evidence"]["sha256"].as_str().unwrap().to_string();

    // Both rows are in the portfolio, as the editor pulls them.
    let detail = get(&w.app, &w.mira, &format!("/api/portfolios/{portfolio}"))
        .await
        .json();
    let row = item(&detail, PE_LIST, &format!("pe-verklaring-{}", year()));
    assert_eq!(row["kind"], json!("rj_mentor_assessor"), "{detail}");
    assert_eq!(row["category"], json!(4));
    assert_eq!(row["candidates"], json!(2));
    let evidence = item(
        &detail,
        "recertification.evidence",
        &format!("pe-verklaring-{}-bewijs", year()),
    );
    assert_eq!(evidence["sha256"], json!(sha), "{detail}");
    assert_eq!(
        evidence["slot"]["row"],
        json!(format!("pe-verklaring-{}", year()))
    );
    // The file is stored with the portfolio: a PDF saying the points.
    let file = get(
        &w.app,
        &w.mira,
        &format!("/api/portfolios/{portfolio}/files/{sha}"),
    )
    .await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.text());
    assert!(pdf_text(&file.body).contains("8 PE-punten"));
    // In the register it counts 8 points in category 4 with its evidence.
    let activity: PeActivity = serde_json::from_value(row).unwrap();
    let outcome = evaluate_pe(&PeRequest {
        certificate_end_date: chrono::NaiveDate::parse_from_str(&end, "%Y-%m-%d").unwrap(),
        activities: vec![PeActivity {
            has_evidence: true,
            ..activity
        }],
    })
    .unwrap();
    assert_eq!(outcome.categories[3].counted, 8, "{outcome:?}");

    // Once: a second click, or another device, is told it is there.
    let again = post(&w.app, &w.mira, &path, json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text());
    assert_eq!(again.error_code(), "already_added");
    let audited = w
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE event = 'pe_statement_added'")
        .await;
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn statements_are_refused_where_they_do_not_belong() {
    let w = world().await;
    // Carla was never mentor or assessor: no statements, no PDF.
    let none = get(&w.app, &w.carla, "/api/me/pe-statements").await;
    assert_eq!(none.json()["statements"], json!([]));
    let missing = get(
        &w.app,
        &w.carla,
        &format!("/api/me/pe-statements/{}/pdf", year()),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.text());
    for bad in ["1999", "volgend-jaar", &(year() - 1).to_string()] {
        let reply = get(&w.app, &w.mira, &format!("/api/me/pe-statements/{bad}/pdf")).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{bad}: {}",
            reply.text()
        );
        assert_eq!(reply.error_code(), "not_found");
    }
    // Only into a recertification portfolio, and only one's own.
    let initial = w.app.create_portfolio(&w.mira, "initial").await;
    let wrong = post(
        &w.app,
        &w.mira,
        &format!("/api/portfolios/{initial}/pe-statements/{}", year()),
        json!({}),
    )
    .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.text()
    );
    assert_eq!(wrong.error_code(), "wrong_kind");
    let carlas = w.app.create_portfolio(&w.carla, "recertification").await;
    let foreign = post(
        &w.app,
        &w.mira,
        &format!("/api/portfolios/{carlas}/pe-statements/{}", year()),
        json!({}),
    )
    .await;
    // Mira is Carla's mentor: she sees the portfolio but may not write it.
    assert_eq!(foreign.status, StatusCode::FORBIDDEN, "{}", foreign.text());
    let by_admin = post(
        &w.app,
        &w.admin,
        &format!("/api/portfolios/{carlas}/pe-statements/{}", year()),
        json!({}),
    )
    .await;
    assert_eq!(
        by_admin.status,
        StatusCode::FORBIDDEN,
        "{}",
        by_admin.text()
    );
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM audit_log WHERE event = 'pe_statement_added'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_candidate_who_ends_the_mentorship_still_counts_in_the_mentors_statement() {
    let w = world().await;
    let ended = w
        .app
        .as_user(
            &w.carla,
            Method::DELETE,
            &format!("/api/me/mentors/{}", w.mira.id),
            None,
        )
        .await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT, "{}", ended.text());
    let list = get(&w.app, &w.mira, "/api/me/pe-statements").await.json();
    let mentor = &list["statements"][0]["functions"][0];
    assert_eq!(mentor["function"], json!("mentor"), "{list}");
    assert_eq!(mentor["candidates"], json!(1), "{list}");
    assert_eq!(list["statements"][0]["candidates"], json!(2), "{list}");
}
