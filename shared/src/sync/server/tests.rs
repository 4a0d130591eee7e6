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
fn replay_returns_the_stored_outcome_with_the_current_state_and_changes_nothing() {
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
    // Not the state answered then (version 1): the current one, which
    // descends from it.
    assert_eq!(again.results[0].state, Some(state(text("b."), 2)));
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

fn push_of(mutations: Vec<Mutation>) -> PushRequest {
    PushRequest {
        account_id: "a".into(),
        client_id: ClientId("c".into()),
        mutations,
    }
}

#[test]
fn a_replay_with_other_content_refuses_the_whole_batch() {
    let mut server = InMemoryServer::new();
    server
        .push(&push_of(vec![mutation(
            1,
            Target::answer("k"),
            0,
            text("a."),
        )]))
        .unwrap();
    let before = format!("{server:?}");
    for changed in [
        mutation(1, Target::answer("k"), 0, text("b.")),
        mutation(1, Target::answer("other"), 0, text("a.")),
        mutation(1, Target::answer("k"), 1, text("a.")),
        Mutation {
            portfolio_id: PortfolioId("q".into()),
            ..mutation(1, Target::answer("k"), 0, text("a."))
        },
    ] {
        let batch = push_of(vec![
            mutation(2, Target::answer("x"), 0, text("new")),
            changed,
        ]);
        let refused = server.push(&batch).unwrap_err();
        assert_eq!(refused.http_status(), 409);
        assert_eq!(refused.kind, crate::sync::limits::RejectKind::Mismatch);
        assert_eq!(
            format!("{server:?}"),
            before,
            "nothing of the batch is stored"
        );
    }
    // The same id twice in one batch with different content, too.
    let twice = push_of(vec![
        mutation(5, Target::answer("y"), 0, text("1")),
        mutation(5, Target::answer("y"), 0, text("2")),
    ]);
    assert_eq!(server.push(&twice).unwrap_err().http_status(), 409);
    assert_eq!(format!("{server:?}"), before);
}

#[test]
fn the_digest_ignores_json_key_order_and_covers_every_part() {
    let a = mutation(
        1,
        Target::value("k"),
        0,
        FieldValue::Json(json!({"a": 1, "b": [1, {"c": 2, "d": 3}]})),
    );
    let mut reordered = a.clone();
    reordered.op = Op::Set {
        value: serde_json::from_str(r#"{"type":"json","value":{"b":[1,{"d":3,"c":2}],"a":1}}"#)
            .unwrap(),
    };
    assert_eq!(mutation_digest(&a), mutation_digest(&reordered));
    let other_id = Mutation {
        id: MutationId {
            client_id: ClientId("z".into()),
            seq: 9,
        },
        ..a.clone()
    };
    assert_eq!(mutation_digest(&a), mutation_digest(&other_id));
    let resolve = Mutation {
        op: Op::Resolve {
            value: a.op.value().clone(),
            resolved: vec![1],
        },
        ..a.clone()
    };
    assert_ne!(mutation_digest(&a), mutation_digest(&resolve));
    assert_eq!(mutation_digest(&a).len(), 64);
}

#[test]
fn unknown_keys_are_rejected_for_a_known_portfolio_kind() {
    use crate::framework::PortfolioKind;
    let mut server = InMemoryServer::new();
    server.add_portfolio(PortfolioId("p".into()), PortfolioKind::Initial);
    let row = FieldValue::Json(json!({"id": "r"}));
    let response = server
        .push(&push_of(vec![
            mutation(1, Target::answer("initial.c1.task2.q3"), 0, text("ja")),
            mutation(2, Target::answer("initial.nope"), 0, text("nee")),
            mutation(
                3,
                Target::value("initial.route"),
                0,
                FieldValue::Json(json!({})),
            ),
            mutation(
                4,
                Target::value("recertification.certificate_end_date"),
                0,
                FieldValue::Json(json!("2025-01-01")),
            ),
            mutation(5, Target::item("initial.b1.q1", "r"), 0, row.clone()),
            mutation(6, Target::item("initial.c1.task2.q3", "r"), 0, row.clone()),
            // A text question is not a value.
            mutation(
                7,
                Target::value("initial.c1.task2.q3"),
                0,
                FieldValue::Json(json!(1)),
            ),
            // The evidence list of this kind is a list; the other kind's is not.
            mutation(8, Target::item("initial.evidence", "f"), 0, row.clone()),
            mutation(9, Target::item("recertification.evidence", "f"), 0, row),
        ]))
        .unwrap();
    let rejected: Vec<u64> = response
        .results
        .iter()
        .filter(|r| matches!(&r.outcome, Outcome::Rejected { reason } if reason.contains("bestaat niet")))
        .map(|r| r.id.seq)
        .collect();
    assert_eq!(rejected, vec![2, 4, 6, 7, 9]);
    assert_eq!(server.fields().count(), 4);
}

#[test]
fn the_portfolio_budget_admits_exactly_its_size_and_shrinking_always() {
    use crate::sync::limits::{field_bytes, MAX_PORTFOLIO_BYTES};
    let mut server = InMemoryServer::new();
    let chunk = "x".repeat(40_000);
    let mut seq = 0;
    let mut next = |server: &mut InMemoryServer, key: String, value: FieldValue, base: u64| {
        seq += 1;
        server
            .push(&push_of(vec![mutation(
                seq,
                Target::answer(key),
                base,
                value,
            )]))
            .unwrap()
            .results
            .remove(0)
    };
    let p = PortfolioId("p".into());
    let mut i = 0;
    // Fill with whole chunks while a whole one still fits.
    loop {
        let key = format!("k{i:04}");
        let cost = field_bytes(&Target::answer(key.clone()), Some(&state(text(&chunk), 1)));
        if server.portfolio_bytes(&p) + cost > MAX_PORTFOLIO_BYTES {
            break;
        }
        assert_eq!(
            next(&mut server, key, text(&chunk), 0).outcome,
            Outcome::Applied
        );
        i += 1;
    }
    // Top up to exactly the budget with one answer of the right length.
    let key = format!("k{i:04}");
    let overhead = field_bytes(&Target::answer(key.clone()), Some(&state(text(""), 1)));
    let room = MAX_PORTFOLIO_BYTES - server.portfolio_bytes(&p) - overhead;
    assert_eq!(
        next(&mut server, key.clone(), text(&"y".repeat(room + 1)), 0).outcome,
        rejected_full()
    );
    assert_eq!(
        next(&mut server, key.clone(), text(&"y".repeat(room)), 0).outcome,
        Outcome::Applied
    );
    assert_eq!(server.portfolio_bytes(&p), MAX_PORTFOLIO_BYTES);
    // One byte more anywhere is refused; shortening is always allowed.
    assert_eq!(
        next(&mut server, key.clone(), text(&"y".repeat(room + 1)), 1).outcome,
        rejected_full()
    );
    assert_eq!(
        next(&mut server, "k0000".into(), text("kort"), 1).outcome,
        Outcome::Applied
    );
    assert!(server.portfolio_bytes(&p) < MAX_PORTFOLIO_BYTES);
}

fn rejected_full() -> Outcome {
    Outcome::Rejected {
        reason: crate::sync::limits::validate_budget(crate::sync::limits::MAX_PORTFOLIO_BYTES, 1)
            .unwrap_err()
            .message,
    }
}

#[test]
fn a_base_older_than_the_kept_history_becomes_a_conflict_copy() {
    use crate::sync::limits::MAX_VERSIONS_KEPT;
    let mut server = InMemoryServer::new();
    let p = PortfolioId("p".into());
    let k = Target::answer("k");
    for v in 0..=MAX_VERSIONS_KEPT {
        let text_v = format!("Zin een. Zin {v}.");
        server
            .push(&push_of(vec![mutation(v + 1, k.clone(), v, text(&text_v))]))
            .unwrap();
    }
    // Version 1 is pruned, version 2 is the oldest kept.
    assert!(server.version_value(&p, &k, 1).is_none());
    assert!(server.version_value(&p, &k, 2).is_some());
    let latest = server.field(&p, &k).unwrap().clone();
    // Based on the oldest kept version: merged (it changes the first sentence).
    let merged = server
        .push(&push_of(vec![mutation(
            100,
            k.clone(),
            2,
            text("Zin EEN. Zin 1."),
        )]))
        .unwrap();
    assert_eq!(merged.results[0].outcome, Outcome::Merged);
    // Based on the pruned one: not merged, kept as a conflict copy.
    let stale = server
        .push(&push_of(vec![mutation(
            101,
            k.clone(),
            1,
            text("Zin een. Andere tekst."),
        )]))
        .unwrap();
    assert!(matches!(stale.results[0].outcome, Outcome::Conflict { .. }));
    let now = server.field(&p, &k).unwrap();
    assert!(now.version > latest.version);
    assert_eq!(
        now.conflicts.last().unwrap().value,
        text("Zin een. Andere tekst.")
    );
}

#[test]
fn pull_pages_are_bounded_in_bytes_but_never_empty() {
    use crate::sync::api::MAX_PULL_PAGE_BYTES;
    use crate::sync::limits::field_bytes;
    let mut server = InMemoryServer::new();
    let cost = |key: &str, len: usize| {
        field_bytes(
            &Target::answer(key),
            Some(&state(text(&"x".repeat(len)), 1)),
        )
    };
    // Answers that exactly fill a page, then one more.
    let full = cost("a00", MAX_TEXT_CHARS);
    let whole = MAX_PULL_PAGE_BYTES / full;
    let mut mutations: Vec<Mutation> = (0..whole)
        .map(|i| {
            mutation(
                i as u64 + 1,
                Target::answer(format!("a{i:02}")),
                0,
                text(&"x".repeat(MAX_TEXT_CHARS)),
            )
        })
        .collect();
    let last_key = format!("a{whole:02}");
    let last_len = MAX_PULL_PAGE_BYTES - whole * full - cost(&last_key, 0);
    mutations.push(mutation(
        90,
        Target::answer(last_key),
        0,
        text(&"x".repeat(last_len)),
    ));
    mutations.push(mutation(91, Target::answer("z"), 0, text("1")));
    let response = server.push(&push_of(mutations)).unwrap();
    assert!(response
        .results
        .iter()
        .all(|r| r.outcome == Outcome::Applied));
    let pull = |cursor| {
        server.pull(
            &PullRequest {
                account_id: "a".into(),
                cursor,
            },
            500,
        )
    };
    let page = pull(0);
    let sent: usize = page
        .changes
        .iter()
        .map(crate::sync::api::change_bytes)
        .sum();
    assert_eq!(sent, MAX_PULL_PAGE_BYTES, "exactly at the limit fits");
    assert_eq!(page.changes.len(), whole + 1);
    assert!(page.more, "one byte over is the next page");
    let rest = pull(page.cursor);
    assert_eq!(rest.changes.len(), 1);
    assert!(!rest.more);
    // A change bigger than a page still comes, alone.
    assert_eq!(
        crate::sync::api::page_len([MAX_PULL_PAGE_BYTES + 1, 1], 500),
        1
    );
    assert_eq!(crate::sync::api::page_len([MAX_PULL_PAGE_BYTES, 1], 500), 1);
    assert_eq!(
        crate::sync::api::page_len([MAX_PULL_PAGE_BYTES - 1, 1], 500),
        2
    );
    assert_eq!(crate::sync::api::page_len([1, 1, 1], 2), 2);
}
