//! Accounts and passkeys (issue 4): the full WebAuthn ceremonies with a
//! software authenticator, sessions, invitations, set-up, recovery, the
//! Origin check, rate limits and the 401/403 answers.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{SoftAuthenticator, TestApp, ORIGIN};

async fn audit_events(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT event FROM audit_log ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn sign_up_creates_a_candidate_signed_in_with_a_safe_cookie() {
    let app = TestApp::new().await;
    let mut authenticator = SoftAuthenticator::new();
    let reply = app
        .register(
            "signup",
            "Anna de Vries",
            "Anna@Example.nl",
            None,
            &mut authenticator,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let set_cookie = reply.headers["set-cookie"].to_str().unwrap().to_string();
    assert!(set_cookie.starts_with("rj_session="), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly"));
    assert!(set_cookie.contains("SameSite=Lax"));
    assert!(set_cookie.contains("Path=/"));
    assert!(
        !set_cookie.contains("Secure"),
        "http origin: no Secure flag"
    );
    let body = reply.json();
    let codes = body["recovery_codes"].as_array().unwrap();
    assert_eq!(codes.len(), 10);

    let cookie = reply.session_cookie().unwrap();
    let me = app.call(Method::GET, "/api/me", None, Some(&cookie)).await;
    assert_eq!(me.status, StatusCode::OK);
    let me = me.json();
    assert_eq!(me["name"], "Anna de Vries");
    assert_eq!(me["email"], "anna@example.nl");
    assert_eq!(me["roles"], json!(["candidate"]));
    assert_eq!(me["id"], body["user"]["id"]);

    // Only hashes are stored: the session id and the recovery codes.
    let token = cookie.split('=').nth(1).unwrap();
    let raw: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id_hash = $1")
        .bind(token)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(raw, 0);
    let hashes: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 10);
    assert!(hashes.iter().all(|h| h.starts_with("$argon2id$")));
    assert_eq!(audit_events(&app).await, vec!["sign_up"]);
}

#[tokio::test]
async fn me_without_a_session_is_a_json_401() {
    let app = TestApp::new().await;
    let reply = app.get("/api/me").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.error_code(), "unauthorized");
    let reply = app
        .call(Method::GET, "/api/me", None, Some("rj_session=forged"))
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    // The pages' own question answers 200 either way.
    let reply = app.get("/api/auth/session").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!({"user": null}));
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let reply = app
        .as_user(&anna, Method::GET, "/api/auth/session", None)
        .await;
    assert_eq!(reply.json()["user"]["name"], "Anna");
}

#[tokio::test]
async fn sign_in_with_a_passkey_gives_a_new_session_and_sign_out_ends_it() {
    let app = TestApp::new().await;
    let mut anna = app.sign_up("Anna", "anna@example.nl").await;
    let first = anna.cookie.clone().unwrap();

    let out = app
        .as_user(&anna, Method::POST, "/api/auth/logout", None)
        .await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.headers["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let me = app.call(Method::GET, "/api/me", None, Some(&first)).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "signed out for real");

    app.sign_in(&mut anna).await;
    let second = anna.cookie.clone().unwrap();
    assert_ne!(first, second, "session id rotates at sign-in");
    let me = app.as_user(&anna, Method::GET, "/api/me", None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["id"], anna.id.as_str());

    let used: Option<i64> = sqlx::query_scalar("SELECT last_used_at FROM passkeys")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(used.is_some());
    assert_eq!(
        audit_events(&app).await,
        // support::sign_up follows the verification link.
        vec!["sign_up", "email_verified", "sign_out", "sign_in"]
    );
}

#[tokio::test]
async fn signing_in_again_ends_the_session_the_browser_had() {
    let app = TestApp::new().await;
    let mut anna = app.sign_up("Anna", "anna@example.nl").await;
    let old = anna.cookie.clone().unwrap();
    let start = app
        .call(
            Method::POST,
            "/api/auth/login/start",
            Some(&json!({})),
            Some(&old),
        )
        .await
        .json();
    let credential = anna.authenticator.authenticate(ORIGIN, &start["options"]);
    let reply = app
        .call(
            Method::POST,
            "/api/auth/login/finish",
            Some(&json!({"challenge_id": start["challenge_id"], "credential": credential})),
            Some(&old),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let me = app.call(Method::GET, "/api/me", None, Some(&old)).await;
    assert_eq!(
        me.status,
        StatusCode::UNAUTHORIZED,
        "old id no longer valid"
    );
}

#[tokio::test]
async fn a_replayed_sign_in_is_refused() {
    let app = TestApp::new().await;
    let mut anna = app.sign_up("Anna", "anna@example.nl").await;
    let start = app
        .post_json("/api/auth/login/start", &json!({}))
        .await
        .json();
    let credential = anna.authenticator.authenticate(ORIGIN, &start["options"]);
    let finish = json!({"challenge_id": start["challenge_id"], "credential": credential});
    let first = app.post_json("/api/auth/login/finish", &finish).await;
    assert_eq!(first.status, StatusCode::OK);
    let again = app.post_json("/api/auth/login/finish", &finish).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.error_code(), "challenge_unknown");
}

#[tokio::test]
async fn an_answer_to_another_challenge_is_refused_and_logged() {
    let app = TestApp::new().await;
    let mut anna = app.sign_up("Anna", "anna@example.nl").await;
    let a = app
        .post_json("/api/auth/login/start", &json!({}))
        .await
        .json();
    let b = app
        .post_json("/api/auth/login/start", &json!({}))
        .await
        .json();
    let credential = anna.authenticator.authenticate(ORIGIN, &a["options"]);
    let reply = app
        .post_json(
            "/api/auth/login/finish",
            &json!({"challenge_id": b["challenge_id"], "credential": credential}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.error_code(), "sign_in_failed");
    assert!(reply.session_cookie().is_none());
    assert!(audit_events(&app)
        .await
        .contains(&"sign_in_failed".to_string()));
}

#[tokio::test]
async fn an_answer_made_for_another_origin_is_refused() {
    let app = TestApp::new().await;
    let mut anna = app.sign_up("Anna", "anna@example.nl").await;
    let start = app
        .post_json("/api/auth/login/start", &json!({}))
        .await
        .json();
    let credential = anna
        .authenticator
        .authenticate("http://phishing.example", &start["options"]);
    let reply = app
        .post_json(
            "/api/auth/login/finish",
            &json!({"challenge_id": start["challenge_id"], "credential": credential}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_expired_challenge_is_refused() {
    let app = TestApp::new().await;
    let mut anna = app.sign_up("Anna", "anna@example.nl").await;
    let start = app
        .post_json("/api/auth/login/start", &json!({}))
        .await
        .json();
    sqlx::query("UPDATE webauthn_challenges SET expires_at = $1")
        .bind(server::db::now() - 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let credential = anna.authenticator.authenticate(ORIGIN, &start["options"]);
    let reply = app
        .post_json(
            "/api/auth/login/finish",
            &json!({"challenge_id": start["challenge_id"], "credential": credential}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.error_code(), "challenge_expired");

    // Registration challenges expire the same way.
    let start = app
        .post_json(
            "/api/auth/signup/start",
            &json!({"name": "Bob", "email": "bob@example.nl"}),
        )
        .await
        .json();
    sqlx::query("UPDATE webauthn_challenges SET expires_at = $1")
        .bind(server::db::now() - 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let credential = SoftAuthenticator::new().register(ORIGIN, &start["options"]);
    let reply = app
        .post_json(
            "/api/auth/signup/finish",
            &json!({"challenge_id": start["challenge_id"], "credential": credential}),
        )
        .await;
    assert_eq!(reply.error_code(), "challenge_expired");
}

#[tokio::test]
async fn a_registration_answer_works_once() {
    let app = TestApp::new().await;
    let start = app
        .post_json(
            "/api/auth/signup/start",
            &json!({"name": "Bob", "email": "bob@example.nl"}),
        )
        .await
        .json();
    let credential = SoftAuthenticator::new().register(ORIGIN, &start["options"]);
    let finish = json!({"challenge_id": start["challenge_id"], "credential": credential});
    assert_eq!(
        app.post_json("/api/auth/signup/finish", &finish)
            .await
            .status,
        StatusCode::OK
    );
    let again = app.post_json("/api/auth/signup/finish", &finish).await;
    assert_eq!(again.error_code(), "challenge_unknown");
}

#[tokio::test]
async fn sign_up_checks_its_input_and_does_not_tell_a_taken_address() {
    let app = TestApp::new().await;
    app.sign_up("Anna", "anna@example.nl").await;
    // A taken address starts like a fresh one (tests/identity.rs compares
    // the whole ceremony and the mails).
    let reply = app
        .post_json(
            "/api/auth/signup/start",
            &json!({"name": "Anna 2", "email": " ANNA@example.nl "}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let reply = app
        .post_json(
            "/api/auth/signup/start",
            &json!({"name": "", "email": "x@example.nl"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = app
        .post_json(
            "/api/auth/signup/start",
            &json!({"name": "X", "email": "geen-adres"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = app
        .post_raw("/api/auth/signup/start", "application/json", "{nope")
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.error_code(), "malformed_json");
    let huge = json!({"name": "x".repeat(300 * 1024), "email": "x@example.nl"});
    let reply = app.post_json("/api/auth/signup/start", &huge).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.error_code(), "payload_too_large");
    let reply = app.get("/api/auth/login/start").await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.error_code(), "method_not_allowed");
}

#[tokio::test]
async fn state_changing_requests_from_another_origin_are_refused() {
    let app = TestApp::new().await;
    for origin in [Some("http://evil.example"), Some("null"), None] {
        let mut req = axum::http::Request::post("/api/auth/login/start")
            .header("content-type", "application/json");
        if let Some(origin) = origin {
            req = req.header("origin", origin);
        }
        let reply = app
            .request(req.body(axum::body::Body::from("{}")).unwrap())
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{origin:?}");
        assert_eq!(reply.error_code(), "origin_mismatch");
    }
    // Reading needs no Origin.
    assert_eq!(app.get("/api/health").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_first_admin_registers_once_through_the_setup_link() {
    let app = TestApp::new().await;
    let token = server::setup::issue_if_needed(&app.db)
        .await
        .unwrap()
        .unwrap();
    let check = app
        .post_json("/api/auth/setup/check", &json!({"token": token}))
        .await;
    assert_eq!(check.status, StatusCode::OK);
    let mut authenticator = SoftAuthenticator::new();
    let reply = app
        .register(
            "setup",
            "Beheer",
            "beheer@example.nl",
            Some(&token),
            &mut authenticator,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["user"]["roles"], json!(["admin"]));
    assert!(server::setup::is_set_up(&app.db).await.unwrap());
    assert!(server::setup::issue_if_needed(&app.db)
        .await
        .unwrap()
        .is_none());

    let again = app
        .post_json(
            "/api/auth/setup/start",
            &json!({"name": "Mallory", "email": "m@example.nl", "token": token}),
        )
        .await;
    assert_eq!(again.status, StatusCode::GONE);
    assert_eq!(again.error_code(), "link_invalid");
    let events = audit_events(&app).await;
    assert!(
        events.contains(&"setup_completed".to_string()),
        "{events:?}"
    );
}

#[tokio::test]
async fn an_invitation_makes_an_account_with_its_role_and_works_once() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let token = app.invite(&admin, "mentor").await;
    assert_eq!(
        app.post_json("/api/auth/invitation/check", &json!({"token": token}))
            .await
            .json()["role"],
        "mentor"
    );
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM invitations")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, vec![server::setup::hash_token(&token)]);

    // Two ceremonies started with the same link: only one can finish.
    let mut first = SoftAuthenticator::new();
    let mut second = SoftAuthenticator::new();
    let start_a = app
        .post_json(
            "/api/auth/invitation/start",
            &json!({"name": "Mia", "email": "mia@example.nl", "token": token}),
        )
        .await
        .json();
    let start_b = app
        .post_json(
            "/api/auth/invitation/start",
            &json!({"name": "Max", "email": "max@example.nl", "token": token}),
        )
        .await
        .json();
    let a = first.register(ORIGIN, &start_a["options"]);
    let b = second.register(ORIGIN, &start_b["options"]);
    let done = app
        .post_json(
            "/api/auth/invitation/finish",
            &json!({"challenge_id": start_a["challenge_id"], "credential": a}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(done.json()["user"]["roles"], json!(["mentor"]));
    let late = app
        .post_json(
            "/api/auth/invitation/finish",
            &json!({"challenge_id": start_b["challenge_id"], "credential": b}),
        )
        .await;
    assert_eq!(late.status, StatusCode::GONE);
    assert_eq!(late.error_code(), "link_invalid");
    let reuse = app
        .post_json(
            "/api/auth/invitation/start",
            &json!({"name": "Max", "email": "max@example.nl", "token": token}),
        )
        .await;
    assert_eq!(reuse.error_code(), "link_invalid");
    let missing = app
        .count("SELECT COUNT(*) FROM users WHERE email = 'max@example.nl'")
        .await;
    assert_eq!(missing, 0, "the refused sign-up left nothing behind");
    let events = audit_events(&app).await;
    assert!(events.contains(&"invitation_created".to_string()));
    assert!(events.contains(&"invitation_accepted".to_string()));
}

#[tokio::test]
async fn an_expired_invitation_is_refused() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let token = app.invite(&admin, "assessor").await;
    sqlx::query("UPDATE invitations SET expires_at = $1")
        .bind(server::db::now() - 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let reply = app
        .post_json("/api/auth/invitation/check", &json!({"token": token}))
        .await;
    assert_eq!(reply.status, StatusCode::GONE);
}

#[tokio::test]
async fn administration_is_401_when_signed_out_and_403_for_others() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let mentor = app.invited(&admin, "mentor", "Mia", "mia@example.nl").await;
    let candidate = app.sign_up("Anna", "anna@example.nl").await;
    let cases: [(Method, String, Option<Value>); 5] = [
        (
            Method::POST,
            "/api/admin/invitations".into(),
            Some(json!({"role": "mentor"})),
        ),
        (Method::GET, "/api/admin/audit".into(), None),
        (Method::GET, "/api/admin/accounts".into(), None),
        (
            Method::PUT,
            format!("/api/admin/accounts/{}/roles", candidate.id),
            Some(json!({"roles": ["candidate", "admin"]})),
        ),
        (
            Method::POST,
            format!("/api/admin/accounts/{}/recovery-link", candidate.id),
            None,
        ),
    ];
    for (method, path, body) in &cases {
        let anon = app.call(method.clone(), path, body.as_ref(), None).await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(anon.error_code(), "unauthorized");
        for user in [&candidate, &mentor] {
            let reply = app.as_user(user, method.clone(), path, body.as_ref()).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
            assert_eq!(reply.error_code(), "forbidden");
        }
    }
    let log = app
        .as_user(&admin, Method::GET, "/api/admin/audit?limit=50", None)
        .await;
    assert_eq!(log.status, StatusCode::OK);
    let entries = log.json()["entries"].as_array().unwrap().clone();
    assert!(entries
        .iter()
        .any(|e| e["event"] == "sign_up" && e["actor_id"] == candidate.id.as_str()));
    let bad = app
        .as_user(&admin, Method::GET, "/api/admin/audit?limit=veel", None)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn admins_change_roles_but_never_remove_the_last_admin() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let candidate = app.sign_up("Anna", "anna@example.nl").await;
    let reply = app
        .as_user(
            &admin,
            Method::PUT,
            &format!("/api/admin/accounts/{}/roles", candidate.id),
            Some(&json!({"roles": ["candidate", "mentor"]})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let me = app
        .as_user(&candidate, Method::GET, "/api/me", None)
        .await
        .json();
    assert_eq!(me["roles"], json!(["candidate", "mentor"]));

    let reply = app
        .as_user(
            &admin,
            Method::PUT,
            &format!("/api/admin/accounts/{}/roles", admin.id),
            Some(&json!({"roles": ["mentor"]})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.error_code(), "last_admin");
    let me = app
        .as_user(&admin, Method::GET, "/api/me", None)
        .await
        .json();
    assert_eq!(me["roles"], json!(["admin"]), "nothing changed");
    let unknown = app
        .as_user(
            &admin,
            Method::PUT,
            "/api/admin/accounts/geen-id/roles",
            Some(&json!({"roles": ["mentor"]})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let events = audit_events(&app).await;
    assert!(events.contains(&"role_granted".to_string()));
}

#[tokio::test]
async fn people_add_rename_and_remove_passkeys_but_keep_one() {
    let app = TestApp::new().await;
    let mut anna = app.sign_up("Anna", "anna@example.nl").await;
    let start = app
        .as_user(&anna, Method::POST, "/api/me/passkeys/start", None)
        .await;
    assert_eq!(start.status, StatusCode::OK);
    let start = start.json();
    assert_eq!(
        start["options"]["publicKey"]["excludeCredentials"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "the existing passkey is excluded"
    );
    // A second device: its own authenticator.
    let mut phone = SoftAuthenticator::new();
    let credential = phone.register(ORIGIN, &start["options"]);
    let added = app
        .as_user(
            &anna,
            Method::POST,
            "/api/me/passkeys/finish",
            Some(&json!({
                "challenge_id": start["challenge_id"],
                "credential": credential,
                "passkey_name": "Telefoon",
            })),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());
    let phone_id = added.json()["id"].as_str().unwrap().to_string();
    // The new passkey signs in.
    let reply = app.sign_in_with(&mut phone).await;
    assert_eq!(reply.status, StatusCode::OK);

    let list = app
        .as_user(&anna, Method::GET, "/api/me/passkeys", None)
        .await
        .json();
    let passkeys = list["passkeys"].as_array().unwrap();
    assert_eq!(passkeys.len(), 2);
    assert_eq!(list["recovery_codes_left"], 10);
    let first_id = passkeys
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .find(|id| *id != phone_id)
        .unwrap();
    assert!(passkeys
        .iter()
        .any(|p| p["name"] == "Telefoon" && p["last_used_at"].is_i64()));

    let renamed = app
        .as_user(
            &anna,
            Method::PATCH,
            &format!("/api/me/passkeys/{first_id}"),
            Some(&json!({"name": "Laptop"})),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK);

    // Someone else cannot touch Anna's passkeys.
    let bob = app.sign_up("Bob", "bob@example.nl").await;
    let theirs = app
        .as_user(
            &bob,
            Method::DELETE,
            &format!("/api/me/passkeys/{first_id}"),
            None,
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);

    let removed = app
        .as_user(
            &anna,
            Method::DELETE,
            &format!("/api/me/passkeys/{first_id}"),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    let last = app
        .as_user(
            &anna,
            Method::DELETE,
            &format!("/api/me/passkeys/{phone_id}"),
            None,
        )
        .await;
    assert_eq!(last.status, StatusCode::CONFLICT);
    assert_eq!(last.error_code(), "last_passkey");
    // The removed passkey no longer signs in.
    let reply = app.sign_in_with(&mut anna.authenticator).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let events = audit_events(&app).await;
    for event in ["passkey_added", "passkey_renamed", "passkey_removed"] {
        assert!(events.contains(&event.to_string()), "{event}: {events:?}");
    }
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_is_audited() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let code = anna.recovery_codes[3].to_uppercase();
    let reply = app
        .post_json(
            "/api/auth/recovery/code",
            &json!({"email": "anna@example.nl", "code": code}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["recovery_codes_left"], 9);
    let cookie = reply.session_cookie().unwrap();
    // Signed in, the person can register a new passkey at once.
    let start = app
        .call(Method::POST, "/api/me/passkeys/start", None, Some(&cookie))
        .await;
    assert_eq!(start.status, StatusCode::OK);

    let again = app
        .post_json(
            "/api/auth/recovery/code",
            &json!({"email": "anna@example.nl", "code": code}),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.error_code(), "recovery_failed");
    let wrong_person = app
        .post_json(
            "/api/auth/recovery/code",
            &json!({"email": "bob@example.nl", "code": anna.recovery_codes[4]}),
        )
        .await;
    assert_eq!(wrong_person.status, StatusCode::UNAUTHORIZED);
    let events = audit_events(&app).await;
    assert!(events.contains(&"recovery_used".to_string()));
    assert!(events.contains(&"sign_in_failed".to_string()));
}

#[tokio::test]
async fn an_admin_recovery_link_registers_a_new_passkey_once() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let issued = app
        .as_user(
            &admin,
            Method::POST,
            &format!("/api/admin/accounts/{}/recovery-link", anna.id),
            None,
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.text());
    let issued = issued.json();
    assert_eq!(issued["delivery"], "manual", "no SMTP in tests");
    let link = issued["link"].as_str().unwrap();
    assert!(link.starts_with(&format!("{ORIGIN}/herstellen#token=")));
    let token = link.split("#token=").nth(1).unwrap();

    let start = app
        .post_json("/api/auth/recovery/link/start", &json!({"token": token}))
        .await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.text());
    let start = start.json();
    let mut new_device = SoftAuthenticator::new();
    let credential = new_device.register(ORIGIN, &start["options"]);
    let done = app
        .post_json(
            "/api/auth/recovery/link/finish",
            &json!({"challenge_id": start["challenge_id"], "credential": credential}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(done.json()["user"]["id"], anna.id.as_str());
    assert_eq!(
        app.sign_in_with(&mut new_device).await.status,
        StatusCode::OK
    );

    let reuse = app
        .post_json("/api/auth/recovery/link/start", &json!({"token": token}))
        .await;
    assert_eq!(reuse.status, StatusCode::GONE);
    let events = audit_events(&app).await;
    assert!(events.contains(&"recovery_link_issued".to_string()));
    assert!(events.contains(&"recovery_used".to_string()));
}

#[tokio::test]
async fn recovery_guesses_hit_the_rate_limit() {
    let app = TestApp::new().await;
    let mut last = None;
    for _ in 0..=server::auth::rate_limit::RECOVERY_BURST {
        last = Some(
            app.post_json(
                "/api/auth/recovery/code",
                &json!({"email": "anna@example.nl", "code": "aaaa-bbbb-cccc"}),
            )
            .await,
        );
    }
    let reply = last.unwrap();
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.error_code(), "rate_limited");
    let retry: u64 = reply.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
}

#[tokio::test]
async fn sign_in_and_sign_up_are_rate_limited_too() {
    let app = TestApp::new().await;
    let mut statuses = Vec::new();
    for _ in 0..=server::auth::rate_limit::SIGN_IN_BURST {
        statuses.push(
            app.post_json("/api/auth/login/start", &json!({}))
                .await
                .status,
        );
    }
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
    let mut last = StatusCode::OK;
    for i in 0..=server::auth::rate_limit::SIGN_UP_BURST {
        last = app
            .post_json(
                "/api/auth/signup/start",
                &json!({"name": "X", "email": format!("x{i}@example.nl")}),
            )
            .await
            .status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn sessions_end_when_idle_too_long_or_too_old_and_everywhere_on_request() {
    let app = TestApp::new().await;
    let mut anna = app.sign_up("Anna", "anna@example.nl").await;
    let me = |cookie: Option<String>| {
        let app = &app;
        async move {
            app.call(Method::GET, "/api/me", None, cookie.as_deref())
                .await
                .status
        }
    };
    sqlx::query("UPDATE sessions SET last_seen_at = $1")
        .bind(server::db::now() - server::auth::session::IDLE_TIMEOUT_SECS - 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        me(anna.cookie.clone()).await,
        StatusCode::UNAUTHORIZED,
        "idle"
    );

    app.sign_in(&mut anna).await;
    sqlx::query("UPDATE sessions SET expires_at = $1")
        .bind(server::db::now() - 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        me(anna.cookie.clone()).await,
        StatusCode::UNAUTHORIZED,
        "absolute"
    );

    app.sign_in(&mut anna).await;
    let laptop = anna.cookie.clone();
    app.sign_in(&mut anna).await;
    let phone = anna.cookie.clone();
    assert_eq!(me(laptop.clone()).await, StatusCode::OK);
    let out = app
        .call(Method::POST, "/api/auth/logout-all", None, phone.as_deref())
        .await;
    assert_eq!(out.status, StatusCode::OK);
    assert_eq!(out.json()["sessions_ended"], 2);
    assert_eq!(me(laptop).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(phone).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn account_pages_are_server_rendered_in_dutch() {
    let app = TestApp::new().await;
    let cases = [
        (
            "/registreren",
            &["Naam", "E-mailadres", "Account aanmaken met passkey"][..],
        ),
        (
            "/inloggen",
            &["Inloggen met passkey", "autocomplete=\"username webauthn\""][..],
        ),
        ("/herstellen", &["Toegang herstellen"][..]),
        ("/account", &["Mijn account"][..]),
        ("/beheer", &["Beheer"][..]),
        ("/uitnodiging", &["Uitnodiging aannemen"][..]),
        ("/inrichten", &["Beheer inrichten"][..]),
    ];
    for (path, texts) in cases {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        let html = reply.text();
        for text in texts {
            assert!(html.contains(text), "{path} lacks {text}");
        }
        let csp = reply.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
    }
}
