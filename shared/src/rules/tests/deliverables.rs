use serde_json::json;

use crate::dates::ymd;
use crate::declarations::status::{RequestState, SigningRequest, LINK_LIFETIME_SECS};
use crate::declarations::{canonical_text, sha256_hex, DeclarationFormat};
use crate::evidence::{EvidenceFile, Sha256Hex, Slot};
use crate::framework::PortfolioKind;
use crate::rules::deliverables::*;
use crate::rules::recertification::recertification_rules;
use crate::sync::{ClientId, PortfolioId, Replica};

fn pid() -> PortfolioId {
    PortfolioId("p".into())
}

fn file(id: &str, slot: Slot) -> EvidenceFile {
    EvidenceFile {
        id: id.into(),
        slot,
        sha256: Sha256Hex::parse(&"a".repeat(64)).unwrap(),
        name: format!("{id}.pdf"),
        size: 10,
        media_type: "application/pdf".into(),
        added: 1,
    }
}

fn signed(slot: Slot, format: DeclarationFormat, row: &serde_json::Value) -> SigningRequest {
    let fields = crate::declarations::fields_from_json(format, Some(row));
    SigningRequest {
        id: "r".into(),
        slot,
        format,
        candidate_name: "Jan".into(),
        text_sha256: sha256_hex(&canonical_text(format, "Jan", &fields)),
        fields,
        signer_name: "S".into(),
        signer_role: "Voorzitter".into(),
        signer_email: "s@example.nl".into(),
        state: RequestState::Signed,
        created_at: 1,
        expires_at: 1 + LINK_LIFETIME_SECS,
        signed_name: Some("S".into()),
        signed_at: Some(2),
        declined_at: None,
        decline_reason: None,
    }
}

fn section<'a>(all: &'a [SectionDeliverables], code: &str) -> &'a SectionDeliverables {
    all.iter().find(|s| s.code == code).unwrap()
}

/// 001, B: "Van elke opgevoerde activiteit voeg je een bewijsstuk toe of vul
/// je het betreffende format in het portfolio in. Zonder bewijsstuk kunnen
/// geen punten worden toegekend." A file on the activity's row or a signed
/// category 4 format is evidence; a row elsewhere is not.
#[test]
fn pe_activities_need_a_file_or_a_signed_function_declaration() {
    let mut r = Replica::new(ClientId("c".into()));
    let list = "recertification.b.q1";
    let course = json!({"id": "a1", "category": 1, "kind": "course", "date": "2025-01-10",
                        "quantity": 12, "description": "Cursus motiveren"});
    let board = json!({"id": "a2", "category": 4, "kind": "board_role", "date": "2025-01-10",
                       "quantity": 1, "role": "Voorzitter", "organisation": "Netwerk Oost",
                       "period_start": "2024-01-01", "period_end": "2024-12-31"});
    r.upsert_item(&pid(), list, "a1", course).unwrap();
    r.upsert_item(&pid(), list, "a2", board.clone()).unwrap();
    let content = ReplicaContent {
        replica: &r,
        portfolio: &pid(),
    };
    let files = vec![file("f", Slot::row(list, "elsewhere"))];
    let none = Evidence {
        files: &files,
        requests: &[],
    };
    let all = deliverables(PortfolioKind::Recertification, &content, none, None);
    let b = section(&all, "B");
    assert_eq!((b.present(), b.deliverables.len()), (0, 2));
    let missing: Vec<&str> = b.missing().collect();
    assert!(missing[0].contains("‘Cursus motiveren’"), "{missing:?}");
    assert!(
        missing[1].contains("laat de verklaring van de functie ondertekenen"),
        "{missing:?}"
    );

    let files = vec![file("f", Slot::row(list, "a1"))];
    let requests = vec![signed(
        Slot::row(list, "a2"),
        DeclarationFormat::PeFunction,
        &board,
    )];
    let with = Evidence {
        files: &files,
        requests: &requests,
    };
    let all = deliverables(PortfolioKind::Recertification, &content, with, None);
    assert_eq!(section(&all, "B").present(), 2);
    assert_eq!(
        pe_evidence(&content, list, with),
        vec![("a1".to_owned(), true), ("a2".to_owned(), true)]
    );
    // Changing the function after signing voids the signature.
    let mut changed = board;
    changed["role"] = json!("Penningmeester");
    r.upsert_item(&pid(), list, "a2", changed).unwrap();
    let content2 = ReplicaContent {
        replica: &r,
        portfolio: &pid(),
    };
    assert_eq!(
        pe_evidence(&content2, list, with),
        vec![("a1".to_owned(), true), ("a2".to_owned(), false)]
    );
}

/// 001, A3.1 (vanaf 2027): "Vier verklaringen van bijgewoonde
/// bijeenkomsten"; the checklist names each missing declaration.
#[test]
fn meetings_count_their_declarations_against_the_year() {
    let mut r = Replica::new(ClientId("c".into()));
    let list = "recertification.a3_1.q1";
    let m = json!({"id": "m1", "date": "2026-02-01", "facilitator": "Petra", "own_case": true});
    r.upsert_item(&pid(), list, "m1", m.clone()).unwrap();
    let content = ReplicaContent {
        replica: &r,
        portfolio: &pid(),
    };
    let rules = recertification_rules(ymd(2027, 6, 1));
    let requests = vec![signed(
        Slot::row(list, "m1"),
        DeclarationFormat::ReflectionMeeting,
        &m,
    )];
    let ev = Evidence {
        files: &[],
        requests: &requests,
    };
    let all = deliverables(PortfolioKind::Recertification, &content, ev, Some(&rules));
    let a31 = section(&all, "A3.1");
    assert_eq!((a31.present(), a31.deliverables.len()), (1, 4));
    assert!(a31.deliverables[0]
        .label
        .contains("1 februari 2026 met Petra"));
    assert_eq!(a31.missing().count(), 3);
}

/// 002, B1: both declarations; E: "Verklaring in het digitale portfolio";
/// A1: the diploma is a file on its question.
#[test]
fn initial_declarations_and_files() {
    let mut r = Replica::new(ClientId("c".into()));
    let working = json!({"organisation": "Werkbedrijf", "function": "Jobcoach",
                         "since": "2020-01-01"});
    r.set_value(&pid(), "initial.b1.q2", working.clone())
        .unwrap();
    r.set_value(&pid(), "initial.e.q1", json!(true)).unwrap();
    let content = ReplicaContent {
        replica: &r,
        portfolio: &pid(),
    };
    let all = deliverables(PortfolioKind::Initial, &content, Evidence::default(), None);
    let b1 = section(&all, "B1");
    assert_eq!((b1.present(), b1.deliverables.len()), (0, 2));
    assert!(b1.deliverables[0]
        .missing
        .as_deref()
        .unwrap()
        .contains("werkperiodes"));
    assert!(section(&all, "E").deliverables[0].present);
    assert!(!section(&all, "A1").deliverables[0].present);

    let files = vec![
        file("d", Slot::question("initial.a1.q1")),
        file("h", Slot::question("initial.b1.q1")),
    ];
    let requests = vec![signed(
        Slot::question("initial.b1.q2"),
        DeclarationFormat::WorkingInitial,
        &working,
    )];
    let ev = Evidence {
        files: &files,
        requests: &requests,
    };
    let all = deliverables(PortfolioKind::Initial, &content, ev, None);
    assert_eq!(section(&all, "B1").present(), 2);
    assert!(section(&all, "A1").deliverables[0].present);
    // Text sections deliver their answers.
    let d = section(&all, "D");
    assert_eq!(d.deliverables.len(), 1);
    assert_eq!(
        d.missing().next(),
        Some("Nog 3 van de 3 vragen te beantwoorden.")
    );
}
