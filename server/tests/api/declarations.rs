//! "Laten ondertekenen" (issue 12): a candidate asks a third party to sign a
//! declaration; the signer answers through the link without an account.
//! On SQLite, or PostgreSQL with TEST_DATABASE_URL.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{Reply, TestApp, User};

const WORKING: &str = "initial.b1.q2";

fn working_fields() -> Value {
    json!({"organisation": "Werkbedrijf Noord", "function": "Jobcoach", "since": "2020-01-01"})
}

fn request_body(fields: Value) -> Value {
    json!({
        "format": "working_initial",
        "fields": fields,
        "signer": {"name": "Wim Werkgever", "role": "Leidinggevende", "email": "Wim@Example.nl"}
    })
}

async fn ask(app: &TestApp, user: &User, portfolio: &str, slot: &str, body: &Value) -> Reply {
    app.as_user(
        user,
        Method::POST,
        &format!("/api/portfolios/{portfolio}/declarations/{slot}/requests"),
        Some(body),
    )
    .await
}

fn token_of(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["delivery"], "manual", "no SMTP in tests: {body}");
    let link = body["link"].as_str().expect("link shown without SMTP");
    assert!(
        link.starts_with("http://localhost:3000/ondertekenen#token="),
        "{link}"
    );
    link.split("#token=").nth(1).unwrap().to_string()
}

async fn list(app: &TestApp, user: &User, portfolio: &str) -> Reply {
    app.as_user(
        user,
        Method::GET,
        &format!("/api/portfolios/{portfolio}/declarations"),
        None,
    )
    .await
}

async fn status_of(app: &TestApp, user: &User, portfolio: &str, slot: &str) -> Value {
    let reply = list(app, user, portfolio).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let wanted = shared::api::declarations::parse_slot_path(slot).unwrap();
    let body = reply.json();
    body["declarations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            serde_json::from_value::<shared::evidence::Slot>(d["slot"].clone()).ok()
                == Some(wanted.clone())
        })
        .cloned()
        .unwrap_or_else(|| panic!("no declaration for {slot}: {body}"))
}

async fn answer(app: &TestApp, token: &str, what: &str, body: Value) -> Reply {
    app.call(
        Method::POST,
        &format!("/api/declarations/{token}/{what}"),
        Some(&body),
        None,
    )
    .await
}

/// Sets the declaration question's value through sync, as the editor does.
async fn push_value(
    app: &TestApp,
    user: &User,
    portfolio: &str,
    seq: u64,
    base: u64,
    value: Value,
) {
    let reply = app
        .as_user(
            user,
            Method::POST,
            "/api/sync/push",
            Some(&json!({
                "account_id": user.id,
                "client_id": "test-device",
                "mutations": [{
                    "id": {"client_id": "test-device", "seq": seq},
                    "portfolio_id": portfolio,
                    "target": {"kind": "value", "key": WORKING},
                    "base_version": base,
                    "op": "set",
                    "value": {"type": "json", "value": value}
                }]
            })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert!(reply.text().contains("applied"), "{}", reply.text());
}

#[tokio::test]
async fn a_signer_without_account_signs_once_and_the_portfolio_shows_it() {
    let app = TestApp::new().await;
    let carla = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let portfolio = app.create_portfolio(&carla, "initial").await;
    push_value(&app, &carla, &portfolio, 1, 0, working_fields()).await;
    let reply = ask(
        &app,
        &carla,
        &portfolio,
        WORKING,
        &request_body(working_fields()),
    )
    .await;
    let token = token_of(&reply);
    let created = reply.json();
    assert_eq!(created["request"]["signer_email"], "wim@example.nl");
    assert_eq!(created["request"]["state"], "sent");
    // Stored hashed: the token itself is nowhere in the table.
    let raw = app
        .count(&format!(
            "SELECT COUNT(*) FROM declaration_requests WHERE token_hash = '{token}' \
             OR signed_text LIKE '%{token}%'"
        ))
        .await;
    assert_eq!(raw, 0);
    assert_eq!(token.len(), 64, "256 random bits as hex");

    // The signer sees the candidate's name and the declaration, nothing else.
    let shown = app
        .call(
            Method::GET,
            &format!("/api/declarations/{token}"),
            None,
            None,
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text());
    let shown = shown.json();
    let mut keys: Vec<&str> = shown
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "candidate_name",
            "expires_at",
            "text",
            "text_sha256",
            "title"
        ]
    );
    assert_eq!(shown["candidate_name"], "Carla Kandidaat");
    let text = shown["text"].as_str().unwrap();
    assert!(
        text.contains("Carla Kandidaat sinds 1 januari 2020 werkzaam is als uitvoerend jobcoach"),
        "{text}"
    );
    assert_eq!(
        shown["text_sha256"],
        shared::declarations::sha256_hex(text),
        "the hash is of the exact text shown"
    );
    assert_eq!(
        status_of(&app, &carla, &portfolio, WORKING).await["status"]["status"],
        "sent"
    );

    let empty = answer(&app, &token, "sign", json!({"name": "  "})).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.error_message().starts_with("name:"),
        "{}",
        empty.text()
    );
    let signed = answer(&app, &token, "sign", json!({"name": "W. Werkgever"})).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text());
    assert_eq!(signed.json()["text_sha256"], shown["text_sha256"]);

    // Single use: neither a second signature nor a refusal, nor a look.
    for (method, path, body) in [
        (
            Method::POST,
            format!("/api/declarations/{token}/sign"),
            Some(json!({"name": "X"})),
        ),
        (
            Method::POST,
            format!("/api/declarations/{token}/decline"),
            Some(json!({"reason": "X"})),
        ),
        (Method::GET, format!("/api/declarations/{token}"), None),
    ] {
        let again = app.call(method, &path, body.as_ref(), None).await;
        assert_eq!(again.status, StatusCode::GONE, "{path}: {}", again.text());
        assert_eq!(again.error_code(), "link_used");
    }

    let declaration = status_of(&app, &carla, &portfolio, WORKING).await;
    assert_eq!(declaration["status"]["status"], "signed");
    let line = declaration["status_text"].as_str().unwrap();
    assert!(
        line.starts_with("Ondertekend door W. Werkgever op "),
        "{line}"
    );
    let request = &declaration["requests"][0];
    assert_eq!(request["signed_name"], "W. Werkgever");
    assert!(request["signed_at"].as_i64().unwrap() > 0);
    assert_eq!(request["signer_email"], "wim@example.nl");

    for event in ["declaration_requested", "declaration_signed"] {
        let n = app
            .count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE event = '{event}'"
            ))
            .await;
        assert_eq!(n, 1, "{event}");
    }
}

#[tokio::test]
async fn a_declined_declaration_shows_the_reason() {
    let app = TestApp::new().await;
    let carla = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let portfolio = app.create_portfolio(&carla, "recertification").await;
    let slot = "recertification.a3_1.q1:6f1c0c4e-8f7a-4d0e-9a55-1c2b3d4e5f60";
    let body = json!({
        "format": "reflection_meeting",
        "fields": {"date": "2025-03-04", "facilitator": "Petra de Vries", "own_case": "ja"},
        "signer": {"name": "Petra de Vries", "role": "Begeleider intervisie",
                   "email": "petra@example.nl"}
    });
    let token = token_of(&ask(&app, &carla, &portfolio, slot, &body).await);
    let empty = answer(&app, &token, "decline", json!({"reason": ""})).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let declined = answer(
        &app,
        &token,
        "decline",
        json!({"reason": "Ik was niet de begeleider."}),
    )
    .await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.text());
    let declaration = status_of(&app, &carla, &portfolio, slot).await;
    assert_eq!(declaration["status"]["status"], "declined");
    assert_eq!(
        declaration["status_text"],
        "Geweigerd door Petra de Vries: Ik was niet de begeleider."
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event = 'declaration_declined'")
            .await,
        1
    );
    let sign = answer(&app, &token, "sign", json!({"name": "Petra"})).await;
    assert_eq!(sign.error_code(), "link_used");
}

#[tokio::test]
async fn a_link_expires_after_30_days() {
    let app = TestApp::new().await;
    let carla = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let portfolio = app.create_portfolio(&carla, "initial").await;
    let token = token_of(
        &ask(
            &app,
            &carla,
            &portfolio,
            WORKING,
            &request_body(working_fields()),
        )
        .await,
    );
    // The clock is passed in: 30 days minus a second it is open, at 30 days
    // it is expired.
    let created: i64 = sqlx::query_scalar("SELECT created_at FROM declaration_requests")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let thirty_days = 30 * 24 * 60 * 60;
    let open = server::declarations::by_token(&app.db, &token, created + thirty_days - 1)
        .await
        .unwrap();
    assert!(matches!(open, server::declarations::TokenState::Open(_)));
    let expired = server::declarations::by_token(&app.db, &token, created + thirty_days)
        .await
        .unwrap();
    assert_eq!(expired, server::declarations::TokenState::Expired);
    let mut tx = app.db.pool.begin().await.unwrap();
    let late = server::declarations::answer(
        &mut tx,
        &token,
        server::declarations::Answer::Sign { name: "Wim" },
        created + thirty_days,
    )
    .await
    .unwrap();
    assert!(late.is_none(), "an expired link signs nothing");
    tx.rollback().await.unwrap();

    // Through the API, with the stored expiry moved into the past.
    sqlx::query("UPDATE declaration_requests SET expires_at = $1")
        .bind(created - 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let shown = app
        .call(
            Method::GET,
            &format!("/api/declarations/{token}"),
            None,
            None,
        )
        .await;
    assert_eq!(shown.status, StatusCode::GONE);
    assert_eq!(shown.error_code(), "link_expired");
    let sign = answer(&app, &token, "sign", json!({"name": "Wim"})).await;
    assert_eq!(sign.error_code(), "link_expired");
    let declaration = status_of(&app, &carla, &portfolio, WORKING).await;
    assert_eq!(declaration["status"]["status"], "expired");
}

/// Issue 12: "A signed declaration is frozen: changing a field voids the
/// signature and asks for a new one."
#[tokio::test]
async fn changing_a_field_after_signing_voids_the_signature() {
    let app = TestApp::new().await;
    let carla = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let portfolio = app.create_portfolio(&carla, "initial").await;
    push_value(&app, &carla, &portfolio, 1, 0, working_fields()).await;
    let token = token_of(
        &ask(
            &app,
            &carla,
            &portfolio,
            WORKING,
            &request_body(working_fields()),
        )
        .await,
    );
    let signed = answer(&app, &token, "sign", json!({"name": "Wim Werkgever"})).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text());
    assert_eq!(
        status_of(&app, &carla, &portfolio, WORKING).await["status"]["status"],
        "signed"
    );

    let mut changed = working_fields();
    changed["function"] = json!("Senior jobcoach");
    push_value(&app, &carla, &portfolio, 2, 1, changed.clone()).await;
    let declaration = status_of(&app, &carla, &portfolio, WORKING).await;
    assert_eq!(declaration["status"]["status"], "voided");
    assert!(declaration["status_text"]
        .as_str()
        .unwrap()
        .starts_with("Vervallen door wijziging"));

    // A new request for the new text; the old signature stays on record.
    let token2 = token_of(&ask(&app, &carla, &portfolio, WORKING, &request_body(changed)).await);
    assert_ne!(token, token2);
    let declaration = status_of(&app, &carla, &portfolio, WORKING).await;
    assert_eq!(declaration["status"]["status"], "sent");
    assert_eq!(declaration["requests"].as_array().unwrap().len(), 2);
    // Changing it back makes the first signature count again: it covers
    // exactly that text.
    push_value(&app, &carla, &portfolio, 3, 2, working_fields()).await;
    assert_eq!(
        status_of(&app, &carla, &portfolio, WORKING).await["status"]["status"],
        "signed"
    );
}

#[tokio::test]
async fn a_newer_request_replaces_the_open_link() {
    let app = TestApp::new().await;
    let carla = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let portfolio = app.create_portfolio(&carla, "initial").await;
    let first = token_of(
        &ask(
            &app,
            &carla,
            &portfolio,
            WORKING,
            &request_body(working_fields()),
        )
        .await,
    );
    let second = token_of(
        &ask(
            &app,
            &carla,
            &portfolio,
            WORKING,
            &request_body(working_fields()),
        )
        .await,
    );
    let old = answer(&app, &first, "sign", json!({"name": "Wim"})).await;
    assert_eq!(old.status, StatusCode::GONE);
    assert_eq!(old.error_code(), "link_replaced");
    let new = answer(&app, &second, "sign", json!({"name": "Wim"})).await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.text());
    let unknown = app
        .call(
            Method::GET,
            &format!("/api/declarations/{}", "0".repeat(64)),
            None,
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn requests_are_checked_and_other_people_see_nothing() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let carla = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let otto = app.sign_up("Otto Kandidaat", "otto@example.nl").await;
    let portfolio = app.create_portfolio(&carla, "initial").await;
    let body = request_body(working_fields());

    // Other candidates: the portfolio does not exist for them.
    assert_eq!(
        ask(&app, &otto, &portfolio, WORKING, &body).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        list(&app, &otto, &portfolio).await.status,
        StatusCode::NOT_FOUND
    );
    // Admins see the statuses but cannot ask in the candidate's name.
    assert_eq!(
        ask(&app, &admin, &portfolio, WORKING, &body).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(list(&app, &admin, &portfolio).await.status, StatusCode::OK);
    let nobody = app
        .call(
            Method::POST,
            &format!("/api/portfolios/{portfolio}/declarations/{WORKING}/requests"),
            Some(&body),
            None,
        )
        .await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);

    // A slot that is not this portfolio's, or has no such format.
    let slot = "recertification.a1.q2";
    assert_eq!(
        ask(&app, &carla, &portfolio, slot, &body).await.status,
        StatusCode::NOT_FOUND
    );
    let wrong = ask(&app, &carla, &portfolio, "initial.e.q1", &body).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.error_message().starts_with("format:"),
        "{}",
        wrong.text()
    );

    // Field checks name the field, in Dutch.
    let mut fields = working_fields();
    fields["since"] = json!("gisteren");
    let bad = ask(&app, &carla, &portfolio, WORKING, &request_body(fields)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.error_message().starts_with("fields.since:"),
        "{}",
        bad.text()
    );
    assert_eq!(
        bad.json()["error"]["fields"][0]["field"],
        "fields.since",
        "{}",
        bad.text()
    );
    assert!(
        bad.error_message().contains("geen geldige datum"),
        "{}",
        bad.text()
    );
    let mut no_email = body.clone();
    no_email["signer"]["email"] = json!("geen-adres");
    let bad = ask(&app, &carla, &portfolio, WORKING, &no_email).await;
    assert!(
        bad.error_message().starts_with("signer.email:"),
        "{}",
        bad.text()
    );
    // The field travels typed too, beside the one-line message.
    assert_eq!(
        bad.json()["error"]["fields"][0]["field"],
        "signer.email",
        "{}",
        bad.text()
    );
    let mut no_role = body.clone();
    no_role["signer"]["role"] = json!(" ");
    let bad = ask(&app, &carla, &portfolio, WORKING, &no_role).await;
    assert!(
        bad.error_message().starts_with("signer.role:"),
        "{}",
        bad.text()
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM declaration_requests").await,
        0
    );
}

#[tokio::test]
async fn the_token_is_not_logged_with_the_path() {
    assert_eq!(
        server::api::declarations_log_path(&format!("/api/declarations/{}/sign", "a".repeat(64))),
        "/api/declarations/…/sign"
    );
    assert_eq!(
        server::api::declarations_log_path("/api/declarations/abc"),
        "/api/declarations/…"
    );
    assert_eq!(
        server::api::declarations_log_path("/api/health"),
        "/api/health"
    );
}
