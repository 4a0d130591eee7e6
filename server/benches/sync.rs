//! Push and pull over loopback against the real server, for `make bench`
//! (scripts/bench.sh writes the output into BENCHMARKS.md).
//!
//! For every database URL given in `BENCH_DATABASES` (space-separated;
//! `sqlite` means a fresh temporary file, a `postgres://` URL is an admin
//! connection in which a fresh database is created) it starts the real
//! router on 127.0.0.1 with an ephemeral port, signs in a bench candidate
//! (user and session written directly to the database), and measures with
//! one client on one keep-alive connection, as one browser would:
//!
//! - push of batches of 1, 10 and 100 answer edits (each mutation based on
//!   the current version, so each is applied: the full write path with a
//!   durable commit per request);
//! - pull of pages of 1, 10 and 100 changes;
//! - `GET /api/health` (one `SELECT 1`), the stack's ceiling for one
//!   request on the same server and connection;
//! - upload and download of 20 MiB evidence files against a raw write
//!   (fsync) and read of the same bytes, and the process's peak memory;
//! - the database's own limits in the same run, on the same pool settings
//!   (same file, WAL + synchronous=FULL; same PostgreSQL, synchronous_commit
//!   on): a raw loop of single-row durable commits (one ~300-byte row per
//!   transaction, one after another) and of 100-row transactions;
//! - many devices: 32 candidates, each with their own session, portfolio
//!   and keep-alive connection, pushing one edit per request at once
//!   (closed loop: the most the server acknowledges), then an open loop at
//!   half that rate (requests sent on a fixed schedule; latency counted
//!   from the scheduled send, so a queue shows).
//!
//! Request counts are fixed, so the run stops by itself. Prints Markdown.

use serde_json::{json, Value};
use server::auth::accounts::{self, Account};
use server::config::Config;
use server::db::{now, Db};
use server::policy::Role;
use server::state::AppState;
use shared::sync::{
    ClientId, FieldValue, Mutation, MutationId, Op, PortfolioId, PullResponse, PushRequest,
    PushResponse, Target,
};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use uuid::Uuid;

const ORIGIN: &str = "http://localhost:3000";
const WARM_UP: usize = 30;
/// (batch size, requests): about the same work per size, bounded time.
const PUSH_RUNS: [(usize, usize); 3] = [(1, 400), (10, 200), (100, 60)];
const PULL_RUNS: [(usize, usize); 3] = [(1, 400), (10, 400), (100, 200)];
const HEALTH_REQUESTS: usize = 2000;
/// Raw commit loops: single-row transactions, and 100-row transactions.
const RAW_COMMITS: usize = 2000;
const RAW_BATCHES: usize = 100;
const RAW_BATCH_ROWS: usize = 100;
/// Many devices: how many, and how many pushes each sends per run.
const DEVICES: usize = 32;
const PUSHES_PER_DEVICE: usize = 150;
/// The open loop at half the measured maximum runs this long.
const HALF_LOAD_SECS: f64 = 3.0;
/// A paragraph of a typical answer.
const TEXT: &str = "Ik begeleid een werknemer met een arbeidsbeperking bij een groothandel. \
    In het eerste gesprek hebben we samen met de leidinggevende de taken en de \
    ondersteuningsbehoefte in kaart gebracht. Daarna heb ik een werkplan opgesteld \
    en afspraken gemaakt over de evaluatiemomenten.";

fn main() {
    let databases = std::env::var("BENCH_DATABASES").unwrap_or_else(|_| "sqlite".into());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        for database in databases.split_whitespace() {
            bench(database).await;
        }
    });
}

struct Stats {
    requests: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Stats {
    fn per_second(&self, per_request: usize) -> f64 {
        (self.requests * per_request) as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[index]
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

async fn bench(database: &str) {
    let _dir;
    let url = if database == "sqlite" {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/bench.db", dir.path().display());
        _dir = Some(dir);
        url
    } else {
        _dir = None;
        fresh_postgres(database).await
    };
    let db = Db::connect(&url).await.expect("connect and migrate");
    let (cookie, account_id) = sign_in_bench_user(&db).await;
    let config = Config::for_tests(&url);
    let app = server::routes::router(AppState::new(db.clone(), &config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });

    let mut client = Client::connect(addr, cookie).await;
    let created = client
        .send(
            "POST",
            "/api/portfolios",
            Some(&json!({"account_id": account_id, "kind": "initial"})),
        )
        .await;
    let portfolio = PortfolioId(created["id"].as_str().expect("portfolio id").to_string());
    let mut writer = Writer {
        account_id: account_id.clone(),
        client_id: ClientId(Uuid::new_v4().to_string()),
        next_seq: 1,
        portfolio,
        versions: HashMap::new(),
        round: 0,
    };

    println!("### {}\n", db.kind.name());

    for _ in 0..WARM_UP {
        client.send("GET", "/api/health", None).await;
        writer.push(&mut client, 10).await;
    }
    let mut timer = Timer::new(HEALTH_REQUESTS);
    for _ in 0..HEALTH_REQUESTS {
        let t = Instant::now();
        client.send("GET", "/api/health", None).await;
        timer.record(t);
    }
    let health = timer.finish();
    let ceiling = health.per_second(1);

    let mut rows = Vec::new();
    for (batch, requests) in PUSH_RUNS {
        let mut timer = Timer::new(requests);
        for _ in 0..requests {
            let t = Instant::now();
            writer.push(&mut client, batch).await;
            timer.record(t);
        }
        let stats = timer.finish();
        rows.push(("push", batch, stats));
    }
    // Make sure at least 100 targets exist so every pull page is full.
    writer.push(&mut client, 100).await;
    let feed: PullResponse = serde_json::from_value(
        client
            .send(
                "POST",
                "/api/sync/pull",
                Some(&json!({"account_id": account_id, "cursor": 0})),
            )
            .await,
    )
    .expect("pull response");
    let seqs: Vec<u64> = feed.changes.iter().map(|c| c.seq).collect();
    for (page, requests) in PULL_RUNS {
        assert!(seqs.len() >= page, "not enough changes to pull");
        let cursor = seqs.len().checked_sub(page + 1).map_or(0, |i| seqs[i]);
        let mut timer = Timer::new(requests);
        for _ in 0..requests {
            let t = Instant::now();
            let body = client
                .send(
                    "POST",
                    "/api/sync/pull",
                    Some(&json!({ "account_id": account_id, "cursor": cursor })),
                )
                .await;
            timer.record(t);
            assert_eq!(body["changes"].as_array().map(Vec::len), Some(page));
        }
        let stats = timer.finish();
        rows.push(("pull", page, stats));
    }

    let raw = raw_limits(&db).await;
    println!("Physical limits, same database and settings, same run (no server, no HTTP):\n");
    println!("| raw loop | transactions | rows/s | p50 ms | p99 ms |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    println!(
        "| single-row durable commit (INSERT ~300 bytes, own transaction) | {} | {:.0} | {} | {} |",
        raw.single.requests,
        raw.single.per_second(1),
        ms(raw.single.percentile(0.5)),
        ms(raw.single.percentile(0.99)),
    );
    println!(
        "| {RAW_BATCH_ROWS}-row transaction (one multi-row INSERT + durable commit) | {} | {:.0} | {} | {} |\n",
        raw.batched.requests,
        raw.batched.per_second(RAW_BATCH_ROWS),
        ms(raw.batched.percentile(0.5)),
        ms(raw.batched.percentile(0.99)),
    );
    let raw_single = raw.single.per_second(1);
    let raw_rows = raw.batched.per_second(RAW_BATCH_ROWS);

    println!("One device, requests one after another:\n");
    println!("| operation | batch | requests | mutations or changes/s | requests/s | p50 ms | p99 ms | requests/s vs. health | vs. raw limit |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (operation, batch, stats) in &rows {
        // A push of one edit against single-row commits; larger batches
        // against rows per second in 100-row transactions.
        let vs_raw = match (*operation, *batch) {
            ("push", 1) => format!(
                "{:.0} % of {raw_single:.0} commits/s",
                100.0 * stats.per_second(1) / raw_single
            ),
            ("push", b) => format!(
                "{:.1} % of {raw_rows:.0} rows/s",
                100.0 * stats.per_second(b) / raw_rows
            ),
            _ => "–".to_string(),
        };
        println!(
            "| {operation} | {batch} | {} | {:.0} | {:.0} | {} | {} | {:.0} % | {vs_raw} |",
            stats.requests,
            stats.per_second(*batch),
            stats.per_second(1),
            ms(stats.percentile(0.5)),
            ms(stats.percentile(0.99)),
            100.0 * stats.per_second(1) / ceiling,
        );
    }
    println!(
        "| health | – | {} | – | {:.0} | {} | {} | 100 % | – |\n",
        health.requests,
        ceiling,
        ms(health.percentile(0.5)),
        ms(health.percentile(0.99)),
    );

    bench_devices(&db, addr, raw_single).await;

    bench_files(&mut client, &writer.portfolio.0).await;

    server.abort();
    db.close().await;
}

/// The database's own durable commit rates, through the same pool (same
/// file and pragmas, or the same PostgreSQL with synchronous_commit on):
/// no server, no HTTP, no sync bookkeeping. Each statement is its own
/// transaction, so each returns only after its commit is on disk.
struct Raw {
    single: Stats,
    batched: Stats,
}

async fn raw_limits(db: &Db) -> Raw {
    sqlx::query("CREATE TABLE bench_raw (n BIGINT NOT NULL, body TEXT NOT NULL)")
        .execute(&db.pool)
        .await
        .expect("raw table");
    // About 300 bytes, like one pushed answer.
    let body = format!("{TEXT} Versie 1.");
    let single = |n: usize| {
        sqlx::query("INSERT INTO bench_raw (n, body) VALUES ($1, $2)")
            .bind(n as i64)
            .bind(body.clone())
            .execute(&db.pool)
    };
    for n in 0..WARM_UP {
        single(n).await.expect("raw insert");
    }
    let mut timer = Timer::new(RAW_COMMITS);
    for n in 0..RAW_COMMITS {
        let t = Instant::now();
        single(n).await.expect("raw insert");
        timer.record(t);
    }
    let single_stats = timer.finish();

    let values = (0..RAW_BATCH_ROWS)
        .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("INSERT INTO bench_raw (n, body) VALUES {values}");
    let mut timer = Timer::new(RAW_BATCHES);
    for b in 0..RAW_BATCHES {
        let t = Instant::now();
        let mut query = sqlx::query(&sql);
        for i in 0..RAW_BATCH_ROWS {
            query = query
                .bind((b * RAW_BATCH_ROWS + i) as i64)
                .bind(body.clone());
        }
        query.execute(&db.pool).await.expect("raw batch");
        timer.record(t);
    }
    let batched = timer.finish();
    sqlx::query("DROP TABLE bench_raw")
        .execute(&db.pool)
        .await
        .expect("drop raw table");
    Raw {
        single: single_stats,
        batched,
    }
}

/// Many devices at once: `DEVICES` candidates, each with their own session,
/// portfolio and keep-alive connection, each pushing one edit per request
/// (on the same answer, each based on the version it was told last).
/// First a closed loop (every device sends its next push as soon as the
/// previous one is answered): the most the server acknowledges. Then an
/// open loop at half that total rate: every device sends on a fixed
/// schedule, its latency counted from the scheduled moment, so time spent
/// waiting behind a slow answer counts (a closed loop of fewer devices
/// would slow its own sending down instead and hide the queue).
async fn bench_devices(db: &Db, addr: SocketAddr, raw_single: f64) {
    let mut devices = Vec::with_capacity(DEVICES);
    for _ in 0..DEVICES {
        let (cookie, account_id) = sign_in_bench_user(db).await;
        let mut client = Client::connect(addr, cookie).await;
        let created = client
            .send(
                "POST",
                "/api/portfolios",
                Some(&json!({"account_id": account_id, "kind": "initial"})),
            )
            .await;
        let mut writer = Writer {
            account_id,
            client_id: ClientId(Uuid::new_v4().to_string()),
            next_seq: 1,
            portfolio: PortfolioId(created["id"].as_str().expect("portfolio id").to_string()),
            versions: HashMap::new(),
            round: 0,
        };
        for _ in 0..3 {
            writer.push(&mut client, 1).await;
        }
        devices.push((client, writer));
    }

    // Closed loop.
    let started = Instant::now();
    let handles: Vec<_> = devices
        .into_iter()
        .map(|(mut client, mut writer)| {
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(PUSHES_PER_DEVICE);
                for _ in 0..PUSHES_PER_DEVICE {
                    let t = Instant::now();
                    writer.push(&mut client, 1).await;
                    latencies.push(t.elapsed());
                }
                (client, writer, latencies)
            })
        })
        .collect();
    let mut devices = Vec::with_capacity(DEVICES);
    let mut latencies = Vec::new();
    for handle in handles {
        let (client, writer, l) = handle.await.expect("device");
        latencies.extend(l);
        devices.push((client, writer));
    }
    let closed = Stats {
        requests: latencies.len(),
        elapsed: started.elapsed(),
        latencies,
    };
    let max = closed.per_second(1);

    // Open loop at half of it.
    let rate = max / 2.0;
    let interval = Duration::from_secs_f64(DEVICES as f64 / rate);
    let per_device = ((HALF_LOAD_SECS * rate / DEVICES as f64).ceil() as usize).max(1);
    let started = tokio::time::Instant::now() + Duration::from_millis(20);
    let handles: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(i, (mut client, mut writer))| {
            let offset = Duration::from_secs_f64(i as f64 / rate);
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_device);
                for k in 0..per_device {
                    let at = started + offset + interval * k as u32;
                    tokio::time::sleep_until(at).await;
                    writer.push(&mut client, 1).await;
                    latencies.push(at.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for handle in handles {
        latencies.extend(handle.await.expect("device"));
    }
    let half = Stats {
        requests: latencies.len(),
        elapsed: started.elapsed(),
        latencies,
    };

    println!(
        "Many devices: {DEVICES} candidates, each with their own session, portfolio and \
         keep-alive connection, one edit per push (clients and server share the 2 cores):\n"
    );
    println!("| load | pushes | acknowledged edits/s | p50 ms | p99 ms | edits/s vs. raw single-row commits/s |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    println!(
        "| {DEVICES} devices at once (closed loop) | {} | {:.0} | {} | {} | {:.0} % of {raw_single:.0} |",
        closed.requests,
        max,
        ms(closed.percentile(0.5)),
        ms(closed.percentile(0.99)),
        100.0 * max / raw_single,
    );
    println!(
        "| half of that: {rate:.0} pushes/s scheduled over {DEVICES} devices (open loop) | {} | {:.0} | {} | {} | {:.0} % of {raw_single:.0} |\n",
        half.requests,
        half.per_second(1),
        ms(half.percentile(0.5)),
        ms(half.percentile(0.99)),
        100.0 * half.per_second(1) / raw_single,
    );
}

/// Evidence files of 20 MiB (the largest accepted): upload and download
/// through the API against a raw write (with fsync) and read of the same
/// bytes on the same disk in the same run, and how far the process's peak
/// resident memory rose above what it held before (the client's upload
/// buffers were already there; downloads are read in pieces and dropped).
async fn bench_files(client: &mut Client, portfolio: &str) {
    use sha2::Digest;
    const FILE_BYTES: usize = 20 * 1024 * 1024;
    const RUNS: usize = 5;
    let files: Vec<(String, Vec<u8>)> = (0..RUNS)
        .map(|_| {
            let mut bytes = vec![0u8; FILE_BYTES];
            rand::Rng::fill(&mut rand::rng(), &mut bytes[..]);
            bytes[..9].copy_from_slice(b"%PDF-1.7\n");
            bytes[FILE_BYTES - 6..].copy_from_slice(b"%%EOF\n");
            (hex::encode(sha2::Sha256::digest(&bytes)), bytes)
        })
        .collect();

    // The disk's own speed for the same bytes, where the database's files are.
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    for (i, (_, bytes)) in files.iter().enumerate() {
        use std::io::Write;
        let mut f = std::fs::File::create(dir.path().join(i.to_string())).expect("create");
        f.write_all(bytes).expect("write");
        f.sync_all().expect("fsync");
    }
    let raw_write = started.elapsed();
    let started = Instant::now();
    for i in 0..RUNS {
        let read = std::fs::read(dir.path().join(i.to_string())).expect("read");
        assert_eq!(read.len(), FILE_BYTES);
    }
    let raw_read = started.elapsed();

    let rss_before = memory_kib("VmRSS");
    // Linux: writing 5 resets the peak (VmHWM) to the current size.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let started = Instant::now();
    for (sha256, bytes) in &files {
        let code = client
            .put_bytes(
                &format!("/api/portfolios/{portfolio}/files/{sha256}"),
                bytes,
            )
            .await;
        assert_eq!(code, 201, "upload");
    }
    let upload = started.elapsed();
    let started = Instant::now();
    for (sha256, _) in &files {
        let read = client
            .download(&format!("/api/portfolios/{portfolio}/files/{sha256}"))
            .await;
        assert_eq!(read, FILE_BYTES, "download");
    }
    let download = started.elapsed();
    let peak = memory_kib("VmHWM");

    let mib_s = |d: Duration| (RUNS * FILE_BYTES) as f64 / (1024.0 * 1024.0) / d.as_secs_f64();
    println!("Evidence files: {RUNS} files of 20 MiB, one after another on one connection.\n");
    println!("| operation | MiB/s | raw disk MiB/s (same bytes, same run) | share of raw |");
    println!("| --- | ---: | ---: | ---: |");
    println!(
        "| upload (PUT, hashed, sniffed, stored, durable commit) | {:.0} | {:.0} (write + fsync) | {:.0} % |",
        mib_s(upload),
        mib_s(raw_write),
        100.0 * raw_write.as_secs_f64() / upload.as_secs_f64()
    );
    println!(
        "| download (GET, streamed) | {:.0} | {:.0} (read, page cache) | {:.0} % |",
        mib_s(download),
        mib_s(raw_read),
        100.0 * raw_read.as_secs_f64() / download.as_secs_f64()
    );
    match (rss_before, peak) {
        (Some(before), Some(peak)) => println!(
            "\nPeak resident memory of the process during these transfers: {:.1} MiB above the {:.1} MiB it held before (a 20 MiB file is {:.1}× that).\n",
            peak.saturating_sub(before) as f64 / 1024.0,
            before as f64 / 1024.0,
            peak.saturating_sub(before) as f64 / (FILE_BYTES as f64 / 1024.0)
        ),
        _ => println!("\n(No /proc/self/status here: peak memory not measured.)\n"),
    }
}

/// A `Vm…` line of /proc/self/status, in KiB.
fn memory_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Latencies of a fixed number of sequential requests.
struct Timer {
    start: Instant,
    latencies: Vec<Duration>,
}

impl Timer {
    fn new(requests: usize) -> Timer {
        Timer {
            start: Instant::now(),
            latencies: Vec::with_capacity(requests),
        }
    }

    fn record(&mut self, since: Instant) {
        self.latencies.push(since.elapsed());
    }

    fn finish(self) -> Stats {
        Stats {
            requests: self.latencies.len(),
            elapsed: self.start.elapsed(),
            latencies: self.latencies,
        }
    }
}

/// One device editing answers: mutation ids and the versions it learned.
struct Writer {
    account_id: String,
    client_id: ClientId,
    next_seq: u64,
    portfolio: PortfolioId,
    versions: HashMap<Target, u64>,
    round: u64,
}

impl Writer {
    /// Pushes `batch` edits (distinct targets within a batch, as the
    /// replica sends them) and checks that every one was applied: the
    /// initial framework's text answers first, then, past those, rows of
    /// its hours declaration list with as much text (the server refuses
    /// keys the framework does not have).
    async fn push(&mut self, client: &mut Client, batch: usize) {
        use shared::framework::{framework, InputKind, PortfolioKind};
        self.round += 1;
        let questions = || framework(PortfolioKind::Initial).questions();
        let answers: Vec<&str> = questions()
            .filter(|q| q.input == InputKind::Text)
            .map(|q| q.key)
            .collect();
        let rows_list = questions()
            .find(|q| q.input == InputKind::HoursDeclaration)
            .map(|q| q.key)
            .expect("an hours declaration list");
        let text = format!("{TEXT} Versie {}.", self.round);
        let mutations: Vec<Mutation> = (0..batch)
            .map(|i| {
                let (target, value) = match answers.get(i) {
                    Some(key) => (Target::answer(*key), FieldValue::Text(text.clone())),
                    None => (
                        Target::Item {
                            list: rows_list.to_string(),
                            item_id: format!("bench-{i}"),
                        },
                        FieldValue::Json(json!({"description": text, "hours": 1})),
                    ),
                };
                let seq = self.next_seq;
                self.next_seq += 1;
                Mutation {
                    id: MutationId {
                        client_id: self.client_id.clone(),
                        seq,
                    },
                    portfolio_id: self.portfolio.clone(),
                    base_version: self.versions.get(&target).copied().unwrap_or(0),
                    target,
                    op: Op::Set { value },
                }
            })
            .collect();
        let request = PushRequest {
            account_id: self.account_id.clone(),
            client_id: self.client_id.clone(),
            mutations,
        };
        let body = serde_json::to_value(&request).expect("json");
        let response: PushResponse =
            serde_json::from_value(client.send("POST", "/api/sync/push", Some(&body)).await)
                .expect("push response");
        for (result, mutation) in response.results.iter().zip(&request.mutations) {
            assert_eq!(result.outcome, shared::sync::Outcome::Applied, "{result:?}");
            if let Some(state) = &result.state {
                self.versions.insert(mutation.target.clone(), state.version);
            }
        }
    }
}

/// The bench candidate and a session, written directly to the database as
/// a completed passkey sign-in would; returns the Cookie header value and
/// the account id.
async fn sign_in_bench_user(db: &Db) -> (String, String) {
    let id = Uuid::new_v4();
    let mut tx = db.pool.begin().await.expect("begin");
    accounts::create(
        &mut tx,
        &Account {
            id,
            name: "Bench".into(),
            email: format!("bench-{}@example.nl", id.simple()),
            roles: vec![Role::Candidate],
            email_verified: false,
        },
    )
    .await
    .expect("bench account");
    tx.commit().await.expect("commit");
    let token = server::setup::new_token();
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip) \
         VALUES ($1, $2, $3, $3, $4, NULL)",
    )
    .bind(server::setup::hash_token(&token))
    .bind(id.to_string())
    .bind(now())
    .bind(now() + 24 * 60 * 60)
    .execute(&db.pool)
    .await
    .expect("session");
    (
        format!("{}={token}", server::auth::session::cookie_name(false)),
        id.to_string(),
    )
}

async fn fresh_postgres(admin_url: &str) -> String {
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let name = format!("bench_{}", Uuid::new_v4().simple());
    let pool = sqlx::AnyPool::connect(admin_url)
        .await
        .expect("postgres reachable");
    pool.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create bench database");
    pool.close().await;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    format!("{base}/{name}")
}

/// A minimal HTTP/1.1 client on one keep-alive connection: enough for JSON
/// requests to our own server, and no extra dependency whose cost would be
/// measured along.
struct Client {
    stream: BufReader<TcpStream>,
    cookie: String,
}

impl Client {
    async fn connect(addr: SocketAddr, cookie: String) -> Client {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Client {
            stream: BufReader::new(stream),
            cookie,
        }
    }

    /// Uploads `bytes` with PUT; the status code (the body is read and dropped).
    async fn put_bytes(&mut self, path: &str, bytes: &[u8]) -> u16 {
        let head = format!(
            "PUT {path} HTTP/1.1\r\nHost: localhost:3000\r\nOrigin: {ORIGIN}\r\n\
             Cookie: {}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
            self.cookie,
            bytes.len()
        );
        let stream = self.stream.get_mut();
        stream.write_all(head.as_bytes()).await.expect("write");
        stream.write_all(bytes).await.expect("write");
        let (code, length) = self.read_head().await;
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await.expect("body");
        code
    }

    /// GETs `path` and reads the body in pieces without keeping it; its length.
    async fn download(&mut self, path: &str) -> usize {
        let head = format!(
            "GET {path} HTTP/1.1\r\nHost: localhost:3000\r\nCookie: {}\r\n\r\n",
            self.cookie
        );
        self.stream
            .get_mut()
            .write_all(head.as_bytes())
            .await
            .expect("write");
        let (code, length) = self.read_head().await;
        assert_eq!(code, 200, "GET {path}");
        let mut piece = vec![0; 64 * 1024];
        let mut left = length;
        while left > 0 {
            let n = self
                .stream
                .read(&mut piece[..left.min(64 * 1024)])
                .await
                .expect("body");
            assert!(n > 0, "connection closed");
            left -= n;
        }
        length
    }

    /// The status code and Content-Length of a response head.
    async fn read_head(&mut self) -> (u16, usize) {
        let mut status = String::new();
        self.stream.read_line(&mut status).await.expect("status");
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).await.expect("header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().expect("content-length");
                }
            }
        }
        let code = status
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .expect("status code");
        (code, length)
    }

    /// Sends a request and returns the JSON body; panics unless 2xx.
    async fn send(&mut self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let body = body.map(Value::to_string).unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost:3000\r\nOrigin: {ORIGIN}\r\n\
             Cookie: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.cookie,
            body.len()
        );
        let stream = self.stream.get_mut();
        stream.write_all(head.as_bytes()).await.expect("write");
        stream.write_all(body.as_bytes()).await.expect("write");

        let (code, length) = self.read_head().await;
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await.expect("body");
        assert!(
            (200..300).contains(&code),
            "{method} {path}: {code} {}",
            String::from_utf8_lossy(&body)
        );
        serde_json::from_slice(&body).expect("JSON body")
    }
}
