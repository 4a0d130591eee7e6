//! Property test of the whole sync engine: three devices edit one portfolio
//! offline, push and pull in random order over a network that loses,
//! repeats and delays responses, against the reference server.
//!
//! Edits only ever insert unique marker sentences (and list rows carry
//! marker lists), and conflicts are resolved by combining all texts, so the
//! strong invariant holds: every marker anyone typed is, at the end, in the
//! server's value of its field or in one of that field's conflict copies.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use serde_json::json;
use shared::sync::merge::sentences;
use shared::sync::{
    ClientId, FieldRef, FieldState, FieldValue, InMemoryServer, PortfolioId, PullRequest,
    PushResponse, Replica, Target,
};

const CLIENTS: usize = 3;
const ANSWERS: [&str; 2] = ["initial.c1.task2.q3", "initial.a1.q1"];
const LIST: &str = "recertification.b.q1";

#[derive(Debug, Clone)]
enum Net {
    Deliver,
    /// Applied by the server, response lost; delivered later if `late`.
    Lost {
        late: bool,
    },
    /// Never reached the server.
    Failed,
    Duplicated,
}

#[derive(Debug, Clone)]
enum Action {
    Type {
        client: usize,
        answer: usize,
        at: usize,
    },
    AddRow {
        client: usize,
    },
    EditRow {
        client: usize,
        pick: usize,
    },
    DeleteRow {
        client: usize,
        pick: usize,
    },
    Resolve {
        client: usize,
        pick: usize,
    },
    Push {
        client: usize,
        net: Net,
        max: usize,
    },
    DeliverLate {
        client: usize,
        pick: usize,
    },
    Pull {
        client: usize,
        limit: usize,
    },
}

fn action() -> impl Strategy<Value = Action> {
    let client = 0..CLIENTS;
    let net = prop_oneof![
        3 => Just(Net::Deliver),
        1 => any::<bool>().prop_map(|late| Net::Lost { late }),
        1 => Just(Net::Failed),
        1 => Just(Net::Duplicated),
    ];
    prop_oneof![
        6 => (client.clone(), 0..ANSWERS.len(), 0..8usize)
            .prop_map(|(client, answer, at)| Action::Type { client, answer, at }),
        2 => client.clone().prop_map(|client| Action::AddRow { client }),
        2 => (client.clone(), 0..8usize).prop_map(|(client, pick)| Action::EditRow { client, pick }),
        1 => (client.clone(), 0..8usize).prop_map(|(client, pick)| Action::DeleteRow { client, pick }),
        2 => (client.clone(), 0..8usize).prop_map(|(client, pick)| Action::Resolve { client, pick }),
        5 => (client.clone(), net, 1..4usize).prop_map(|(client, net, max)| Action::Push { client, net, max }),
        2 => (client.clone(), 0..4usize).prop_map(|(client, pick)| Action::DeliverLate { client, pick }),
        3 => (client, 1..4usize).prop_map(|(client, limit)| Action::Pull { client, limit }),
    ]
}

struct Device {
    replica: Replica,
    late: Vec<PushResponse>,
}

struct World {
    server: InMemoryServer,
    devices: Vec<Device>,
    portfolio: PortfolioId,
    next_marker: usize,
    /// Every marker typed, by the field it was typed into.
    typed: BTreeMap<Target, BTreeSet<String>>,
    deleted_rows: BTreeSet<Target>,
}

fn notes(value: &FieldValue) -> Vec<String> {
    value
        .as_json()
        .and_then(|v| v.get("notes"))
        .and_then(|n| serde_json::from_value(n.clone()).ok())
        .unwrap_or_default()
}

impl World {
    fn new() -> Self {
        World {
            server: InMemoryServer::new(),
            devices: (0..CLIENTS)
                .map(|i| Device {
                    replica: Replica::new(ClientId(format!("device-{i}"))),
                    late: Vec::new(),
                })
                .collect(),
            portfolio: PortfolioId("portfolio-1".into()),
            next_marker: 0,
            typed: BTreeMap::new(),
            deleted_rows: BTreeSet::new(),
        }
    }

    fn marker(&mut self, client: usize, target: &Target) -> String {
        self.next_marker += 1;
        let marker = format!("M{client}x{}.", self.next_marker);
        self.typed
            .entry(target.clone())
            .or_default()
            .insert(marker.clone());
        marker
    }

    fn rows(&self, client: usize) -> Vec<String> {
        self.devices[client]
            .replica
            .items(&self.portfolio, LIST)
            .into_iter()
            .map(|(id, _)| id.to_string())
            .collect()
    }

    fn run(&mut self, action: &Action) {
        let p = self.portfolio.clone();
        match *action {
            Action::Type { client, answer, at } => {
                let key = ANSWERS[answer];
                let marker = self.marker(client, &Target::answer(key));
                let replica = &mut self.devices[client].replica;
                let pieces = sentences(replica.text(&p, key));
                // Insert as a sentence of its own, at a piece boundary.
                let at = at % (pieces.len() + 1);
                let text = format!(
                    "{}{marker} {}",
                    pieces[..at].concat(),
                    pieces[at..].concat()
                );
                replica.edit_text(&p, key, text).unwrap();
            }
            Action::AddRow { client } => {
                self.next_marker += 1;
                let id = format!("row-{}", self.next_marker);
                let marker = self.marker(client, &Target::item(LIST, &id));
                let replica = &mut self.devices[client].replica;
                replica
                    .upsert_item(&p, LIST, &id, json!({ "notes": [marker] }))
                    .unwrap();
            }
            Action::EditRow { client, pick } => {
                let rows = self.rows(client);
                if rows.is_empty() {
                    return;
                }
                let id = rows[pick % rows.len()].clone();
                let target = Target::item(LIST, &id);
                let marker = self.marker(client, &target);
                let replica = &mut self.devices[client].replica;
                let mut notes = replica.value(&p, &target).map(notes).unwrap_or_default();
                notes.push(marker);
                replica
                    .upsert_item(&p, LIST, &id, json!({ "notes": notes }))
                    .unwrap();
            }
            Action::DeleteRow { client, pick } => {
                let rows = self.rows(client);
                if rows.is_empty() {
                    return;
                }
                let id = &rows[pick % rows.len()];
                self.deleted_rows.insert(Target::item(LIST, id));
                self.devices[client]
                    .replica
                    .delete_item(&p, LIST, id)
                    .unwrap();
            }
            Action::Resolve { client, pick } => {
                let replica = &mut self.devices[client].replica;
                let conflicts = replica.conflicts();
                if conflicts.is_empty() {
                    return;
                }
                let field = conflicts[pick % conflicts.len()].0.target.clone();
                let copies: Vec<FieldValue> = replica
                    .conflicts_of(&p, &field)
                    .into_iter()
                    .map(|c| c.value.clone())
                    .collect();
                let current = replica.value(&p, &field).cloned();
                // "Merge by hand": keep everything.
                let value = match &field {
                    Target::Answer { .. } => {
                        let mut text = current
                            .as_ref()
                            .and_then(FieldValue::as_text)
                            .unwrap_or("")
                            .to_string();
                        for copy in &copies {
                            text.push_str(copy.as_text().unwrap_or(""));
                            text.push(' ');
                        }
                        FieldValue::Text(text)
                    }
                    _ => {
                        let all: BTreeSet<String> =
                            current.iter().chain(&copies).flat_map(notes).collect();
                        if all.is_empty() {
                            FieldValue::Deleted
                        } else {
                            FieldValue::Json(json!({ "notes": all }))
                        }
                    }
                };
                replica.resolve_conflict(&p, &field, value).unwrap();
            }
            Action::Push {
                client,
                ref net,
                max,
            } => {
                let device = &mut self.devices[client];
                let Some(batch) = device.replica.take_batch("a", max) else {
                    return;
                };
                match net {
                    Net::Failed => device.replica.on_push_failed(),
                    Net::Deliver | Net::Duplicated | Net::Lost { .. } => {
                        let response = self.server.push(&batch).unwrap();
                        match net {
                            Net::Deliver => device.replica.on_push_response(&response),
                            Net::Duplicated => {
                                device.replica.on_push_response(&response);
                                device.replica.on_push_response(&response);
                            }
                            Net::Lost { late } => {
                                device.replica.on_push_failed();
                                if *late {
                                    device.late.push(response);
                                }
                            }
                            Net::Failed => unreachable!(),
                        }
                    }
                }
            }
            Action::DeliverLate { client, pick } => {
                let device = &mut self.devices[client];
                if device.late.is_empty() {
                    return;
                }
                let response = device.late.remove(pick % device.late.len());
                device.replica.on_push_response(&response);
            }
            Action::Pull { client, limit } => {
                let replica = &mut self.devices[client].replica;
                let response = self.server.pull(
                    &PullRequest {
                        account_id: "a".into(),
                        cursor: replica.cursor(),
                    },
                    limit,
                );
                replica.on_pull(&response);
            }
        }
    }

    fn settle(&mut self) {
        for device in &mut self.devices {
            let mut rounds = 0;
            while let Some(batch) = device.replica.take_batch("a", 200) {
                let response = self.server.push(&batch).unwrap();
                device.replica.on_push_response(&response);
                rounds += 1;
                assert!(rounds < 1000, "outbox does not drain");
            }
        }
        for device in &mut self.devices {
            loop {
                let response = self.server.pull(
                    &PullRequest {
                        account_id: "a".into(),
                        cursor: device.replica.cursor(),
                    },
                    7,
                );
                device.replica.on_pull(&response);
                if !response.more {
                    break;
                }
            }
        }
    }

    fn server_states(&self) -> BTreeMap<FieldRef, FieldState> {
        self.server
            .fields()
            .map(|(p, t, s)| (FieldRef::new(p, t.clone()), s.clone()))
            .collect()
    }
}

fn check(world: &World) -> Result<(), TestCaseError> {
    let expected = world.server_states();
    for device in &world.devices {
        let replica = &device.replica;
        prop_assert_eq!(replica.pending_count(), 0);
        let known: BTreeMap<FieldRef, FieldState> = replica
            .server_states()
            .map(|(f, s)| (f.clone(), s.clone()))
            .collect();
        prop_assert_eq!(&known, &expected, "{:?} diverged", replica.client_id());
        for (field, state) in &expected {
            prop_assert_eq!(
                replica.value(&field.portfolio_id, &field.target),
                Some(&state.value)
            );
        }
    }
    for (target, markers) in &world.typed {
        if world.deleted_rows.contains(target) {
            continue;
        }
        let state = world
            .server
            .field(&world.portfolio, target)
            .ok_or_else(|| TestCaseError::fail(format!("{target:?} never arrived")))?;
        let holders: Vec<&FieldValue> = std::iter::once(&state.value)
            .chain(state.conflicts.iter().map(|c| &c.value))
            .collect();
        for marker in markers {
            let survives = holders.iter().any(|v| match v {
                FieldValue::Text(t) => t.contains(marker.as_str()),
                other => notes(other).contains(marker),
            });
            prop_assert!(survives, "{marker} lost from {target:?}: {state:?}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn devices_converge_and_no_typed_text_is_lost(
        actions in proptest::collection::vec(action(), 1..60)
    ) {
        let mut world = World::new();
        for action in &actions {
            world.run(action);
        }
        // Late responses may still arrive after everything settled.
        for device in &mut world.devices {
            for response in std::mem::take(&mut device.late) {
                device.replica.on_push_response(&response);
            }
        }
        world.settle();
        check(&world)?;
    }

    // A replica persisted and restored mid-way (reload of the page) behaves
    // like the original.
    #[test]
    fn persisted_replica_continues_identically(
        actions in proptest::collection::vec(action(), 1..30)
    ) {
        let mut world = World::new();
        for action in &actions {
            world.run(action);
            let device = &mut world.devices[0];
            let json = serde_json::to_string(&device.replica).unwrap();
            device.replica = serde_json::from_str(&json).unwrap();
        }
        world.settle();
        check(&world)?;
    }
}
