//! Prints complete portfolio content (`shared::fixtures`) as JSON, for the
//! browser tests to push through the sync API before they walk submission
//! and assessment in Chromium: `cargo run -q -p shared --features fixtures
//! --example complete_portfolio -- initial full`.
//!
//! Output: `{"targets": [{"target", "value"}], "files": [{"id", "sha256",
//! "text"}]}`; an evidence file's bytes are its `text` (ASCII, a tiny PDF).

use serde_json::json;
use shared::fixtures::{complete, evidence_files, Route};
use shared::framework::PortfolioKind;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kind = match args.first().map(String::as_str) {
        Some("recertification") => PortfolioKind::Recertification,
        _ => PortfolioKind::Initial,
    };
    let route = match args.get(1).map(String::as_str) {
        Some("shortened") => Route::Shortened,
        _ => Route::Full,
    };
    let end_date = args.get(2).cloned().unwrap_or_else(|| "2027-06-30".into());
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let today = chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .unwrap_or_default()
        .date_naive();
    let targets = complete(kind, route, &end_date, today);
    let files: Vec<_> = evidence_files(&targets)
        .into_iter()
        .map(|(id, sha, bytes)| {
            json!({"id": id, "sha256": sha, "text": String::from_utf8_lossy(&bytes)})
        })
        .collect();
    let targets: Vec<_> = targets
        .into_iter()
        .map(|(target, value)| json!({"target": target, "value": value}))
        .collect();
    println!("{}", json!({"targets": targets, "files": files}));
}
