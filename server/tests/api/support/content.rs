//! Complete portfolio content for tests that submit: every question of the
//! framework answered through the real sync push, with rule values that
//! pass the checklist (route answers, 1300 hours, a trajectory of a year,
//! 80 PE points in category 1 with evidence).

use super::{TestApp, User};
use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use shared::declarations::format::{format_for_slot, FieldKind};
use shared::declarations::DeclarationFormat;
use shared::evidence::{evidence_list_key, Slot};
use shared::framework::{framework, InputKind, PortfolioKind};
use shared::portfolio::{CERTIFICATE_END_DATE_KEY, ROUTE_KEY};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Full,
    Shortened,
}

fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The targets and values of complete content.
pub fn complete(kind: PortfolioKind, route: Route, end_date: &str) -> Vec<(Value, Value)> {
    let today = today();
    let mut out: Vec<(Value, Value)> = Vec::new();
    let set_value = |key: &str, v: Value| {
        (
            json!({"kind": "value", "key": key}),
            json!({"type": "json", "value": v}),
        )
    };
    let row = |list: &str, id: &str, v: Value| {
        (
            json!({"kind": "item", "list": list, "item_id": id}),
            json!({"type": "json", "value": v}),
        )
    };
    match kind {
        PortfolioKind::Initial => {
            let training = match route {
                Route::Shortened => json!({"kind": "accredited_diploma", "institution": "capabel",
                    "graduated_on": "2020-01-01"}),
                Route::Full => {
                    json!({"kind": "other_jobcoach_diploma", "graduated_on": "2012-01-01"})
                }
            };
            out.push(set_value(
                ROUTE_KEY,
                json!({"application_date": date(today),
                       "base_education": {"kind": "hbo", "date": "2010-06-01"},
                       "jobcoach_training": training}),
            ));
        }
        PortfolioKind::Recertification => {
            out.push(set_value(CERTIFICATE_END_DATE_KEY, json!(end_date)));
        }
    }
    for q in framework(kind).questions() {
        match q.input {
            InputKind::Text => out.push((
                json!({"kind": "answer", "key": q.key}),
                json!({"type": "text", "value": format!("Antwoord op {}.", q.key)}),
            )),
            // A bewijsstuk: one evidence row per question; `push` uploads
            // its bytes ([`evidence_pdf`]).
            InputKind::Evidence => {
                let id = format!("file-{}", q.key.replace('.', "-"));
                let (sha, bytes) = evidence_pdf(&id);
                out.push(row(
                    evidence_list_key(kind),
                    &id,
                    json!({"id": id, "slot": {"key": q.key}, "sha256": sha,
                           "name": format!("{}.pdf", q.key), "size": bytes.len(),
                           "media_type": "application/pdf", "added": out.len()}),
                ));
            }
            // A declaration with a format is answered by its filled-in
            // fields (shared::declarations); one without, by `true`.
            InputKind::Declaration => {
                let value = match format_for_slot(&Slot::question(q.key), None) {
                    Some(format) => filled(format, today),
                    None => json!(true),
                };
                out.push(set_value(q.key, value));
            }
            InputKind::TrajectoryDates => out.push(set_value(
                q.key,
                json!({"started_on": date(today - Duration::days(365)), "ended_on": null}),
            )),
            InputKind::HoursDeclaration => {
                out.push(set_value(q.key, json!({"currently_working": true})));
                out.push(row(
                    q.key,
                    "w1",
                    json!({"description": "Jobcoach", "started_on": date(today - Duration::days(700)),
                           "ended_on": null, "hours": 1300}),
                ));
            }
            InputKind::PeRegister => {
                let end = chrono::NaiveDate::parse_from_str(end_date, "%Y-%m-%d").unwrap_or(today);
                out.push(row(
                    q.key,
                    "pe1",
                    json!({"id": "pe1", "category": 1, "kind": "course",
                           "date": date(end - Duration::days(400)), "quantity": 80,
                           "has_evidence": true}),
                ));
                // Its bewijsstuk: points count only with one (001, B).
                let (sha, bytes) = evidence_pdf("file-pe1");
                out.push(row(
                    evidence_list_key(kind),
                    "file-pe1",
                    json!({"id": "file-pe1", "slot": {"key": q.key, "row": "pe1"}, "sha256": sha,
                           "name": "certificaat.pdf", "size": bytes.len(),
                           "media_type": "application/pdf", "added": out.len()}),
                ));
            }
            InputKind::ReflectionMeetings => {
                let end = chrono::NaiveDate::parse_from_str(end_date, "%Y-%m-%d").unwrap_or(today);
                // Enough for any year of the A3.1 table (four, twice with
                // an own case), one per quarter before the end date.
                for i in 0..4 {
                    let id = format!("m{i}");
                    out.push(row(
                        q.key,
                        &id,
                        json!({"id": id, "date": date(end - Duration::days(60 + 90 * i)),
                               "facilitator": "Bea Begeleider", "own_case": i < 2}),
                    ));
                }
            }
        }
    }
    out
}

/// Pushes `targets` into `portfolio` as `user`, as new values (base 0).
/// Pushes `targets` and uploads the bytes of their evidence rows.
pub async fn push(app: &TestApp, user: &User, portfolio: &str, targets: &[(Value, Value)]) {
    push_fields(app, user, portfolio, targets).await;
    upload_evidence(app, user, portfolio, targets).await;
}

/// Pushes `targets` only: evidence rows arrive before their bytes.
pub async fn push_fields(app: &TestApp, user: &User, portfolio: &str, targets: &[(Value, Value)]) {
    for (n, chunk) in targets.chunks(150).enumerate() {
        let client = format!("fill-{portfolio}-{n}");
        let mutations: Vec<Value> = chunk
            .iter()
            .enumerate()
            .map(|(i, (target, value))| {
                json!({
                    "id": {"client_id": client, "seq": i + 1},
                    "portfolio_id": portfolio,
                    "target": target,
                    "base_version": 0,
                    "op": "set",
                    "value": value,
                })
            })
            .collect();
        let reply = app
            .as_user(
                user,
                Method::POST,
                "/api/sync/push",
                Some(&json!({"account_id": user.id, "client_id": client, "mutations": mutations})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "push: {}", reply.text());
    }
}

/// The bytes of the evidence row `id` (a small PDF of its own) and their
/// SHA-256.
pub fn evidence_pdf(id: &str) -> (String, Vec<u8>) {
    use sha2::Digest;
    let bytes = format!("%PDF-1.4\n% bewijsstuk {id}\n%%EOF\n").into_bytes();
    (hex::encode(sha2::Sha256::digest(&bytes)), bytes)
}

/// Uploads the bytes of every evidence row among `targets`, as the
/// browser does after the row has synced.
pub async fn upload_evidence(
    app: &TestApp,
    user: &User,
    portfolio: &str,
    targets: &[(Value, Value)],
) {
    for (target, value) in targets {
        let is_evidence = target["list"]
            .as_str()
            .is_some_and(|l| l.ends_with(".evidence"));
        let (Some(id), true) = (target["item_id"].as_str(), is_evidence) else {
            continue;
        };
        let (sha, bytes) = evidence_pdf(id);
        assert_eq!(value["value"]["sha256"], sha.as_str());
        let reply = app
            .request(
                axum::http::Request::builder()
                    .method(Method::PUT)
                    .uri(format!("/api/portfolios/{portfolio}/files/{sha}"))
                    .header("origin", super::ORIGIN)
                    .header("cookie", user.cookie.clone().expect("signed in"))
                    .header("content-type", "application/octet-stream")
                    .body(axum::body::Body::from(bytes))
                    .expect("request"),
            )
            .await;
        assert!(reply.status.is_success(), "upload: {}", reply.text());
    }
}

/// A complete portfolio of `kind`, ready to submit.
pub async fn complete_portfolio(
    app: &TestApp,
    user: &User,
    kind: PortfolioKind,
    route: Route,
    end_date: &str,
) -> String {
    let kind_name = match kind {
        PortfolioKind::Initial => "initial",
        PortfolioKind::Recertification => "recertification",
    };
    let id = app.create_portfolio(user, kind_name).await;
    push(app, user, &id, &complete(kind, route, end_date)).await;
    id
}

/// Submits; the reply as it is.
pub async fn submit(app: &TestApp, user: &User, portfolio: &str) -> super::Reply {
    app.as_user(
        user,
        Method::POST,
        &format!("/api/portfolios/{portfolio}/submit"),
        Some(&json!({"declaration": true})),
    )
    .await
}

/// Every field of a declaration format filled in validly.
pub fn filled(format: DeclarationFormat, today: chrono::NaiveDate) -> Value {
    let mut fields = serde_json::Map::new();
    for spec in format.fields() {
        let value = match spec.kind {
            FieldKind::Date | FieldKind::OptionalDate => json!(date(today - Duration::days(800))),
            FieldKind::WholeNumber => json!(1),
            FieldKind::YesNo => json!(true),
            FieldKind::PeKind => json!("board_role"),
            _ => json!(format!("{} ingevuld", spec.label)),
        };
        fields.insert(spec.name.to_string(), value);
    }
    Value::Object(fields)
}
