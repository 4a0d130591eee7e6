//! Submitting a portfolio and its assessment: one file per page
//! (`submit_page`, `list_page`, `submission_page`) and the panels of the
//! submission page per person concerned (`assessor`, `certifier`,
//! `candidate`), plus the timeline on the home page (`timeline`). What
//! each person may see and do is the server's decision
//! (`shared::assessment::view`); the page shows what it receives.

mod api;
mod assessor;
mod candidate;
mod certifier;
pub mod list_page;
pub mod submission_page;
pub mod submit_page;
pub mod timeline;

pub use list_page::SubmissionsPage;
pub use submission_page::SubmissionPage;
pub use submit_page::SubmitPage;
pub use timeline::MySubmissions;

/// A unix time as `2026-03-01 14:30` (UTC).
pub fn when(ts: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// The title of a section code in a portfolio kind.
pub fn section_title(kind: shared::framework::PortfolioKind, code: &str) -> String {
    shared::framework::framework(kind)
        .sections
        .iter()
        .find(|s| s.code == code)
        .map(|s| format!("{} {}", s.code, s.title))
        .unwrap_or_else(|| code.to_string())
}
