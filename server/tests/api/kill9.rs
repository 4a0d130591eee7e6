//! Durability under faults: several devices push edits to the real server
//! binary while it is killed with SIGKILL and started again, repeatedly, on
//! the test's database (a SQLite file, or PostgreSQL with
//! TEST_DATABASE_URL). Afterwards every acknowledged edit must be on the
//! server, and every acknowledged batch, sent again, must get the same
//! outcomes marked as duplicates.
//!
//! A device that gets no answer (the process died mid-request) keeps its
//! batch and sends exactly the same batch again after the restart, as the
//! browser's outbox does: the server either committed it (and answers the
//! replay as a duplicate) or did not (and applies it now). Either way the
//! device learns one answer per mutation.
//!
//! Bounded: a fixed number of kills, each after a fixed count of
//! acknowledged batches (not a time), and a start-up deadline per restart.

use crate::support;

use serde_json::json;
use shared::framework::{framework, InputKind, PortfolioKind};
use shared::sync::{
    ClientId, FieldValue, Mutation, MutationId, Op, Outcome, PortfolioId, PullResponse,
    PushRequest, PushResponse, Target,
};
use std::collections::HashMap;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use support::{TestApp, ORIGIN};
use tokio::process::{Child, Command};

const DEVICES: usize = 4;
const KILLS: u64 = 16;
/// Acknowledged batches (over all devices) between two kills.
const BATCHES_BETWEEN_KILLS: u64 = 6;
/// Answer keys per device; each batch sets one to three of its own.
const KEYS_PER_DEVICE: usize = 2;

/// Text answers of the initial framework, `KEYS_PER_DEVICE` for each device.
fn answer_keys() -> Vec<&'static str> {
    let keys: Vec<&'static str> = framework(PortfolioKind::Initial)
        .questions()
        .filter(|q| q.input == InputKind::Text)
        .map(|q| q.key)
        .take(DEVICES * KEYS_PER_DEVICE)
        .collect();
    assert_eq!(
        keys.len(),
        DEVICES * KEYS_PER_DEVICE,
        "enough text questions"
    );
    keys
}

/// The real server process, started on the test's database.
struct Server {
    child: Option<Child>,
    port: u16,
    database_url: String,
}

impl Server {
    async fn start(database_url: &str) -> Server {
        let port = free_port();
        let mut server = Server {
            child: None,
            port,
            database_url: database_url.to_string(),
        };
        server.spawn().await;
        server
    }

    async fn spawn(&mut self) {
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("PORT", self.port.to_string())
            .env("DATABASE_URL", &self.database_url)
            .env("PUBLIC_ORIGIN", ORIGIN)
            .env("RUST_LOG", "error")
            .env("LEPTOS_SITE_ROOT", std::env::temp_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("start the server binary");
        self.child = Some(child);
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(reply) = client.get(self.url("/api/health")).send().await {
                if reply.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not answer /api/health within 30 s of its start");
    }

    /// SIGKILL: no shutdown handler runs, nothing is flushed on the way out.
    async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.expect("SIGKILL the server");
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// What a device knows and has been told.
struct Device {
    name: String,
    keys: Vec<&'static str>,
    client_id: ClientId,
    next_seq: u64,
    versions: HashMap<Target, u64>,
    /// Every batch the server acknowledged, with its answer.
    acked: Vec<(PushRequest, PushResponse)>,
    /// The value the device last had acknowledged, per target.
    last_acked: HashMap<Target, FieldValue>,
    /// Requests that got no answer and were sent again.
    resent: u64,
    /// Answers to a batch sent again that were duplicates: the first
    /// attempt had committed before the process died.
    committed_unanswered: u64,
}

impl Device {
    fn new(index: usize) -> Device {
        let name = format!("apparaat-{index}");
        let keys = answer_keys()[index * KEYS_PER_DEVICE..(index + 1) * KEYS_PER_DEVICE].to_vec();
        Device {
            keys,
            client_id: ClientId(format!("{name}-{}", uuid::Uuid::new_v4())),
            name,
            next_seq: 1,
            versions: HashMap::new(),
            acked: Vec::new(),
            last_acked: HashMap::new(),
            resent: 0,
            committed_unanswered: 0,
        }
    }

    /// The next batch: one to three own answers and, every third batch, a
    /// new list row.
    fn next_batch(&mut self, account_id: &str, portfolio: &PortfolioId, n: u64) -> PushRequest {
        let mut targets: Vec<Target> = (0..1 + n % KEYS_PER_DEVICE as u64)
            .map(|i| self.answer_target((n + i) as usize))
            .collect();
        targets.dedup();
        let mut mutations: Vec<Mutation> = targets
            .into_iter()
            .map(|target| {
                let value = FieldValue::Text(format!("{} schreef versie {n}.", self.name));
                self.mutation(portfolio, target, Op::Set { value })
            })
            .collect();
        if n.is_multiple_of(3) {
            let target = Target::item("initial.b1.q1", format!("{}-row-{n}", self.name));
            let value = FieldValue::Json(json!({ "omschrijving": format!("rij {n}") }));
            mutations.push(self.mutation(portfolio, target, Op::Set { value }));
        }
        PushRequest {
            account_id: account_id.to_string(),
            client_id: self.client_id.clone(),
            mutations,
        }
    }

    fn answer_target(&self, key: usize) -> Target {
        // Each device owns its keys: all devices share one portfolio, but a
        // key is written by one device only, so its last acknowledged value
        // must be exactly what the server holds at the end.
        Target::answer(self.keys[key % KEYS_PER_DEVICE])
    }

    fn mutation(&mut self, portfolio: &PortfolioId, target: Target, op: Op) -> Mutation {
        let seq = self.next_seq;
        self.next_seq += 1;
        Mutation {
            id: MutationId {
                client_id: self.client_id.clone(),
                seq,
            },
            portfolio_id: portfolio.clone(),
            base_version: self.versions.get(&target).copied().unwrap_or(0),
            target,
            op,
        }
    }

    fn learn(&mut self, request: PushRequest, response: PushResponse) {
        assert_eq!(response.results.len(), request.mutations.len());
        if response.results.iter().any(|r| r.duplicate) {
            self.committed_unanswered += 1;
        }
        for (mutation, result) in request.mutations.iter().zip(&response.results) {
            assert_eq!(result.id, mutation.id, "an answer for another mutation");
            assert!(
                matches!(result.outcome, Outcome::Applied),
                "{}: an edit of its own key was not applied: {:?}",
                self.name,
                result.outcome
            );
            let state = result.state.as_ref().expect("an applied edit has a state");
            self.versions.insert(mutation.target.clone(), state.version);
            if let Op::Set { value } = &mutation.op {
                self.last_acked
                    .insert(mutation.target.clone(), value.clone());
            }
        }
        self.acked.push((request, response));
    }
}

/// One push over HTTP: `Some` with the answer, `None` when the server gave
/// none (killed, not started yet). Any other status fails the test.
async fn push(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    request: &PushRequest,
) -> Option<PushResponse> {
    let reply = client
        .post(format!("{base}/api/sync/push"))
        .header("Origin", ORIGIN)
        .header("Cookie", cookie)
        .json(request)
        .send()
        .await
        .ok()?;
    let status = reply.status();
    let body = reply.bytes().await.ok()?;
    if status.is_server_error() {
        // A request cut off mid-commit by the kill may surface as a 5xx
        // from the next process only if it were broken: refuse that.
        panic!("push answered {status}: {}", String::from_utf8_lossy(&body));
    }
    assert_eq!(
        status,
        reqwest::StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&body)
    );
    Some(serde_json::from_slice(&body).expect("a push response"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_edits_survive_sigkill_and_replays_are_duplicates() {
    let app = TestApp::new().await;
    let user = app.sign_up("Kim de Vries", "kim@example.nl").await;
    let cookie = user.cookie.clone().expect("session cookie");
    let portfolio = PortfolioId(app.create_portfolio(&user, "initial").await);

    let mut server = Server::start(&app.config.database_url).await;
    let port = server.port;
    let stop = Arc::new(AtomicBool::new(false));
    let acked_batches = Arc::new(AtomicU64::new(0));

    let mut tasks = Vec::new();
    for d in 0..DEVICES {
        let (stop, acked_batches) = (stop.clone(), acked_batches.clone());
        let (cookie, account, portfolio) = (cookie.clone(), user.id.clone(), portfolio.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .expect("client");
            let base = format!("http://127.0.0.1:{port}");
            let mut device = Device::new(d);
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let request = device.next_batch(&account, &portfolio, n);
                loop {
                    match push(&client, &base, &cookie, &request).await {
                        Some(response) => {
                            device.learn(request, response);
                            acked_batches.fetch_add(1, Ordering::SeqCst);
                            break;
                        }
                        None => {
                            // The same batch again, unchanged, as the outbox does.
                            device.resent += 1;
                            tokio::time::sleep(Duration::from_millis(25)).await;
                        }
                    }
                }
            }
            device
        }));
    }

    for kill in 1..=KILLS {
        let target = kill * BATCHES_BETWEEN_KILLS;
        while acked_batches.load(Ordering::SeqCst) < target {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        // A varying delay moves the kill across the other devices' requests:
        // before, during and after their commits.
        tokio::time::sleep(Duration::from_micros(kill * 373 % 3000)).await;
        server.kill().await;
        server.spawn().await;
    }
    stop.store(true, Ordering::SeqCst);
    let mut devices = Vec::new();
    for task in tasks {
        devices.push(task.await.expect("device task"));
    }
    // One more kill with nothing in flight: what was answered must be on disk.
    server.kill().await;
    server.spawn().await;

    let client = reqwest::Client::new();
    let state = everything(&client, &server, &cookie, &user.id).await;
    let mut mutations = 0;
    let mut replays = 0;
    for device in &devices {
        for (target, value) in &device.last_acked {
            assert_eq!(
                state.get(target),
                Some(value),
                "{}: the acknowledged value of {target:?} is not on the server",
                device.name
            );
        }
        for (request, response) in &device.acked {
            mutations += request.mutations.len();
            let replay = push(&client, &server.url(""), &cookie, request)
                .await
                .expect("the server answers a replay");
            for (first, again) in response.results.iter().zip(&replay.results) {
                assert_eq!(again.id, first.id);
                assert_eq!(again.outcome, first.outcome, "a replay changed its outcome");
                assert!(
                    again.duplicate,
                    "a replay of {:?} was not a duplicate",
                    first.id
                );
            }
            replays += 1;
        }
    }
    let resent: u64 = devices.iter().map(|d| d.resent).sum();
    let committed_unanswered: u64 = devices.iter().map(|d| d.committed_unanswered).sum();
    println!(
        "kill -9: {DEVICES} devices, {KILLS} kills, {} batches ({mutations} edits) acknowledged, \
         {resent} requests sent again after no answer ({committed_unanswered} of those batches \
         had committed before the kill), {replays} replays all duplicates",
        devices.iter().map(|d| d.acked.len()).sum::<usize>()
    );
    assert!(replays as u64 >= KILLS * BATCHES_BETWEEN_KILLS);
    server.kill().await;
}

/// The server's current value of every target of the person's portfolios.
async fn everything(
    client: &reqwest::Client,
    server: &Server,
    cookie: &str,
    account: &str,
) -> HashMap<Target, FieldValue> {
    let mut state = HashMap::new();
    let mut cursor = 0;
    loop {
        let reply = client
            .post(server.url("/api/sync/pull"))
            .header("Origin", ORIGIN)
            .header("Cookie", cookie)
            .json(&json!({ "account_id": account, "cursor": cursor }))
            .send()
            .await
            .expect("pull");
        assert_eq!(reply.status(), reqwest::StatusCode::OK);
        let page: PullResponse = reply.json().await.expect("a pull response");
        for change in page.changes {
            state.insert(change.target, change.state.value);
        }
        cursor = page.cursor;
        if !page.more {
            return state;
        }
    }
}
