//! `/api/portfolios`: create, list and read, one open portfolio per kind,
//! idempotent create, and nothing of other people's portfolios.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use shared::framework::{framework, PortfolioKind};
use support::{TestApp, User};

/// `POST /api/portfolios` with `body`; the account is the user's unless the
/// body names one.
async fn create(app: &TestApp, user: &User, mut body: Value) -> support::Reply {
    if body.get("account_id").is_none() {
        body["account_id"] = json!(user.id);
    }
    app.as_user(user, Method::POST, "/api/portfolios", Some(&body))
        .await
}

#[tokio::test]
async fn a_candidate_creates_lists_and_reads_a_portfolio() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;

    let created = create(&app, &anna, json!({"kind": "initial"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let summary = created.json();
    let id = summary["id"].as_str().unwrap().to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{summary}");
    assert_eq!(summary["kind"], "initial");
    assert_eq!(summary["status"], "draft");
    assert_eq!(
        summary["framework_version"],
        framework(PortfolioKind::Initial).version
    );
    assert!(summary["created_at"].as_i64().unwrap() > 1_700_000_000);

    let list = app
        .as_user(&anna, Method::GET, "/api/portfolios", None)
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json(), json!({"portfolios": [summary.clone()]}));

    let detail = app
        .as_user(&anna, Method::GET, &format!("/api/portfolios/{id}"), None)
        .await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text());
    let detail = detail.json();
    for field in ["id", "kind", "framework_version", "status", "created_at"] {
        assert_eq!(detail[field], summary[field], "{field}");
    }
    assert_eq!(detail["answers"], json!({}));
    assert_eq!(detail["values"], json!({}));
    assert_eq!(detail["lists"], json!({}));
    assert_eq!(detail["versions"], json!({"answers": {}, "values": {}}));
    assert_eq!(detail["conflicts"], json!([]));
}

#[tokio::test]
async fn one_open_portfolio_of_each_kind() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let first = create(&app, &anna, json!({"kind": "initial"})).await;
    assert_eq!(first.status, StatusCode::CREATED);

    let second = create(&app, &anna, json!({"kind": "initial"})).await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.text());
    assert_eq!(second.error_code(), "portfolio_exists");

    let other_kind = create(&app, &anna, json!({"kind": "recertification"})).await;
    assert_eq!(other_kind.status, StatusCode::CREATED);
    let list = app
        .as_user(&anna, Method::GET, "/api/portfolios", None)
        .await
        .json();
    assert_eq!(list["portfolios"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_retried_create_with_the_same_client_id_is_answered_with_the_portfolio() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let id = uuid::Uuid::new_v4().to_string();

    let first = create(&app, &anna, json!({"kind": "recertification", "id": id})).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert_eq!(first.json()["id"], id.as_str());
    let again = create(&app, &anna, json!({"kind": "recertification", "id": id})).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    assert_eq!(again.json(), first.json());

    let other_kind = create(&app, &anna, json!({"kind": "initial", "id": id})).await;
    assert_eq!(other_kind.status, StatusCode::CONFLICT);
    assert_eq!(other_kind.error_code(), "id_taken");

    let not_uuid = create(
        &app,
        &anna,
        json!({"kind": "initial", "id": "mijn-portfolio"}),
    )
    .await;
    assert_eq!(not_uuid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let upper = id.to_uppercase();
    let not_canonical = create(&app, &anna, json!({"kind": "initial", "id": upper})).await;
    assert_eq!(not_canonical.status, StatusCode::UNPROCESSABLE_ENTITY);

    let list = app
        .as_user(&anna, Method::GET, "/api/portfolios", None)
        .await
        .json();
    assert_eq!(list["portfolios"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn without_a_session_everything_is_401() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let id = app.create_portfolio(&anna, "initial").await;
    for (method, path, body) in [
        (Method::GET, "/api/portfolios".to_string(), None),
        (Method::GET, format!("/api/portfolios/{id}"), None),
        (
            Method::POST,
            "/api/portfolios".to_string(),
            Some(json!({"account_id": anna.id, "kind": "recertification"})),
        ),
    ] {
        let reply = app.call(method, &path, body.as_ref(), None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(reply.error_code(), "unauthorized");
    }
}

#[tokio::test]
async fn another_persons_portfolio_is_not_found_and_not_listed() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let bert = app.sign_up("Bert", "bert@example.nl").await;
    let id = app.create_portfolio(&anna, "initial").await;

    let theirs = app
        .as_user(&bert, Method::GET, &format!("/api/portfolios/{id}"), None)
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(theirs.error_code(), "not_found");
    let unknown = app
        .as_user(
            &bert,
            Method::GET,
            &format!("/api/portfolios/{}", uuid::Uuid::new_v4()),
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json(), theirs.json(), "indistinguishable");

    let list = app
        .as_user(&bert, Method::GET, "/api/portfolios", None)
        .await;
    assert_eq!(list.json(), json!({"portfolios": []}));

    // Bert's retry of a create with Anna's id must not hand him her portfolio.
    let steal = create(&app, &bert, json!({"kind": "initial", "id": id})).await;
    assert_eq!(steal.status, StatusCode::CONFLICT);
    assert_eq!(steal.error_code(), "id_taken");
}

#[tokio::test]
async fn only_candidates_create_portfolios_and_admins_see_them() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let mentor = app
        .invited(&admin, "mentor", "Mia Mentor", "mia@example.nl")
        .await;
    let refused = create(&app, &mentor, json!({"kind": "initial"})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());
    assert_eq!(refused.error_code(), "forbidden");

    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let summary = create(&app, &anna, json!({"kind": "initial"})).await.json();
    let mentor_list = app
        .as_user(&mentor, Method::GET, "/api/portfolios", None)
        .await;
    assert_eq!(mentor_list.json(), json!({"portfolios": []}));
    // The policy lets admins view every portfolio.
    let admin_list = app
        .as_user(&admin, Method::GET, "/api/portfolios", None)
        .await;
    assert_eq!(admin_list.json(), json!({"portfolios": [summary]}));
}
