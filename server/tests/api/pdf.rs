//! The archival PDFs (issue 15), read back with Debian's poppler tools
//! (`pdftotext`, `pdfinfo`, `pdfdetach`; `scripts/test.sh` installs
//! poppler-utils): a submission's PDF has the snapshot's text, the manifest
//! hash and "Pagina n van m" on every page, and every evidence file embedded
//! byte for byte; a certificate's PDF its number and validity. On SQLite,
//! or PostgreSQL with TEST_DATABASE_URL.

use crate::support;

use axum::http::{Method, StatusCode};
use chrono::Utc;
use serde_json::{json, Value};
use sha2::Digest;
use shared::declarations::format::WORKING_INITIAL_KEY;
use shared::declarations::DeclarationFormat;
use shared::evidence::evidence_list_key;
use shared::framework::{framework, InputKind, PortfolioKind};
use std::collections::BTreeMap;
use std::path::Path;
use support::content::{complete_portfolio, evidence_pdf, filled, submit, Route};
use support::poppler::{pdf_of, poppler};
use support::{Reply, TestApp, User};

/// Whitespace as single spaces, so wrapped lines compare with the text.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

/// The text of each page (pdftotext ends pages with a form feed).
fn pages(dir: &Path, pdf: &[u8]) -> (String, Vec<String>) {
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let path = path.to_str().unwrap();
    let info = poppler("pdfinfo", &[path]);
    let text = poppler("pdftotext", &["-layout", path, "-"]);
    let pages = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect();
    (info, pages)
}

fn page_count(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

async fn get(app: &TestApp, user: &User, path: &str) -> Reply {
    app.as_user(user, Method::GET, path, None).await
}

struct Submitted {
    app: TestApp,
    admin: User,
    candidate: User,
    other: User,
    certifier: User,
    id: String,
    manifest_sha256: String,
}

async fn submitted() -> Submitted {
    let app = TestApp::with_config(support::roomy_quotas).await;
    let admin = app.first_admin().await;
    let candidate = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let other = app.sign_up("Otto Kandidaat", "otto@example.nl").await;
    let certifier = app
        .invited(
            &admin,
            "certifier",
            "Cees Certificeerder",
            "cees@example.nl",
        )
        .await;
    let portfolio = complete_portfolio(
        &app,
        &candidate,
        PortfolioKind::Initial,
        Route::Full,
        "2030-01-01",
    )
    .await;
    // The employer signs the "werkzaam als jobcoach" declaration over the
    // fields the content holds, so the PDF can say who signed.
    let fields = filled(DeclarationFormat::WorkingInitial, Utc::now().date_naive());
    let asked = app
        .as_user(
            &candidate,
            Method::POST,
            &format!("/api/portfolios/{portfolio}/declarations/{WORKING_INITIAL_KEY}/requests"),
            Some(&json!({
                "format": "working_initial",
                "fields": fields,
                "signer": {"name": "Wim Werkgever", "role": "Leidinggevende",
                           "email": "wim@example.nl"}
            })),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.text());
    let link = asked.json()["link"].as_str().unwrap().to_string();
    let token = link.split("#token=").nth(1).unwrap();
    let signed = app
        .call(
            Method::POST,
            &format!("/api/declarations/{token}/sign"),
            Some(&json!({"name": "W. Werkgever"})),
            None,
        )
        .await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text());
    let reply = submit(&app, &candidate, &portfolio).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let body = reply.json();
    Submitted {
        id: body["submission"]["id"].as_str().unwrap().to_string(),
        manifest_sha256: body["submission"]["manifest_sha256"]
            .as_str()
            .unwrap()
            .to_string(),
        app,
        admin,
        candidate,
        other,
        certifier,
    }
}

#[tokio::test]
async fn a_submission_pdf_has_the_content_the_hash_on_every_page_and_the_evidence_embedded() {
    let s = submitted().await;
    let path = format!("/api/submissions/{}/pdf", s.id);
    let pdf = pdf_of(&get(&s.app, &s.candidate, &path).await, "portfolio-");
    let dir = tempfile::tempdir().unwrap();
    let (info, pages) = pages(dir.path(), &pdf);
    let n = page_count(&info);
    assert!(n > 3, "{info}");
    assert_eq!(pages.len(), n, "{info}");
    assert!(info.contains("Tagged:          yes"), "{info}");
    for (i, page) in pages.iter().enumerate() {
        let page = flat(page);
        assert!(
            page.contains(&format!("Manifest SHA-256: {}", s.manifest_sha256)),
            "page {}: {page}",
            i + 1
        );
        assert!(
            page.contains(&format!("Pagina {} van {n}", i + 1)),
            "page {}: {page}",
            i + 1
        );
    }

    // A question's text and its answer, the route, the evidence list.
    let all = flat(&pages.join(" "));
    let fw = framework(PortfolioKind::Initial);
    let q = fw
        .questions()
        .find(|q| q.input == InputKind::Text)
        .expect("a text question");
    assert!(all.contains(&flat(q.text)), "question {}", q.key);
    assert!(all.contains(&format!("Antwoord op {}.", q.key)), "{all}");
    assert!(all.contains(fw.version), "framework version");
    assert!(
        all.contains("Verklaring Ondertekend door W. Werkgever op "),
        "{all}"
    );
    let evidence_q = fw
        .questions()
        .find(|q| q.input == InputKind::Evidence)
        .expect("an evidence question");
    assert!(all.contains(&format!("{}.pdf", evidence_q.key)));

    // Every evidence file of the snapshot, with its name and its bytes.
    let detail = get(&s.app, &s.candidate, &format!("/api/submissions/{}", s.id))
        .await
        .json();
    let rows = detail["submission"]["snapshot"]["lists"][evidence_list_key(PortfolioKind::Initial)]
        .as_object()
        .expect("evidence rows")
        .clone();
    let expected: BTreeMap<String, String> = rows
        .values()
        .map(|r: &Value| {
            let id = r["id"].as_str().unwrap();
            let (sha, _) = evidence_pdf(id);
            assert_eq!(r["sha256"], sha.as_str());
            (r["name"].as_str().unwrap().to_string(), sha)
        })
        .collect();
    assert!(expected.len() > 1);
    let doc = dir.path().join("doc.pdf");
    let doc = doc.to_str().unwrap();
    let list = poppler("pdfdetach", &["-list", doc]);
    assert!(
        list.starts_with(&format!("{} embedded files", expected.len())),
        "{list}"
    );
    for name in expected.keys() {
        assert!(list.contains(&format!(": {name}\n")), "{name} in {list}");
    }
    let out = dir.path().join("attachments");
    std::fs::create_dir(&out).unwrap();
    poppler("pdfdetach", &["-saveall", "-o", out.to_str().unwrap(), doc]);
    let mut saved = BTreeMap::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let entry = entry.unwrap();
        let bytes = std::fs::read(entry.path()).unwrap();
        saved.insert(
            entry.file_name().to_string_lossy().into_owned(),
            sha256(&bytes),
        );
    }
    assert_eq!(saved, expected);

    // The certifier reads it too; a stranger gets the API's 404.
    pdf_of(&get(&s.app, &s.certifier, &path).await, "portfolio-");
    let stranger = get(&s.app, &s.other, &path).await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.error_code(), "not_found");
    let unknown = get(&s.app, &s.candidate, "/api/submissions/nope/pdf").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn assigned_assessors_get_the_pdf_once_they_confirmed_their_independence() {
    let s = submitted().await;
    let mut assessors = Vec::new();
    for (name, email) in [
        ("Anna Assessor", "anna@example.nl"),
        ("Bart Assessor", "bart@example.nl"),
        ("Cor Assessor", "cor@example.nl"),
    ] {
        assessors.push(s.app.invited(&s.admin, "assessor", name, email).await);
    }
    let assigned = s
        .app
        .as_user(
            &s.certifier,
            Method::POST,
            &format!("/api/submissions/{}/assessors", s.id),
            Some(&json!({"assessors": [assessors[0].id, assessors[1].id]})),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text());
    let path = format!("/api/submissions/{}/pdf", s.id);
    // As on the screen, the content opens after "geen belangenverstrengeling".
    let early = get(&s.app, &assessors[0], &path).await;
    assert_eq!(early.status, StatusCode::FORBIDDEN, "{}", early.text());
    assert_eq!(early.error_code(), "independence_not_confirmed");
    let confirmed = s
        .app
        .as_user(
            &assessors[0],
            Method::POST,
            &format!("/api/submissions/{}/independence", s.id),
            Some(&json!({})),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text());
    pdf_of(&get(&s.app, &assessors[0], &path).await, "portfolio-");
    // An assessor not assigned to it, and an admin, do not see it at all.
    for who in [&assessors[2], &s.admin] {
        assert_eq!(get(&s.app, who, &path).await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_certificate_pdf_has_its_number_validity_and_register_link_for_its_holder() {
    let app = TestApp::new().await;
    let admin = app.first_admin().await;
    let holder = app.sign_up("Carla Kandidaat", "carla@example.nl").await;
    let other = app.sign_up("Otto Kandidaat", "otto@example.nl").await;
    sqlx::query(
        "INSERT INTO certificates (id, certificate_number, name, email, city, issue_date, \
         expiry_date, kind, created_at) VALUES ('pdf-cert', 'RJ-2026-00042', 'Carla Kandidaat', \
         'carla@example.nl', 'Utrecht', '2026-03-01', '2030-02-28', 'initial', 0)",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let path = "/api/certificates/RJ-2026-00042/pdf";
    let pdf = pdf_of(&get(&app, &holder, path).await, "certificaat-RJ-2026-00042");
    let dir = tempfile::tempdir().unwrap();
    let (info, pages) = pages(dir.path(), &pdf);
    assert_eq!(page_count(&info), 1, "{info}");
    let text = flat(&pages[0]);
    for needle in [
        "RJ-2026-00042",
        "Carla Kandidaat",
        "2026-03-01",
        "Geldig tot en met 2030-02-28",
        "/register/RJ-2026-00042",
        "Pagina 1 van 1",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    // Admins administer certificates; someone else's is not there.
    pdf_of(&get(&app, &admin, path).await, "certificaat-");
    let stranger = get(&app, &other, path).await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.error_code(), "not_found");
    let unknown = get(&app, &holder, "/api/certificates/RJ-0000-00000/pdf").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
