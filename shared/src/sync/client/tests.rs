use serde_json::json;

use super::*;
use crate::sync::server::InMemoryServer;
use crate::sync::types::PullRequest;

fn pid() -> PortfolioId {
    PortfolioId("p".into())
}

fn replica(name: &str) -> Replica {
    Replica::new(ClientId(name.into()))
}

fn sync(replica: &mut Replica, server: &mut InMemoryServer) {
    while let Some(batch) = replica.take_batch("a", MAX_BATCH) {
        let response = server.push(&batch).unwrap();
        replica.on_push_response(&response);
    }
    loop {
        let pull = server.pull(
            &PullRequest {
                account_id: "a".into(),
                cursor: replica.cursor(),
            },
            50,
        );
        replica.on_pull(&pull);
        if !pull.more {
            break;
        }
    }
}

#[test]
fn unsent_edits_coalesce_but_in_flight_ones_do_not() {
    let mut r = replica("a");
    r.edit_text(&pid(), "k", "Een.").unwrap();
    r.edit_text(&pid(), "k", "Een. Twee.").unwrap();
    assert_eq!(r.pending_count(), 1);
    let batch = r.take_batch("a", 10).unwrap();
    assert_eq!(batch.mutations.len(), 1);
    r.edit_text(&pid(), "k", "Een. Twee. Drie.").unwrap();
    assert_eq!(r.pending_count(), 2);
    assert_eq!(r.text(&pid(), "k"), "Een. Twee. Drie.");
    // One batch at a time, and never two entries for one target in a batch.
    assert!(r.take_batch("a", 10).is_none());
    r.on_push_failed();
    let again = r.take_batch("a", 10).unwrap();
    assert_eq!(again, batch, "a replay must carry the same ids and content");
}

#[test]
fn editing_back_to_the_server_value_drops_the_edit() {
    let mut server = InMemoryServer::new();
    let mut r = replica("a");
    r.edit_text(&pid(), "k", "Een.").unwrap();
    sync(&mut r, &mut server);
    r.edit_text(&pid(), "k", "Een. Twee.").unwrap();
    r.edit_text(&pid(), "k", "Een.").unwrap();
    assert_eq!(r.pending_count(), 0);
}

#[test]
fn lost_response_is_replayed_and_answered_from_the_record() {
    let mut server = InMemoryServer::new();
    let mut r = replica("a");
    r.edit_text(&pid(), "k", "Een.").unwrap();
    let batch = r.take_batch("a", 10).unwrap();
    let _lost = server.push(&batch).unwrap();
    r.on_push_failed();
    let replay = r.take_batch("a", 10).unwrap();
    let response = server.push(&replay).unwrap();
    assert!(response.results[0].duplicate);
    r.on_push_response(&response);
    assert_eq!(r.pending_count(), 0);
    assert_eq!(
        r.server_state(&pid(), &Target::answer("k"))
            .unwrap()
            .version,
        1
    );
}

#[test]
fn merged_text_shows_unless_the_person_typed_since() {
    let mut server = InMemoryServer::new();
    let (mut a, mut b) = (replica("a"), replica("b"));
    a.edit_text(&pid(), "k", "Een. Twee.").unwrap();
    sync(&mut a, &mut server);
    sync(&mut b, &mut server);
    a.edit_text(&pid(), "k", "Nul. Een. Twee.").unwrap();
    sync(&mut a, &mut server);

    // b has not typed since its push: it sees the merged text.
    b.edit_text(&pid(), "k", "Een. Twee. Drie.").unwrap();
    let batch = b.take_batch("a", 10).unwrap();
    let response = server.push(&batch).unwrap();
    assert_eq!(response.results[0].outcome, Outcome::Merged);
    b.on_push_response(&response);
    assert_eq!(b.text(&pid(), "k"), "Nul. Een. Twee. Drie.");

    // a typed while its push was under way: its newer text is rebased onto
    // the merge and stays queued.
    a.edit_text(&pid(), "k", "Nul. Een. Vier. Twee.").unwrap();
    let batch = a.take_batch("a", 10).unwrap();
    a.edit_text(&pid(), "k", "Vijf. Nul. Een. Vier. Twee.")
        .unwrap();
    let response = server.push(&batch).unwrap();
    assert_eq!(response.results[0].outcome, Outcome::Merged);
    a.on_push_response(&response);
    assert_eq!(a.text(&pid(), "k"), "Vijf. Nul. Een. Vier. Twee. Drie.");
    assert_eq!(a.pending_count(), 1);
    let entry = &a.outbox()[0];
    assert_eq!(
        entry.mutation.base_version,
        response.results[0].state.as_ref().unwrap().version
    );
    sync(&mut a, &mut server);
    sync(&mut b, &mut server);
    assert_eq!(a.text(&pid(), "k"), b.text(&pid(), "k"));
    let text = a.text(&pid(), "k");
    for part in ["Nul.", "Drie.", "Vier.", "Vijf."] {
        assert!(text.contains(part), "{text}");
    }
}

#[test]
fn pull_rebases_a_queued_edit_when_it_merges() {
    let mut server = InMemoryServer::new();
    let (mut a, mut b) = (replica("a"), replica("b"));
    a.edit_text(&pid(), "k", "Een. Twee.").unwrap();
    sync(&mut a, &mut server);
    sync(&mut b, &mut server);
    a.edit_text(&pid(), "k", "Nul. Een. Twee.").unwrap();
    sync(&mut a, &mut server);
    b.edit_text(&pid(), "k", "Een. Twee. Drie.").unwrap();
    b.on_pull(&server.pull(
        &PullRequest {
            account_id: "a".into(),
            cursor: b.cursor(),
        },
        50,
    ));
    assert_eq!(b.text(&pid(), "k"), "Nul. Een. Twee. Drie.");
    assert_eq!(b.outbox()[0].mutation.base_version, 2);
}

#[test]
fn conflict_is_shown_resolved_and_cleared() {
    let mut server = InMemoryServer::new();
    let (mut a, mut b) = (replica("a"), replica("b"));
    a.edit_text(&pid(), "k", "Ik werk in Utrecht.").unwrap();
    sync(&mut a, &mut server);
    sync(&mut b, &mut server);
    a.edit_text(&pid(), "k", "Ik werk in Zeist.").unwrap();
    b.edit_text(&pid(), "k", "Ik werk in Amersfoort.").unwrap();
    sync(&mut a, &mut server);
    sync(&mut b, &mut server);
    sync(&mut a, &mut server);
    assert_eq!(b.text(&pid(), "k"), "Ik werk in Zeist.");
    assert!(a.has_conflicts() && b.has_conflicts());
    let copy = b.conflicts()[0].1.clone();
    assert_eq!(
        copy.value,
        FieldValue::Text("Ik werk in Amersfoort.".into())
    );

    b.resolve_conflict(&pid(), &Target::answer("k"), copy.value.clone())
        .unwrap();
    assert!(!b.has_conflicts(), "resolved copies hide at once");
    assert_eq!(b.text(&pid(), "k"), "Ik werk in Amersfoort.");
    sync(&mut b, &mut server);
    sync(&mut a, &mut server);
    assert!(!a.has_conflicts());
    assert_eq!(a.text(&pid(), "k"), "Ik werk in Amersfoort.");
}

#[test]
fn items_added_on_two_devices_both_survive_and_delete_vs_edit_conflicts() {
    let mut server = InMemoryServer::new();
    let (mut a, mut b) = (replica("a"), replica("b"));
    let list = "recertification.a3_1.q1";
    a.upsert_item(&pid(), list, "u-a", json!({"facilitator": "Jan"}))
        .unwrap();
    b.upsert_item(&pid(), list, "u-b", json!({"facilitator": "Piet"}))
        .unwrap();
    sync(&mut a, &mut server);
    sync(&mut b, &mut server);
    sync(&mut a, &mut server);
    assert_eq!(a.items(&pid(), list).len(), 2);

    a.delete_item(&pid(), list, "u-b").unwrap();
    b.upsert_item(&pid(), list, "u-b", json!({"facilitator": "Piet K."}))
        .unwrap();
    sync(&mut b, &mut server);
    sync(&mut a, &mut server);
    sync(&mut b, &mut server);
    // The edit came first, so the stale delete is the conflict copy.
    assert_eq!(a.items(&pid(), list).len(), 2);
    assert!(a.conflicts()[0].1.value.is_deleted());
    assert_eq!(a.conflicts(), b.conflicts());
}

#[test]
fn rejected_edits_keep_their_text_for_the_person() {
    let mut r = replica("a");
    let too_long = "x".repeat(crate::sync::MAX_TEXT_CHARS + 1);
    assert!(r.edit_text(&pid(), "k", too_long).is_err());
    assert_eq!(r.pending_count(), 0);

    // A rejection from the server (here: too many open conflicts is the
    // realistic case; simulate with a hand-made response).
    r.edit_text(&pid(), "k", "tekst").unwrap();
    let batch = r.take_batch("a", 10).unwrap();
    r.on_push_response(&PushResponse {
        results: vec![crate::sync::types::MutationResult {
            id: batch.mutations[0].id.clone(),
            outcome: Outcome::Rejected {
                reason: "nee".into(),
            },
            duplicate: false,
            state: None,
        }],
    });
    assert_eq!(r.pending_count(), 0);
    assert_eq!(r.rejections()[0].value, FieldValue::Text("tekst".into()));
}

#[test]
fn list_capacity_is_checked_when_adding() {
    let mut r = replica("a");
    for i in 0..crate::sync::MAX_ITEMS_PER_LIST {
        r.upsert_item(&pid(), "l", &format!("u{i}"), json!({}))
            .unwrap();
    }
    assert!(r.upsert_item(&pid(), "l", "one-more", json!({})).is_err());
    r.upsert_item(&pid(), "l", "u0", json!({"x": 1})).unwrap();
}

#[test]
fn replica_round_trips_through_json() {
    let mut server = InMemoryServer::new();
    let mut r = replica("a");
    r.edit_text(&pid(), "k", "Een.").unwrap();
    r.set_value(&pid(), "initial.c1.dates", json!({"start": "2024-01-01"}))
        .unwrap();
    sync(&mut r, &mut server);
    r.upsert_item(&pid(), "l", "u1", json!({"a": 1})).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    let back: Replica = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

#[test]
fn a_replica_saved_during_a_push_pushes_the_same_batch_after_loading() {
    // The tab closed while the request was out: the saved copy must not
    // wait for a response that will never come.
    let mut server = InMemoryServer::new();
    let mut r = replica("a");
    r.edit_text(&pid(), "k", "Een.").unwrap();
    let sent = r.take_batch("a", MAX_BATCH).unwrap();
    // The server got it, but the response was lost with the tab.
    server.push(&sent).unwrap();
    let saved = serde_json::to_string(&r).unwrap();

    let mut loaded: Replica = serde_json::from_str(&saved).unwrap();
    let again = loaded
        .take_batch("a", MAX_BATCH)
        .expect("the batch is sent again");
    assert_eq!(
        again, sent,
        "same ids and content, so the server sees a replay"
    );
    let response = server.push(&again).unwrap();
    assert!(response.results.iter().all(|r| r.duplicate));
    loaded.on_push_response(&response);
    assert_eq!(loaded.pending_count(), 0);
    assert_eq!(loaded.text(&pid(), "k"), "Een.");
}
