//! Complete portfolio content, for tests that submit: every question of the
//! framework answered, with rule values that pass the checklist (route
//! answers, 1300 hours, a trajectory of a year, 80 PE points in category 1
//! with evidence, reflection meetings). The server's integration tests push
//! it through the real sync API; `examples/complete_portfolio.rs` prints it
//! as JSON for the browser tests, so both walk the same portfolio.
//!
//! Behind the `fixtures` feature: no production build carries it. Pure: the
//! caller passes `today`.

use crate::declarations::format::{format_for_slot, FieldKind};
use crate::declarations::DeclarationFormat;
use crate::evidence::{evidence_list_key, Sha256Hex, Slot};
use crate::framework::{framework, InputKind, PortfolioKind};
use crate::portfolio::{CERTIFICATE_END_DATE_KEY, ROUTE_KEY};
use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

/// Which initial route the route answers describe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Another jobcoach diploma: the full route, with a toetsgesprek.
    Full,
    /// An accredited jobcoach training: the shortened route.
    Shortened,
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The targets and values of complete content, as the sync API's JSON
/// (`Target` and `FieldValue`). `end_date` is the certificate's end date
/// (recertification; it also places the PE activities and meetings).
pub fn complete(
    kind: PortfolioKind,
    route: Route,
    end_date: &str,
    today: NaiveDate,
) -> Vec<(Value, Value)> {
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
    let end = NaiveDate::parse_from_str(end_date, "%Y-%m-%d").unwrap_or(today);
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
            // A bewijsstuk: one evidence row per question, whose bytes are
            // [`evidence_pdf`] of its id.
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
            // fields (crate::declarations); one without, by `true`.
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

/// The bytes of the evidence row `id` (a small PDF of its own) and their
/// SHA-256.
pub fn evidence_pdf(id: &str) -> (String, Vec<u8>) {
    let bytes = format!("%PDF-1.4\n% bewijsstuk {id}\n%%EOF\n").into_bytes();
    (Sha256Hex::of(&bytes).into(), bytes)
}

/// Every field of a declaration format filled in validly.
pub fn filled(format: DeclarationFormat, today: NaiveDate) -> Value {
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

/// The evidence rows among `targets`: their item id, with the bytes and
/// SHA-256 [`evidence_pdf`] gives it.
pub fn evidence_files(targets: &[(Value, Value)]) -> Vec<(String, String, Vec<u8>)> {
    targets
        .iter()
        .filter(|(target, _)| {
            target["list"]
                .as_str()
                .is_some_and(|l| l.ends_with(".evidence"))
        })
        .filter_map(|(target, _)| target["item_id"].as_str())
        .map(|id| {
            let (sha, bytes) = evidence_pdf(id);
            (id.to_string(), sha, bytes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_evidence_row_has_bytes_that_hash_to_its_sha256() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let targets = complete(PortfolioKind::Initial, Route::Full, "2030-12-31", today);
        let files = evidence_files(&targets);
        assert!(!files.is_empty());
        for (id, sha, bytes) in files {
            assert_eq!(Sha256Hex::of(&bytes).as_str(), sha, "{id}");
            let (_, value) = targets
                .iter()
                .find(|(t, _)| t["item_id"] == id.as_str())
                .unwrap();
            assert_eq!(value["value"]["sha256"], sha.as_str());
        }
    }
}
