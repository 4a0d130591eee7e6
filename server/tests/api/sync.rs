//! `/api/sync/push` and `/api/sync/pull` against the real database: replay,
//! stale bases (merge and conflict), list rows from two devices, limits,
//! paging, other people's portfolios and concurrent pushes.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use shared::sync::api::PULL_PAGE_SIZE;
use shared::sync::{
    ClientId, FieldState, FieldValue, Mutation, MutationId, Op, Outcome, PortfolioId, PullResponse,
    PushRequest, PushResponse, Target, MAX_BATCH, MAX_TEXT_CHARS,
};
use support::{Reply, TestApp, User};

async fn portfolio(app: &TestApp, user: &User) -> PortfolioId {
    PortfolioId(app.create_portfolio(user, "initial").await)
}

/// One device: its client id and mutation counter.
struct Device {
    id: ClientId,
    next: u64,
}

impl Device {
    fn new(name: &str) -> Self {
        Device {
            id: ClientId(format!("{name}-{}", uuid::Uuid::new_v4())),
            next: 1,
        }
    }

    fn set(&mut self, p: &PortfolioId, target: Target, base: u64, value: FieldValue) -> Mutation {
        self.op(p, target, base, Op::Set { value })
    }

    fn op(&mut self, p: &PortfolioId, target: Target, base: u64, op: Op) -> Mutation {
        let seq = self.next;
        self.next += 1;
        Mutation {
            id: MutationId {
                client_id: self.id.clone(),
                seq,
            },
            portfolio_id: p.clone(),
            target,
            base_version: base,
            op,
        }
    }
}

/// A push of one device's mutations (the client id is theirs). The account
/// is left blank: [`push_raw`] sends the signing-in user's unless one is set.
fn batch(mutations: Vec<Mutation>) -> PushRequest {
    PushRequest {
        account_id: String::new(),
        client_id: mutations[0].id.client_id.clone(),
        mutations,
    }
}

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.to_string())
}

async fn push_raw(app: &TestApp, user: &User, request: &PushRequest) -> Reply {
    let mut body = serde_json::to_value(request).unwrap();
    if request.account_id.is_empty() {
        body["account_id"] = json!(user.id);
    }
    app.as_user(user, Method::POST, "/api/sync/push", Some(&body))
        .await
}

async fn push(app: &TestApp, user: &User, request: &PushRequest) -> PushResponse {
    let reply = push_raw(app, user, request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

async fn pull(app: &TestApp, user: &User, cursor: u64) -> PullResponse {
    let reply = app
        .as_user(
            user,
            Method::POST,
            "/api/sync/pull",
            Some(&json!({ "account_id": user.id, "cursor": cursor })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

async fn detail(app: &TestApp, user: &User, p: &PortfolioId) -> Value {
    let reply = app
        .as_user(user, Method::GET, &format!("/api/portfolios/{}", p.0), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

/// Everything the sync tables hold, to compare before and after.
async fn snapshot(app: &TestApp) -> (i64, Vec<(String, String, String, i64)>, i64, i64) {
    let counter: i64 = sqlx::query_scalar("SELECT seq FROM sync_counter")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let fields: Vec<(String, String, String, i64)> =
        sqlx::query_as("SELECT target_key, item_id, value, version FROM sync_field ORDER BY seq")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let versions = app.count("SELECT COUNT(*) FROM sync_field_version").await;
    let applied = app.count("SELECT COUNT(*) FROM sync_applied").await;
    (counter, fields, versions, applied)
}

fn state(result: &shared::sync::MutationResult) -> &FieldState {
    result.state.as_ref().expect("state")
}

#[tokio::test]
async fn pushed_content_shows_in_the_portfolio_and_the_pull() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let request = batch(vec![
        laptop.set(
            &p,
            Target::answer("initial.c1.task2.q3"),
            0,
            text("Ik begeleid Piet."),
        ),
        laptop.set(
            &p,
            Target::value("initial.route"),
            0,
            FieldValue::Json(json!({"application_date": "2025-03-01"})),
        ),
        laptop.set(
            &p,
            Target::item("initial.b1.q1", "row-1"),
            0,
            FieldValue::Json(json!({"hours": 800})),
        ),
    ]);
    let response = push(&app, &anna, &request).await;
    assert_eq!(response.results.len(), 3);
    for (result, mutation) in response.results.iter().zip(&request.mutations) {
        assert_eq!(result.id, mutation.id);
        assert_eq!(result.outcome, Outcome::Applied);
        assert!(!result.duplicate);
        assert_eq!(state(result).version, 1);
    }

    let d = detail(&app, &anna, &p).await;
    assert_eq!(
        d["answers"],
        json!({"initial.c1.task2.q3": "Ik begeleid Piet."})
    );
    assert_eq!(
        d["values"],
        json!({"initial.route": {"application_date": "2025-03-01"}})
    );
    assert_eq!(
        d["lists"],
        json!({"initial.b1.q1": [{"id": "row-1", "value": {"hours": 800}, "version": 1}]})
    );
    assert_eq!(
        d["versions"],
        json!({"answers": {"initial.c1.task2.q3": 1}, "values": {"initial.route": 1}})
    );

    let feed = pull(&app, &anna, 0).await;
    assert_eq!(feed.changes.len(), 3);
    assert!(!feed.more);
    assert_eq!(feed.cursor, feed.changes[2].seq);
    assert!(feed.changes.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(
        feed.changes[0].target,
        Target::answer("initial.c1.task2.q3")
    );
    assert_eq!(feed.changes[0].state.value, text("Ik begeleid Piet."));
    assert!(pull(&app, &anna, feed.cursor).await.changes.is_empty());
}

#[tokio::test]
async fn a_replayed_batch_changes_nothing_and_answers_the_stored_results() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let mut phone = Device::new("phone");
    let key = "initial.c1.task1.q1";
    let request = batch(vec![
        laptop.set(&p, Target::answer(key), 0, text("Eerste versie.")),
        // A rejection is recorded too, and replays as the same rejection.
        laptop.set(&p, Target::answer("initial.x"), 0, FieldValue::Deleted),
    ]);
    let first = push(&app, &anna, &request).await;
    assert!(matches!(first.results[1].outcome, Outcome::Rejected { .. }));
    // Someone else moves the field on before the replay arrives.
    push(
        &app,
        &anna,
        &batch(vec![phone.set(
            &p,
            Target::answer(key),
            1,
            text("Tweede versie."),
        )]),
    )
    .await;
    let before = snapshot(&app).await;

    let again = push(&app, &anna, &request).await;
    assert_eq!(again.results.len(), 2);
    for (replayed, original) in again.results.iter().zip(&first.results) {
        assert!(replayed.duplicate);
        assert_eq!(replayed.outcome, original.outcome);
    }
    // Only the outcome is stored: the replay carries the current state,
    // which descends from the one answered then.
    assert_eq!(
        again.results[0]
            .state
            .as_ref()
            .map(|s| (s.version, s.value.clone())),
        Some((2, text("Tweede versie.")))
    );
    assert_eq!(again.results[1].state, None);
    assert_eq!(snapshot(&app).await, before, "the replay stored nothing");
    let d = detail(&app, &anna, &p).await;
    assert_eq!(d["answers"][key], "Tweede versie.");
    assert_eq!(d["versions"]["answers"][key], 2);
}

#[tokio::test]
async fn a_stale_edit_that_does_not_overlap_is_merged() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let (mut laptop, mut phone) = (Device::new("laptop"), Device::new("phone"));
    let key = Target::answer("initial.c1.task2.q1");
    push(
        &app,
        &anna,
        &batch(vec![laptop.set(
            &p,
            key.clone(),
            0,
            text("Een. Twee. Drie."),
        )]),
    )
    .await;
    // Both devices start from version 1; the phone edits the end first.
    push(
        &app,
        &anna,
        &batch(vec![phone.set(
            &p,
            key.clone(),
            1,
            text("Een. Twee. Drie! Vier."),
        )]),
    )
    .await;
    let late = push(
        &app,
        &anna,
        &batch(vec![laptop.set(
            &p,
            key.clone(),
            1,
            text("Nul. Een. Twee. Drie."),
        )]),
    )
    .await;
    assert_eq!(late.results[0].outcome, Outcome::Merged);
    let merged = "Nul. Een. Twee. Drie! Vier.";
    assert_eq!(state(&late.results[0]).value, text(merged));
    assert_eq!(state(&late.results[0]).version, 3);
    let d = detail(&app, &anna, &p).await;
    assert_eq!(d["answers"]["initial.c1.task2.q1"], merged);
    assert_eq!(d["conflicts"], json!([]));
}

#[tokio::test]
async fn an_overlapping_edit_becomes_a_conflict_copy_in_the_portfolio_and_the_pull() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let (mut laptop, mut phone) = (Device::new("laptop"), Device::new("phone"));
    let key = Target::answer("initial.c1.task3.q2");
    push(
        &app,
        &anna,
        &batch(vec![laptop.set(
            &p,
            key.clone(),
            0,
            text("Ik werk in Utrecht."),
        )]),
    )
    .await;
    push(
        &app,
        &anna,
        &batch(vec![phone.set(
            &p,
            key.clone(),
            1,
            text("Ik werk in Zeist."),
        )]),
    )
    .await;
    let stale = laptop.set(&p, key.clone(), 1, text("Ik werk in Amersfoort."));
    let response = push(&app, &anna, &batch(vec![stale.clone()])).await;
    assert_eq!(
        response.results[0].outcome,
        Outcome::Conflict { copy_id: 3 }
    );

    let d = detail(&app, &anna, &p).await;
    assert_eq!(d["answers"]["initial.c1.task3.q2"], "Ik werk in Zeist.");
    assert_eq!(
        d["conflicts"],
        json!([{
            "target": {"kind": "answer", "key": "initial.c1.task3.q2"},
            "value": {"type": "text", "value": "Ik werk in Zeist."},
            "version": 3,
            "copies": [{
                "id": 3,
                "value": {"type": "text", "value": "Ik werk in Amersfoort."},
                "from": {"client_id": laptop.id.0, "seq": stale.id.seq},
            }],
        }])
    );
    let feed = pull(&app, &anna, 0).await;
    assert_eq!(feed.changes.len(), 1);
    assert_eq!(feed.changes[0].state.conflicts.len(), 1);
    assert_eq!(
        feed.changes[0].state.conflicts[0].value,
        text("Ik werk in Amersfoort.")
    );

    // The person resolves with their own combination; the copy closes.
    let resolve = laptop.op(
        &p,
        key,
        3,
        Op::Resolve {
            value: text("Ik werk in Zeist en Amersfoort."),
            resolved: vec![3],
        },
    );
    let resolved = push(&app, &anna, &batch(vec![resolve])).await;
    assert_eq!(resolved.results[0].outcome, Outcome::Applied);
    let d = detail(&app, &anna, &p).await;
    assert_eq!(
        d["answers"]["initial.c1.task3.q2"],
        "Ik werk in Zeist en Amersfoort."
    );
    assert_eq!(d["conflicts"], json!([]));
}

#[tokio::test]
async fn list_rows_added_on_two_devices_both_survive() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let (mut laptop, mut phone) = (Device::new("laptop"), Device::new("phone"));
    let list = "initial.b1.q1";
    let a = uuid::Uuid::new_v4().to_string();
    let b = uuid::Uuid::new_v4().to_string();
    push(
        &app,
        &anna,
        &batch(vec![laptop.set(
            &p,
            Target::item(list, &a),
            0,
            FieldValue::Json(json!({"hours": 100})),
        )]),
    )
    .await;
    let second = push(
        &app,
        &anna,
        &batch(vec![phone.set(
            &p,
            Target::item(list, &b),
            0,
            FieldValue::Json(json!({"hours": 200})),
        )]),
    )
    .await;
    assert_eq!(second.results[0].outcome, Outcome::Applied);
    let rows = detail(&app, &anna, &p).await["lists"][list].clone();
    let mut ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    ids.sort();
    let mut expected = vec![a.as_str(), b.as_str()];
    expected.sort();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn deleting_a_row_edited_elsewhere_is_a_conflict_not_a_silent_win() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let (mut laptop, mut phone) = (Device::new("laptop"), Device::new("phone"));
    let row = Target::item("initial.b1.q1", "row-1");
    push(
        &app,
        &anna,
        &batch(vec![laptop.set(
            &p,
            row.clone(),
            0,
            FieldValue::Json(json!({"quantity": 2})),
        )]),
    )
    .await;
    push(
        &app,
        &anna,
        &batch(vec![phone.set(
            &p,
            row.clone(),
            1,
            FieldValue::Json(json!({"quantity": 5})),
        )]),
    )
    .await;
    let delete = push(
        &app,
        &anna,
        &batch(vec![laptop.set(&p, row.clone(), 1, FieldValue::Deleted)]),
    )
    .await;
    assert!(matches!(
        delete.results[0].outcome,
        Outcome::Conflict { .. }
    ));
    let d = detail(&app, &anna, &p).await;
    assert_eq!(
        d["lists"]["initial.b1.q1"][0]["value"],
        json!({"quantity": 5}),
        "the edit stays"
    );
    assert_eq!(
        d["conflicts"][0]["copies"][0]["value"],
        json!({"type": "deleted"})
    );

    // And the other way round: an edit of a row deleted meanwhile.
    let row2 = Target::item("initial.b1.q1", "row-2");
    push(
        &app,
        &anna,
        &batch(vec![laptop.set(
            &p,
            row2.clone(),
            0,
            FieldValue::Json(json!({"quantity": 1})),
        )]),
    )
    .await;
    push(
        &app,
        &anna,
        &batch(vec![laptop.set(&p, row2.clone(), 1, FieldValue::Deleted)]),
    )
    .await;
    let edit = push(
        &app,
        &anna,
        &batch(vec![phone.set(
            &p,
            row2.clone(),
            1,
            FieldValue::Json(json!({"quantity": 9})),
        )]),
    )
    .await;
    assert!(matches!(edit.results[0].outcome, Outcome::Conflict { .. }));
    let d = detail(&app, &anna, &p).await;
    let rows = d["lists"]["initial.b1.q1"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "row-2 stays deleted: {d}");
    let open = d["conflicts"].as_array().unwrap();
    let deleted = open
        .iter()
        .find(|c| c["target"]["item_id"] == "row-2")
        .expect("conflict beside the deleted row");
    assert_eq!(deleted["value"], json!({"type": "deleted"}));
    assert_eq!(
        deleted["copies"][0]["value"],
        json!({"type": "json", "value": {"quantity": 9}})
    );
}

#[tokio::test]
async fn a_batch_over_the_limit_is_413_and_stores_nothing() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let mutations = (0..=MAX_BATCH)
        .map(|i| laptop.set(&p, Target::answer(format!("initial.k{i}")), 0, text("a")))
        .collect();
    let reply = push_raw(&app, &anna, &batch(mutations)).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text()
    );
    assert_eq!(reply.error_code(), "payload_too_large");
    assert!(reply.error_message().contains("Te veel wijzigingen"));
    assert_eq!(snapshot(&app).await, (0, vec![], 0, 0));

    // A mutation of another device in the batch: 422, nothing stored.
    let mut other = Device::new("other");
    let foreign = PushRequest {
        account_id: anna.id.clone(),
        client_id: laptop.id.clone(),
        mutations: vec![
            laptop.set(&p, Target::answer("initial.c1.task4.q1"), 0, text("a")),
            other.set(&p, Target::answer("initial.c1.task4.q2"), 0, text("b")),
        ],
    };
    let reply = push_raw(&app, &anna, &foreign).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.error_code(), "invalid_input");
    assert_eq!(snapshot(&app).await, (0, vec![], 0, 0));
}

/// A text over the limit does not fail the batch: it is answered as
/// `rejected` with the Dutch reason (the replica keeps the text and shows
/// the reason), nothing of it is stored, and the rest of the batch is saved.
#[tokio::test]
async fn a_text_over_the_limit_is_rejected_with_a_dutch_reason_and_not_stored() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    let response = push(
        &app,
        &anna,
        &batch(vec![
            laptop.set(&p, Target::answer("initial.c1.task3.q1"), 0, text(&long)),
            laptop.set(&p, Target::answer("initial.c1.task3.q2"), 0, text("Kort.")),
        ]),
    )
    .await;
    match &response.results[0].outcome {
        Outcome::Rejected { reason } => assert!(reason.contains("te lang"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(response.results[0].state, None);
    assert_eq!(response.results[1].outcome, Outcome::Applied);
    let d = detail(&app, &anna, &p).await;
    assert_eq!(d["answers"], json!({"initial.c1.task3.q2": "Kort."}));

    // Long texts at the limit fit in one push, beyond the API's general
    // body limit: two answers of 40 000 four-byte characters (320 kB).
    let emoji = "😀".repeat(40_000);
    let response = push(
        &app,
        &anna,
        &batch(vec![
            laptop.set(&p, Target::answer("initial.c1.task3.q3"), 0, text(&emoji)),
            laptop.set(&p, Target::answer("initial.c1.task3.q4"), 0, text(&emoji)),
        ]),
    )
    .await;
    assert!(response
        .results
        .iter()
        .all(|r| r.outcome == Outcome::Applied));
}

#[tokio::test]
async fn pull_pages_with_cursor_and_more() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let total = PULL_PAGE_SIZE + 100;
    // More targets than the framework has questions: removed list rows.
    let row = |k: usize| Target::item("initial.b1.q1", format!("r{k}"));
    let mut i = 0;
    while i < total {
        let n = MAX_BATCH.min(total - i);
        let mutations = (i..i + n)
            .map(|k| laptop.set(&p, row(k), 0, FieldValue::Deleted))
            .collect();
        push(&app, &anna, &batch(mutations)).await;
        i += n;
    }
    // Changing the first answer again moves it to the end of the feed.
    push(
        &app,
        &anna,
        &batch(vec![laptop.set(
            &p,
            row(0),
            1,
            FieldValue::Json(json!({"id": "r0"})),
        )]),
    )
    .await;

    let first = pull(&app, &anna, 0).await;
    assert_eq!(first.changes.len(), PULL_PAGE_SIZE);
    assert!(first.more);
    assert_eq!(first.cursor, first.changes.last().unwrap().seq);
    let second = pull(&app, &anna, first.cursor).await;
    assert!(!second.more);
    assert_eq!(second.changes.len(), total - PULL_PAGE_SIZE);
    let last = second.changes.last().unwrap();
    assert_eq!(last.target, row(0));
    assert_eq!(last.state.value, FieldValue::Json(json!({"id": "r0"})));
    assert_eq!(last.state.version, 2);
    let mut seen: Vec<u64> = first
        .changes
        .iter()
        .chain(&second.changes)
        .map(|c| c.seq)
        .collect();
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
    seen.dedup();
    assert_eq!(seen.len(), total, "each target once");
    let done = pull(&app, &anna, second.cursor).await;
    assert!(done.changes.is_empty());
    assert_eq!(done.cursor, second.cursor);
}

#[tokio::test]
async fn another_persons_portfolio_cannot_be_pushed_to_or_pulled() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let bert = app.sign_up("Bert", "bert@example.nl").await;
    let annas = portfolio(&app, &anna).await;
    let berts = portfolio(&app, &bert).await;
    let (mut laptop, mut berts_phone) = (Device::new("laptop"), Device::new("phone"));
    push(
        &app,
        &anna,
        &batch(vec![laptop.set(
            &annas,
            Target::answer("initial.c1.task3.q1"),
            0,
            text("Van Anna."),
        )]),
    )
    .await;
    let before = snapshot(&app).await;

    // One mutation for someone else's portfolio refuses the whole batch.
    let request = batch(vec![
        berts_phone.set(
            &berts,
            Target::answer("initial.c1.task3.q1"),
            0,
            text("Van Bert."),
        ),
        berts_phone.set(
            &annas,
            Target::answer("initial.c1.task3.q1"),
            1,
            text("Overschreven."),
        ),
    ]);
    let reply = push_raw(&app, &bert, &request).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text());
    assert_eq!(reply.error_code(), "not_found");
    let unknown = batch(vec![berts_phone.set(
        &PortfolioId(uuid::Uuid::new_v4().to_string()),
        Target::answer("initial.c1.task3.q1"),
        0,
        text("?"),
    )]);
    assert_eq!(
        push_raw(&app, &bert, &unknown).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(snapshot(&app).await, before);

    assert!(pull(&app, &bert, 0).await.changes.is_empty());
    let annas_feed = pull(&app, &anna, 0).await;
    assert_eq!(annas_feed.changes.len(), 1);
    assert_eq!(annas_feed.changes[0].portfolio_id, annas);

    // Bert's own edits arrive in his feed only.
    push(
        &app,
        &bert,
        &batch(vec![berts_phone.set(
            &berts,
            Target::answer("initial.c1.task3.q1"),
            0,
            text("Van Bert."),
        )]),
    )
    .await;
    let berts_feed = pull(&app, &bert, 0).await;
    assert_eq!(berts_feed.changes.len(), 1);
    assert_eq!(berts_feed.changes[0].portfolio_id, berts);
    assert!(pull(&app, &anna, annas_feed.cursor)
        .await
        .changes
        .is_empty());
}

#[tokio::test]
async fn without_a_session_push_and_pull_are_401() {
    let app = TestApp::new().await;
    for path in ["/api/sync/push", "/api/sync/pull"] {
        let body = json!({"account_id": "a", "client_id": "c", "mutations": [], "cursor": 0});
        let reply = app.call(Method::POST, path, Some(&body), None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(reply.error_code(), "unauthorized");
    }
}

#[tokio::test]
async fn concurrent_pushes_to_one_field_are_both_acknowledged_with_consistent_versions() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let (mut laptop, mut phone) = (Device::new("laptop"), Device::new("phone"));
    let key = Target::answer("initial.c2.area1.q1");
    push(
        &app,
        &anna,
        &batch(vec![laptop.set(&p, key.clone(), 0, text("Begin."))]),
    )
    .await;

    let rounds = 5;
    let mut versions = vec![1];
    for round in 0..rounds {
        let a = batch(vec![laptop.set(
            &p,
            key.clone(),
            1,
            text(&format!("Begin. Laptop {round}.")),
        )]);
        let b = batch(vec![phone.set(
            &p,
            key.clone(),
            1,
            text(&format!("Telefoon {round}. Begin.")),
        )]);
        let (ra, rb) = tokio::join!(push(&app, &anna, &a), push(&app, &anna, &b));
        for r in [&ra.results[0], &rb.results[0]] {
            assert!(
                !matches!(r.outcome, Outcome::Rejected { .. }),
                "{:?}",
                r.outcome
            );
            versions.push(state(r).version);
        }
    }
    versions.sort();
    versions.dedup();
    assert_eq!(
        versions,
        (1..=1 + 2 * rounds).collect::<Vec<u64>>(),
        "every push made exactly one new version"
    );
    let stored: Vec<i64> = sqlx::query_scalar(
        "SELECT version FROM sync_field_version WHERE target_key = 'initial.c2.area1.q1' ORDER BY version",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(stored, (1..=1 + 2 * rounds as i64).collect::<Vec<_>>());
    let feed = pull(&app, &anna, 0).await;
    assert_eq!(feed.changes.len(), 1);
    assert_eq!(feed.changes[0].state.version, 1 + 2 * rounds);
    let counter: i64 = sqlx::query_scalar("SELECT seq FROM sync_counter")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(counter as u64, feed.changes[0].seq);
    assert_eq!(counter as u64, 1 + 2 * rounds);
}

#[tokio::test]
async fn a_replay_with_other_content_is_409_mutation_mismatch_and_stores_nothing() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let first = laptop.set(
        &p,
        Target::answer("initial.c1.task1.q1"),
        0,
        text("Eerste."),
    );
    push(&app, &anna, &batch(vec![first.clone()])).await;
    let before = snapshot(&app).await;
    // Same (client_id, seq), another target and text, behind a fresh edit.
    let reused = Mutation {
        target: Target::answer("initial.c1.task2.q1"),
        op: Op::Set {
            value: text("Iets anders."),
        },
        ..first.clone()
    };
    let fresh = laptop.set(&p, Target::answer("initial.c1.task2.q2"), 0, text("Nieuw."));
    let reply = push_raw(&app, &anna, &batch(vec![fresh, reused])).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    assert_eq!(reply.error_code(), "mutation_mismatch");
    assert!(reply.error_message().contains("andere inhoud"));
    assert_eq!(snapshot(&app).await, before, "nothing of the batch stored");
    // The true replay is still a duplicate.
    let again = push(&app, &anna, &batch(vec![first])).await;
    assert!(again.results[0].duplicate);
    assert_eq!(again.results[0].outcome, Outcome::Applied);
}

#[tokio::test]
async fn another_accounts_replica_is_409_account_mismatch_for_push_pull_and_create() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let bert = app.sign_up("Bert", "bert@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let before = snapshot(&app).await;
    let mut tablet = Device::new("tablet");
    // Anna's tab, Bert's session: her drafts must not land in his account.
    let mut request = batch(vec![tablet.set(
        &p,
        Target::answer("initial.c1.task1.q1"),
        0,
        text("Van Anna."),
    )]);
    request.account_id = anna.id.clone();
    let body = json!({"account_id": anna.id, "cursor": 0});
    let create = json!({"account_id": anna.id, "kind": "recertification"});
    let push_body = serde_json::to_value(&request).unwrap();
    for (path, body) in [
        ("/api/sync/push", &push_body),
        ("/api/sync/pull", &body),
        ("/api/portfolios", &create),
    ] {
        let reply = app.as_user(&bert, Method::POST, path, Some(body)).await;
        assert_eq!(
            reply.status,
            StatusCode::CONFLICT,
            "{path}: {}",
            reply.text()
        );
        assert_eq!(reply.error_code(), "account_mismatch", "{path}");
        assert!(reply.error_message().contains("ander account"), "{path}");
    }
    // Not a UUID at all is the same answer.
    let reply = app
        .as_user(
            &anna,
            Method::POST,
            "/api/sync/pull",
            Some(&json!({"account_id": "x", "cursor": 0})),
        )
        .await;
    assert_eq!(reply.error_code(), "account_mismatch");
    assert_eq!(snapshot(&app).await, before);
    let list = app
        .as_user(&bert, Method::GET, "/api/portfolios", None)
        .await
        .json();
    assert_eq!(list["portfolios"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn keys_outside_the_framework_are_rejected_with_a_reason() {
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let response = push(
        &app,
        &anna,
        &batch(vec![
            laptop.set(&p, Target::answer("initial.c1.task1.q1"), 0, text("Ja.")),
            laptop.set(&p, Target::answer("initial.bestaat.niet"), 0, text("Nee.")),
            laptop.set(
                &p,
                Target::item("initial.c1.task1.q1", "r"),
                0,
                FieldValue::Json(json!({})),
            ),
            laptop.set(
                &p,
                Target::value("recertification.certificate_end_date"),
                0,
                FieldValue::Json(json!("2030-01-01")),
            ),
        ]),
    )
    .await;
    let outcomes: Vec<bool> = response
        .results
        .iter()
        .map(|r| matches!(&r.outcome, Outcome::Rejected { reason } if reason.contains("bestaat niet")))
        .collect();
    assert_eq!(outcomes, vec![false, true, true, true]);
    let (_, fields, ..) = snapshot(&app).await;
    assert_eq!(fields.len(), 1);
}

/// Maximal list rows until the next would not fit, then one of exactly the
/// remaining size: at the limit it is stored, one byte over is rejected;
/// shortening is always allowed.
#[tokio::test]
async fn the_portfolio_byte_budget_holds_exactly_at_its_limit() {
    use shared::sync::limits::{field_bytes, MAX_JSON_BYTES, MAX_PORTFOLIO_BYTES};
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let row = |i: usize| Target::item("initial.b1.q1", format!("r{i:04}"));
    // A JSON string of `len` bytes serialized.
    let value = |len: usize| FieldValue::Json(json!("x".repeat(len - 2)));
    let cost = |i: usize, len: usize| {
        field_bytes(
            &row(i),
            Some(&FieldState {
                value: value(len),
                version: 1,
                conflicts: vec![],
            }),
        )
    };
    let full = cost(0, MAX_JSON_BYTES);
    let whole = MAX_PORTFOLIO_BYTES / full;
    let rows: Vec<Mutation> = (0..whole)
        .map(|i| laptop.set(&p, row(i), 0, value(MAX_JSON_BYTES)))
        .collect();
    for chunk in rows.chunks(40) {
        let r = push(&app, &anna, &batch(chunk.to_vec())).await;
        assert!(r.results.iter().all(|r| r.outcome == Outcome::Applied));
    }
    let room = MAX_PORTFOLIO_BYTES - whole * full - (cost(whole, 2) - 2);
    let over = push(
        &app,
        &anna,
        &batch(vec![laptop.set(&p, row(whole), 0, value(room + 1))]),
    )
    .await;
    assert!(
        matches!(&over.results[0].outcome, Outcome::Rejected { reason } if reason.contains("vol")),
        "{over:?}"
    );
    let exact = push(
        &app,
        &anna,
        &batch(vec![laptop.set(&p, row(whole), 0, value(room))]),
    )
    .await;
    assert_eq!(exact.results[0].outcome, Outcome::Applied);
    let stored: i64 = sqlx::query_scalar("SELECT bytes FROM sync_usage WHERE portfolio_id = $1")
        .bind(&p.0)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored as usize, MAX_PORTFOLIO_BYTES);
    let grow = push(
        &app,
        &anna,
        &batch(vec![laptop.set(
            &p,
            row(0),
            1,
            value(MAX_JSON_BYTES - 1).clone(),
        )]),
    )
    .await;
    assert_eq!(
        grow.results[0].outcome,
        Outcome::Applied,
        "shrinking by one byte is allowed"
    );
    let regrow = push(
        &app,
        &anna,
        &batch(vec![laptop.set(&p, row(0), 2, value(MAX_JSON_BYTES))]),
    )
    .await;
    assert_eq!(
        regrow.results[0].outcome,
        Outcome::Applied,
        "back to exactly the limit"
    );
    let again = push(
        &app,
        &anna,
        &batch(vec![laptop.set(&p, row(whole), 1, value(room + 1))]),
    )
    .await;
    assert!(
        matches!(&again.results[0].outcome, Outcome::Rejected { .. }),
        "{again:?}"
    );
}

#[tokio::test]
async fn pruned_history_turns_an_old_base_into_a_conflict_copy() {
    use shared::sync::limits::MAX_VERSIONS_KEPT;
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let key = Target::answer("initial.c1.task1.q1");
    for v in 0..=MAX_VERSIONS_KEPT {
        let t = format!("Zin een. Zin {v}.");
        push(
            &app,
            &anna,
            &batch(vec![laptop.set(&p, key.clone(), v, text(&t))]),
        )
        .await;
    }
    let kept: Vec<i64> = sqlx::query_scalar(
        "SELECT version FROM sync_field_version WHERE portfolio_id = $1 ORDER BY version",
    )
    .bind(&p.0)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let newest = MAX_VERSIONS_KEPT as i64 + 1;
    assert_eq!(kept, (2..=newest).collect::<Vec<_>>());
    let mut phone = Device::new("phone");
    // Based on the oldest kept version: merged.
    let merged = push(
        &app,
        &anna,
        &batch(vec![phone.set(&p, key.clone(), 2, text("Zin EEN. Zin 1."))]),
    )
    .await;
    assert_eq!(merged.results[0].outcome, Outcome::Merged);
    // Based on the pruned one: a conflict copy, the text is kept.
    let stale = push(
        &app,
        &anna,
        &batch(vec![phone.set(
            &p,
            key.clone(),
            1,
            text("Iets heel anders."),
        )]),
    )
    .await;
    assert!(
        matches!(stale.results[0].outcome, Outcome::Conflict { .. }),
        "{stale:?}"
    );
    let state = stale.results[0].state.as_ref().unwrap();
    assert_eq!(
        state.conflicts.last().unwrap().value,
        text("Iets heel anders.")
    );
}

#[tokio::test]
async fn pull_pages_are_bounded_in_bytes_exactly_at_the_limit() {
    use shared::sync::api::{change_bytes, MAX_PULL_PAGE_BYTES};
    use shared::sync::limits::field_bytes;
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let keys = [
        "initial.c1.task2.q1",
        "initial.c1.task2.q2",
        "initial.c1.task2.q3",
        "initial.c1.task2.q4",
        "initial.c1.task2.q5",
        "initial.c1.task2.q6",
        "initial.c1.task2.q7",
        "initial.c1.task2.q8",
        "initial.c1.task3.q1",
        "initial.c1.task3.q2",
        "initial.c1.task3.q3",
        "initial.c1.task3.q4",
    ];
    let cost = |key: &str, len: usize| {
        field_bytes(
            &Target::answer(key),
            Some(&FieldState {
                value: text(&"x".repeat(len)),
                version: 1,
                conflicts: vec![],
            }),
        )
    };
    let whole = keys
        .iter()
        .scan(0, |sum, k| {
            *sum += cost(k, MAX_TEXT_CHARS);
            Some(*sum)
        })
        .take_while(|s| *s <= MAX_PULL_PAGE_BYTES)
        .count();
    let used: usize = keys[..whole].iter().map(|k| cost(k, MAX_TEXT_CHARS)).sum();
    let last = keys[whole];
    let last_len = MAX_PULL_PAGE_BYTES - used - cost(last, 0);
    let mut mutations: Vec<Mutation> = keys[..whole]
        .iter()
        .map(|k| laptop.set(&p, Target::answer(*k), 0, text(&"x".repeat(MAX_TEXT_CHARS))))
        .collect();
    mutations.push(laptop.set(&p, Target::answer(last), 0, text(&"x".repeat(last_len))));
    mutations.push(laptop.set(&p, Target::answer(keys[whole + 1]), 0, text("1")));
    for chunk in mutations.chunks(4) {
        push(&app, &anna, &batch(chunk.to_vec())).await;
    }
    let page = pull(&app, &anna, 0).await;
    assert_eq!(
        page.changes.iter().map(change_bytes).sum::<usize>(),
        MAX_PULL_PAGE_BYTES
    );
    assert_eq!(page.changes.len(), whole + 1);
    assert!(page.more, "the one byte over goes on the next page");
    let rest = pull(&app, &anna, page.cursor).await;
    assert_eq!(rest.changes.len(), 1);
    assert!(!rest.more);
}

#[tokio::test]
async fn replay_records_older_than_the_retention_are_pruned_and_a_late_replay_still_loses_nothing()
{
    use server::portfolios::sync_store::APPLIED_RETENTION_SECS;
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let mut laptop = Device::new("laptop");
    let mut phone = Device::new("phone");
    let key = "initial.c1.task1.q1";
    let request = batch(vec![laptop.set(
        &p,
        Target::answer(key),
        0,
        text("Laptop."),
    )]);
    push(&app, &anna, &request).await;
    let records = "SELECT COUNT(*) FROM sync_applied";
    assert_eq!(app.count(records).await, 1);

    // Within the retention nothing goes.
    let now = server::db::now();
    let cx = server::housekeeping::Context::of(&app.state);
    let round = server::housekeeping::run_once(&cx, now).await;
    assert_eq!(round.pruned_replays, Some(0));
    assert_eq!(app.count(records).await, 1);

    // Half a year and a day later the records are gone, the phone's edit
    // made meanwhile too.
    push(
        &app,
        &anna,
        &batch(vec![phone.set(
            &p,
            Target::answer(key),
            1,
            text("Laptop. Telefoon."),
        )]),
    )
    .await;
    let round = server::housekeeping::run_once(&cx, now + APPLIED_RETENTION_SECS + 86_400).await;
    assert_eq!(round.pruned_replays, Some(2));
    assert_eq!(app.count(records).await, 0);

    // A replay arriving after that is a new edit of its old base: it merges
    // with what happened since instead of overwriting it.
    let late = push(&app, &anna, &request).await;
    assert!(!late.results[0].duplicate);
    assert!(
        !matches!(late.results[0].outcome, Outcome::Applied),
        "a late replay must not overwrite: {:?}",
        late.results[0].outcome
    );
    let d = detail(&app, &anna, &p).await;
    assert!(d["answers"][key].as_str().unwrap().contains("Telefoon."));
}

/// Many devices of several people push at once (each device its own
/// answer, several rounds): every push is answered with its own results,
/// in its own order, and everything acknowledged is stored, with change
/// numbers that the pull sees in order. A replay with other content sent
/// among them is refused alone.
#[tokio::test]
async fn many_concurrent_pushes_are_each_answered_with_their_own_results_and_all_stored() {
    const PEOPLE: usize = 4;
    const DEVICES: usize = 3;
    const ROUNDS: usize = 4;
    let app = TestApp::new().await;
    let keys: Vec<&str> = shared::framework::framework(shared::framework::PortfolioKind::Initial)
        .questions()
        .filter(|q| q.input == shared::framework::InputKind::Text)
        .map(|q| q.key)
        .take(DEVICES)
        .collect();
    let mut people = Vec::new();
    for i in 0..PEOPLE {
        let user = app
            .sign_up(&format!("Persoon {i}"), &format!("p{i}@example.nl"))
            .await;
        let p = portfolio(&app, &user).await;
        let devices: Vec<Device> = (0..DEVICES)
            .map(|d| Device::new(&format!("p{i}-d{d}")))
            .collect();
        people.push((user, p, devices));
    }
    let mut first = None;
    for round in 0..ROUNDS {
        let mut requests = Vec::new();
        for (i, (user, p, devices)) in people.iter_mut().enumerate() {
            for (d, device) in devices.iter_mut().enumerate() {
                let value = text(&format!("Persoon {i}, apparaat {d}, ronde {round}."));
                let m = device.set(p, Target::answer(keys[d]), round as u64, value);
                requests.push((&*user, batch(vec![m])));
            }
        }
        // The mismatch: person 0's first mutation id again, other content.
        let (anna, _) = &requests[0];
        let anna = *anna;
        let mismatch = first.clone().map(|m: Mutation| {
            batch(vec![Mutation {
                op: Op::Set {
                    value: text("Iets anders."),
                },
                ..m
            }])
        });
        if first.is_none() {
            first = Some(requests[0].1.mutations[0].clone());
        }
        let replies = futures_util::future::join_all(
            requests
                .iter()
                .map(|(user, request)| push_raw(&app, user, request)),
        );
        let refused = async {
            match &mismatch {
                Some(request) => Some(push_raw(&app, anna, request).await),
                None => None,
            }
        };
        let (replies, refused) = tokio::join!(replies, refused);
        if let Some(refused) = refused {
            assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text());
            assert_eq!(refused.error_code(), "mutation_mismatch");
        }
        for ((_, request), reply) in requests.iter().zip(replies) {
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
            let response: PushResponse = serde_json::from_slice(&reply.body).unwrap();
            assert_eq!(response.results.len(), 1);
            let (m, r) = (&request.mutations[0], &response.results[0]);
            assert_eq!(r.id, m.id, "each push gets its own answer");
            assert_eq!(r.outcome, Outcome::Applied, "{r:?}");
            assert!(!r.duplicate);
            let Op::Set { value } = &m.op else {
                unreachable!()
            };
            assert_eq!(&state(r).value, value);
            assert_eq!(state(r).version, round as u64 + 1);
        }
    }
    // Stored: every person's pull has their last round, numbered in order.
    let mut all_seqs = Vec::new();
    for (i, (user, _, _)) in people.iter().enumerate() {
        let feed = pull(&app, user, 0).await;
        assert_eq!(feed.changes.len(), DEVICES);
        for change in &feed.changes {
            let d = keys
                .iter()
                .position(|k| change.target == Target::answer(*k))
                .expect("a device's key");
            assert_eq!(
                change.state.value,
                text(&format!("Persoon {i}, apparaat {d}, ronde {}.", ROUNDS - 1))
            );
            assert_eq!(change.state.version, ROUNDS as u64);
            all_seqs.push(change.seq);
        }
    }
    let changes = (PEOPLE * DEVICES * ROUNDS) as i64;
    let counter: i64 = sqlx::query_scalar("SELECT seq FROM sync_counter")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(counter, changes, "one change number per applied push");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sync_field_version").await,
        changes
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sync_applied").await,
        changes
    );
    all_seqs.sort();
    all_seqs.dedup();
    assert_eq!(all_seqs.len(), PEOPLE * DEVICES);
}

/// Several pushes committed as ONE group (as the queue forms them when
/// they arrive together): each is answered as if it had been committed
/// alone after the ones before it; a replay with other content refuses
/// only its own push; a push that fails in the database (a portfolio that
/// does not exist breaks a foreign key) fails alone, and the rest is
/// stored.
#[tokio::test]
async fn a_group_commit_answers_each_push_as_if_alone_and_a_failing_push_fails_alone() {
    use server::portfolios::sync_store::{self, PushError};
    use shared::framework::PortfolioKind;
    use std::collections::HashMap;
    let app = TestApp::new().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let kinds: HashMap<String, PortfolioKind> = [(p.0.clone(), PortfolioKind::Initial)].into();
    let user = uuid::Uuid::parse_str(&anna.id).unwrap();
    let (mut laptop, mut phone) = (Device::new("laptop"), Device::new("phone"));
    let key = Target::answer("initial.c2.area1.q1");
    let other = Target::answer("initial.c1.task2.q2");
    let a1 = laptop.set(&p, key.clone(), 0, text("Begin."));
    let pushes = [
        batch(vec![a1.clone()]),
        // The same field from another device on the same (empty) base.
        batch(vec![phone.set(&p, key.clone(), 0, text("Telefoon."))]),
        // A replay of a1 with other content: refused, alone.
        batch(vec![
            laptop.set(&p, other.clone(), 0, text("Niet opgeslagen.")),
            Mutation {
                op: Op::Set {
                    value: text("Anders."),
                },
                ..a1.clone()
            },
        ]),
        // A true replay of a1: a duplicate, with the state after the
        // phone's push.
        batch(vec![a1.clone()]),
        // A portfolio that does not exist: fails in the database.
        batch(vec![laptop.set(
            &PortfolioId("bestaat-niet".into()),
            key.clone(),
            0,
            text("Nergens."),
        )]),
        batch(vec![laptop.set(
            &p,
            other.clone(),
            0,
            text("Wel opgeslagen."),
        )]),
    ];
    let group: Vec<(uuid::Uuid, &HashMap<String, PortfolioKind>, &PushRequest)> =
        pushes.iter().map(|r| (user, &kinds, r)).collect();
    let answers = sync_store::push_group(&app.db, &group).await;
    assert_eq!(answers.len(), pushes.len());
    // The reference server, one push after another (it has no foreign
    // keys, so the failing push is left out).
    let mut reference = shared::sync::InMemoryServer::new();
    reference.add_portfolio(p.clone(), PortfolioKind::Initial);
    for (i, request) in pushes.iter().enumerate() {
        match (&answers[i], i) {
            (Err(PushError::Db(_)), 4) => {}
            (answer, 4) => panic!("the push to no portfolio: {answer:?}"),
            (Ok(response), _) => {
                assert_eq!(Ok(response.clone()), reference.push(request), "push {i}")
            }
            (Err(PushError::Mismatch(r)), _) => {
                assert_eq!(Err(r.clone()), reference.push(request), "push {i}")
            }
            (Err(e), _) => panic!("push {i}: {e}"),
        }
    }
    assert!(matches!(&answers[2], Err(PushError::Mismatch(_))));
    let replay = answers[3].as_ref().expect("the replay");
    assert!(replay.results[0].duplicate);
    assert_eq!(
        state(&replay.results[0]).version,
        2,
        "the state after the phone's push"
    );

    let feed = pull(&app, &anna, 0).await;
    let stored: Vec<(Target, FieldValue, u64)> = feed
        .changes
        .iter()
        .map(|c| (c.target.clone(), c.state.value.clone(), c.state.version))
        .collect();
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert_eq!(stored[0].0, key);
    assert_eq!(stored[0].2, 2);
    assert_eq!(stored[1], (other, text("Wel opgeslagen."), 1));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sync_applied").await,
        3,
        "a1, the phone's and the last: nothing of the refused or failed pushes"
    );
}

/// Two server instances on one database, each grouping its own pushes:
/// the counter lock still orders them, so every change number is used
/// once and the feed misses nothing.
#[tokio::test]
async fn pushes_through_two_instances_at_once_keep_the_change_numbers_in_order() {
    let app = TestApp::new().await;
    let second = app.second_instance().await;
    let anna = app.sign_up("Anna", "anna@example.nl").await;
    let p = portfolio(&app, &anna).await;
    let keys: Vec<&str> = shared::framework::framework(shared::framework::PortfolioKind::Initial)
        .questions()
        .filter(|q| q.input == shared::framework::InputKind::Text)
        .map(|q| q.key)
        .take(6)
        .collect();
    let mut devices: Vec<Device> = (0..keys.len())
        .map(|d| Device::new(&format!("d{d}")))
        .collect();
    for round in 0..3u64 {
        let requests: Vec<PushRequest> = devices
            .iter_mut()
            .zip(&keys)
            .map(|(device, key)| {
                batch(vec![device.set(
                    &p,
                    Target::answer(*key),
                    round,
                    text(&format!("Ronde {round}.")),
                )])
            })
            .collect();
        let replies =
            futures_util::future::join_all(requests.iter().enumerate().map(|(i, request)| {
                let instance = if i % 2 == 0 { &app } else { &second };
                push(instance, &anna, request)
            }))
            .await;
        for reply in replies {
            assert_eq!(reply.results[0].outcome, Outcome::Applied);
        }
    }
    let feed = pull(&app, &anna, 0).await;
    assert_eq!(feed.changes.len(), keys.len());
    let counter: i64 = sqlx::query_scalar("SELECT seq FROM sync_counter")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(counter, 3 * keys.len() as i64);
    assert_eq!(
        feed.cursor, counter as u64,
        "the last change is the counter's"
    );
}
