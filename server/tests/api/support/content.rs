//! Complete portfolio content (`shared::fixtures`, the same the browser
//! tests push) for tests that submit, pushed through the real sync API with
//! its evidence uploaded.

use super::{TestApp, User};
use axum::http::{Method, StatusCode};
use chrono::Utc;
use serde_json::{json, Value};
pub use shared::fixtures::{evidence_pdf, filled, Route};
use shared::framework::PortfolioKind;

fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

/// The targets and values of complete content (`shared::fixtures`).
pub fn complete(kind: PortfolioKind, route: Route, end_date: &str) -> Vec<(Value, Value)> {
    shared::fixtures::complete(kind, route, end_date, today())
}

/// Pushes `targets` into `portfolio` as `user`, as new values (base 0).
/// Pushes `targets` and uploads the bytes of their evidence rows.
pub async fn push(app: &TestApp, user: &User, portfolio: &str, targets: &[(Value, Value)]) {
    push_fields(app, user, portfolio, targets).await;
    upload_evidence(app, user, portfolio, targets).await;
}

/// Pushes `targets` only: evidence rows arrive before their bytes.
pub async fn push_fields(app: &TestApp, user: &User, portfolio: &str, targets: &[(Value, Value)]) {
    for (n, chunk) in targets.chunks(150).enumerate() {
        let client = format!("fill-{portfolio}-{n}");
        let mutations: Vec<Value> = chunk
            .iter()
            .enumerate()
            .map(|(i, (target, value))| {
                json!({
                    "id": {"client_id": client, "seq": i + 1},
                    "portfolio_id": portfolio,
                    "target": target,
                    "base_version": 0,
                    "op": "set",
                    "value": value,
                })
            })
            .collect();
        let reply = app
            .as_user(
                user,
                Method::POST,
                "/api/sync/push",
                Some(&json!({"account_id": user.id, "client_id": client, "mutations": mutations})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "push: {}", reply.text());
    }
}

/// Uploads the bytes of every evidence row among `targets`, as the
/// browser does after the row has synced.
pub async fn upload_evidence(
    app: &TestApp,
    user: &User,
    portfolio: &str,
    targets: &[(Value, Value)],
) {
    for (target, value) in targets {
        let is_evidence = target["list"]
            .as_str()
            .is_some_and(|l| l.ends_with(".evidence"));
        let (Some(id), true) = (target["item_id"].as_str(), is_evidence) else {
            continue;
        };
        let (sha, bytes) = evidence_pdf(id);
        assert_eq!(value["value"]["sha256"], sha.as_str());
        let reply = app
            .request(
                axum::http::Request::builder()
                    .method(Method::PUT)
                    .uri(format!("/api/portfolios/{portfolio}/files/{sha}"))
                    .header("origin", super::ORIGIN)
                    .header("cookie", user.cookie.clone().expect("signed in"))
                    .header("content-type", "application/octet-stream")
                    .body(axum::body::Body::from(bytes))
                    .expect("request"),
            )
            .await;
        assert!(reply.status.is_success(), "upload: {}", reply.text());
    }
}

/// A complete portfolio of `kind`, ready to submit.
pub async fn complete_portfolio(
    app: &TestApp,
    user: &User,
    kind: PortfolioKind,
    route: Route,
    end_date: &str,
) -> String {
    let kind_name = match kind {
        PortfolioKind::Initial => "initial",
        PortfolioKind::Recertification => "recertification",
    };
    let id = app.create_portfolio(user, kind_name).await;
    push(app, user, &id, &complete(kind, route, end_date)).await;
    id
}

/// Submits; the reply as it is.
pub async fn submit(app: &TestApp, user: &User, portfolio: &str) -> super::Reply {
    app.as_user(
        user,
        Method::POST,
        &format!("/api/portfolios/{portfolio}/submit"),
        Some(&json!({"declaration": true})),
    )
    .await
}
