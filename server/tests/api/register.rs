//! The verifiable register (issue 15): a certificate as a signed statement
//! (compact JWS, EdDSA/Ed25519), the published keys, rotation. Each test
//! runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.

use crate::support;

use axum::http::StatusCode;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, VerifyingKey};
use serde_json::Value;
use server::register::jws::{self, VerifyError};
use server::register::keys::SecretText;
use shared::api::register::{JwkSet, RegisterClaims, RegisterStatus, SignedRegisterEntry};
use support::{TestApp, ORIGIN};

async fn add_certificate(app: &TestApp, number: &str, name: &str, issue: &str, expiry: &str) {
    sqlx::query(
        "INSERT INTO certificates (id, certificate_number, name, email, city, issue_date, \
         expiry_date, kind, created_at) VALUES ($1, $2, $3, $4, 'Utrecht', $5, $6, 'initial', 0)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(number)
    .bind(name)
    .bind(format!("{}@example.nl", number.to_lowercase()))
    .bind(issue)
    .bind(expiry)
    .execute(&app.db.pool)
    .await
    .unwrap();
}

async fn statement(app: &TestApp, number: &str) -> SignedRegisterEntry {
    let reply = app.get(&format!("/api/register/{number}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

async fn published(app: &TestApp) -> JwkSet {
    let reply = app.get("/api/register/keys").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

/// What an employer's software does, written apart from the server's own
/// `jws::verify`: take the header's kid, find that key in the published set,
/// check the Ed25519 signature over `header.payload`, read the payload.
fn verify_independently(statement: &str, keys: &JwkSet) -> Result<Value, String> {
    let parts: Vec<&str> = statement.split('.').collect();
    let [header, payload, signature] = parts[..] else {
        return Err("not three parts".into());
    };
    let header: Value = serde_json::from_slice(&B64.decode(header).unwrap()).unwrap();
    assert_eq!(header["alg"], "EdDSA");
    let kid = header["kid"].as_str().ok_or("no kid")?;
    let jwk = keys
        .keys
        .iter()
        .find(|k| k.kid == kid)
        .ok_or("kid not published")?;
    assert_eq!((jwk.kty.as_str(), jwk.crv.as_str()), ("OKP", "Ed25519"));
    let x: [u8; 32] = B64.decode(&jwk.x).unwrap().try_into().unwrap();
    let key = VerifyingKey::from_bytes(&x).map_err(|e| e.to_string())?;
    let sig: [u8; 64] = B64
        .decode(signature)
        .map_err(|e| e.to_string())?
        .try_into()
        .map_err(|_| "signature length")?;
    key.verify_strict(
        format!("{header}.{payload}", header = parts[0]).as_bytes(),
        &Signature::from_bytes(&sig),
    )
    .map_err(|_| "bad signature".to_string())?;
    Ok(serde_json::from_slice(&B64.decode(payload).unwrap()).unwrap())
}

/// The statement with its payload swapped for `claims` (signature kept).
fn with_payload(statement: &str, claims: &Value) -> String {
    let parts: Vec<&str> = statement.split('.').collect();
    format!(
        "{}.{}.{}",
        parts[0],
        B64.encode(serde_json::to_vec(claims).unwrap()),
        parts[2]
    )
}

fn seed(byte: u8) -> SecretText {
    SecretText(B64.encode([byte; 32]))
}

#[tokio::test]
async fn a_statement_verifies_with_the_published_key_and_a_tampered_one_does_not() {
    let app = TestApp::new().await;
    add_certificate(
        &app,
        "RJ-2024-001",
        "Kim de Vries",
        "2024-03-01",
        "2099-02-28",
    )
    .await;

    let signed = statement(&app, "RJ-2024-001").await;
    let keys = published(&app).await;
    assert_eq!(keys.keys[0].kid, signed.kid, "the current key comes first");
    assert_eq!(signed.keys_url, format!("{ORIGIN}/api/register/keys"));

    let claims = verify_independently(&signed.statement, &keys).unwrap();
    assert_eq!(claims["name"], "Kim de Vries");
    assert_eq!(claims["status"], "valid");
    assert_eq!(claims["sub"], "RJ-2024-001");
    assert_eq!(claims["iss"], ORIGIN);
    assert!(claims.get("email").is_none(), "no e-mail in the register");
    let typed: RegisterClaims = jws::verify(&signed.statement, &keys).unwrap();
    assert_eq!(typed, signed.entry);

    // Someone changes the name, or the validity, and keeps the signature.
    let mut forged = claims.clone();
    forged["name"] = "Kees de Vries".into();
    let forged = with_payload(&signed.statement, &forged);
    assert_eq!(
        verify_independently(&forged, &keys),
        Err("bad signature".into())
    );
    assert_eq!(
        jws::verify::<RegisterClaims>(&forged, &keys),
        Err(VerifyError::BadSignature)
    );
    let mut flipped = signed.statement.clone().into_bytes();
    let last = flipped.len() - 2;
    flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    assert!(verify_independently(&flipped, &keys).is_err());
    assert!(jws::verify::<RegisterClaims>(&flipped, &keys).is_err());
}

#[tokio::test]
async fn expired_and_unknown_certificates_are_stated_as_such() {
    let app = TestApp::new().await;
    add_certificate(
        &app,
        "RJ-2015-007",
        "Piet Jansen",
        "2015-01-01",
        "2019-12-31",
    )
    .await;
    let signed = statement(&app, "RJ-2015-007").await;
    assert_eq!(signed.entry.status, RegisterStatus::Expired);
    let claims = verify_independently(&signed.statement, &published(&app).await).unwrap();
    assert_eq!(claims["status"], "expired");

    let unknown = app.get("/api/register/RJ-0000-000").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.error_code(), "not_in_register");
    let long = app.get(&format!("/api/register/{}", "9".repeat(41))).await;
    assert_eq!(long.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_public_page_is_rendered_on_the_server() {
    let app = TestApp::new().await;
    add_certificate(
        &app,
        "RJ-2024-002",
        "Sanne Bakker",
        "2024-03-01",
        "2099-02-28",
    )
    .await;
    let page = app.get("/register/RJ-2024-002").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("Sanne Bakker"), "{html}");
    assert!(html.contains("Geldig"), "{html}");
    assert!(html.contains("/api/register/keys"), "{html}");
    assert!(
        !html.contains("Even geduld"),
        "complete without scripts: {html}"
    );

    let missing = app.get("/register/RJ-0000-000").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text().contains("Niet in het register"));
}

#[tokio::test]
async fn after_rotation_earlier_statements_verify_with_their_old_kid() {
    let first = TestApp::with_config(|c| c.register_signing_key = Some(seed(1))).await;
    add_certificate(
        &first,
        "RJ-2024-003",
        "Ali Yilmaz",
        "2024-03-01",
        "2099-02-28",
    )
    .await;
    let old = statement(&first, "RJ-2024-003").await;

    // The operator rotates: a new key, the old one not even listed.
    let rotated = first
        .instance_with(|c| c.register_signing_key = Some(seed(2)))
        .await;
    let new = statement(&rotated, "RJ-2024-003").await;
    assert_ne!(new.kid, old.kid);
    let keys = published(&rotated).await;
    assert_eq!(keys.keys[0].kid, new.kid, "the current key first");
    assert!(keys.keys.iter().any(|k| k.kid == old.kid));
    assert_eq!(
        verify_independently(&old.statement, &keys).unwrap()["name"],
        "Ali Yilmaz"
    );
    assert!(verify_independently(&new.statement, &keys).is_ok());
    // The old statement names its own key; the new key does not verify it.
    let only_new = JwkSet {
        keys: keys
            .keys
            .iter()
            .filter(|k| k.kid == new.kid)
            .cloned()
            .collect(),
    };
    assert_eq!(
        verify_independently(&old.statement, &only_new),
        Err("kid not published".into())
    );

    // A key that leaked is withdrawn: its statements no longer verify.
    let revoked = first
        .instance_with(|c| {
            c.register_signing_key = Some(seed(2));
            c.register_revoked_keys = Some(old.kid.clone());
        })
        .await;
    let keys = published(&revoked).await;
    assert!(keys.keys.iter().all(|k| k.kid != old.kid));
    assert_eq!(
        jws::verify::<RegisterClaims>(&old.statement, &keys),
        Err(VerifyError::UnknownKey)
    );
}

#[tokio::test]
async fn without_configuration_all_instances_share_one_stored_key() {
    let app = TestApp::new().await;
    let other = app.second_instance().await;
    add_certificate(&app, "RJ-2024-004", "Eva Smit", "2024-03-01", "2099-02-28").await;
    // Both instances reach for a key at the same moment.
    let (a, b) = tokio::join!(
        app.state.register_keys.current(&app.db),
        other.state.register_keys.current(&other.db)
    );
    assert_eq!(a.unwrap().kid, b.unwrap().kid);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM register_signing_keys WHERE origin = 'generated'")
            .await,
        1
    );
    let s1 = statement(&app, "RJ-2024-004").await;
    let s2 = statement(&other, "RJ-2024-004").await;
    assert_eq!(s1.kid, s2.kid);
    let keys = published(&other).await;
    assert!(verify_independently(&s1.statement, &keys).is_ok());

    // Configuring a key later keeps the generated one published.
    let configured = app
        .instance_with(|c| c.register_signing_key = Some(seed(3)))
        .await;
    let keys = published(&configured).await;
    assert_ne!(keys.keys[0].kid, s1.kid);
    assert!(verify_independently(&s1.statement, &keys).is_ok());
}
