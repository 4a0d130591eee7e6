//! The candidate's portfolios as kept in this browser: one localStorage
//! entry per account, holding the sync [`Replica`] (with its outbox) and the
//! portfolio list. One entry, written whole, so a crash between two writes
//! can never leave the outbox and the list out of step.
//!
//! Layout (all keys start with `rj-portfolio/v1/`, so a future format can
//! live beside this one and migrate):
//! - `rj-portfolio/v1/account/<account id>`: [`LocalState`] as JSON.
//! - `rj-portfolio/v1/device-user`: who last signed in on this device, so the
//!   editor opens offline (see `signed_in`).

// The server build renders placeholders only; the browser half uses the rest.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use serde::{Deserialize, Serialize};
use shared::portfolio::{PortfolioKind, PortfolioSummary};
use shared::sync::{ClientId, PortfolioId, Replica};
use std::collections::BTreeMap;

pub const PREFIX: &str = "rj-portfolio/v1/";
/// Bumped when [`LocalState`] changes incompatibly.
const FORMAT: u32 = 1;

pub fn account_key(account_id: &str) -> String {
    format!("{PREFIX}account/{account_id}")
}

/// A portfolio as this device knows it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct LocalPortfolio {
    pub id: PortfolioId,
    pub kind: PortfolioKind,
    pub framework_version: String,
    /// UTC unix seconds; `None` until the server confirmed the portfolio.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Created on this device and not yet confirmed by the server: its edits
    /// wait until it is, because the server refuses edits of a portfolio it
    /// does not know (404) for the whole batch.
    #[serde(default)]
    pub unconfirmed: bool,
    /// The server refused to create it (409: one of this kind is open
    /// already); Dutch reason.
    #[serde(default)]
    pub refused: Option<String>,
}

impl LocalPortfolio {
    pub fn from_summary(summary: &PortfolioSummary) -> Self {
        LocalPortfolio {
            id: summary.id.clone(),
            kind: summary.kind,
            framework_version: summary.framework_version.clone(),
            created_at: Some(summary.created_at),
            unconfirmed: false,
            refused: None,
        }
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct LocalState {
    pub format: u32,
    pub replica: Replica,
    #[serde(default)]
    pub portfolios: Vec<LocalPortfolio>,
    /// Answers typed past the sync limit ([`shared::sync::MAX_TEXT_CHARS`]):
    /// the replica refuses them, so they are kept here, on this device
    /// only, until the person shortens them. Key: [`overlong_key`].
    #[serde(default)]
    pub overlong: BTreeMap<String, String>,
}

pub fn overlong_key(portfolio: &PortfolioId, question: &str) -> String {
    format!("{}/{question}", portfolio.0)
}

impl LocalState {
    pub fn new(client_id: ClientId) -> Self {
        LocalState {
            format: FORMAT,
            replica: Replica::new(client_id),
            portfolios: Vec::new(),
            overlong: BTreeMap::new(),
        }
    }

    pub fn portfolio(&self, id: &PortfolioId) -> Option<&LocalPortfolio> {
        self.portfolios.iter().find(|p| p.id == *id)
    }

    /// Takes the server's list: confirms our own creations and adds those
    /// made on other devices. Portfolios only known here stay (they may
    /// still be waiting to be created).
    pub fn merge_server_list(&mut self, list: &[PortfolioSummary]) {
        for summary in list {
            match self.portfolios.iter_mut().find(|p| p.id == summary.id) {
                Some(local) => *local = LocalPortfolio::from_summary(summary),
                None => self.portfolios.push(LocalPortfolio::from_summary(summary)),
            }
        }
    }

    /// The open portfolio of a kind, if any (one of each kind at a time).
    pub fn open_of_kind(&self, kind: PortfolioKind) -> Option<&LocalPortfolio> {
        self.portfolios
            .iter()
            .find(|p| p.kind == kind && p.refused.is_none())
    }

    /// Whether anything made here has not reached the server yet: the
    /// logout dialog must say so before wiping.
    pub fn unsynced(&self) -> usize {
        self.replica.pending_count()
            + self.overlong.len()
            + self
                .portfolios
                .iter()
                .filter(|p| p.unconfirmed || p.refused.is_some())
                .count()
    }

    /// Whether a push may go out now: every edit in the outbox belongs to a
    /// portfolio the server knows.
    pub fn ready_to_push(&self) -> bool {
        self.replica.outbox().iter().all(|e| {
            self.portfolio(&e.mutation.portfolio_id)
                .is_some_and(|p| !p.unconfirmed && p.refused.is_none())
        })
    }

    /// Forgets a portfolio the server refused, with its queued edits. The
    /// replica has no operation for this (it never drops edits on its own),
    /// so the outbox is filtered through its serde form, which keeps every
    /// other entry, the counter and the cursor exactly as they were.
    pub fn discard_portfolio(&mut self, id: &PortfolioId) -> Result<(), serde_json::Error> {
        let mut json = serde_json::to_value(&self.replica)?;
        if let Some(outbox) = json.get_mut("outbox").and_then(|o| o.as_array_mut()) {
            outbox.retain(|entry| entry["mutation"]["portfolio_id"].as_str() != Some(&id.0));
        }
        self.replica = serde_json::from_value(json)?;
        self.portfolios.retain(|p| p.id != *id);
        let prefix = overlong_key(id, "");
        self.overlong.retain(|key, _| !key.starts_with(&prefix));
        Ok(())
    }

    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// `None` for an entry of another format: the caller keeps it aside
    /// rather than overwrite data it cannot read.
    pub fn from_json(json: &str) -> Option<Self> {
        serde_json::from_str::<LocalState>(json)
            .ok()
            .filter(|s| s.format == FORMAT)
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use gloo_storage::{LocalStorage, Storage};

    pub fn load(account_id: &str) -> Option<LocalState> {
        let raw: String = LocalStorage::raw()
            .get_item(&account_key(account_id))
            .ok()??;
        LocalState::from_json(&raw)
    }

    /// Writes the whole state. Fails when storage is full or disabled; the
    /// caller shows that, because then a closed tab would lose edits.
    pub fn save(account_id: &str, state: &LocalState) -> Result<(), String> {
        let json = state.to_json().map_err(|e| e.to_string())?;
        LocalStorage::raw()
            .set_item(&account_key(account_id), &json)
            .map_err(|_| "De opslag van je browser is vol of uitgeschakeld.".to_string())
    }

    pub fn wipe(account_id: &str) {
        LocalStorage::delete(account_key(account_id));
    }

    /// A fresh random id (UUID v4) from the browser's CSPRNG.
    pub fn new_uuid() -> String {
        leptos::prelude::window()
            .crypto()
            .map(|c| c.random_uuid())
            .unwrap_or_else(|_| format!("{:x}", (js_sys::Math::random() * 1e18) as u64))
    }
}

#[cfg(feature = "hydrate")]
pub use browser::*;

#[cfg(test)]
mod tests {
    use super::*;
    use shared::portfolio::PortfolioStatus;

    fn summary(id: &str, kind: PortfolioKind) -> PortfolioSummary {
        PortfolioSummary {
            id: PortfolioId(id.into()),
            kind,
            framework_version: "v1".into(),
            created_at: 5,
            status: PortfolioStatus::Draft,
        }
    }

    fn local(id: &str) -> LocalPortfolio {
        LocalPortfolio {
            id: PortfolioId(id.into()),
            kind: PortfolioKind::Initial,
            framework_version: "v1".into(),
            created_at: None,
            unconfirmed: true,
            refused: None,
        }
    }

    #[test]
    fn round_trips_with_outbox() {
        let mut state = LocalState::new(ClientId("c".into()));
        state.portfolios.push(local("p"));
        state
            .replica
            .edit_text(&PortfolioId("p".into()), "initial.a1.q1", "tekst")
            .unwrap();
        let back = LocalState::from_json(&state.to_json().unwrap()).unwrap();
        assert_eq!(back, state);
        assert_eq!(back.unsynced(), 2);
        assert!(!back.ready_to_push());
    }

    #[test]
    fn server_list_confirms_and_adds() {
        let mut state = LocalState::new(ClientId("c".into()));
        state.portfolios.push(local("p"));
        state.portfolios.push(local("q"));
        state.merge_server_list(&[
            summary("p", PortfolioKind::Initial),
            summary("r", PortfolioKind::Recertification),
        ]);
        let ids: Vec<_> = state.portfolios.iter().map(|p| p.id.0.as_str()).collect();
        assert_eq!(ids, ["p", "q", "r"]);
        assert!(!state.portfolios[0].unconfirmed);
        assert!(state.portfolios[1].unconfirmed);
    }

    #[test]
    fn discarding_drops_only_that_portfolios_edits() {
        let mut state = LocalState::new(ClientId("c".into()));
        state.portfolios.push(local("p"));
        state.portfolios.push(local("q"));
        let (p, q) = (PortfolioId("p".into()), PortfolioId("q".into()));
        state.replica.edit_text(&p, "k", "een").unwrap();
        state.replica.edit_text(&q, "k", "twee").unwrap();
        state.discard_portfolio(&p).unwrap();
        assert_eq!(state.replica.pending_count(), 1);
        assert_eq!(state.replica.text(&q, "k"), "twee");
        assert!(state.portfolio(&p).is_none());
        // The counter survives, so new edits never reuse a sequence number.
        state.replica.edit_text(&q, "l", "drie").unwrap();
        assert_eq!(state.replica.outbox()[1].mutation.id.seq, 3);
    }

    #[test]
    fn overlong_drafts_count_as_unsynced_and_go_with_their_portfolio() {
        let mut state = LocalState::new(ClientId("c".into()));
        state.portfolios.push(local("p"));
        let p = PortfolioId("p".into());
        state.merge_server_list(&[summary("p", PortfolioKind::Initial)]);
        state
            .overlong
            .insert(overlong_key(&p, "initial.a1.q1"), "x".repeat(10));
        let back = LocalState::from_json(&state.to_json().unwrap()).unwrap();
        assert_eq!(back.overlong, state.overlong);
        // The logout dialog must not wipe it without saying so.
        assert_eq!(back.unsynced(), 1);
        state.discard_portfolio(&p).unwrap();
        assert!(state.overlong.is_empty());
    }

    #[test]
    fn a_state_saved_before_overlong_drafts_existed_still_loads() {
        let mut json: serde_json::Value =
            serde_json::from_str(&LocalState::new(ClientId("c".into())).to_json().unwrap())
                .unwrap();
        json.as_object_mut().unwrap().remove("overlong");
        assert!(LocalState::from_json(&json.to_string()).is_some());
    }

    #[test]
    fn other_formats_are_not_read() {
        let mut state = LocalState::new(ClientId("c".into()));
        state.format = 99;
        assert!(LocalState::from_json(&state.to_json().unwrap()).is_none());
        assert!(LocalState::from_json("{").is_none());
    }
}
