//! Generated input against every JSON endpoint (every row of
//! `server::api::ROUTES`), through the real router in-process, with and
//! without a session: arbitrary JSON, truncated and garbled bodies, wrong
//! content types, huge numbers, deep nesting, and bodies one step away from
//! valid ones. Whatever arrives, the answer is never a 5xx or a panic, and
//! every error is `{"error":{"code","message"}}`. The case count is bounded
//! so the run stays short; a failure is shrunk and printed by proptest.
//! On SQLite, or PostgreSQL with TEST_DATABASE_URL.

use crate::support;

use axum::body::Body;
use axum::http::{header, Request};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};
use server::api::{RouteSpec, ROUTES};
use support::{TestApp, ORIGIN};

const CASES: u32 = 400;

/// Some account id for the bodies that name one (the sessions' own ids are
/// only known at run time; a mismatch is one more answer to check).
const ACCOUNT: &str = "00000000-0000-4000-8000-000000000000";

/// Field names of the API's request types, so generated objects often hit
/// real fields with wrong values.
const FIELDS: &[&str] = &[
    "account_id",
    "name",
    "email",
    "token",
    "challenge_id",
    "credential",
    "passkey_name",
    "kind",
    "id",
    "roles",
    "role",
    "cursor",
    "client_id",
    "mutations",
    "seq",
    "portfolio_id",
    "target",
    "key",
    "list",
    "item_id",
    "base_version",
    "op",
    "value",
    "type",
    "resolved",
    "code",
    "street",
    "postal_code",
    "city",
    "organisation",
    "privacy_consent",
    "invoice_email",
    "membership_number",
    "paid_on",
    "year",
    "valid_from",
    "basis_points",
    "certification_fee_cents",
    "register_fee_cents",
    "affiliate_registration_fee_cents",
    "certificate_number",
    "issue_date",
    "route",
    "base_education",
    "certificate_end_date",
    "format",
    "fields",
    "signer",
    "reason",
    "since",
    // Mentors and comments.
    "anchor",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "body",
    "suggestion",
    "taken",
    "mentor_ids",
    "declaration",
    "assessors",
    "section",
    "verdict",
    "note",
    "outcome",
    "motivation",
    "slots",
    "slot",
    "starts_at",
    "place",
    "notes",
    "sections",
    "deadline",
    "reasons",
    "status",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![
            Just(String::new()),
            "\\PC{0,40}",
            Just("\u{0}".to_string()),
            Just("x".repeat(70_000)),
            Just("initial.a1.q1".to_string()),
            Just("00000000-0000-0000-0000-000000000000".to_string()),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::from),
            prop::collection::vec((prop::sample::select(FIELDS), inner), 0..8).prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// Valid-looking bodies of the main request types, to be mutated one step.
fn near_valid_seeds() -> Vec<Value> {
    let mutation = json!({
        "id": {"client_id": "fuzz", "seq": 1},
        "portfolio_id": "00000000-0000-0000-0000-000000000000",
        "target": {"kind": "answer", "key": "initial.a1.q1"},
        "base_version": 0, "op": "set", "value": {"type": "text", "value": "x"}
    });
    vec![
        json!({"account_id": ACCOUNT, "client_id": "fuzz", "mutations": [mutation]}),
        json!({"account_id": ACCOUNT, "cursor": 0}),
        json!({"account_id": ACCOUNT, "kind": "initial"}),
        json!({"name": "Anna", "email": "anna@example.nl"}),
        json!({"roles": ["mentor"]}),
        json!({"role": "mentor", "email": "m@example.nl"}),
        json!({"name": "Anna de Vries", "email": "a@example.nl", "street": "Straat 1",
               "postal_code": "3511 AB", "city": "Utrecht", "privacy_consent": true}),
        json!({"membership_number": "10001", "name": "Lid", "email": "l@example.nl", "city": "Delft"}),
        json!({"paid_on": "2025-01-01"}),
        json!({"valid_from": "2025-01-01", "basis_points": 2100}),
        json!({"certification_fee_cents": 1, "affiliate_registration_fee_cents": 1, "register_fee_cents": 1}),
        json!({"year": 2025}),
        json!({"email": "a@example.nl", "code": "ABCD-EFGH-JKLM"}),
        json!({"format": "working_initial",
               "fields": {"organisation": "O", "function": "F", "since": "2020-01-01"},
               "signer": {"name": "S", "role": "R", "email": "s@example.nl"}}),
        json!({"name": "Ondertekenaar"}),
        json!({"reason": "Klopt niet"}),
        json!({"challenge_id": "x", "credential": {"id": "x", "rawId": "x", "type": "public-key", "response": {}}}),
        json!({"key": "initial.b2.q2", "body": "Opmerking", "suggestion": "nieuw",
               "anchor": {"exact": "x", "prefix": "", "suffix": "", "start": 0, "end": 1}}),
        json!({"id": "00000000-0000-4000-8000-000000000000", "body": "Reactie"}),
        json!({"taken": true}),
        json!({"mentor_ids": ["00000000-0000-4000-8000-000000000000"]}),
    ]
}

/// One step away from a seed: a field replaced, removed or added, or a
/// value at a path swapped for a generated one.
fn near_valid() -> impl Strategy<Value = Value> {
    let seeds = near_valid_seeds();
    (
        prop::sample::select(seeds),
        0..3u8,
        prop::sample::select(FIELDS),
        json_value(),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(mut seed, how, field, value, pick)| {
            let obj = seed.as_object_mut().expect("seeds are objects");
            let keys: Vec<String> = obj.keys().cloned().collect();
            let key = keys[pick.index(keys.len())].clone();
            match how {
                0 => {
                    obj.insert(key, value);
                }
                1 => {
                    obj.remove(&key);
                }
                _ => {
                    obj.insert(field.to_string(), value);
                }
            }
            seed
        })
}

#[derive(Clone, Debug)]
enum Body_ {
    Empty,
    Json(Value),
    Bytes(Vec<u8>),
}

fn body() -> impl Strategy<Value = Body_> {
    let seed_text = prop::sample::select(near_valid_seeds()).prop_map(|v| v.to_string());
    prop_oneof![
        Just(Body_::Empty),
        json_value().prop_map(Body_::Json),
        near_valid().prop_map(Body_::Json),
        near_valid().prop_map(Body_::Json),
        // Truncated valid JSON.
        (seed_text.clone(), any::<prop::sample::Index>()).prop_map(|(text, i)| {
            let cut = i.index(text.len());
            Body_::Bytes(text.as_bytes()[..cut].to_vec())
        }),
        // One byte garbled.
        (seed_text, any::<prop::sample::Index>(), any::<u8>()).prop_map(|(text, i, b)| {
            let mut bytes = text.into_bytes();
            let at = i.index(bytes.len());
            bytes[at] = b;
            Body_::Bytes(bytes)
        }),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(Body_::Bytes),
        // Numbers beyond every integer type, and beyond f64.
        prop_oneof![
            Just(r#"{"cursor": 184467440737095516150000}"#),
            Just(r#"{"cursor": -1}"#),
            Just(r#"{"cursor": 1e999}"#),
            Just(r#"{"year": 99999999999999999999, "basis_points": -9223372036854775809}"#),
            Just(r#"{"client_id":"fuzz","mutations":[{"id":{"client_id":"fuzz","seq":18446744073709551616}}]}"#),
        ]
        .prop_map(|s| Body_::Bytes(s.as_bytes().to_vec())),
        // Deep nesting, as arrays and as objects.
        (1usize..3000).prop_map(|n| Body_::Bytes(
            format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes()
        )),
        (1usize..3000).prop_map(|n| Body_::Bytes(
            format!("{}1{}", "{\"value\":".repeat(n), "}".repeat(n)).into_bytes()
        )),
    ]
}

fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        Some("application/json"),
        Some("application/json"),
        Some("application/json; charset=utf-8"),
        Some("text/plain"),
        Some("text/csv"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/jsonx"),
        None,
    ])
}

/// Path parameters: a real id, or something that is none.
fn param() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("REAL".to_string()),
        Just("00000000-0000-0000-0000-000000000000".to_string()),
        Just("2025".to_string()),
        Just("%FF%FE".to_string()),
        Just("..%2F..".to_string()),
        Just("9".repeat(40)),
        "[a-zA-Z0-9_-]{0,20}",
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("?year=abc".to_string()),
        Just("?year=99999999999999999999".to_string()),
        Just("?limit=-5&before=x".to_string()),
        Just("?q=%FF".to_string()),
        Just("?format=csv&status=x&overdue=1".to_string()),
        Just("?dry_run=true&kind=nope".to_string()),
        "[a-z=&]{0,20}".prop_map(|q| format!("?{q}")),
    ]
}

/// The row's path: its first parameter gets `param` ("REAL": the real
/// portfolio), a file's hash (`{sha256}`) the real file or the fuzzed value
/// alike, any other later parameter (a declaration's slot) a valid one.
fn fill(row: &RouteSpec, param: &str, real: &str, file: &str) -> String {
    let mut p = row.path.to_string();
    let mut first = true;
    while let Some(start) = p.find('{') {
        let end = p[start..].find('}').unwrap() + start;
        let value = match (first, param == "REAL", &p[start + 1..end]) {
            (true, true, _) => real,
            (true, false, _) => param,
            (false, true, "sha256") => file,
            (false, false, "sha256") => param,
            (false, _, _) => "initial.b1.q2",
        }
        .to_string();
        p = format!("{}{value}{}", &p[..start], &p[end + 1..]);
        first = false;
    }
    p
}

/// A small PDF in the portfolio, so the file routes are fuzzed with a real
/// hash too; its SHA-256.
async fn upload_evidence(app: &TestApp, cookie: Option<&str>, portfolio: &str) -> String {
    use sha2::Digest;
    let bytes = b"%PDF-1.4\n% fuzz\n%%EOF\n".to_vec();
    let hash = hex::encode(sha2::Sha256::digest(&bytes));
    let reply = app
        .request(
            Request::put(format!("/api/portfolios/{portfolio}/files/{hash}"))
                .header(header::ORIGIN, ORIGIN)
                .header(header::COOKIE, cookie.unwrap_or_default())
                .body(Body::from(bytes))
                .unwrap(),
        )
        .await;
    assert!(reply.status.is_success(), "{}", reply.text());
    hash
}

#[test]
fn no_input_makes_any_endpoint_fail_or_answer_outside_the_error_shape() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (app, cookies, real, file) = rt.block_on(async {
        let app = TestApp::with_config(support::roomy_quotas).await;
        let admin = app.first_admin().await;
        let candidate = app.sign_up("Fuzz Kandidaat", "fuzz@example.nl").await;
        let portfolio = app.create_portfolio(&candidate, "initial").await;
        let file = upload_evidence(&app, candidate.cookie.as_deref(), &portfolio).await;
        let cookies = vec![None, candidate.cookie.clone(), admin.cookie.clone()];
        (app, cookies, portfolio, file)
    });
    let routes: Vec<&'static RouteSpec> = ROUTES.iter().collect();
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        prop::sample::select(routes),
        body(),
        content_type(),
        param(),
        query(),
        0..3usize,
    );
    let result = runner.run(&strategy, |(row, body, content_type, param, query, who)| {
        // Signing out would end the sessions the next cases need.
        let who = if row.path.starts_with("/api/auth/logout") {
            0
        } else {
            who
        };
        let uri = format!("{}{query}", fill(row, &param, &real, &file));
        let mut req = Request::builder()
            .method(row.method)
            .uri(&uri)
            .header(header::ORIGIN, ORIGIN);
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        if let Some(cookie) = &cookies[who] {
            req = req.header(header::COOKIE, cookie);
        }
        let bytes = match &body {
            Body_::Empty => Vec::new(),
            Body_::Json(v) => v.to_string().into_bytes(),
            Body_::Bytes(b) => b.clone(),
        };
        let req = req
            .body(Body::from(bytes))
            .map_err(|e| TestCaseError::reject(e.to_string()))?;
        let reply = rt.block_on(app.request(req));
        let what = format!(
            "{} {uri} (session {who}) -> {}: {}",
            row.method,
            reply.status,
            reply.text().chars().take(300).collect::<String>()
        );
        prop_assert!(!reply.status.is_server_error(), "{}", what);
        if !reply.status.is_success() {
            let parsed: Result<Value, _> = serde_json::from_slice(&reply.body);
            prop_assert!(parsed.is_ok(), "not JSON: {}", what);
            let parsed = parsed.unwrap();
            prop_assert!(
                parsed["error"]["code"]
                    .as_str()
                    .is_some_and(|c| !c.is_empty())
                    && parsed["error"]["message"]
                        .as_str()
                        .is_some_and(|m| !m.is_empty()),
                "not the error shape: {}",
                what
            );
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}
