//! Abuse and races (issue "Trust"): rate-limit keys per client address
//! (IPv6 by /64, the proxy's last X-Forwarded-For entry), the last admin
//! under concurrent role changes, the certificate import's answers to bytes
//! that are not UTF-8 or too many, and the https-only headers. On SQLite,
//! or PostgreSQL with TEST_DATABASE_URL.

use crate::support;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;
use server::auth::rate_limit::SIGN_UP_BURST;
use std::sync::Arc;
use support::{Reply, TestApp, User, ORIGIN};

/// A sign-up start with the given X-Forwarded-For lines, as the proxy
/// passes them on.
async fn sign_up_start(app: &TestApp, n: u32, forwarded: &[&str]) -> Reply {
    let mut req = Request::post("/api/auth/signup/start")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, ORIGIN);
    for line in forwarded {
        req = req.header("x-forwarded-for", *line);
    }
    let body = json!({"name": "X", "email": format!("x{n}@example.nl")});
    app.request(req.body(Body::from(body.to_string())).unwrap())
        .await
}

fn assert_ok(reply: &Reply, what: &str) {
    assert_eq!(reply.status, StatusCode::OK, "{what}: {}", reply.text());
}

fn assert_limited(reply: &Reply, what: &str) {
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{what}: {}",
        reply.text()
    );
    assert_eq!(reply.error_code(), "rate_limited");
}

#[tokio::test]
async fn ipv6_clients_share_one_budget_per_64() {
    let app = TestApp::with_config(|c| c.trust_forwarded_for = true).await;
    // Every request from another address of the same /64.
    for n in 0..SIGN_UP_BURST {
        let address = format!("2001:db8:7:7::{:x}", n + 1);
        assert_ok(&sign_up_start(&app, n, &[address.as_str()]).await, &address);
    }
    assert_limited(
        &sign_up_start(&app, 100, &["2001:db8:7:7:ffff:ffff:ffff:ffff"]).await,
        "a fresh address in the same /64",
    );
    assert_ok(
        &sign_up_start(&app, 101, &["2001:db8:7:8::1"]).await,
        "the next /64",
    );
    // An IPv4 client reported as IPv4-mapped IPv6 is still one IPv4
    // address, not the whole mapped range.
    for n in 0..SIGN_UP_BURST {
        assert_ok(
            &sign_up_start(&app, 200 + n, &["::ffff:198.51.100.7"]).await,
            "mapped IPv4",
        );
    }
    assert_limited(
        &sign_up_start(&app, 300, &["198.51.100.7"]).await,
        "the same IPv4 address, unmapped",
    );
    assert_ok(
        &sign_up_start(&app, 301, &["::ffff:198.51.100.8"]).await,
        "the next IPv4 address",
    );
}

#[tokio::test]
async fn the_proxys_last_forwarded_entry_decides_whatever_the_client_claims() {
    let app = TestApp::with_config(|c| c.trust_forwarded_for = true).await;
    let proxy_saw = "203.0.113.50";
    for n in 0..SIGN_UP_BURST {
        // The client varies its own claims: in the proxy's line before the
        // proxy's entry, and as a header line of its own before the proxy's.
        let claim = format!("192.0.2.{n}");
        let joined = format!("{claim}, {proxy_saw}");
        let forwarded: Vec<&str> = if n % 2 == 0 {
            vec![joined.as_str()]
        } else {
            vec![claim.as_str(), proxy_saw]
        };
        assert_ok(&sign_up_start(&app, n, &forwarded).await, &claim);
    }
    assert_limited(
        &sign_up_start(&app, 100, &["192.0.2.200", proxy_saw]).await,
        "a new claim before the same proxy entry",
    );
    // Another client behind the same proxy is counted on its own.
    assert_ok(
        &sign_up_start(&app, 101, &[format!("{proxy_saw}, 203.0.113.51").as_str()]).await,
        "another client",
    );
}

async fn admin_count(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM user_roles WHERE role = 'admin'")
        .await
}

async fn set_roles(app: &TestApp, by: &User, target: &str, roles: serde_json::Value) -> Reply {
    app.as_user(
        by,
        Method::PUT,
        &format!("/api/admin/accounts/{target}/roles"),
        Some(&json!({ "roles": roles })),
    )
    .await
}

/// Admins remove each other's admin role, all at the same moment, round
/// after round: the answers are 200, 409 `last_admin` or (for someone
/// demoted a moment earlier) 403, never an error, and an admin always
/// remains.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_demotions_never_leave_zero_admins() {
    const ADMINS: usize = 4;
    const ROUNDS: usize = 6;
    let app = Arc::new(TestApp::with_config(support::roomy_quotas).await);
    let mut admins = vec![app.first_admin().await];
    for n in 1..ADMINS {
        let user = app
            .invited(
                &admins[0],
                "admin",
                &format!("Beheerder {n}"),
                &format!("b{n}@example.nl"),
            )
            .await;
        admins.push(user);
    }
    let admins = Arc::new(admins);
    for round in 0..ROUNDS {
        assert_eq!(
            admin_count(&app).await,
            ADMINS as i64,
            "round {round} starts"
        );
        let mut tasks = Vec::new();
        for by in 0..ADMINS {
            for target in 0..ADMINS {
                if by == target {
                    continue;
                }
                let (app, admins) = (app.clone(), admins.clone());
                tasks.push(tokio::spawn(async move {
                    let id = admins[target].id.clone();
                    set_roles(&app, &admins[by], &id, json!(["mentor"])).await
                }));
            }
        }
        for task in tasks {
            let reply = task.await.unwrap();
            match reply.status {
                StatusCode::OK => {}
                StatusCode::CONFLICT => assert_eq!(reply.error_code(), "last_admin"),
                StatusCode::FORBIDDEN => assert_eq!(reply.error_code(), "forbidden"),
                other => panic!("round {round}: {other}: {}", reply.text()),
            }
        }
        assert_eq!(
            admin_count(&app).await,
            1,
            "round {round}: exactly one admin left"
        );
        // The one left makes the others admin again for the next round.
        let left: String =
            sqlx::query_scalar("SELECT user_id FROM user_roles WHERE role = 'admin'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        let by = admins.iter().find(|a| a.id == left).unwrap();
        for other in admins.iter().filter(|a| a.id != left) {
            let reply = set_roles(&app, by, &other.id, json!(["admin"])).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        }
    }
}

/// The same race one level down, without HTTP in between: two transactions
/// that demote each other's admin, started together, many times.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_role_changes_in_storage_keep_an_admin() {
    use server::administration::begin_write;
    use server::auth::accounts::{self, RolesError};
    use server::policy::Role;
    let app = TestApp::with_config(support::roomy_quotas).await;
    let a = app.first_admin().await;
    let b = app
        .invited(&a, "admin", "Beheerder B", "b@example.nl")
        .await;
    let ids = [
        uuid::Uuid::parse_str(&a.id).unwrap(),
        uuid::Uuid::parse_str(&b.id).unwrap(),
    ];
    for attempt in 0..25 {
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let tasks: Vec<_> = ids
            .iter()
            .map(|&target| {
                let (db, barrier) = (app.db.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    let mut tx = begin_write(&db).await.unwrap();
                    match accounts::set_roles(&mut tx, target, &[Role::Mentor]).await {
                        Ok(_) => {
                            tx.commit().await.unwrap();
                            true
                        }
                        Err(RolesError::LastAdmin) => false,
                        Err(other) => panic!("{other:?}"),
                    }
                })
            })
            .collect();
        let mut done = 0;
        for task in tasks {
            done += usize::from(task.await.unwrap());
        }
        assert_eq!(done, 1, "attempt {attempt}: exactly one demotion wins");
        assert_eq!(admin_count(&app).await, 1, "attempt {attempt}");
        // Both admins again.
        for id in ids {
            let mut tx = begin_write(&app.db).await.unwrap();
            accounts::set_roles(&mut tx, id, &[Role::Admin])
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
    }
}

async fn import(app: &TestApp, admin: &User, body: impl Into<Body>) -> Reply {
    app.request(
        Request::post("/api/admin/certificates/import")
            .header(header::CONTENT_TYPE, "text/csv")
            .header(header::ORIGIN, ORIGIN)
            .header(header::COOKIE, admin.cookie.as_deref().unwrap())
            .body(body.into())
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn certificate_import_answers_bad_bytes_and_big_files_in_json() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    // A file saved as Windows-1252 ("é" is 0xE9): not UTF-8.
    let mut latin1 = b"naam;e-mail;plaats;certificaatnummer;afgiftedatum;lidmaatschaps- of aansluitingsnummer\nRen".to_vec();
    latin1.extend_from_slice(&[0xE9, b';']);
    latin1.extend_from_slice(b"rene@example.nl;Utrecht;RJ-1;2025-01-01;10001\n");
    let reply = import(&app, &admin, latin1).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    assert_eq!(reply.error_code(), "invalid_input");
    assert!(
        reply.error_message().starts_with("file:"),
        "{}",
        reply.error_message()
    );
    assert!(
        reply.error_message().contains("UTF-8"),
        "{}",
        reply.error_message()
    );

    let big = "x".repeat(server::api::BODY_LIMIT_BYTES + 1);
    let reply = import(&app, &admin, big).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text()
    );
    assert_eq!(reply.error_code(), "payload_too_large");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM certificates").await,
        0,
        "nothing stored"
    );
}

const HTTPS_ORIGIN: &str = "https://portfolio.example.nl";

#[tokio::test]
async fn over_https_every_response_has_hsts_and_a_permissions_policy() {
    let app = TestApp::with_config(|c| c.public_origin = Some(HTTPS_ORIGIN.into())).await;
    // An API answer, an API error, a page and a missing file.
    for path in [
        "/api/health",
        "/api/nope",
        "/",
        "/favicon-does-not-exist.png",
    ] {
        let reply = app.get(path).await;
        assert_eq!(
            reply.headers[header::STRICT_TRANSPORT_SECURITY],
            "max-age=63072000; includeSubDomains",
            "{path}"
        );
        let policy = reply.headers["permissions-policy"].to_str().unwrap();
        assert_eq!(
            policy,
            server::security_headers::PERMISSIONS_POLICY,
            "{path}"
        );
    }
    let policy = server::security_headers::PERMISSIONS_POLICY;
    for kept in [
        "publickey-credentials-get=(self)",
        "publickey-credentials-create=(self)",
        "camera=(self)",
    ] {
        assert!(policy.contains(kept), "{kept} in {policy}");
    }
    for off in ["geolocation=()", "microphone=()", "payment=()", "usb=()"] {
        assert!(policy.contains(off), "{off} in {policy}");
    }
    // Nothing else is allowed: every feature is () or (self).
    for item in policy.split(", ") {
        let allow = item.split_once('=').unwrap().1;
        assert!(allow == "()" || allow == "(self)", "{item}");
    }
}

#[tokio::test]
async fn over_http_there_is_no_hsts_but_the_same_permissions_policy() {
    let app = TestApp::new().await;
    for path in ["/api/health", "/"] {
        let reply = app.get(path).await;
        assert!(
            !reply
                .headers
                .contains_key(header::STRICT_TRANSPORT_SECURITY),
            "{path}: HSTS over http would pin localhost to https"
        );
        assert_eq!(
            reply.headers["permissions-policy"],
            server::security_headers::PERMISSIONS_POLICY,
            "{path}"
        );
    }
}
