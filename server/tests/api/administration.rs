//! The register's administration end to end through the real router, on
//! SQLite or (with TEST_DATABASE_URL) PostgreSQL: affiliate registration,
//! invoice numbers under concurrency, VAT, credit invoices, the annual run,
//! the certificate import, the public register and access rules.

use crate::support;

use axum::http::{Method, StatusCode};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde_json::{json, Value};
use server::administration::invoices::{self, Buyer, NewInvoice, NewLine};
use server::administration::{begin_write, numbers};
use support::{TestApp, User};

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn registration(email: &str) -> Value {
    json!({
        "name": "Anna de Vries",
        "email": email,
        "street": "Stationsplein 1",
        "postal_code": "3511 AB",
        "city": "Utrecht",
        "organisation": null,
        "privacy_consent": true
    })
}

async fn register(app: &TestApp, email: &str) -> Value {
    let reply = app.post_json("/api/affiliates", &registration(email)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.json()
}

#[tokio::test]
async fn affiliate_registration_issues_number_and_invoice_once() {
    let app = TestApp::new().await;
    let body = register(&app, "anna@example.nl").await;
    let year = today().year();
    assert_eq!(body["affiliate_number"], "EA-000001");
    assert_eq!(body["invoice_number"], format!("{year}-00001"));
    assert_eq!(body["amount_excl_vat_cents"], 10_000);
    assert_eq!(body["vat_cents"], 2_100);
    assert_eq!(body["amount_incl_vat_cents"], 12_100);

    // The same address, typed differently: refused, nothing new.
    let again = app
        .post_json("/api/affiliates", &registration(" ANNA@example.nl "))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text());
    assert_eq!(again.error_code(), "already_registered");
    assert_eq!(app.count("SELECT COUNT(*) FROM affiliates").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM invoices").await, 1);

    // The next one gets the next numbers: the refused one used none.
    let next = register(&app, "piet@example.nl").await;
    assert_eq!(next["affiliate_number"], "EA-000002");
    assert_eq!(next["invoice_number"], format!("{year}-00002"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event = 'affiliate_registered'")
            .await,
        2
    );
}

#[tokio::test]
async fn registration_input_is_checked_per_field() {
    let app = TestApp::new().await;
    let cases = [
        ("postal_code", json!("12345")),
        ("postal_code", json!("0123 AB")),
        ("email", json!("geen-adres")),
        ("privacy_consent", json!(false)),
        ("name", json!("  ")),
    ];
    for (field, value) in cases {
        let mut body = registration("kees@example.nl");
        body[field] = value;
        let reply = app.post_json("/api/affiliates", &body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let message = reply.error_message();
        assert!(message.starts_with(&format!("{field}:")), "{message}");
    }
    // A missing field is named too (serde's message).
    let mut body = registration("kees@example.nl");
    body.as_object_mut().unwrap().remove("city");
    let reply = app.post_json("/api/affiliates", &body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.text().contains("city"), "{}", reply.text());
    // Without our Origin a browser elsewhere cannot register people.
    let foreign = app
        .request(
            axum::http::Request::post("/api/affiliates")
                .header("content-type", "application/json")
                .header("origin", "https://evil.example")
                .body(axum::body::Body::from(
                    registration("x@example.nl").to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM affiliates").await, 0);
}

#[tokio::test]
async fn invoice_numbers_have_no_gaps_under_concurrent_creation() {
    let app = TestApp::new().await;
    let issue_date = NaiveDate::from_ymd_opt(2031, 3, 1).unwrap();
    let mut tasks = Vec::new();
    for i in 0..24 {
        let db = app.db.clone();
        tasks.push(tokio::spawn(async move {
            let buyer = Buyer {
                name: format!("Koper {i}"),
                organisation: None,
                street: "Straat 1".into(),
                postal_code: "1234 AB".into(),
                city: "Ergens".into(),
                email: format!("k{i}@example.nl"),
            };
            let mut tx = begin_write(&db).await.expect("begin");
            let issued = invoices::issue(
                &mut tx,
                &NewInvoice {
                    kind: invoices::KIND_REGISTRATION,
                    affiliate_id: None,
                    fee_year: None,
                    buyer: &buyer,
                    lines: &[NewLine {
                        description: "Test".into(),
                        excl_vat_cents: 10_000,
                    }],
                    issue_date,
                    vat_basis_points: 2100,
                    credits: None,
                    created_by: None,
                },
            )
            .await
            .expect("issue");
            tokio::task::yield_now().await;
            // Every third transaction fails after taking a number.
            if i % 3 == 0 {
                tx.rollback().await.expect("rollback");
                None
            } else {
                tx.commit().await.expect("commit");
                Some(issued.number)
            }
        }));
    }
    let mut committed = Vec::new();
    for t in tasks {
        if let Some(n) = t.await.unwrap() {
            committed.push(n);
        }
    }
    committed.sort();
    let expected: Vec<String> = (1..=committed.len() as i64)
        .map(|n| format!("2031-{n:05}"))
        .collect();
    assert_eq!(committed, expected);
    // Another year starts at 1.
    let mut tx = begin_write(&app.db).await.unwrap();
    assert_eq!(
        numbers::next(&mut tx, numbers::INVOICE, 2032)
            .await
            .unwrap(),
        1
    );
    tx.rollback().await.unwrap();
}

/// Adds a certificate by hand; returns the reply.
async fn add_certificate(
    app: &TestApp,
    admin: &User,
    number: &str,
    issue: NaiveDate,
    relation: &str,
    name: &str,
    city: &str,
) -> support::Reply {
    app.as_user(
        admin,
        Method::POST,
        "/api/admin/certificates",
        Some(&json!({
            "name": name,
            "email": format!("{}@example.nl", number.to_lowercase()),
            "city": city,
            "certificate_number": number,
            "issue_date": issue.to_string(),
            "relation_number": relation,
        })),
    )
    .await
}

#[tokio::test]
async fn annual_run_previews_and_never_invoices_twice_with_vat_per_line() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let year = today().year();
    let a = register(&app, "a@example.nl").await;
    let b = register(&app, "b@example.nl").await;
    // A fee table of this year: 202.50 excl. VAT -> 42.525 VAT rounds to 42.53.
    let set = app
        .as_user(
            &admin,
            Method::PUT,
            &format!("/api/admin/fees/{year}"),
            Some(&json!({
                "certification_fee_cents": 30_000,
                "affiliate_registration_fee_cents": 10_000,
                "register_fee_cents": 20_250,
            })),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    // a: certified last year (due); b: certified this year (not yet).
    let last_year = NaiveDate::from_ymd_opt(year - 1, 6, 1).unwrap();
    let r = add_certificate(
        &app,
        &admin,
        "RJ-A",
        last_year,
        a["affiliate_number"].as_str().unwrap(),
        "Anna",
        "Utrecht",
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let this_year = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let r = add_certificate(
        &app,
        &admin,
        "RJ-B",
        this_year,
        b["affiliate_number"].as_str().unwrap(),
        "Bob",
        "Delft",
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    let preview = app
        .as_user(
            &admin,
            Method::GET,
            &format!("/api/admin/register-fee-run?year={year}"),
            None,
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text());
    let preview = preview.json();
    assert_eq!(preview["lines"].as_array().unwrap().len(), 1, "{preview}");
    assert_eq!(
        preview["lines"][0]["affiliate_number"],
        a["affiliate_number"]
    );
    assert_eq!(preview["amount_excl_vat_cents"], 20_250);
    assert_eq!(preview["vat_cents"], 4_253);
    assert_eq!(preview["amount_incl_vat_cents"], 24_503);
    // The preview issued nothing.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invoices WHERE kind = 'register_fee'")
            .await,
        0
    );

    let run = app
        .as_user(
            &admin,
            Method::POST,
            "/api/admin/register-fee-run",
            Some(&json!({"year": year})),
        )
        .await;
    assert_eq!(run.status, StatusCode::CREATED, "{}", run.text());
    assert_eq!(run.json()["lines"].as_array().unwrap().len(), 1);
    let again = app
        .as_user(
            &admin,
            Method::POST,
            "/api/admin/register-fee-run",
            Some(&json!({"year": year})),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.json()["lines"].as_array().unwrap().len(), 0);
    assert_eq!(again.json()["already_invoiced"], 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invoices WHERE kind = 'register_fee'")
            .await,
        1
    );
    let totals: (i64, i64, i64) = sqlx::query_as(
        "SELECT total_excl_vat_cents, total_vat_cents, total_incl_vat_cents FROM invoices WHERE kind = 'register_fee'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(totals, (20_250, 4_253, 24_503));
    // A year without its own table uses the latest earlier one.
    let fees = app
        .as_user(&admin, Method::GET, "/api/admin/fees", None)
        .await
        .json();
    let next = fees["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == year + 1)
        .unwrap()
        .clone();
    assert_eq!(next["from_year"], year);
    assert_eq!(next["own"], false);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event IN ('register_fee_run', 'fee_schedule_set', 'certificate_added')").await,
        5
    );
}

#[tokio::test]
async fn credit_invoices_cancel_and_payments_are_recorded() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    register(&app, "a@example.nl").await;
    register(&app, "b@example.nl").await;
    let list = app
        .as_user(&admin, Method::GET, "/api/admin/invoices?status=open", None)
        .await
        .json();
    let invoices = list["invoices"].as_array().unwrap().clone();
    assert_eq!(invoices.len(), 2);
    let first = invoices
        .iter()
        .find(|i| i["number"].as_str().unwrap().ends_with("00001"))
        .unwrap();
    let second = invoices
        .iter()
        .find(|i| i["number"].as_str().unwrap().ends_with("00002"))
        .unwrap();
    let id = first["id"].as_str().unwrap();

    let credit = app
        .as_user(
            &admin,
            Method::POST,
            &format!("/api/admin/invoices/{id}/credit"),
            None,
        )
        .await;
    assert_eq!(credit.status, StatusCode::CREATED, "{}", credit.text());
    let credit = credit.json()["credit_invoice"].clone();
    assert_eq!(credit["total_excl_vat_cents"], -10_000);
    assert_eq!(credit["total_vat_cents"], -2_100);
    assert_eq!(credit["total_incl_vat_cents"], -12_100);
    assert_eq!(credit["credits_number"], first["number"]);
    assert!(credit["number"].as_str().unwrap().ends_with("00003"));
    let again = app
        .as_user(
            &admin,
            Method::POST,
            &format!("/api/admin/invoices/{id}/credit"),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let paid = app
        .as_user(
            &admin,
            Method::POST,
            &format!("/api/admin/invoices/{id}/paid"),
            Some(&json!({"paid_on": today().to_string()})),
        )
        .await;
    assert_eq!(paid.status, StatusCode::CONFLICT);

    let detail = app
        .as_user(&admin, Method::GET, &format!("/api/invoices/{id}"), None)
        .await
        .json();
    assert_eq!(detail["invoice"]["status"], "credited");
    assert_eq!(detail["invoice"]["credited_by_number"], credit["number"]);
    assert_eq!(detail["invoice"]["lines"].as_array().unwrap().len(), 1);
    assert!(detail["seller"]["name"].is_string());

    let id2 = second["id"].as_str().unwrap();
    let future = (today() + Duration::days(2)).to_string();
    let bad = app
        .as_user(
            &admin,
            Method::POST,
            &format!("/api/admin/invoices/{id2}/paid"),
            Some(&json!({"paid_on": future})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let paid = app
        .as_user(
            &admin,
            Method::POST,
            &format!("/api/admin/invoices/{id2}/paid"),
            Some(&json!({"paid_on": today().to_string()})),
        )
        .await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.text());
    assert_eq!(paid.json()["invoice"]["status"], "paid");
    let twice = app
        .as_user(
            &admin,
            Method::POST,
            &format!("/api/admin/invoices/{id2}/paid"),
            Some(&json!({"paid_on": today().to_string()})),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event IN ('invoice_paid', 'invoice_credited') AND actor_id IS NOT NULL").await,
        2
    );
    let open = app
        .as_user(&admin, Method::GET, "/api/admin/invoices?status=open", None)
        .await
        .json();
    assert_eq!(open["invoices"].as_array().unwrap().len(), 0);
    let csv = app
        .as_user(&admin, Method::GET, "/api/admin/invoices?format=csv", None)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text();
    assert!(text.contains("factuurnummer;"), "{text}");
    assert!(text.contains("-121,00"), "{text}");
}

const HEADER: &str =
    "naam;e-mail;plaats;certificaatnummer;afgiftedatum;lidmaatschaps- of aansluitingsnummer\n";

async fn import(app: &TestApp, admin: &User, csv: &str) -> support::Reply {
    app.request(
        axum::http::Request::post("/api/admin/certificates/import")
            .header("content-type", "text/csv")
            .header("origin", support::ORIGIN)
            .header("cookie", admin.cookie.as_deref().unwrap())
            .body(axum::body::Body::from(csv.to_string()))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn certificate_import_is_all_or_nothing_and_register_shows_only_valid() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let valid_issue = today() - Duration::days(400);
    let bad = format!(
        "{HEADER}Anna de Vries;anna@example.nl;Utrecht;RJ-1;{valid_issue};10001\n\
         Piet Bos;geen-adres;Delft;RJ-2;2024-13-01;10002\n\
         Kees;kees@example.nl;Zwolle;RJ-3;{valid_issue};EA-999999\n"
    );
    let reply = import(&app, &admin, &bad).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    let report = reply.json();
    assert_eq!(report["error"]["code"], "invalid_rows");
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["ok"], true);
    assert_eq!(rows[1]["line"], 3);
    assert_eq!(
        rows[1]["errors"].as_array().unwrap().len(),
        2,
        "{}",
        rows[1]
    );
    assert!(rows[2]["errors"][0].as_str().unwrap().contains("onbekend"));
    assert_eq!(app.count("SELECT COUNT(*) FROM certificates").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM members").await, 0);

    let expired_issue = today() - Duration::days(365 * 4 + 30);
    let good = format!(
        "{HEADER}Anna de Vries;anna@example.nl;Utrecht;RJ-1;{valid_issue};10001\n\
         Piet Bos;piet@example.nl;Delft;RJ-2;{expired_issue};10002\n\
         Anna Jansen;anna.j@example.nl;Amersfoort;RJ-3;{valid_issue};10003\n"
    );
    let reply = import(&app, &admin, &good).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(reply.json()["imported"], 3);
    assert_eq!(app.count("SELECT COUNT(*) FROM members").await, 3);
    // Importing the same file again: every row is a duplicate, nothing changes.
    let twice = import(&app, &admin, &good).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT COUNT(*) FROM certificates").await, 3);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event = 'certificates_imported'")
            .await,
        1
    );

    // The public register: no login, only valid certificates, four fields.
    let all = app.get("/api/register?q=").await;
    assert_eq!(all.status, StatusCode::OK);
    let entries = all.json()["entries"].as_array().unwrap().clone();
    let numbers: Vec<&str> = entries
        .iter()
        .map(|e| e["certificate_number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["RJ-1", "RJ-3"]);
    let keys: Vec<&String> = entries[0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4, "{keys:?}");
    assert_eq!(
        entries[0]["valid_until"],
        shared::rules::recertification::certificate_expiry(valid_issue).to_string()
    );
    let by_city = app.get("/api/register?q=amersf").await.json();
    assert_eq!(by_city["entries"].as_array().unwrap().len(), 1);
    assert_eq!(by_city["entries"][0]["name"], "Anna Jansen");
    let by_name = app.get("/api/register?q=ANNA").await.json();
    assert_eq!(by_name["entries"].as_array().unwrap().len(), 2);
    let expired = app.get("/api/register?q=piet").await.json();
    assert_eq!(expired["entries"].as_array().unwrap().len(), 0);
    let wildcard = app.get("/api/register?q=%25").await.json();
    assert_eq!(wildcard["entries"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn only_admins_administer_and_candidates_see_their_own_invoices() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    register(&app, "cand@example.nl").await;
    register(&app, "other@example.nl").await;
    let candidate = app.sign_up("Carla Kandidaat", "cand@example.nl").await;

    for (method, path, body) in [
        (Method::GET, "/api/admin/overview", None),
        (Method::GET, "/api/admin/fees", None),
        (
            Method::PUT,
            "/api/admin/fees/2026",
            Some(
                json!({"certification_fee_cents": 1, "affiliate_registration_fee_cents": 1, "register_fee_cents": 1}),
            ),
        ),
        (Method::GET, "/api/admin/invoices", None),
        (Method::GET, "/api/admin/affiliates", None),
        (Method::GET, "/api/admin/members", None),
        (Method::GET, "/api/admin/certificates", None),
        (Method::GET, "/api/admin/register-fee-run?year=2026", None),
        (
            Method::POST,
            "/api/admin/register-fee-run",
            Some(json!({"year": 2026})),
        ),
    ] {
        let reply = app
            .as_user(&candidate, method.clone(), path, body.as_ref())
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(reply.error_code(), "forbidden");
        let anonymous = app.call(method.clone(), path, body.as_ref(), None).await;
        assert_eq!(
            anonymous.status,
            StatusCode::UNAUTHORIZED,
            "{method} {path}"
        );
    }

    let mine = app
        .as_user(&candidate, Method::GET, "/api/me/registration", None)
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text());
    let mine = mine.json();
    assert_eq!(mine["status"], "affiliate");
    let own = mine["invoices"].as_array().unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["buyer"]["email"], "cand@example.nl");
    let own_id = own[0]["id"].as_str().unwrap();
    let r = app
        .as_user(
            &candidate,
            Method::GET,
            &format!("/api/invoices/{own_id}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);

    let all = app
        .as_user(&admin, Method::GET, "/api/admin/invoices?q=other", None)
        .await
        .json();
    let other_id = all["invoices"][0]["id"].as_str().unwrap().to_string();
    let r = app
        .as_user(
            &candidate,
            Method::GET,
            &format!("/api/invoices/{other_id}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // An explicit link by the admin moves the record to another account.
    let affiliates = app
        .as_user(&admin, Method::GET, "/api/admin/affiliates?q=other", None)
        .await
        .json();
    let affiliate_id = affiliates["affiliates"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let link = app
        .as_user(
            &admin,
            Method::PUT,
            &format!("/api/admin/affiliates/{affiliate_id}/account"),
            Some(&json!({"email": "cand@example.nl"})),
        )
        .await;
    assert_eq!(link.status, StatusCode::OK, "{}", link.text());
    let r = app
        .as_user(
            &candidate,
            Method::GET,
            &format!("/api/invoices/{other_id}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event = 'registration_linked'")
            .await,
        1
    );
}

#[tokio::test]
async fn dashboard_lists_upcoming_recertification_deadlines() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let member = app.as_user(&admin, Method::POST, "/api/admin/members", Some(&json!({"membership_number": "12345", "name": "Mia Lid", "email": "mia@example.nl", "city": "Gouda"}))).await;
    assert_eq!(member.status, StatusCode::CREATED, "{}", member.text());
    // Expires in about 7 months: deadline (3 months earlier) within 6 months.
    let soon = shared::dates::sub_years(today() + Duration::days(210), 4);
    let later = shared::dates::sub_years(today() + Duration::days(400), 4);
    let r = add_certificate(&app, &admin, "RJ-SOON", soon, "12345", "Mia Lid", "Gouda").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = add_certificate(&app, &admin, "RJ-LATER", later, "12345", "Mia Lid", "Gouda").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let overview = app
        .as_user(&admin, Method::GET, "/api/admin/overview", None)
        .await
        .json();
    let reminders: Vec<&str> = overview["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["certificate_number"].as_str().unwrap())
        .collect();
    assert_eq!(reminders, ["RJ-SOON"]);
    let dup = add_certificate(&app, &admin, "RJ-SOON", soon, "12345", "Mia Lid", "Gouda").await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.error_message().starts_with("certificate_number:"));
}

#[tokio::test]
async fn a_member_number_or_address_taken_is_a_409_and_audits_nothing() {
    // Members are not checked beforehand: the unique constraints answer.
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let member = |number: &str, email: &str| json!({"membership_number": number, "name": "Mia Lid", "email": email, "city": "Gouda"});
    let first = app
        .as_user(
            &admin,
            Method::POST,
            "/api/admin/members",
            Some(&member("12345", "mia@example.nl")),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    for body in [
        member("12345", "other@example.nl"),
        member("67890", "mia@example.nl"),
    ] {
        let again = app
            .as_user(&admin, Method::POST, "/api/admin/members", Some(&body))
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text());
        assert_eq!(again.error_code(), "member_exists");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM members").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE event = 'member_added'")
            .await,
        1
    );
}

/// The `details` of the audit entries of one event, oldest first.
async fn audit_details(app: &TestApp, event: &str) -> Vec<(Option<String>, Value)> {
    let rows: Vec<(Option<String>, String)> =
        sqlx::query_as("SELECT actor_id, details FROM audit_log WHERE event = $1 ORDER BY id")
            .bind(event)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    rows.into_iter()
        .map(|(actor, details)| (actor, serde_json::from_str(&details).unwrap()))
        .collect()
}

#[tokio::test]
async fn admins_correct_a_member_and_the_register_follows() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let member = |number: &str, name: &str, email: &str, city: &str| json!({"membership_number": number, "name": name, "email": email, "city": city});
    let added = app
        .as_user(
            &admin,
            Method::POST,
            "/api/admin/members",
            Some(&member("12345", "Mia Lidd", "mia@example.nl", "Goda")),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());
    let id = added.json()["id"].as_str().unwrap().to_string();
    let other = app
        .as_user(
            &admin,
            Method::POST,
            "/api/admin/members",
            Some(&member("67890", "Ole Lid", "ole@example.nl", "Ede")),
        )
        .await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.text());
    // The certificate copied the typos; one issued under another spelling
    // keeps its own.
    let issue = today() - Duration::days(100);
    let r = add_certificate(&app, &admin, "RJ-M1", issue, "12345", "Mia Lidd", "Goda").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = add_certificate(&app, &admin, "RJ-M2", issue, "12345", "M. Lid", "Goda").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let path = format!("/api/admin/members/{id}");

    let fixed = app
        .as_user(
            &admin,
            Method::PUT,
            &path,
            Some(&member(" 12345 ", "Mia Lid", "MIA@example.nl", "Gouda")),
        )
        .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.text());
    let body = fixed.json();
    assert_eq!(body["member"]["name"], "Mia Lid");
    assert_eq!(body["member"]["city"], "Gouda");
    assert_eq!(body["member"]["email"], "mia@example.nl");
    assert_eq!(body["member"]["membership_number"], "12345");
    assert_eq!(body["changed"], json!(["name", "city"]));
    assert_eq!(body["certificates_updated"], 2);

    // The public register shows the corrected name and city.
    let register = app.get("/api/register?q=gouda").await.json();
    let entries = register["entries"].as_array().unwrap();
    let names: Vec<&str> = entries
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["M. Lid", "Mia Lid"]);
    assert!(entries.iter().all(|e| e["city"] == "Gouda"));
    assert_eq!(
        app.get("/api/register?q=goda").await.json()["entries"],
        json!([])
    );
    let listed = app
        .as_user(&admin, Method::GET, "/api/admin/members?q=gouda", None)
        .await
        .json();
    assert_eq!(listed["members"][0]["name"], "Mia Lid");

    // One audit entry, by the admin, naming the fields but not the values.
    let entries = audit_details(&app, "member_updated").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].0.as_deref(), Some(admin.id.as_str()));
    assert_eq!(entries[0].1["fields"], json!(["name", "city"]));
    let logged = entries[0].1.to_string();
    assert!(
        !logged.contains("Gouda") && !logged.contains("Mia"),
        "{logged}"
    );

    // Checked as when adding, per field.
    for (field, value) in [
        ("membership_number", "ea-000001"),
        ("membership_number", " "),
        ("name", "  "),
        ("email", "geen-adres"),
        ("city", ""),
    ] {
        let mut body = member("12345", "Mia Lid", "mia@example.nl", "Gouda");
        body[field] = json!(value);
        let reply = app.as_user(&admin, Method::PUT, &path, Some(&body)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let message = reply.error_message();
        assert!(message.starts_with(&format!("{field}:")), "{message}");
    }
    let mut missing = member("12345", "Mia Lid", "mia@example.nl", "Gouda");
    missing.as_object_mut().unwrap().remove("city");
    let reply = app
        .as_user(&admin, Method::PUT, &path, Some(&missing))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.text().contains("city"), "{}", reply.text());

    // Another member's number or address: 409, nothing changed.
    for body in [
        member("67890", "Mia Lid", "mia@example.nl", "Gouda"),
        member("12345", "Mia Lid", "ole@example.nl", "Utrecht"),
    ] {
        let reply = app.as_user(&admin, Method::PUT, &path, Some(&body)).await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
        assert_eq!(reply.error_code(), "member_exists");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM members WHERE city = 'Utrecht' OR membership_number = '67890' AND name = 'Mia Lid'")
            .await,
        0
    );

    // Unknown members are 404.
    let valid = member("55555", "Nel Lid", "nel@example.nl", "Ede");
    for unknown in [uuid::Uuid::new_v4().to_string(), "geen-id".to_string()] {
        let reply = app
            .as_user(
                &admin,
                Method::PUT,
                &format!("/api/admin/members/{unknown}"),
                Some(&valid),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text());
    }

    // Nothing to change: 200, nothing logged.
    let same = app
        .as_user(
            &admin,
            Method::PUT,
            &path,
            Some(&member("12345", "Mia Lid", "mia@example.nl", "Gouda")),
        )
        .await;
    assert_eq!(same.status, StatusCode::OK, "{}", same.text());
    assert_eq!(same.json()["changed"], json!([]));

    // Only admins, through the policy; signed out is 401.
    let candidate = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let reply = app
        .as_user(&candidate, Method::PUT, &path, Some(&valid))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.error_code(), "forbidden");
    let reply = app.call(Method::PUT, &path, Some(&valid), None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM members WHERE name = 'Nel Lid'")
            .await,
        0
    );
    assert_eq!(audit_details(&app, "member_updated").await.len(), 1);
}

#[tokio::test]
async fn admins_correct_an_affiliate_but_not_its_number_or_invoices() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    register(&app, "anna@example.nl").await;
    register(&app, "piet@example.nl").await;
    let listed = app
        .as_user(&admin, Method::GET, "/api/admin/affiliates?q=anna@", None)
        .await
        .json();
    let id = listed["affiliates"][0]["id"].as_str().unwrap().to_string();
    let issue = today() - Duration::days(100);
    let r = add_certificate(
        &app,
        &admin,
        "RJ-A1",
        issue,
        "EA-000001",
        "Anna de Vries",
        "Utrecht",
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let path = format!("/api/admin/affiliates/{id}");
    let details = |email: &str, postal_code: &str, city: &str| {
        json!({
            "name": "Anna de Vries",
            "email": email,
            "street": "Stationsplein 1",
            "postal_code": postal_code,
            "city": city,
        })
    };

    let fixed = app
        .as_user(
            &admin,
            Method::PUT,
            &path,
            Some(&details("anna@example.nl", "3811aa", "Amersfoort")),
        )
        .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.text());
    let body = fixed.json();
    assert_eq!(body["affiliate"]["city"], "Amersfoort");
    assert_eq!(body["affiliate"]["postal_code"], "3811 AA");
    assert_eq!(body["affiliate"]["affiliate_number"], "EA-000001");
    assert_eq!(body["changed"], json!(["postal_code", "city"]));
    assert_eq!(body["certificates_updated"], 1);
    // The invoice keeps the buyer as on the day of issue.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invoices WHERE buyer_city = 'Utrecht' AND buyer_email = 'anna@example.nl'")
            .await,
        1
    );
    // The public register shows the corrected city.
    let found = app.get("/api/register?q=amersfoort").await.json();
    assert_eq!(found["entries"].as_array().unwrap().len(), 1);
    assert_eq!(found["entries"][0]["name"], "Anna de Vries");
    assert_eq!(found["entries"][0]["city"], "Amersfoort");
    assert_eq!(
        app.get("/api/register?q=utrecht").await.json()["entries"],
        json!([])
    );
    let entries = audit_details(&app, "affiliate_updated").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].0.as_deref(), Some(admin.id.as_str()));
    assert_eq!(entries[0].1["fields"], json!(["postal_code", "city"]));
    assert!(!entries[0].1.to_string().contains("Amersfoort"));

    // The registration's checks, per field; no consent needed here, and the
    // number cannot be sent along.
    for (field, value) in [
        ("postal_code", json!("12345")),
        ("email", json!("geen-adres")),
        ("name", json!(" ")),
        ("street", json!("")),
        ("city", json!("Amers\nfoort")),
    ] {
        let mut body = details("anna@example.nl", "3811 AA", "Amersfoort");
        body[field] = value;
        let reply = app.as_user(&admin, Method::PUT, &path, Some(&body)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let message = reply.error_message();
        assert!(message.starts_with(&format!("{field}:")), "{message}");
    }
    let mut numbered = details("anna@example.nl", "3811 AA", "Amersfoort");
    numbered["affiliate_number"] = json!("EA-000009");
    let reply = app
        .as_user(&admin, Method::PUT, &path, Some(&numbered))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Another affiliate's address: 409.
    let reply = app
        .as_user(
            &admin,
            Method::PUT,
            &path,
            Some(&details("PIET@example.nl", "3811 AA", "Amersfoort")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    assert_eq!(reply.error_code(), "affiliate_exists");

    let valid = details("nieuw@example.nl", "3811 AA", "Amersfoort");
    let reply = app
        .as_user(
            &admin,
            Method::PUT,
            &format!("/api/admin/affiliates/{}", uuid::Uuid::new_v4()),
            Some(&valid),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text());

    let candidate = app.sign_up("Anna de Vries", "anna@example.nl").await;
    let reply = app
        .as_user(&candidate, Method::PUT, &path, Some(&valid))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.error_code(), "forbidden");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM affiliates WHERE email = 'nieuw@example.nl'")
            .await,
        0
    );
    assert_eq!(audit_details(&app, "affiliate_updated").await.len(), 1);
}
