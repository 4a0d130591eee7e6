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
        assert_eq!(replica.on_push_response(&response), PushAnswer::Taken);
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
    assert_eq!(r.outbox().len(), 0);
    assert_eq!(r.rejections()[0].value, FieldValue::Text("tekst".into()));
    // Still not on the server: counted until the person lets it go.
    assert_eq!(r.pending_count(), 1);
    let rejected = r.rejections_of(&pid(), &Target::answer("k"))[0].clone();
    assert!(r.rejections_of(&pid(), &Target::answer("other")).is_empty());
    assert!(r
        .rejections_of(&PortfolioId("q".into()), &Target::answer("k"))
        .is_empty());
    r.discard_rejection(&rejected.field, &rejected.value);
    assert_eq!(r.pending_count(), 0);
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

fn answer_of(server: &InMemoryServer, key: &str) -> Option<FieldValue> {
    let pull = server.pull(
        &PullRequest {
            account_id: "a".into(),
            cursor: 0,
        },
        10_000,
    );
    pull.changes
        .into_iter()
        .find(|c| c.target == Target::answer(key))
        .map(|c| c.state.value)
}

#[test]
fn a_copy_saved_before_a_failed_save_never_reuses_a_number() {
    // Quota full: the page kept syncing from memory, but storage still has
    // the copy from before. Loading it must not number new edits like the
    // ones already sent, or the server would answer them with old results.
    let mut server = InMemoryServer::new();
    let mut r = replica("device");
    r.begin_session("s1");
    r.edit_text(&pid(), "a", "Tekst van veld a.").unwrap();
    sync(&mut r, &mut server);
    let saved = serde_json::to_string(&r).unwrap();
    r.edit_text(&pid(), "b", "Tekst van veld b.").unwrap();
    sync(&mut r, &mut server); // never saved

    let mut loaded: Replica = serde_json::from_str(&saved).unwrap();
    loaded.begin_session("s2");
    loaded.edit_text(&pid(), "c", "Tekst van veld c.").unwrap();
    sync(&mut loaded, &mut server);
    assert_eq!(loaded.text(&pid(), "c"), "Tekst van veld c.");
    assert_eq!(loaded.text(&pid(), "b"), "Tekst van veld b.");
    assert_eq!(
        answer_of(&server, "c"),
        Some(FieldValue::Text("Tekst van veld c.".into()))
    );
    assert_eq!(loaded.pending_count(), 0);
}

#[test]
fn a_new_session_renumbers_unsent_entries_and_keeps_frozen_ones() {
    let mut r = replica("device");
    r.begin_session("s1");
    r.edit_text(&pid(), "a", "Een.").unwrap();
    let sent = r.take_batch("a", MAX_BATCH).unwrap();
    r.on_push_failed();
    r.edit_text(&pid(), "b", "Twee.").unwrap();
    r.begin_session("s2");
    assert_eq!(r.client_id().0, "device/s2");
    let ids: Vec<_> = r.outbox().iter().map(|e| e.mutation.id.clone()).collect();
    assert_eq!(ids[0], sent.mutations[0].id, "a sent entry is frozen");
    assert_eq!(ids[1].client_id.0, "device/s2");
    assert_eq!(ids[1].seq, 1);
    // One client id per batch: the replay of the old session goes alone.
    let replay = r.take_batch("a", MAX_BATCH).unwrap();
    assert_eq!(replay, sent);
    r.on_push_failed();
    assert!(r.is_from_this_device(&ClientId("device/s1".into())));
    assert!(r.is_from_this_device(&ClientId("device".into())));
    assert!(!r.is_from_this_device(&ClientId("devicex/s1".into())));
    // A replica saved before sessions existed is the same device.
    let mut json: serde_json::Value = serde_json::to_value(replica("old")).unwrap();
    json.as_object_mut().unwrap().remove("device");
    let mut old: Replica = serde_json::from_value(json).unwrap();
    old.begin_session("s");
    assert_eq!(old.client_id().0, "old/s");
    assert!(old.is_from_this_device(&ClientId("old".into())));
}

#[test]
fn a_result_that_contradicts_its_entry_is_refused_and_nothing_is_learned() {
    let mut server = InMemoryServer::new();
    let mut other = replica("device/s1");
    other.edit_text(&pid(), "b", "Andere tekst.").unwrap();
    let foreign = server
        .push(&other.take_batch("a", MAX_BATCH).unwrap())
        .unwrap();

    // The same id answered with the result of another target's edit.
    let mut r = replica("device/s1");
    r.edit_text(&pid(), "a", "Mijn tekst.").unwrap();
    let batch = r.take_batch("a", MAX_BATCH).unwrap();
    assert_eq!(batch.mutations[0].id, foreign.results[0].id);
    assert!(matches!(
        r.on_push_response(&foreign),
        PushAnswer::Refused(_)
    ));
    assert_eq!(r.text(&pid(), "a"), "Mijn tekst.");
    assert!(r.server_state(&pid(), &Target::answer("a")).is_none());
    assert!(r.server_states().next().is_none(), "nothing learned");
    assert_eq!(r.pending_count(), 1);
    // Queued again, same id, same content.
    assert_eq!(r.take_batch("a", MAX_BATCH).unwrap(), batch);

    // The server says the id holds other content: new ids, same content.
    r.reissue_in_flight();
    let again = r.take_batch("a", MAX_BATCH).unwrap();
    assert_ne!(again.mutations[0].id, batch.mutations[0].id);
    assert_eq!(again.mutations[0].op, batch.mutations[0].op);
    let response = server.push(&again).unwrap();
    assert_eq!(r.on_push_response(&response), PushAnswer::Taken);
    assert_eq!(
        answer_of(&server, "a"),
        Some(FieldValue::Text("Mijn tekst.".into()))
    );
    assert_eq!(
        answer_of(&server, "b"),
        Some(FieldValue::Text("Andere tekst.".into()))
    );
    // A repeated response names nothing in flight.
    assert_eq!(r.on_push_response(&response), PushAnswer::Late);
}

#[test]
fn an_overlong_answer_keeps_its_base_and_merges_when_shortened() {
    let mut server = InMemoryServer::new();
    let (mut a, mut b) = (replica("a"), replica("b"));
    a.edit_text(&pid(), "k", "Een. Twee.").unwrap();
    sync(&mut a, &mut server);
    sync(&mut b, &mut server);

    // a pastes far too much: kept here, counted, but never pushed.
    let long = format!("Een. Twee. {}", "x".repeat(crate::sync::MAX_TEXT_CHARS));
    a.edit_text(&pid(), "k", long.clone()).unwrap();
    assert!(a.is_held(&pid(), "k"));
    assert_eq!(a.text(&pid(), "k"), long);
    assert_eq!(a.pending_count(), 1);
    assert!(a.take_batch("a", MAX_BATCH).is_none());

    // Meanwhile b adds a sentence at the start, and a shortens its text
    // without having seen it: the edit goes out on the base it was typed
    // on, so the server merges both instead of taking a's text whole.
    b.edit_text(&pid(), "k", "Nul. Een. Twee.").unwrap();
    sync(&mut b, &mut server);
    a.edit_text(&pid(), "k", "Een. Twee. Drie.").unwrap();
    assert!(!a.is_held(&pid(), "k"));
    assert_eq!(a.outbox()[0].mutation.base_version, 1);
    sync(&mut a, &mut server);
    assert_eq!(
        answer_of(&server, "k"),
        Some(FieldValue::Text("Nul. Een. Twee. Drie.".into()))
    );
    assert_eq!(a.text(&pid(), "k"), "Nul. Een. Twee. Drie.");
}

#[test]
fn a_held_answer_does_not_hold_up_other_fields_and_portfolios_can_be_left_out() {
    let mut r = replica("a");
    let q = PortfolioId("q".into());
    r.edit_text(&pid(), "long", "x".repeat(crate::sync::MAX_TEXT_CHARS + 1))
        .unwrap();
    r.edit_text(&pid(), "k", "Kort.").unwrap();
    r.edit_text(&q, "k", "Ander portfolio.").unwrap();
    let batch = r.take_batch_where("a", MAX_BATCH, |p| *p == q).unwrap();
    assert_eq!(batch.mutations.len(), 1);
    assert_eq!(batch.mutations[0].portfolio_id, q);
    r.on_push_failed();
    let batch = r.take_batch("a", MAX_BATCH).unwrap();
    let keys: Vec<_> = batch.mutations.iter().map(|m| m.target.clone()).collect();
    assert_eq!(keys, [Target::answer("k"), Target::answer("k")]);
}

mod props {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone)]
    enum Step {
        Type {
            field: usize,
        },
        Sync,
        /// The page writes its state to storage; `false`: storage is full.
        Save {
            ok: bool,
        },
        /// The push goes out but its response is lost.
        LosePush,
        /// The tab closes; the page loads what storage has.
        Reload,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => (0..3usize).prop_map(|field| Step::Type { field }),
            2 => Just(Step::Sync),
            2 => any::<bool>().prop_map(|ok| Step::Save { ok }),
            1 => Just(Step::LosePush),
            1 => Just(Step::Reload),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever fails to be saved and however often the page reloads:
        /// an id is never sent with two contents, and every field on the
        /// server and on screen only ever holds text typed into that field.
        #[test]
        fn ids_are_never_reused_and_texts_never_change_field(
            steps in proptest::collection::vec(step(), 1..40)
        ) {
            let mut server = InMemoryServer::new();
            let mut sessions = 0;
            let mut r = replica("device");
            r.begin_session("s0");
            let mut stored = serde_json::to_string(&r).unwrap();
            let mut sent: BTreeMap<(String, u64), Mutation> = BTreeMap::new();
            let mut typed = 0;
            let mut check = |batch: &PushRequest| {
                for m in &batch.mutations {
                    let key = (m.id.client_id.0.clone(), m.id.seq);
                    if let Some(before) = sent.get(&key) {
                        prop_assert_eq!(before, m, "id reused with other content");
                    }
                    sent.insert(key, m.clone());
                }
                Ok(())
            };
            for step in steps {
                match step {
                    Step::Type { field } => {
                        typed += 1;
                        let text = format!("veld{field} tekst {typed}.");
                        r.edit_text(&pid(), &format!("f{field}"), text).unwrap();
                    }
                    Step::Sync => {
                        while let Some(batch) = r.take_batch("a", MAX_BATCH) {
                            check(&batch)?;
                            let response = server.push(&batch).unwrap();
                            prop_assert_eq!(r.on_push_response(&response), PushAnswer::Taken);
                        }
                        r.on_pull(&server.pull(&PullRequest { account_id: "a".into(), cursor: r.cursor() }, 1000));
                    }
                    Step::Save { ok } => {
                        if ok {
                            stored = serde_json::to_string(&r).unwrap();
                        }
                    }
                    Step::LosePush => {
                        if let Some(batch) = r.take_batch("a", MAX_BATCH) {
                            check(&batch)?;
                            server.push(&batch).unwrap();
                            r.on_push_failed();
                        }
                    }
                    Step::Reload => {
                        sessions += 1;
                        r = serde_json::from_str(&stored).unwrap();
                        r.begin_session(&format!("s{sessions}"));
                    }
                }
                for field in 0..3 {
                    let key = format!("f{field}");
                    let text = r.text(&pid(), &key);
                    prop_assert!(
                        text.is_empty() || text.starts_with(&format!("veld{field} ")),
                        "field {} shows {:?}", key, text
                    );
                    if let Some(FieldValue::Text(t)) = answer_of(&server, &key) {
                        prop_assert!(t.starts_with(&format!("veld{field} ")), "server {}: {:?}", key, t);
                    }
                }
            }
        }
    }
}

#[test]
fn a_pull_keeps_only_own_portfolios_and_stops_at_an_unknown_one() {
    let mut server = InMemoryServer::new();
    let (mine, theirs, new) = (pid(), PortfolioId("t".into()), PortfolioId("n".into()));
    let mut other = replica("other");
    other.edit_text(&theirs, "k", "Van iemand anders.").unwrap();
    other.edit_text(&mine, "k", "Van mij.").unwrap();
    other.edit_text(&new, "k", "Nieuw.").unwrap();
    sync(&mut other, &mut server);

    let mut r = replica("a");
    let pull = |r: &Replica| {
        server.pull(
            &PullRequest {
                account_id: "a".into(),
                cursor: r.cursor(),
            },
            50,
        )
    };
    let known = |p: &PortfolioId| {
        if *p == theirs {
            Some(false)
        } else if *p == mine {
            Some(true)
        } else {
            None
        }
    };
    assert_eq!(r.on_pull_where(&pull(&r), known), Some(new.clone()));
    assert_eq!(r.text(&mine, "k"), "Van mij.");
    assert_eq!(r.text(&theirs, "k"), "");
    // The unknown portfolio turns out to be ours: pulled from where it
    // stopped, nothing skipped.
    assert_eq!(r.on_pull_where(&pull(&r), |p| Some(*p != theirs)), None);
    assert_eq!(r.text(&new, "k"), "Nieuw.");
    assert!(!r.portfolio_ids().contains(&theirs));
    r.forget_portfolio(&new);
    assert_eq!(
        r.portfolio_ids().into_iter().collect::<Vec<_>>(),
        vec![mine]
    );
}
