//! Identity (issue 10): an e-mail address counts only once its owner
//! followed the link sent to it; sign-up does not tell who has an account;
//! invitations are bound to their address; a recovery signs every other
//! session out; Argon2 work and code renewal are bounded. Through the real
//! router, on SQLite or (with TEST_DATABASE_URL) PostgreSQL.

use crate::support;

use axum::http::{Method, StatusCode};
use chrono::Utc;
use serde_json::{json, Map, Value};
use server::auth::verification::{self, Confirmed};
use support::{SoftAuthenticator, TestApp, User, ORIGIN};

fn registration(email: &str) -> Value {
    json!({
        "name": "Vera Slachtoffer",
        "email": email,
        "street": "Geheimstraat 7",
        "postal_code": "3511 AB",
        "city": "Utrecht",
        "organisation": null,
        "privacy_consent": true
    })
}

async fn register_affiliate(app: &TestApp, body: &Value) -> Value {
    let reply = app.post_json("/api/affiliates", body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.json()
}

/// The structure of a JSON value without its contents: object keys, array
/// element shapes and value kinds. Two answers with equal shapes cannot be
/// told apart by their form.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), shape(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(shape).collect()),
        Value::String(_) => "string".into(),
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "bool".into(),
        Value::Null => Value::Null,
    }
}

async fn me(app: &TestApp, user: &User) -> Value {
    let reply = app.as_user(user, Method::GET, "/api/me", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

async fn registration_of(app: &TestApp, user: &User) -> Value {
    let reply = app
        .as_user(user, Method::GET, "/api/me/registration", None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

fn mails_to(app: &TestApp, email: &str, kind: &str) -> usize {
    app.outbox()
        .iter()
        .filter(|m| m.to.as_deref() == Some(email) && m.kind == kind)
        .count()
}

#[tokio::test]
async fn someone_elses_address_shows_nothing_of_theirs_until_verified() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let registered = register_affiliate(&app, &registration("vera@example.nl")).await;
    let affiliate_number = registered["affiliate_number"].as_str().unwrap();
    let cert = app
        .as_user(
            &admin,
            Method::POST,
            "/api/admin/certificates",
            Some(&json!({
                "name": "Vera Slachtoffer",
                "email": "vera@example.nl",
                "city": "Utrecht",
                "certificate_number": "RJ-V1",
                "issue_date": Utc::now().date_naive().to_string(),
                "relation_number": affiliate_number,
            })),
        )
        .await;
    assert_eq!(cert.status, StatusCode::CREATED, "{}", cert.text());
    let invoices = app
        .as_user(&admin, Method::GET, "/api/admin/invoices", None)
        .await
        .json();
    let invoice_id = invoices["invoices"][0]["id"].as_str().unwrap().to_string();

    // Someone signs up with Vera's address: an account, but nothing of hers.
    let intruder = app.sign_up_unverified("Mallory", "vera@example.nl").await;
    assert_eq!(me(&app, &intruder).await["email_verified"], false);
    let seen = registration_of(&app, &intruder).await;
    assert_eq!(seen["status"], "none", "{seen}");
    assert_eq!(seen["affiliate"], Value::Null, "{seen}");
    assert_eq!(seen["invoices"], json!([]), "{seen}");
    assert_eq!(seen["certificates"], json!([]), "{seen}");
    let invoice = app
        .as_user(
            &intruder,
            Method::GET,
            &format!("/api/invoices/{invoice_id}"),
            None,
        )
        .await;
    assert_eq!(invoice.status, StatusCode::NOT_FOUND, "{}", invoice.text());

    // The link went to Vera's inbox; whoever follows it owns the address.
    let token = app.verification_token("vera@example.nl").unwrap();
    let verified = app.verify_email(&token).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.text());
    assert_eq!(
        verified.json(),
        json!({"verified": true, "email": "vera@example.nl"})
    );
    assert_eq!(me(&app, &intruder).await["email_verified"], true);
    let seen = registration_of(&app, &intruder).await;
    assert_eq!(seen["status"], "affiliate", "{seen}");
    assert_eq!(seen["affiliate"]["affiliate_number"], affiliate_number);
    assert_eq!(seen["invoices"].as_array().unwrap().len(), 1, "{seen}");
    assert_eq!(seen["certificates"].as_array().unwrap().len(), 1, "{seen}");
    let invoice = app
        .as_user(
            &intruder,
            Method::GET,
            &format!("/api/invoices/{invoice_id}"),
            None,
        )
        .await;
    assert_eq!(invoice.status, StatusCode::OK, "{}", invoice.text());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event = 'email_verified'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_verification_link_is_hashed_single_use_and_lasts_a_day() {
    let app = TestApp::new().await;
    let kim = app.sign_up_unverified("Kim", "kim@example.nl").await;
    let token = app.verification_token("kim@example.nl").unwrap();
    assert_eq!(token.len(), 64, "256 random bits, hex");
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM email_verifications")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, vec![server::setup::hash_token(&token)]);

    // Asking again voids the first link.
    let resent = app
        .as_user(&kim, Method::POST, "/api/me/verify-email", None)
        .await;
    assert_eq!(resent.status, StatusCode::OK, "{}", resent.text());
    assert_eq!(resent.json(), json!({"sent": true}));
    let second = app.verification_token("kim@example.nl").unwrap();
    assert_ne!(second, token);
    let old = app.verify_email(&token).await;
    assert_eq!(old.status, StatusCode::GONE);
    assert_eq!(old.error_code(), "link_invalid");

    let used = app.verify_email(&second).await;
    assert_eq!(used.status, StatusCode::OK, "{}", used.text());
    let again = app.verify_email(&second).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert_eq!(again.error_code(), "link_invalid");
    let garbage = app.verify_email("00").await;
    assert_eq!(garbage.error_code(), "link_invalid");

    // Expiry, with the clock passed in rather than waited for.
    let bob = app.sign_up_unverified("Bob", "bob@example.nl").await;
    let bob_id = uuid::Uuid::parse_str(&bob.id).unwrap();
    let t = 2_000_000_000;
    let late = verification::issue(&app.db, bob_id, "bob@example.nl", t)
        .await
        .unwrap();
    assert_eq!(
        verification::confirm(&app.db, &late, t + verification::LIFETIME_SECS)
            .await
            .unwrap(),
        Confirmed::Invalid,
        "expired after 24 hours"
    );
    let in_time = verification::issue(&app.db, bob_id, "bob@example.nl", t)
        .await
        .unwrap();
    assert_eq!(
        verification::confirm(&app.db, &in_time, t + verification::LIFETIME_SECS - 1)
            .await
            .unwrap(),
        Confirmed::Verified {
            user_id: bob_id,
            email: "bob@example.nl".into()
        }
    );
}

/// Runs a sign-up and returns (start reply, finish reply).
async fn sign_up_replies(
    app: &TestApp,
    name: &str,
    email: &str,
) -> (support::Reply, support::Reply) {
    let start = app
        .post_json(
            "/api/auth/signup/start",
            &json!({"name": name, "email": email}),
        )
        .await;
    let body = start.json();
    let mut authenticator = SoftAuthenticator::new();
    let credential = authenticator.register(ORIGIN, &body["options"]);
    let finish = app
        .post_json(
            "/api/auth/signup/finish",
            &json!({"challenge_id": body["challenge_id"], "credential": credential}),
        )
        .await;
    (start, finish)
}

#[tokio::test]
async fn a_taken_address_signs_up_exactly_like_a_fresh_one() {
    let app = TestApp::new().await;
    app.sign_up("Olga Owner", "olga@example.nl").await;
    let before = app.outbox().len();

    let (fresh_start, fresh_finish) = sign_up_replies(&app, "Nieuw", "nieuw@example.nl").await;
    let (taken_start, taken_finish) = sign_up_replies(&app, "Olga?", "OLGA@example.nl").await;
    assert_eq!(fresh_start.status, StatusCode::OK);
    assert_eq!(taken_start.status, fresh_start.status);
    assert_eq!(shape(&taken_start.json()), shape(&fresh_start.json()));
    assert_eq!(
        fresh_finish.status,
        StatusCode::OK,
        "{}",
        fresh_finish.text()
    );
    assert_eq!(taken_finish.status, fresh_finish.status);
    assert_eq!(shape(&taken_finish.json()), shape(&fresh_finish.json()));
    assert_eq!(taken_finish.json()["user"]["email_verified"], false);
    assert_eq!(taken_finish.json()["user"]["email"], "olga@example.nl");
    assert!(taken_finish.session_cookie().is_some());
    assert!(fresh_finish.session_cookie().is_some());

    // The fresh address got a link; the owner of the taken one was told.
    let sent = &app.outbox()[before..];
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(mails_to(&app, "nieuw@example.nl", "e-mailbevestiging"), 1);
    assert_eq!(mails_to(&app, "olga@example.nl", "al-een-account"), 1);
    let notice = sent.iter().find(|m| m.kind == "al-een-account").unwrap();
    assert_eq!(notice.subject, verification::ALREADY_SUBJECT);
    assert!(notice.body.contains(&format!("{ORIGIN}/inloggen")));
    assert_eq!(
        mails_to(&app, "olga@example.nl", "e-mailbevestiging"),
        1,
        "only Olga's own link, from her sign-up"
    );

    // Asking for a link again answers the same and tells the owner again.
    let second = support::User {
        id: taken_finish.json()["user"]["id"].as_str().unwrap().into(),
        email: "olga@example.nl".into(),
        cookie: taken_finish.session_cookie(),
        authenticator: SoftAuthenticator::new(),
        recovery_codes: Vec::new(),
    };
    let resent = app
        .as_user(&second, Method::POST, "/api/me/verify-email", None)
        .await;
    assert_eq!(resent.status, StatusCode::OK);
    assert_eq!(resent.json(), json!({"sent": true}));
    assert_eq!(mails_to(&app, "olga@example.nl", "al-een-account"), 2);
    assert_eq!(mails_to(&app, "olga@example.nl", "e-mailbevestiging"), 1);
    assert_eq!(me(&app, &second).await["email_verified"], false);
}

#[tokio::test]
async fn of_two_accounts_with_one_address_only_the_first_to_confirm_gets_it() {
    let app = TestApp::new().await;
    let first = app.sign_up_unverified("Eerste", "deel@example.nl").await;
    let first_token = app.verification_token("deel@example.nl").unwrap();
    let second = app.sign_up_unverified("Tweede", "deel@example.nl").await;
    let second_token = app.verification_token("deel@example.nl").unwrap();
    assert_ne!(
        first_token, second_token,
        "neither is verified yet: both get a link"
    );

    assert_eq!(app.verify_email(&second_token).await.status, StatusCode::OK);
    let late = app.verify_email(&first_token).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.text());
    assert_eq!(late.error_code(), "email_taken");
    assert_eq!(me(&app, &second).await["email_verified"], true);
    assert_eq!(me(&app, &first).await["email_verified"], false);
    // The database itself refuses a second verified account for the address.
    let forced = sqlx::query("UPDATE users SET email_verified_at = 1 WHERE id = $1")
        .bind(&first.id)
        .execute(&app.db.pool)
        .await;
    assert!(forced.is_err(), "unique among verified addresses");
}

#[tokio::test]
async fn an_invitation_for_an_address_works_for_that_address_only() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    assert_eq!(
        me(&app, &admin).await["email_verified"],
        true,
        "the first admin"
    );
    let made = app
        .as_user(
            &admin,
            Method::POST,
            "/api/admin/invitations",
            Some(&json!({"role": "mentor", "email": "mia@example.nl"})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    let link = made.json()["link"].as_str().unwrap().to_string();
    let token = link.split("#token=").nth(1).unwrap().to_string();
    let check = app
        .post_json("/api/auth/invitation/check", &json!({"token": token}))
        .await
        .json();
    assert_eq!(check, json!({"role": "mentor", "email": "mia@example.nl"}));

    let wrong = app
        .post_json(
            "/api/auth/invitation/start",
            &json!({"name": "Max", "email": "max@example.nl", "token": token}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.error_code(), "invitation_email_mismatch");
    assert!(wrong.error_message().contains("ander e-mailadres"));

    let mut authenticator = SoftAuthenticator::new();
    let done = app
        .register(
            "invitation",
            "Mia",
            " MIA@example.nl",
            Some(&token),
            &mut authenticator,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    let user = done.json()["user"].clone();
    assert_eq!(user["email"], "mia@example.nl");
    assert_eq!(
        user["email_verified"], true,
        "the invitation was sent there"
    );
    assert_eq!(mails_to(&app, "mia@example.nl", "e-mailbevestiging"), 0);

    // Without an address the invitation verifies nothing: a link is sent.
    let open = app
        .invited(&admin, "assessor", "Ali", "ali@example.nl")
        .await;
    assert_eq!(me(&app, &open).await["email_verified"], false);
    assert_eq!(mails_to(&app, "ali@example.nl", "e-mailbevestiging"), 1);
}

#[tokio::test]
async fn the_affiliate_mail_goes_to_the_registered_address_only() {
    let app = TestApp::new().await;
    let mut body = registration("echt@example.nl");
    body["invoice_email"] = json!("doelwit@example.nl");
    body["name"] = json!("Klik op deze link");
    let registered = register_affiliate(&app, &body).await;
    assert_eq!(registered["emailed"], false, "no SMTP in tests");
    let mails = app.outbox();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].to.as_deref(), Some("echt@example.nl"));
    assert!(mails
        .iter()
        .all(|m| m.to.as_deref() != Some("doelwit@example.nl")));
}

#[tokio::test]
async fn a_recovery_code_signs_every_other_session_out() {
    let app = TestApp::new().await;
    let mut anna = app.sign_up("Anna", "anna@example.nl").await;
    let laptop = anna.cookie.clone().unwrap();
    app.sign_in(&mut anna).await;
    let phone = anna.cookie.clone().unwrap();
    let reply = app
        .post_json(
            "/api/auth/recovery/code",
            &json!({"email": "anna@example.nl", "code": anna.recovery_codes[0]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let fresh = reply.session_cookie().unwrap();
    for old in [&laptop, &phone] {
        let r = app.call(Method::GET, "/api/me", None, Some(old)).await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "an old session lives on"
        );
    }
    let r = app.call(Method::GET, "/api/me", None, Some(&fresh)).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_recovery_link_signs_every_other_session_out() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let old = anna.cookie.clone().unwrap();
    let issued = app
        .as_user(
            &admin,
            Method::POST,
            &format!("/api/admin/accounts/{}/recovery-link", anna.id),
            None,
        )
        .await
        .json();
    let token = issued["link"]
        .as_str()
        .unwrap()
        .split("#token=")
        .nth(1)
        .unwrap()
        .to_string();
    let start = app
        .post_json("/api/auth/recovery/link/start", &json!({"token": token}))
        .await
        .json();
    let credential = SoftAuthenticator::new().register(ORIGIN, &start["options"]);
    let done = app
        .post_json(
            "/api/auth/recovery/link/finish",
            &json!({"challenge_id": start["challenge_id"], "credential": credential}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    let r = app.call(Method::GET, "/api/me", None, Some(&old)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let fresh = done.session_cookie().unwrap();
    let r = app.call(Method::GET, "/api/me", None, Some(&fresh)).await;
    assert_eq!(r.status, StatusCode::OK);
    // The admin's own session is someone else's: untouched.
    let r = app.as_user(&admin, Method::GET, "/api/me", None).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_recovery_code_never_signs_in_another_account_with_the_address() {
    let app = TestApp::new().await;
    let owner = app.sign_up("Olga", "olga@example.nl").await;
    let copycat = app.sign_up_unverified("Kopie", "olga@example.nl").await;
    // The copycat's own code, with the address someone else verified: no.
    let r = app
        .post_json(
            "/api/auth/recovery/code",
            &json!({"email": "olga@example.nl", "code": copycat.recovery_codes[0]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app
        .post_json(
            "/api/auth/recovery/code",
            &json!({"email": "olga@example.nl", "code": owner.recovery_codes[0]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["user"]["id"], owner.id.as_str());

    // Two unverified accounts share an address: each code signs in its own.
    let first = app.sign_up_unverified("Een", "samen@example.nl").await;
    let second = app.sign_up_unverified("Twee", "samen@example.nl").await;
    for user in [&second, &first] {
        let r = app
            .post_json(
                "/api/auth/recovery/code",
                &json!({"email": "samen@example.nl", "code": user.recovery_codes[1]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.json()["user"]["id"], user.id.as_str());
    }
}

#[tokio::test]
async fn renewing_recovery_codes_is_limited_per_account() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let bob = app.sign_up("Bob", "bob@example.nl").await;
    for _ in 0..server::auth::rate_limit::RECOVERY_CODES_RENEWAL_BURST {
        let r = app
            .as_user(&anna, Method::POST, "/api/me/recovery-codes", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let r = app
        .as_user(&anna, Method::POST, "/api/me/recovery-codes", None)
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.error_code(), "rate_limited");
    assert!(r.headers.contains_key("retry-after"));
    // Same client address, other account: its own budget.
    let r = app
        .as_user(&bob, Method::POST, "/api/me/recovery-codes", None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Without a session: 401, not a bucket of its own.
    let r = app
        .call(Method::POST, "/api/me/recovery-codes", None, None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn asking_for_the_link_again_is_limited_per_account() {
    let app = TestApp::new().await;
    let kim = app.sign_up_unverified("Kim", "kim@example.nl").await;
    for _ in 0..server::auth::rate_limit::VERIFICATION_MAIL_BURST {
        let r = app
            .as_user(&kim, Method::POST, "/api/me/verify-email", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let r = app
        .as_user(&kim, Method::POST, "/api/me/verify-email", None)
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        mails_to(&app, "kim@example.nl", "e-mailbevestiging"),
        1 + server::auth::rate_limit::VERIFICATION_MAIL_BURST as usize
    );
}

#[tokio::test]
async fn argon2_work_needs_a_permit() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    assert_eq!(
        app.state.argon2.available_permits(),
        server::state::argon2_permits(),
        "every permit is returned after use"
    );
    // With no permit to be had, no hashing runs: the request is refused
    // instead of adding work.
    app.state.argon2.close();
    let r = app
        .post_json(
            "/api/auth/recovery/code",
            &json!({"email": "anna@example.nl", "code": anna.recovery_codes[0]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(r.error_code(), "internal");
    let r = app
        .as_user(&anna, Method::POST, "/api/me/recovery-codes", None)
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
}
