//! Rate limits kept in the database: several server instances on one
//! database share one budget per client address, a restart keeps it, and it
//! comes back at the configured pace. The 429 contract itself (code,
//! Retry-After) is also checked in `accounts.rs`.

use crate::support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;
use server::auth::rate_limit::{sweep, Limit, Limited, Quota, Quotas, RateLimits, SIGN_UP_BURST};
use std::time::Duration;
use support::{Reply, TestApp, ORIGIN};

/// A sign-up start (cheap: no account is made), optionally from `address`
/// as a reverse proxy would report it.
async fn sign_up_start(app: &TestApp, n: u32, address: Option<&str>) -> Reply {
    let mut req = Request::post("/api/auth/signup/start")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, ORIGIN);
    if let Some(address) = address {
        req = req.header("x-forwarded-for", address);
    }
    let body = json!({"name": "X", "email": format!("x{n}@example.nl")});
    app.request(req.body(Body::from(body.to_string())).unwrap())
        .await
}

async fn sign_in_start(app: &TestApp) -> Reply {
    app.post_json("/api/auth/login/start", &json!({})).await
}

fn assert_limited(reply: &Reply) -> u64 {
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        reply.text()
    );
    assert_eq!(reply.error_code(), "rate_limited");
    let retry: u64 = reply.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        reply
            .error_message()
            .contains(&format!("over {retry} seconden")),
        "{}",
        reply.error_message()
    );
    retry
}

#[tokio::test]
async fn two_instances_share_one_budget_and_a_restart_keeps_it() {
    let a = TestApp::new().await;
    let b = a.second_instance().await;
    for n in 0..SIGN_UP_BURST {
        let instance = if n % 2 == 0 { &a } else { &b };
        let reply = sign_up_start(instance, n, None).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "request {n}: {}",
            reply.text()
        );
    }
    // Each instance saw only half the burst, yet both refuse now.
    for instance in [&a, &b] {
        let retry = assert_limited(&sign_up_start(instance, 100, None).await);
        assert!((1..=60).contains(&retry), "one sign-up a minute: {retry}");
    }
    // A restarted instance (fresh process state) still knows the count.
    let restarted = a.second_instance().await;
    assert_limited(&sign_up_start(&restarted, 101, None).await);
}

#[tokio::test]
async fn each_address_has_one_budget_across_instances() {
    let a = TestApp::with_config(|c| c.trust_forwarded_for = true).await;
    let b = a.second_instance().await;
    let attacker = "203.0.113.7";
    for n in 0..SIGN_UP_BURST {
        let instance = if n % 2 == 0 { &a } else { &b };
        let reply = sign_up_start(instance, n, Some(attacker)).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "request {n}: {}",
            reply.text()
        );
    }
    assert_limited(&sign_up_start(&a, 100, Some(attacker)).await);
    assert_limited(&sign_up_start(&b, 101, Some(attacker)).await);
    // Someone else is not affected, on either instance.
    let other = sign_up_start(&b, 102, Some("198.51.100.2")).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.text());
    let other = sign_up_start(&a, 103, Some("2001:db8::1")).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.text());
}

/// GCRA with a clock the test controls: burst, refusal with the exact wait,
/// one request per period after that, a full burst after a quiet spell, and
/// the same answers whichever instance asks.
#[tokio::test]
async fn the_budget_comes_back_one_request_per_period() {
    let app = TestApp::new().await;
    let quotas = Quotas {
        sign_in: Quota::new(3, Duration::from_secs(10)),
        ..Quotas::default()
    };
    let first = RateLimits::new(quotas.clone());
    let second = RateLimits::new(quotas);
    let instances = [&first, &second];
    let hit = |i: usize, key: &'static str, at: i64| {
        let limits = instances[i % 2];
        let db = app.db.clone();
        async move { limits.hit(&db, Limit::SignIn, key, at).await.unwrap() }
    };
    let t = 1_000_000_000_000;
    for i in 0..3 {
        assert_eq!(hit(i, "k", t).await, Ok(()), "burst request {i}");
    }
    // The next token is one period away, whichever instance asks.
    let refused = Err(Limited {
        retry_after_secs: 10,
    });
    assert_eq!(hit(0, "k", t).await, refused);
    assert_eq!(hit(1, "k", t).await, refused);
    assert_eq!(
        hit(0, "k", t + 9_001).await,
        Err(Limited {
            retry_after_secs: 1
        })
    );
    // Refusals spend nothing: exactly one request per period gets through.
    assert_eq!(hit(1, "k", t + 10_000).await, Ok(()));
    assert_eq!(hit(0, "k", t + 10_000).await, refused);
    assert_eq!(hit(1, "k", t + 20_000).await, Ok(()));
    assert_eq!(
        hit(0, "k", t + 20_001).await,
        Err(Limited {
            retry_after_secs: 10
        })
    );
    // Other keys and other limits are separate budgets.
    assert_eq!(hit(0, "other", t + 20_001).await, Ok(()));
    assert_eq!(
        first
            .hit(&app.db, Limit::SignUp, "k", t + 20_001)
            .await
            .unwrap(),
        Ok(())
    );
    // After burst * period of quiet the whole burst is back, and no more.
    let later = t + 20_000 + 3 * 10_000;
    for i in 0..3 {
        assert_eq!(hit(i, "k", later).await, Ok(()), "refilled request {i}");
    }
    assert_eq!(hit(1, "k", later).await, refused);
}

/// The same through HTTP with a short quota from the configuration: the
/// client is refused, and after one period it may try again.
#[tokio::test]
async fn a_refused_client_may_try_again_after_the_period() {
    let period = Duration::from_millis(400);
    let a = TestApp::with_config(|c| c.rate_limits.sign_in = Quota::new(2, period)).await;
    let b = a.second_instance().await;
    assert_eq!(sign_in_start(&a).await.status, StatusCode::OK);
    assert_eq!(sign_in_start(&b).await.status, StatusCode::OK);
    // Normally the third request is refused; a very slow machine may have
    // earned a token meanwhile, so ask until the budget is spent.
    let mut refused = None;
    for n in 0..50 {
        let reply = sign_in_start(if n % 2 == 0 { &a } else { &b }).await;
        if reply.status != StatusCode::OK {
            refused = Some(reply);
            break;
        }
    }
    let refused = refused.expect("the budget runs out");
    assert_eq!(assert_limited(&refused), 1, "under a second rounds up to 1");
    // A refusal means the next token is at most one period away.
    tokio::time::sleep(period).await;
    let again = sign_in_start(&b).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
}

#[tokio::test]
async fn rows_that_decide_nothing_are_swept() {
    let app = TestApp::new().await;
    let now = server::auth::rate_limit::now_ms();
    for (key, tat) in [("expired", now - 1_000), ("live", now + 600_000)] {
        sqlx::query("INSERT INTO rate_limits (bucket, key, tat_ms) VALUES ('sign_in', $1, $2)")
            .bind(key)
            .bind(tat)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    // The instance's first limited request sweeps.
    let reply = app.post_json("/api/auth/login/start", &json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let keys: Vec<String> = sqlx::query_scalar("SELECT key FROM rate_limits ORDER BY key")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(keys, ["0.0.0.0", "live"]);
    // Sweeping later removes what has expired by then, nothing else.
    sweep(&app.db, now + 600_000).await.unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM rate_limits WHERE key = 'live'")
            .await,
        1
    );
    sweep(&app.db, now + 600_001).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM rate_limits").await, 0);
}

/// Requests racing on two instances spend the last tokens exactly once: the
/// upsert decides and counts in one atomic statement.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_instances_never_overspend() {
    let app = TestApp::new().await;
    let second = app.second_instance().await;
    let quotas = Quotas {
        recovery: Quota::new(5, Duration::from_secs(3600)),
        ..Quotas::default()
    };
    let limits = std::sync::Arc::new([RateLimits::new(quotas.clone()), RateLimits::new(quotas)]);
    let dbs = [app.db.clone(), second.db.clone()];
    let now = server::auth::rate_limit::now_ms();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..24 {
        let limits = limits.clone();
        let db = dbs[i % 2].clone();
        tasks.spawn(async move {
            limits[i % 2]
                .hit(&db, Limit::Recovery, "racer", now)
                .await
                .unwrap()
                .is_ok()
        });
    }
    let allowed = tasks.join_all().await.into_iter().filter(|ok| *ok).count();
    assert_eq!(allowed, 5);
}
