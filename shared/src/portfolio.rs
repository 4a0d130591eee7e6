//! The JSON contract of `/api/portfolios`, and the keys under which a
//! portfolio's content is stored. Content is not a set of columns: every
//! answer, structured value and list row is a sync target
//! ([`crate::sync::Target`]), written through `POST /api/sync/push` and read
//! through `GET /api/portfolios/{id}` or `POST /api/sync/pull`.
//!
//! # Keys
//!
//! Every key starts with the portfolio kind (`initial.` or
//! `recertification.`), so a key names the same thing in every portfolio of
//! that kind.
//!
//! - **Answers** (`Target::Answer`, text, merged three-way): the key of a
//!   [`crate::framework::InputKind::Text`] question, e.g.
//!   `initial.c1.task2.q3`.
//! - **Values** (`Target::Value`, JSON, a stale write conflicts):
//!   - [`ROUTE_KEY`] `initial.route`: the route answers as
//!     [`crate::rules::route::RouteRequest`] JSON.
//!   - [`CERTIFICATE_END_DATE_KEY`] `recertification.certificate_end_date`:
//!     a `"YYYY-MM-DD"` string.
//!   - the key of a `TrajectoryDates` question (`initial.c1.intro.q1`):
//!     [`crate::rules::trajectory::TrajectoryDates`] JSON.
//!   - the key of a `HoursDeclaration` question (`initial.b1.q1`):
//!     `{"currently_working": bool}`; its periods are a list (below).
//!   - the key of a `Declaration` question: `true` once confirmed.
//! - **Lists** (`Target::Item`, one JSON row per client-made UUID): the
//!   list is the key of the question it belongs to; the row is the rule
//!   type the checks take, with its `id` equal to the item id:
//!   - `recertification.b.q1` (PE register): [`crate::rules::pe_points::PeActivity`].
//!   - `recertification.a3_1.q1` (reflection meetings):
//!     [`crate::rules::recertification::ReflectionMeeting`].
//!   - `initial.b1.q1` (hours declaration): [`crate::rules::hours::WorkPeriod`].
//!
//! The server does not interpret values: it stores what the editor sends
//! within the sync limits, so the editor and the rules stay the one place
//! that knows the shapes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::framework::PortfolioKind;
use crate::sync::{ConflictCopy, FieldValue, PortfolioId, Target};

/// Value key of the route answers of an initial portfolio.
pub const ROUTE_KEY: &str = "initial.route";
/// Value key of the end date of the certificate being renewed.
pub const CERTIFICATE_END_DATE_KEY: &str = "recertification.certificate_end_date";

/// `POST /api/portfolios`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct CreatePortfolioRequest {
    /// The account the device's drafts belong to; the server answers
    /// `409 account_mismatch` when the session is another account's.
    pub account_id: String,
    pub kind: PortfolioKind,
    /// A UUID the client made, so a portfolio created offline can be
    /// edited (and its mutations queued) before the server knows it. A
    /// retried create with the same id answers 200 with the portfolio
    /// instead of 409. Without it the server makes one.
    #[serde(default)]
    pub id: Option<PortfolioId>,
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PortfolioStatus {
    /// Being composed; the only status until submission exists.
    Draft,
}

/// A portfolio as listed, and the answer to `POST /api/portfolios`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PortfolioSummary {
    pub id: PortfolioId,
    /// The candidate whose portfolio it is. The browser keeps a copy only
    /// of its own person's portfolios; others (an admin's view) are read
    /// online. Empty from a server that does not say: then not kept.
    #[serde(default)]
    pub owner_id: String,
    pub kind: PortfolioKind,
    /// The framework's `version` when the portfolio was created; the
    /// portfolio keeps it when a newer framework is released.
    pub framework_version: String,
    /// UTC unix seconds.
    pub created_at: i64,
    pub status: PortfolioStatus,
}

/// `GET /api/portfolios`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PortfolioList {
    pub portfolios: Vec<PortfolioSummary>,
}

/// One live row of a list in [`PortfolioDetail::lists`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ListItem {
    /// The client-made item id.
    pub id: String,
    pub value: serde_json::Value,
    pub version: u64,
}

/// The server versions of the answers and values in a
/// [`PortfolioDetail`], by key; list rows carry their own.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Versions {
    pub answers: BTreeMap<String, u64>,
    pub values: BTreeMap<String, u64>,
}

/// A target with open conflict copies: its current value (which may be
/// [`FieldValue::Deleted`] for a removed list row that someone edited) and
/// the copies to show beside it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct OpenConflict {
    pub target: Target,
    pub value: FieldValue,
    pub version: u64,
    pub copies: Vec<ConflictCopy>,
}

/// `GET /api/portfolios/{id}`: the server's current content.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PortfolioDetail {
    pub id: PortfolioId,
    pub kind: PortfolioKind,
    pub framework_version: String,
    pub created_at: i64,
    pub status: PortfolioStatus,
    /// Question key to text.
    pub answers: BTreeMap<String, String>,
    /// Value key to JSON.
    pub values: BTreeMap<String, serde_json::Value>,
    /// List key to its live rows (deleted rows left out), ordered by id;
    /// the editor orders them for display.
    pub lists: BTreeMap<String, Vec<ListItem>>,
    pub versions: Versions,
    /// Every target with open conflict copies.
    #[serde(default)]
    pub conflicts: Vec<OpenConflict>,
    /// The attached files (the evidence list's rows, also in `lists`),
    /// each with whether the server has its bytes; by slot, then in the
    /// order attached.
    #[serde(default)]
    pub evidence: Vec<crate::api::files::EvidenceEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn create_request_id_is_optional_and_kinds_are_snake_case() {
        let r: CreatePortfolioRequest =
            serde_json::from_value(json!({"account_id": "a", "kind": "recertification"})).unwrap();
        assert_eq!(r.account_id, "a");
        assert_eq!(r.kind, PortfolioKind::Recertification);
        assert_eq!(r.id, None);
        let summary = PortfolioSummary {
            id: PortfolioId("p".into()),
            owner_id: "o".into(),
            kind: PortfolioKind::Initial,
            framework_version: "v".into(),
            created_at: 1,
            status: PortfolioStatus::Draft,
        };
        assert_eq!(
            serde_json::to_value(&summary).unwrap(),
            json!({"id": "p", "owner_id": "o", "kind": "initial", "framework_version": "v",
                   "created_at": 1, "status": "draft"})
        );
    }
}
