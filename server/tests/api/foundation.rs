//! The server basics every later feature relies on (issue 2): health, JSON
//! errors for every kind of bad request, security and cache headers, the
//! server-rendered page, and the one-time set-up token.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::json;
use server::setup;
use support::TestApp;

#[tokio::test]
async fn health_reports_the_database_in_use() {
    let app = TestApp::new().await;
    let reply = app.get("/api/health").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], app.db.kind.name());
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    let expected = if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres")) {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"], expected);
}

#[tokio::test]
async fn unknown_api_route_is_a_json_404() {
    let app = TestApp::new().await;
    let reply = app.get("/api/no-such-thing").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.error_code(), "not_found");
}

#[tokio::test]
async fn wrong_method_is_a_json_405() {
    let app = TestApp::new().await;
    let reply = app
        .send_json(Method::DELETE, "/api/health", &json!({}))
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.error_code(), "method_not_allowed");
}

#[tokio::test]
async fn every_response_carries_security_headers_and_request_id() {
    let app = TestApp::new().await;
    let reply = app.get("/api/health").await;
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert!(reply.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert!(reply.headers.contains_key("referrer-policy"));
    assert!(!reply.headers["x-request-id"].is_empty());
}

#[tokio::test]
async fn home_page_is_server_rendered_in_dutch_with_a_nonce_csp() {
    let app = TestApp::new().await;
    let reply = app.get("/").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["cache-control"], "no-cache");
    let html = reply.text();
    assert!(html.contains("<html lang=\"nl\""), "{html}");
    assert!(html.contains("Je portfolio voor Register Jobcoach"));
    let csp = reply.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("page CSP has a nonce");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "hydration script carries the nonce"
    );
    assert!(csp.contains("'wasm-unsafe-eval'"));
}

#[tokio::test]
async fn unknown_page_renders_a_dutch_404() {
    let app = TestApp::new().await;
    let reply = app.get("/bestaat-niet").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.text().contains("Pagina niet gevonden"));
}

#[tokio::test]
async fn setup_token_is_random_hashed_single_use_and_reissued_until_used() {
    let app = TestApp::new().await;
    let first = setup::issue_if_needed(&app.db)
        .await
        .unwrap()
        .expect("first start issues a token");
    assert_eq!(first.len(), 64);
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM setup_tokens")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        stored,
        vec![setup::hash_token(&first)],
        "only the hash is stored"
    );
    assert!(setup::is_valid(&app.db, &first).await.unwrap());

    // A restart before set-up voids the old link and prints a new one.
    let second = setup::issue_if_needed(&app.db)
        .await
        .unwrap()
        .expect("reissued");
    assert_ne!(first, second);
    assert!(!setup::is_valid(&app.db, &first).await.unwrap());

    let mut tx = app.db.pool.begin().await.unwrap();
    assert!(setup::consume(&mut tx, &second).await.unwrap());
    assert!(
        !setup::consume(&mut tx, &second).await.unwrap(),
        "single use"
    );
    tx.commit().await.unwrap();
    assert!(
        setup::issue_if_needed(&app.db).await.unwrap().is_none(),
        "no link once set up"
    );
}

#[tokio::test]
async fn expired_setup_token_is_refused() {
    let app = TestApp::new().await;
    let token = setup::issue_if_needed(&app.db).await.unwrap().unwrap();
    sqlx::query("UPDATE setup_tokens SET expires_at = $1")
        .bind(server::db::now() - 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert!(!setup::is_valid(&app.db, &token).await.unwrap());
    let mut tx = app.db.pool.begin().await.unwrap();
    assert!(!setup::consume(&mut tx, &token).await.unwrap());
}
