//! The authorisation matrix: every row of `server::api::ROUTES` requested
//! by seven people (nobody signed in, a candidate, another candidate, a
//! mentor, an assessor not assigned to anything, an admin, a certifier),
//! with path parameters filled with real ids (the candidate's own
//! portfolio, submission, invoice, passkey), and the status
//! the row's `Access` promises: 401 without a session where one is needed,
//! 403 where the policy forbids, 404 where the resource is not visible,
//! and never 2xx for someone not allowed. On SQLite, or PostgreSQL with
//! TEST_DATABASE_URL.
//!
//! A route missing from the table is caught three ways: the router refuses
//! to serve it (`route_without_policy`, see `server::api::table`), so its own
//! tests fail; `every_route_in_the_source_has_a_row` below reads
//! `src/api/**/*.rs` for `.route(…)` calls; and every row must be routed
//! (no fallback 404 or 405), with the other methods on its path 405.

use crate::support;

use axum::http::{Method, StatusCode};
use chrono::Datelike;
use serde_json::{json, Value};
use server::api::{Access, RouteSpec, ROUTES};
use std::collections::BTreeSet;
use support::{Reply, TestApp, User};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Nobody,
    Candidate,
    OtherCandidate,
    Mentor,
    Assessor,
    Admin,
    Certifier,
}

const EVERYONE: [Who; 7] = [
    Who::Nobody,
    Who::Candidate,
    Who::OtherCandidate,
    Who::Mentor,
    Who::Assessor,
    Who::Admin,
    Who::Certifier,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Not 401/403/404 and no server error; for GET a 2xx.
    Allowed,
    Unauthorized,
    Forbidden,
    /// The resource does not exist for this person.
    Hidden,
}

/// What `access` promises `who`. The ids in the paths belong to the
/// candidate (see `Fixture`).
fn expect(access: Access, who: Who) -> Expect {
    use Expect::*;
    if who == Who::Nobody {
        return if access == Access::Public {
            Allowed
        } else {
            Unauthorized
        };
    }
    match access {
        Access::Public | Access::SignedIn => Allowed,
        Access::Candidate => match who {
            Who::Candidate | Who::OtherCandidate => Allowed,
            _ => Forbidden,
        },
        Access::OwnPasskey => match who {
            Who::Candidate => Allowed,
            _ => Hidden,
        },
        // The mentor is linked to the candidate (see `fixture`): they see
        // the portfolio, never edit it.
        Access::ViewPortfolio => match who {
            Who::Candidate | Who::Mentor | Who::Admin => Allowed,
            _ => Hidden,
        },
        Access::Invoice => match who {
            Who::Candidate | Who::Admin => Allowed,
            _ => Hidden,
        },
        Access::EditPortfolio => match who {
            Who::Candidate => Allowed,
            Who::Mentor | Who::Admin => Forbidden,
            _ => Hidden,
        },
        Access::Mentor => match who {
            Who::Mentor => Allowed,
            _ => Forbidden,
        },
        Access::OwnMentor => match who {
            Who::Candidate => Allowed,
            _ => Hidden,
        },
        Access::PortfolioComments => match who {
            Who::Candidate | Who::Mentor => Allowed,
            Who::Admin => Forbidden,
            _ => Hidden,
        },
        Access::PlaceComment => match who {
            Who::Mentor => Allowed,
            Who::Candidate | Who::Admin => Forbidden,
            _ => Hidden,
        },
        Access::CommentThread => match who {
            Who::Candidate | Who::Mentor => Allowed,
            _ => Hidden,
        },
        Access::CommentOwner => match who {
            Who::Candidate => Allowed,
            Who::Mentor => Forbidden,
            _ => Hidden,
        },
        Access::CommentAuthor => match who {
            Who::Mentor => Allowed,
            Who::Candidate => Forbidden,
            _ => Hidden,
        },
        Access::Admin(_) => match who {
            Who::Admin => Allowed,
            _ => Forbidden,
        },
        // The candidate's submission; the fixture's assessor is assigned to
        // nothing, so for them (as for admins) it does not exist.
        Access::Submission(action) => {
            use server::policy::Action as A;
            match (who, action) {
                (Who::Candidate, A::ReadSubmission | A::RespondToSubmission) => Allowed,
                (Who::Candidate, _) => Forbidden,
                (Who::Certifier, A::ReadSubmission | A::AssignAssessors | A::DecideSubmission) => {
                    Allowed
                }
                (Who::Certifier, _) => Forbidden,
                _ => Hidden,
            }
        }
        Access::Certifier => match who {
            Who::Certifier => Allowed,
            _ => Forbidden,
        },
        // The fixture's certificate is the candidate's (by e-mail).
        Access::Certificate => match who {
            Who::Candidate | Who::Admin | Who::Certifier => Allowed,
            _ => Hidden,
        },
        // The fixture's mentor was linked this year; nobody else guided or
        // assessed anyone.
        Access::OwnPeStatement => match who {
            Who::Mentor => Allowed,
            _ => Hidden,
        },
    }
}

struct Fixture {
    app: TestApp,
    people: Vec<(Who, Option<User>)>,
    other_candidate: String,
    portfolio: String,
    passkey: String,
    invoice: String,
    affiliate: String,
    member: String,
    /// The SHA-256 of an evidence file stored in `portfolio`.
    file: String,
    /// A signing link's token for one of the candidate's declarations.
    token: String,
    mentor: String,
    comment: String,
    submission: String,
    assessor: String,
}

/// The answer the fixture's comment is about ("mensen" at 31..37).
const COMMENTED_KEY: &str = "initial.b2.q2";
const COMMENTED_TEXT: &str = "Ik koos dit vak omdat ik graag mensen help.";

async fn ok(reply: Reply, what: &str) -> Value {
    assert!(reply.status.is_success(), "{what}: {}", reply.text());
    reply.json()
}

async fn fixture() -> Fixture {
    let app = TestApp::with_config(support::roomy_quotas).await;
    let admin = app.first_admin().await;
    let candidate = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let other = app.sign_up("Otto Kandidaat", "otto@example.nl").await;
    let mentor = app
        .invited(&admin, "mentor", "Mira Mentor", "mira@example.nl")
        .await;
    let assessor = app
        .invited(&admin, "assessor", "Aad Assessor", "aad@example.nl")
        .await;
    let certifier = app
        .invited(
            &admin,
            "certifier",
            "Cees Certificeerder",
            "cees@example.nl",
        )
        .await;
    let portfolio = app.create_portfolio(&candidate, "initial").await;
    let file = upload_evidence(&app, &candidate, &portfolio).await;
    // A signing request for a work period, so the public token routes are
    // asked with a real token (another slot than the one the matrix's own
    // POST replaces).
    let created = ok(
        app.as_user(
            &candidate,
            Method::POST,
            &format!(
                "/api/portfolios/{portfolio}/declarations/initial.b1.q1:6f1c0c4e-8f7a-4d0e-9a55-1c2b3d4e5f60/requests"
            ),
            Some(&json!({
                "format": "work_hours",
                "fields": {"description": "Werkbedrijf", "started_on": "2024-01-01",
                           "ended_on": "", "hours": "1300"},
                "signer": {"name": "Wim Werkgever", "role": "Leidinggevende",
                           "email": "wim@example.nl"}
            })),
        )
        .await,
        "signing request",
    )
    .await;
    let token = created["link"]
        .as_str()
        .and_then(|l| l.split("#token=").nth(1))
        .expect("a signing link without SMTP")
        .to_string();
    // The candidate's portfolio, complete and submitted.
    support::content::push(
        &app,
        &candidate,
        &portfolio,
        &support::content::complete(
            shared::framework::PortfolioKind::Initial,
            support::content::Route::Shortened,
            "",
        ),
    )
    .await;
    let submission = ok(
        support::content::submit(&app, &candidate, &portfolio).await,
        "submit",
    )
    .await["submission"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let assessor_id = assessor.id.clone();
    let passkeys = ok(
        app.as_user(&candidate, Method::GET, "/api/me/passkeys", None)
            .await,
        "passkeys",
    )
    .await;
    let passkey = passkeys["passkeys"][0]["id"].as_str().unwrap().to_string();
    // The candidate registers as external affiliate (an invoice), and the
    // admin links that registration to their account explicitly.
    ok(
        app.post_json(
            "/api/affiliates",
            &json!({
                "name": "Carla Kandidaat", "email": "carla@example.nl",
                "street": "Stationsplein 1", "postal_code": "3511 AB", "city": "Utrecht",
                "privacy_consent": true
            }),
        )
        .await,
        "affiliate registration",
    )
    .await;
    let affiliates = ok(
        app.as_user(&admin, Method::GET, "/api/admin/affiliates", None)
            .await,
        "affiliates",
    )
    .await;
    let affiliate = affiliates["affiliates"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        app.as_user(
            &admin,
            Method::PUT,
            &format!("/api/admin/affiliates/{affiliate}/account"),
            Some(&json!({"email": "carla@example.nl"})),
        )
        .await,
        "link",
    )
    .await;
    let invoices = ok(
        app.as_user(&admin, Method::GET, "/api/admin/invoices", None)
            .await,
        "invoices",
    )
    .await;
    let invoice = invoices["invoices"][0]["id"].as_str().unwrap().to_string();
    let member = ok(
        app.as_user(
            &admin,
            Method::POST,
            "/api/admin/members",
            Some(&json!({
                "membership_number": "10001", "name": "Mees Lid",
                "email": "mees@example.nl", "city": "Delft"
            })),
        )
        .await,
        "member",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Dossier: a certificate for the public register's statement row.
    sqlx::query(
        "INSERT INTO certificates (id, certificate_number, name, email, city, issue_date, \
         expiry_date, kind, created_at) VALUES ('matrix-cert', $1, 'Carla Kandidaat', \
         'carla@example.nl', 'Utrecht', '2024-01-01', '2099-12-31', 'initial', 0)",
    )
    .bind(MATRIX_CERTIFICATE)
    .execute(&app.db.pool)
    .await
    .unwrap();
    // The mentor is linked to the candidate (by the admin) and has placed
    // a comment with a suggestion on one of the candidate's answers.
    ok(
        app.as_user(
            &admin,
            Method::PUT,
            &format!("/api/admin/accounts/{}/mentors", candidate.id),
            Some(&json!({"mentor_ids": [mentor.id]})),
        )
        .await,
        "link the mentor",
    )
    .await;
    ok(
        app.as_user(
            &candidate,
            Method::POST,
            "/api/sync/push",
            Some(&json!({
                "account_id": candidate.id,
                "client_id": "matrix-fixture",
                "mutations": [{
                    "id": {"client_id": "matrix-fixture", "seq": 1},
                    "portfolio_id": portfolio,
                    "target": {"kind": "answer", "key": COMMENTED_KEY},
                    // On the complete content pushed above (version 1).
                    "base_version": 1,
                    "op": "set",
                    "value": {"type": "text", "value": COMMENTED_TEXT}
                }]
            })),
        )
        .await,
        "answer",
    )
    .await;
    let comment = ok(
        app.as_user(
            &mentor,
            Method::POST,
            &format!("/api/portfolios/{portfolio}/comments"),
            Some(&json!({
                "key": COMMENTED_KEY,
                "anchor": {"exact": "mensen", "prefix": "", "suffix": "", "start": 31, "end": 37},
                "body": "Welke mensen?",
                "suggestion": "werkzoekenden"
            })),
        )
        .await,
        "comment",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    Fixture {
        mentor: mentor.id.clone(),
        comment,
        other_candidate: other.id.clone(),
        portfolio,
        passkey,
        invoice,
        affiliate,
        member,
        file,
        token,
        submission,
        assessor: assessor_id,
        people: vec![
            (Who::Nobody, None),
            (Who::Candidate, Some(candidate)),
            (Who::OtherCandidate, Some(other)),
            (Who::Mentor, Some(mentor)),
            (Who::Assessor, Some(assessor)),
            (Who::Admin, Some(admin)),
            (Who::Certifier, Some(certifier)),
        ],
        app,
    }
}

impl Fixture {
    /// The row's path with its parameters filled in with real ids.
    fn path(&self, row: &RouteSpec) -> String {
        let year = chrono::Utc::now().year().to_string();
        let with_year = row.path.replace("{year}", &year);
        let p = with_year.as_str();
        if !p.contains('{') {
            return p.to_string();
        }
        if p.starts_with("/api/declarations/") {
            return p.replace("{token}", &self.token);
        }
        if p.contains("{slot}") {
            return p
                .replace("{id}", &self.portfolio)
                .replace("{slot}", "initial.b1.q2");
        }
        let id = if p.starts_with("/api/me/passkeys/") {
            self.passkey.clone()
        } else if p.starts_with("/api/me/mentors/") {
            self.mentor.clone()
        } else if p.starts_with("/api/comments/") {
            self.comment.clone()
        } else if p.starts_with("/api/submissions/") {
            self.submission.clone()
        } else if p.starts_with("/api/portfolios/") {
            self.portfolio.clone()
        } else if p.starts_with("/api/invoices/") || p.starts_with("/api/admin/invoices/") {
            self.invoice.clone()
        } else if p.starts_with("/api/admin/affiliates/") {
            self.affiliate.clone()
        } else if p.starts_with("/api/admin/members/") {
            self.member.clone()
        } else if p.starts_with("/api/admin/accounts/") {
            self.other_candidate.clone()
        } else if p == "/api/register/{certificate_number}"
            || p == "/api/certificates/{certificate_number}/pdf"
        {
            MATRIX_CERTIFICATE.to_string()
        } else {
            panic!(
                "{} {p}: no id to fill in; add one to Fixture::path",
                row.method
            )
        };
        let start = p.find('{').unwrap();
        let end = p[start..].find('}').unwrap() + start;
        format!("{}{id}{}", &p[..start], &p[end + 1..]).replace("{sha256}", &self.file)
    }

    /// A body the route's extractors accept, so the answer is the access
    /// decision and not a parse error. `{}` unless the row needs more.
    /// `account` is the asker's own id: the replica's account matches the
    /// session, so what is tested is access, not `account_mismatch`.
    fn body(&self, row: &RouteSpec, seq: u64, account: &str) -> Option<Value> {
        match (row.method, row.path) {
            ("GET" | "DELETE", _) => None,
            ("POST", "/api/portfolios") => Some(json!({"account_id": account, "kind": "initial"})),
            ("POST", "/api/sync/pull") => Some(json!({"account_id": account, "cursor": 0})),
            ("POST", "/api/sync/push") => Some(json!({
                "account_id": account,
                "client_id": "matrix-device",
                "mutations": [{
                    "id": {"client_id": "matrix-device", "seq": seq},
                    "portfolio_id": self.portfolio,
                    "target": {"kind": "answer", "key": "initial.a1.q1"},
                    "base_version": 0,
                    "op": "set",
                    "value": {"type": "text", "value": "Matrix"}
                }]
            })),
            ("PATCH", "/api/me/passkeys/{id}") => Some(json!({"name": "Matrixsleutel"})),
            ("POST", "/api/portfolios/{id}/declarations/{slot}/requests") => Some(json!({
                "format": "working_initial",
                "fields": {"organisation": "Werkbedrijf", "function": "Jobcoach",
                           "since": "2020-01-01"},
                "signer": {"name": "Wim", "role": "Leidinggevende", "email": "wim@example.nl"}
            })),
            ("POST", "/api/declarations/{token}/sign") => Some(json!({"name": "Matrix"})),
            ("POST", "/api/declarations/{token}/decline") => Some(json!({"reason": "Matrix"})),
            // Valid bodies, so the answer is the access decision.
            ("POST", "/api/me/mentors") => Some(json!({"email": "nieuwe.mentor@example.nl"})),
            ("POST", "/api/portfolios/{id}/comments") => Some(json!({
                "key": COMMENTED_KEY,
                "anchor": {"exact": "graag", "prefix": "", "suffix": "", "start": 25, "end": 30},
                "body": "Matrix"
            })),
            ("POST", "/api/comments/{id}/replies") => Some(json!({"body": "Matrix"})),
            ("POST", "/api/comments/{id}/suggestion") => Some(json!({"taken": false})),
            ("PATCH", "/api/comments/{id}") => Some(json!({"body": "Matrix aangepast"})),
            // Submission steps: bodies that parse, so the answer is the
            // access decision (or, for those allowed, a refusal of the
            // state machine that changes nothing).
            ("POST", "/api/portfolios/{id}/submit") => Some(json!({"declaration": true})),
            ("POST", "/api/submissions/{id}/assessors") => {
                Some(json!({"assessors": [self.assessor]}))
            }
            ("POST", "/api/submissions/{id}/verdicts") => {
                Some(json!({"section": "A1", "verdict": "voldoet"}))
            }
            ("POST", "/api/submissions/{id}/advice" | "/api/submissions/{id}/joint-advice") => {
                Some(json!({"outcome": "positief", "motivation": "Matrix"}))
            }
            ("POST", "/api/submissions/{id}/interview/slots") => Some(json!({"slots": []})),
            ("POST", "/api/submissions/{id}/interview/choice") => Some(json!({"slot": 1})),
            ("POST", "/api/submissions/{id}/decision") => Some(json!({"outcome": "positief"})),
            ("POST", "/api/submissions/{id}/objection") => Some(json!({"reasons": "Matrix"})),
            ("POST", "/api/submissions/{id}/objection/handling") => {
                Some(json!({"status": "in_behandeling"}))
            }
            _ => Some(json!({})),
        }
    }
}

/// Stores a small PDF in the candidate's portfolio; its SHA-256.
async fn upload_evidence(app: &TestApp, candidate: &User, portfolio: &str) -> String {
    use sha2::Digest;
    let bytes = b"%PDF-1.4\n% matrix\n%%EOF\n".to_vec();
    let hash = hex::encode(sha2::Sha256::digest(&bytes));
    let reply = app
        .request(
            axum::http::Request::put(format!("/api/portfolios/{portfolio}/files/{hash}"))
                .header(axum::http::header::ORIGIN, support::ORIGIN)
                .header(
                    axum::http::header::COOKIE,
                    candidate.cookie.as_deref().unwrap(),
                )
                .body(axum::body::Body::from(bytes))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    hash
}

/// Rows that end the session they are called with go last (sign-out
/// everywhere before sign-out, which needs none); removing a passkey just
/// before them.
fn order(row: &RouteSpec) -> u8 {
    match (row.method, row.path) {
        ("POST", "/api/auth/logout-all") => 4,
        ("POST", "/api/auth/logout") => 5,
        // Ending the mentor's access after everything the mentor does.
        ("DELETE", "/api/me/mentors/{id}") => 3,
        ("DELETE", _) => 2,
        _ => 1,
    }
}

const MATRIX_CERTIFICATE: &str = "RJ-MATRIX-1";

const FALLBACK_404: &str = "Onbekend adres in de API.";

fn check(row: &RouteSpec, who: Who, want: Expect, reply: &Reply) -> Result<(), String> {
    let status = reply.status;
    let what = format!(
        "{} {} as {who:?} (access {:?}): expected {want:?}, got {status}: {}",
        row.method,
        row.path,
        row.access,
        reply.text()
    );
    if status.is_server_error() {
        return Err(what);
    }
    if status == StatusCode::METHOD_NOT_ALLOWED
        || (status == StatusCode::NOT_FOUND && reply.text().contains(FALLBACK_404))
    {
        return Err(format!("{what}\n  the row is not routed: remove or fix it"));
    }
    if !status.is_success() {
        // Every refusal in the API's error shape.
        let body: Value = serde_json::from_slice(&reply.body).map_err(|_| what.clone())?;
        if !body["error"]["code"].is_string() || !body["error"]["message"].is_string() {
            return Err(what);
        }
    }
    let fits = match want {
        Expect::Allowed => {
            !matches!(
                status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
            ) && (row.method != "GET" || status.is_success())
        }
        Expect::Unauthorized => status == StatusCode::UNAUTHORIZED,
        Expect::Forbidden => status == StatusCode::FORBIDDEN,
        Expect::Hidden => status == StatusCode::NOT_FOUND,
    };
    if fits {
        Ok(())
    } else {
        Err(what)
    }
}

#[tokio::test]
async fn every_route_answers_every_kind_of_person_as_its_row_promises() {
    let f = fixture().await;
    let mut rows: Vec<&RouteSpec> = ROUTES.iter().collect();
    rows.sort_by_key(|row| order(row));
    let mut failures = Vec::new();
    let mut seq = 0;
    for row in rows {
        for (who, user) in &f.people {
            seq += 1;
            let method = Method::from_bytes(row.method.as_bytes()).unwrap();
            let account = user.as_ref().map_or("", |u| u.id.as_str());
            let body = f.body(row, seq, account);
            let cookie = user.as_ref().and_then(|u| u.cookie.as_deref());
            let reply = f
                .app
                .call(method, &f.path(row), body.as_ref(), cookie)
                .await;
            if let Err(failure) = check(row, *who, expect(row.access, *who), &reply) {
                failures.push(failure);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} requests broke their row's promise:\n{}",
        failures.len(),
        ROUTES.len() * EVERYONE.len(),
        failures.join("\n")
    );
}

/// Methods the table does not list for a path are 405 in the API's shape,
/// so a method added to a path without a row shows up here as well.
#[tokio::test]
async fn other_methods_on_a_listed_path_are_405() {
    let f = fixture().await;
    let admin = f.people[5].1.as_ref().unwrap();
    let paths: BTreeSet<&str> = ROUTES.iter().map(|r| r.path).collect();
    let mut failures = Vec::new();
    for path in paths {
        let listed: Vec<&str> = ROUTES
            .iter()
            .filter(|r| r.path == path)
            .map(|r| r.method)
            .collect();
        let row = ROUTES.iter().find(|r| r.path == path).unwrap();
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            if listed.contains(&method) {
                continue;
            }
            let reply = f
                .app
                .call(
                    Method::from_bytes(method.as_bytes()).unwrap(),
                    &f.path(row),
                    Some(&json!({})),
                    admin.cookie.as_deref(),
                )
                .await;
            if reply.status != StatusCode::METHOD_NOT_ALLOWED
                || reply.error_code() != "method_not_allowed"
            {
                failures.push(format!(
                    "{method} {path} is served ({}) but has no row in server::api::ROUTES",
                    reply.status
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The `(method, path)` pairs of every `.route("…", get(…).post(…))` call in
/// `src/api`, paths as written (relative to their `nest` prefix).
fn routes_in_source() -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/api"
    ))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let file = path.display().to_string();
            let mut rest = text.as_str();
            while let Some(at) = rest.find(".route(") {
                rest = &rest[at + ".route(".len()..];
                // The call's text up to its closing parenthesis.
                let mut depth = 1;
                let end = rest
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '(' => 1,
                            ')' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map(|(i, _)| i)
                    .unwrap_or(rest.len());
                let call = &rest[..end];
                let Some(route) = call
                    .trim_start()
                    .strip_prefix('"')
                    .and_then(|s| s.split('"').next())
                else {
                    continue;
                };
                for method in ["get", "post", "put", "patch", "delete"] {
                    let mut s = call;
                    while let Some(i) = s.find(&format!("{method}(")) {
                        let before = call[..call.len() - s.len() + i].chars().last();
                        if before.is_none_or(|c| !(c.is_alphanumeric() || c == '_')) {
                            found.push((method.to_uppercase(), route.to_string(), file.clone()));
                        }
                        s = &s[i + method.len() + 1..];
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_route_in_the_source_has_a_row() {
    let found = routes_in_source();
    assert!(
        found.len() >= ROUTES.len(),
        "the source scan found too little: {found:?}"
    );
    let missing: Vec<String> = found
        .iter()
        .filter(|(method, route, _)| {
            // Nest prefixes are not resolved: a row with the method whose
            // path ends with the route's path counts (`/` is the prefix's
            // own path).
            let suffix = route.trim_end_matches('/');
            !ROUTES
                .iter()
                .any(|row| row.method == method && row.path.ends_with(suffix))
        })
        .map(|(method, route, file)| {
            format!(
                "{method} {route} (in {file}) has no row in server::api::ROUTES (src/api/table.rs)"
            )
        })
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
