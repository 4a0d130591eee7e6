use serde_json::json;

use super::*;
use crate::sync::limits::{MAX_ITEMS_PER_LIST, MAX_TEXT_CHARS};
use crate::sync::types::{ClientId, Op};

fn mutation(seq: u64, target: Target, base_version: u64, value: FieldValue) -> Mutation {
    Mutation {
        id: MutationId {
            client_id: ClientId("c".into()),
            seq,
        },
        portfolio_id: PortfolioId("p".into()),
        target,
        base_version,
        op: Op::Set { value },
    }
}

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.to_string())
}

fn state(value: FieldValue, version: u64) -> FieldState {
    FieldState {
        value,
        version,
        conflicts: Vec::new(),
    }
}

#[test]
fn first_write_is_version_one() {
    let m = mutation(1, Target::answer("k"), 0, text("hallo"));
    let d = apply(None, None, 0, &m);
    assert_eq!(d.outcome, Outcome::Applied);
    assert!(d.changed);
    assert_eq!(d.state, Some(state(text("hallo"), 1)));
}

#[test]
fn write_on_current_version_applies() {
    let current = state(text("a."), 3);
    let d = apply(
        Some(&current),
        None,
        0,
        &mutation(1, Target::answer("k"), 3, text("b.")),
    );
    assert_eq!(d.outcome, Outcome::Applied);
    assert_eq!(d.state, Some(state(text("b."), 4)));
}

#[test]
fn stale_text_edit_merges_with_the_base() {
    let base = text("Een. Twee. Drie.");
    let current = state(text("Een. Twee. Drie! Vier."), 5);
    let m = mutation(1, Target::answer("k"), 2, text("Nul. Een. Twee. Drie."));
    let d = apply(Some(&current), Some(&base), 0, &m);
    assert_eq!(d.outcome, Outcome::Merged);
    assert_eq!(d.state, Some(state(text("Nul. Een. Twee. Drie! Vier."), 6)));
}

#[test]
fn overlapping_text_edit_keeps_server_text_and_stores_a_copy() {
    let base = text("Ik werk in Utrecht.");
    let current = state(text("Ik werk in Zeist."), 2);
    let m = mutation(7, Target::answer("k"), 1, text("Ik werk in Amersfoort."));
    let d = apply(Some(&current), Some(&base), 0, &m);
    assert_eq!(d.outcome, Outcome::Conflict { copy_id: 3 });
    let s = d.state.unwrap();
    assert_eq!(s.value, text("Ik werk in Zeist."));
    assert_eq!(s.version, 3);
    assert_eq!(s.conflicts.len(), 1);
    assert_eq!(s.conflicts[0].value, text("Ik werk in Amersfoort."));
    assert_eq!(s.conflicts[0].from, m.id);
}

#[test]
fn resolve_clears_only_the_copies_seen() {
    let mut current = state(text("server"), 4);
    for id in [2, 4] {
        current.conflicts.push(ConflictCopy {
            id,
            value: text("kopie"),
            from: MutationId {
                client_id: ClientId("x".into()),
                seq: id,
            },
        });
    }
    let mut m = mutation(1, Target::answer("k"), 4, text("samen"));
    m.op = Op::Resolve {
        value: text("samen"),
        resolved: vec![2],
    };
    let d = apply(Some(&current), None, 0, &m);
    assert_eq!(d.outcome, Outcome::Applied);
    let s = d.state.unwrap();
    assert_eq!(s.value, text("samen"));
    assert_eq!(
        s.conflicts.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![4]
    );
}

#[test]
fn two_first_drafts_of_an_answer_merge_from_empty() {
    let current = state(text("Eerste zin."), 1);
    let m = mutation(1, Target::answer("k"), 0, text("Eerste zin."));
    assert_eq!(
        apply(Some(&current), None, 0, &m).outcome,
        Outcome::Unchanged
    );
    let other = mutation(2, Target::answer("k"), 0, text("Andere zin."));
    assert!(matches!(
        apply(Some(&current), None, 0, &other).outcome,
        Outcome::Conflict { .. }
    ));
}

#[test]
fn edit_of_an_item_deleted_meanwhile_conflicts() {
    let target = Target::item("recertification.b.q1", "u1");
    let base = FieldValue::Json(json!({"quantity": 2}));
    let current = state(FieldValue::Deleted, 2);
    let m = mutation(1, target, 1, FieldValue::Json(json!({"quantity": 3})));
    let d = apply(Some(&current), Some(&base), 0, &m);
    assert!(matches!(d.outcome, Outcome::Conflict { .. }));
    let s = d.state.unwrap();
    assert!(s.value.is_deleted());
    assert_eq!(
        s.conflicts[0].value,
        FieldValue::Json(json!({"quantity": 3}))
    );
}

#[test]
fn delete_of_an_item_edited_meanwhile_conflicts() {
    let target = Target::item("recertification.b.q1", "u1");
    let base = FieldValue::Json(json!({"quantity": 2}));
    let current = state(FieldValue::Json(json!({"quantity": 5})), 2);
    let m = mutation(1, target, 1, FieldValue::Deleted);
    let d = apply(Some(&current), Some(&base), 0, &m);
    assert!(matches!(d.outcome, Outcome::Conflict { .. }));
    let s = d.state.unwrap();
    assert_eq!(s.value, FieldValue::Json(json!({"quantity": 5})));
    assert!(s.conflicts[0].value.is_deleted());
}

#[test]
fn concurrent_deletes_agree() {
    let target = Target::item("l", "u1");
    let base = FieldValue::Json(json!({}));
    let current = state(FieldValue::Deleted, 2);
    let m = mutation(1, target, 1, FieldValue::Deleted);
    assert_eq!(
        apply(Some(&current), Some(&base), 0, &m).outcome,
        Outcome::Unchanged
    );
}

#[test]
fn stale_structured_value_is_a_conflict_not_an_overwrite() {
    let target = Target::value("initial.c1.trajectory");
    let base = FieldValue::Json(json!({"start": "2024-01-01"}));
    let current = state(FieldValue::Json(json!({"start": "2024-02-01"})), 2);
    let m = mutation(
        1,
        target,
        1,
        FieldValue::Json(json!({"start": "2024-03-01"})),
    );
    assert!(matches!(
        apply(Some(&current), Some(&base), 0, &m).outcome,
        Outcome::Conflict { .. }
    ));
}

#[test]
fn unknown_base_version_never_overwrites() {
    // E.g. the server was restored from a backup older than the client.
    let current = state(text("hersteld."), 2);
    let m = mutation(1, Target::answer("k"), 9, text("nieuwer."));
    let d = apply(Some(&current), None, 0, &m);
    assert!(matches!(d.outcome, Outcome::Conflict { .. }));
    assert_eq!(d.state.unwrap().value, text("hersteld."));
}

#[test]
fn limits_reject_with_dutch_reasons() {
    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    let d = apply(
        None,
        None,
        0,
        &mutation(1, Target::answer("k"), 0, text(&long)),
    );
    assert!(
        matches!(&d.outcome, Outcome::Rejected { reason } if reason.contains("te lang")),
        "{d:?}"
    );
    assert!(!d.changed);

    let d = apply(
        None,
        None,
        0,
        &mutation(1, Target::answer("k"), 0, FieldValue::Deleted),
    );
    assert!(matches!(d.outcome, Outcome::Rejected { .. }));

    let row = FieldValue::Json(json!({}));
    let d = apply(
        None,
        None,
        MAX_ITEMS_PER_LIST,
        &mutation(1, Target::item("l", "new"), 0, row),
    );
    assert!(matches!(&d.outcome, Outcome::Rejected { reason } if reason.contains("vol")));
}

#[test]
fn replay_returns_the_stored_result_and_changes_nothing() {
    let mut server = InMemoryServer::new();
    let request = PushRequest {
        account_id: "a".into(),
        client_id: ClientId("c".into()),
        mutations: vec![mutation(1, Target::answer("k"), 0, text("a."))],
    };
    let first = server.push(&request).unwrap();
    let other = PushRequest {
        account_id: "a".into(),
        client_id: ClientId("d".into()),
        mutations: vec![Mutation {
            id: MutationId {
                client_id: ClientId("d".into()),
                seq: 1,
            },
            ..mutation(1, Target::answer("k"), 1, text("b."))
        }],
    };
    server.push(&other).unwrap();
    let again = server.push(&request).unwrap();
    assert!(again.results[0].duplicate);
    assert_eq!(again.results[0].outcome, first.results[0].outcome);
    assert_eq!(again.results[0].state, first.results[0].state);
    let p = PortfolioId("p".into());
    assert_eq!(
        server.field(&p, &Target::answer("k")).unwrap().value,
        text("b.")
    );
    assert_eq!(server.field(&p, &Target::answer("k")).unwrap().version, 2);
}

#[test]
fn batch_limits_and_foreign_mutations_refuse_the_whole_request() {
    let mut server = InMemoryServer::new();
    let too_many = PushRequest {
        account_id: "a".into(),
        client_id: ClientId("c".into()),
        mutations: (0..=crate::sync::MAX_BATCH as u64)
            .map(|i| mutation(i, Target::answer("k"), 0, text("a")))
            .collect(),
    };
    assert_eq!(server.push(&too_many).unwrap_err().http_status(), 413);
    let foreign = PushRequest {
        account_id: "a".into(),
        client_id: ClientId("other".into()),
        mutations: vec![mutation(1, Target::answer("k"), 0, text("a"))],
    };
    assert_eq!(server.push(&foreign).unwrap_err().http_status(), 422);
    assert_eq!(server.fields().count(), 0);
}

#[test]
fn pull_pages_by_sequence_and_returns_current_states() {
    let mut server = InMemoryServer::new();
    let mutations = vec![
        mutation(1, Target::answer("a"), 0, text("1")),
        mutation(2, Target::answer("b"), 0, text("2")),
        mutation(3, Target::answer("a"), 1, text("3")),
    ];
    server
        .push(&PushRequest {
            account_id: "a".into(),
            client_id: ClientId("c".into()),
            mutations,
        })
        .unwrap();
    let page = server.pull(
        &PullRequest {
            account_id: "a".into(),
            cursor: 0,
        },
        1,
    );
    assert!(page.more);
    assert_eq!(page.changes[0].target, Target::answer("b"));
    let rest = server.pull(
        &PullRequest {
            account_id: "a".into(),
            cursor: page.cursor,
        },
        10,
    );
    assert!(!rest.more);
    assert_eq!(rest.changes.len(), 1);
    assert_eq!(rest.changes[0].state, state(text("3"), 2));
    assert!(server
        .pull(
            &PullRequest {
                account_id: "a".into(),
                cursor: rest.cursor
            },
            10
        )
        .changes
        .is_empty());
}

#[test]
fn wire_format_is_snake_case_and_tagged() {
    let m = Mutation {
        op: Op::Resolve {
            value: text("x"),
            resolved: vec![3],
        },
        ..mutation(4, Target::item("l", "u"), 2, text("x"))
    };
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(
        json,
        json!({
            "id": {"client_id": "c", "seq": 4},
            "portfolio_id": "p",
            "target": {"kind": "item", "list": "l", "item_id": "u"},
            "base_version": 2,
            "op": "resolve",
            "value": {"type": "text", "value": "x"},
            "resolved": [3]
        })
    );
    assert_eq!(serde_json::from_value::<Mutation>(json).unwrap(), m);
    let r = MutationResult {
        id: m.id.clone(),
        outcome: Outcome::Conflict { copy_id: 3 },
        duplicate: false,
        state: None,
    };
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["outcome"], "conflict");
    assert_eq!(json["copy_id"], 3);
    assert_eq!(serde_json::from_value::<MutationResult>(json).unwrap(), r);
}
