//! "Mijn gegevens" (issue 15): the export ZIP, erasure confirmed with a
//! passkey (after which nothing of the person is found but what is listed
//! as kept), the privacy statement, and retention with an injected clock.
//! Each test runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.

use crate::support;

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use server::db::DbKind;
use server::dossier::retention::{self, INACTIVE_SECS, WARN_AFTER_SECS};
use shared::api::me_data::{ErasureDone, ErasurePreview, ExportData, PrivacyStatus, EXPORT_FORMAT};
use std::io::Read;
use support::{TestApp, User, ORIGIN};

const NAME: &str = "Kim de Vries";
const EMAIL: &str = "kim.devries@example.nl";

async fn add_certificate(app: &TestApp, number: &str, email: &str, expiry: &str) {
    sqlx::query(
        "INSERT INTO certificates (id, certificate_number, name, email, city, issue_date, \
         expiry_date, kind, created_at) VALUES ($1, $2, $3, $4, 'Utrecht', '2015-01-01', $5, \
         'initial', 0)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(number)
    .bind(NAME)
    .bind(email)
    .bind(expiry)
    .execute(&app.db.pool)
    .await
    .unwrap();
}

/// Kim: a verified candidate with a portfolio holding an answer, registered
/// as external affiliate (so an invoice), with a valid and an expired
/// certificate.
async fn kim(app: &TestApp) -> (User, String) {
    let kim = app.sign_up(NAME, EMAIL).await;
    let portfolio = app.create_portfolio(&kim, "initial").await;
    let push = app
        .as_user(
            &kim,
            Method::POST,
            "/api/sync/push",
            Some(&json!({
                "account_id": kim.id,
                "client_id": "laptop-1",
                "mutations": [{
                    "id": {"client_id": "laptop-1", "seq": 1},
                    "portfolio_id": portfolio,
                    "target": {"kind": "answer", "key": "initial.c1.task2.q3"},
                    "base_version": 0,
                    "op": "set",
                    "value": {"type": "text", "value": "Ik begeleid een cliënt naar werk."},
                }],
            })),
        )
        .await;
    assert_eq!(push.status, StatusCode::OK, "{}", push.text());
    let affiliate = app
        .post_json(
            "/api/affiliates",
            &json!({
                "name": NAME,
                "email": EMAIL,
                "street": "Stationsweg 1",
                "postal_code": "3511 AA",
                "city": "Utrecht",
                "privacy_consent": true,
            }),
        )
        .await;
    assert_eq!(
        affiliate.status,
        StatusCode::CREATED,
        "{}",
        affiliate.text()
    );
    add_certificate(app, "RJ-VALID", EMAIL, "2099-12-31").await;
    add_certificate(app, "RJ-EXPIRED", EMAIL, "2019-12-31").await;
    (kim, portfolio)
}

fn unzip(bytes: &[u8]) -> (Vec<String>, ExportData) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    let mut json = String::new();
    archive
        .by_name("data.json")
        .expect("data.json")
        .read_to_string(&mut json)
        .unwrap();
    (
        names,
        serde_json::from_str(&json).expect("data.json as documented"),
    )
}

#[tokio::test]
async fn the_export_holds_everything_about_me_and_nothing_secret() {
    let app = TestApp::new().await;
    let (kim, portfolio) = kim(&app).await;
    let reply = app.as_user(&kim, Method::GET, "/api/me/export", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/zip");
    assert!(reply.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"mijn-gegevens-"));
    let (names, data) = unzip(&reply.body);
    for name in ["LEESMIJ.txt", "data.json", "files/"] {
        assert!(names.contains(&name.to_string()), "{name} in {names:?}");
    }
    assert_eq!(data.format, EXPORT_FORMAT);
    assert_eq!(data.account.email, EMAIL);
    assert_eq!(data.account.id, kim.id);
    assert_eq!(data.roles, vec!["candidate"]);
    assert_eq!(data.passkeys.len(), 1);
    assert!(!data.sessions.is_empty());
    assert_eq!(data.portfolios.len(), 1);
    assert_eq!(data.portfolios[0].id.0, portfolio);
    assert_eq!(
        data.portfolios[0].answers["initial.c1.task2.q3"],
        "Ik begeleid een cliënt naar werk."
    );
    assert_eq!(data.registration.invoices.len(), 1);
    assert!(data.registration.affiliate.is_some());
    assert_eq!(data.registration.certificates.len(), 2);
    assert!(data.audit.iter().any(|e| e.event == "sign_up" && e.by_me));
    assert!(data.files.is_empty());

    // No secrets: no passkey material, no session or code hashes.
    let raw = String::from_utf8_lossy(&reply.body).to_string();
    let secrets: Vec<String> = sqlx::query_scalar(
        "SELECT passkey FROM passkeys UNION ALL SELECT id_hash FROM sessions \
         UNION ALL SELECT code_hash FROM recovery_codes",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let (_, json) = unzip(&reply.body);
    let json = serde_json::to_string(&json).unwrap();
    for secret in secrets {
        assert!(!json.contains(&secret) && !raw.contains(&secret));
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event = 'data_exported'")
            .await,
        1
    );

    // Someone who signed up with Kim's address but never confirmed it gets
    // nothing of Kim's registration.
    let other = app.sign_up_unverified("Kim Nep", EMAIL).await;
    let reply = app
        .as_user(&other, Method::GET, "/api/me/export", None)
        .await;
    let (_, data) = unzip(&reply.body);
    assert!(data.registration.invoices.is_empty());
    assert!(data.registration.certificates.is_empty());
    assert!(data.portfolios.is_empty());

    let anonymous = app.get("/api/me/export").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

async fn confirm_erasure(app: &TestApp, user: &mut User) -> support::Reply {
    let start = app
        .as_user(user, Method::POST, "/api/me/erasure/start", None)
        .await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.text());
    let start = start.json();
    let credential = user.authenticator.authenticate(ORIGIN, &start["options"]);
    app.as_user(
        user,
        Method::POST,
        "/api/me/erasure/finish",
        Some(&json!({"challenge_id": start["challenge_id"], "credential": credential})),
    )
    .await
}

/// Every text column of every table, as `(table, column)`.
async fn text_columns(app: &TestApp) -> Vec<(String, String)> {
    match app.db.kind {
        DbKind::Sqlite => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
            )
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
            let mut out = Vec::new();
            for t in tables {
                let cols: Vec<String> = sqlx::query_scalar(&format!(
                    "SELECT name FROM pragma_table_info('{t}') WHERE type = 'TEXT'"
                ))
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
                out.extend(cols.into_iter().map(|c| (t.clone(), c)));
            }
            out
        }
        DbKind::Postgres => sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND data_type = 'text' \
             AND table_name <> '_sqlx_migrations'",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap(),
    }
}

/// Where `needle` occurs: `table.column` for every hit.
async fn find_everywhere(app: &TestApp, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for (table, column) in text_columns(app).await {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table} WHERE LOWER({column}) LIKE $1"
        ))
        .bind(format!("%{}%", needle.to_lowercase()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        if n > 0 {
            hits.push(format!("{table}.{column}"));
        }
    }
    hits.sort();
    hits
}

#[tokio::test]
async fn after_erasure_nothing_of_me_is_found_but_what_is_kept() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let (mut kim, _) = kim(&app).await;
    // Something by an admin about Kim, and Kim's privacy acceptance.
    let roles = app
        .as_user(
            &admin,
            Method::PUT,
            &format!("/api/admin/accounts/{}/roles", kim.id),
            Some(&json!({"roles": ["candidate", "mentor"]})),
        )
        .await;
    assert_eq!(roles.status, StatusCode::OK, "{}", roles.text());
    let accepted = app
        .as_user(
            &kim,
            Method::POST,
            "/api/me/privacy/accept",
            Some(&json!({"version": shared::privacy_statement::VERSION})),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text());

    let preview = app
        .as_user(&kim, Method::GET, "/api/me/erasure", None)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text());
    let preview: ErasurePreview = serde_json::from_slice(&preview.body).unwrap();
    let kept: Vec<i64> = preview.kept.iter().map(|k| k.count).collect();
    assert_eq!(
        kept[..3],
        [1, 1, 1],
        "an invoice, a valid certificate, the affiliate record"
    );
    assert!(preview.removed.iter().all(|r| r.count >= 1));

    // A wrong answer erases nothing.
    let start = app
        .as_user(&kim, Method::POST, "/api/me/erasure/start", None)
        .await
        .json();
    let mut credential = kim.authenticator.authenticate(ORIGIN, &start["options"]);
    credential["response"]["signature"] = json!("AAAA");
    let wrong = app
        .as_user(
            &kim,
            Method::POST,
            "/api/me/erasure/finish",
            Some(&json!({"challenge_id": start["challenge_id"], "credential": credential})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", wrong.text());
    assert_eq!(wrong.error_code(), "confirmation_failed");
    assert_eq!(app.count("SELECT COUNT(*) FROM portfolios").await, 1);

    let old_cookie = kim.cookie.clone();
    let done = confirm_erasure(&app, &mut kim).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    let done: ErasureDone = serde_json::from_slice(&done.body).unwrap();
    assert!(done.erased);
    assert_eq!(done.kept.len(), preview.kept.len());
    let me = app
        .call(Method::GET, "/api/me", None, old_cookie.as_deref())
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);

    // Only what is listed as kept still names Kim.
    let kept_tables = ["affiliates", "certificates", "invoices"];
    for needle in [kim.id.as_str(), EMAIL, NAME] {
        let hits = find_everywhere(&app, needle).await;
        let unexpected: Vec<&String> = hits
            .iter()
            .filter(|h| !kept_tables.iter().any(|t| h.starts_with(&format!("{t}."))))
            .collect();
        assert!(unexpected.is_empty(), "{needle} still in {unexpected:?}");
    }
    let certificates: Vec<String> =
        sqlx::query_scalar("SELECT certificate_number FROM certificates")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(certificates, vec!["RJ-VALID"], "the expired one goes");
    assert_eq!(app.count("SELECT COUNT(*) FROM invoices").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM affiliates WHERE user_id IS NOT NULL")
            .await,
        0
    );
    // The audit log keeps its entries, pseudonymised, without addresses.
    assert!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event = 'sign_up'")
            .await
            >= 2
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE event = 'account_erased' AND actor_id IS NOT NULL"
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log a WHERE a.event = 'sign_up' AND a.ip IS NOT NULL \
             AND a.actor_id NOT IN (SELECT id FROM users)"
        )
        .await,
        0
    );
    // The register still states the valid certificate.
    assert_eq!(
        app.get("/api/register/RJ-VALID").await.status,
        StatusCode::OK
    );
    // The admin is untouched.
    let admin_me = app.as_user(&admin, Method::GET, "/api/me", None).await;
    assert_eq!(admin_me.status, StatusCode::OK);
}

#[tokio::test]
async fn the_only_admin_cannot_erase_their_account() {
    let app = TestApp::new().await;
    let mut admin = app.first_admin().await;
    let reply = confirm_erasure(&app, &mut admin).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    assert_eq!(reply.error_code(), "last_admin");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 1);
}

#[tokio::test]
async fn the_privacy_statement_is_accepted_per_version() {
    let app = TestApp::new().await;
    let kim = app.sign_up(NAME, EMAIL).await;
    let status = |reply: support::Reply| -> PrivacyStatus {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        serde_json::from_slice(&reply.body).unwrap()
    };
    let before = status(
        app.as_user(&kim, Method::GET, "/api/me/privacy", None)
            .await,
    );
    assert_eq!(before.current_version, shared::privacy_statement::VERSION);
    assert!(!before.must_accept, "accepted at sign-up");
    let invited_admin = app.first_admin().await;
    let admin = status(
        app.as_user(&invited_admin, Method::GET, "/api/me/privacy", None)
            .await,
    );
    assert!(
        admin.must_accept,
        "set-up asks nothing: asked on Mijn gegevens"
    );
    let stale = app
        .post_json(
            "/api/auth/signup/start",
            &json!({"name": "Oud", "email": "oud@example.nl", "privacy_version": "2000-01-01"}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    let old = app
        .as_user(
            &kim,
            Method::POST,
            "/api/me/privacy/accept",
            Some(&json!({"version": "2000-01-01"})),
        )
        .await;
    assert_eq!(old.status, StatusCode::CONFLICT);
    assert_eq!(old.error_code(), "privacy_version_changed");

    let accept = json!({"version": shared::privacy_statement::VERSION});
    let after = status(
        app.as_user(&kim, Method::POST, "/api/me/privacy/accept", Some(&accept))
            .await,
    );
    assert!(!after.must_accept);
    assert_eq!(
        after.accepted_version.as_deref(),
        Some(shared::privacy_statement::VERSION)
    );
    let again = status(
        app.as_user(&kim, Method::POST, "/api/me/privacy/accept", Some(&accept))
            .await,
    );
    assert_eq!(
        again.accepted_at, after.accepted_at,
        "the first moment stays"
    );

    // A new version (simulated: the stored acceptance is of an older one)
    // is asked again.
    sqlx::query("UPDATE privacy_acceptances SET version = '2000-01-01'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let changed = status(
        app.as_user(&kim, Method::GET, "/api/me/privacy", None)
            .await,
    );
    assert!(changed.must_accept);
    assert_eq!(changed.accepted_version.as_deref(), Some("2000-01-01"));
}

fn outbox_kind(app: &TestApp, kind: &str) -> Vec<server::mail::OutboxMail> {
    app.outbox()
        .into_iter()
        .filter(|m| m.kind == kind)
        .collect()
}

#[tokio::test]
async fn inactive_portfolios_are_warned_then_deleted_once_across_instances() {
    let app = TestApp::new().await;
    let other = app.second_instance().await;
    let kim = app.sign_up(NAME, EMAIL).await;
    app.create_portfolio(&kim, "initial").await;
    let piet = app.sign_up("Piet", "piet@example.nl").await;
    app.create_portfolio(&piet, "initial").await;
    let created: i64 = sqlx::query_scalar("SELECT MAX(created_at) FROM users")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    // Last sign-ins as stored: at most `created` plus a few seconds.
    let last: i64 = sqlx::query_scalar("SELECT MAX(at) FROM audit_log")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let origin = ORIGIN;
    let (db, mailer) = (&app.db, &app.state.mailer);

    let early = retention::run_once(db, mailer, origin, created + WARN_AFTER_SECS - 86_400)
        .await
        .unwrap();
    assert_eq!(early.warned, 0);

    // Both instances run the step at the same moment: each person is warned once.
    let warn_at = last + WARN_AFTER_SECS;
    let (a, b) = tokio::join!(
        retention::run_once(db, mailer, origin, warn_at),
        retention::run_once(&other.db, &other.state.mailer, origin, warn_at)
    );
    assert_eq!(a.unwrap().warned + b.unwrap().warned, 2);
    let mails = [
        outbox_kind(&app, "bewaartermijn"),
        outbox_kind(&other, "bewaartermijn"),
    ]
    .concat();
    assert_eq!(mails.len(), 2, "one warning each");
    assert!(mails.iter().any(|m| m.to.as_deref() == Some(EMAIL)));
    assert!(mails[0].body.contains("/inloggen"));

    // Piet signs in after the warning: his notice is withdrawn.
    sqlx::query("UPDATE passkeys SET last_used_at = $1 WHERE user_id = $2")
        .bind(warn_at + 60)
        .bind(&piet.id)
        .execute(&app.db.pool)
        .await
        .unwrap();

    let before_due = retention::run_once(db, mailer, origin, warn_at + 29 * 86_400)
        .await
        .unwrap();
    assert_eq!(before_due.cancelled, 1);
    assert_eq!(before_due.deleted_portfolios, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM portfolios").await, 2);

    let due = last + INACTIVE_SECS + 86_400;
    let (a, b) = tokio::join!(
        retention::run_once(db, mailer, origin, due),
        retention::run_once(&other.db, &other.state.mailer, origin, due)
    );
    assert_eq!(
        a.unwrap().deleted_portfolios + b.unwrap().deleted_portfolios,
        1
    );
    let left: Vec<String> = sqlx::query_scalar("SELECT owner_id FROM portfolios")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(left, vec![piet.id.clone()]);
    // Kim's account stays; only the portfolios go.
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event = 'retention_deleted'")
            .await,
        1
    );
    let again = retention::run_once(db, mailer, origin, due + 60)
        .await
        .unwrap();
    assert_eq!(again, retention::Round::default());
    let _: Value = json!(null);
}
