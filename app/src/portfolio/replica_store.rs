//! The candidate's portfolios as kept in this browser: one localStorage
//! entry per account, holding the sync [`Replica`] (with its outbox) and the
//! portfolio list. One entry, written whole, so a crash between two writes
//! can never leave the outbox and the list out of step.
//!
//! Layout (all keys start with `rj-portfolio/v1/`, so a future format can
//! live beside this one and migrate):
//! - `rj-portfolio/v1/account/<account id>`: [`LocalState`] as JSON.
//! - `rj-portfolio/v1/quarantine/<account id>/<ms>`: an entry this build
//!   could not read (another format, broken JSON), moved aside as it was
//!   and never overwritten; the editor offers it as a download.
//! - `rj-portfolio/v1/device-user`: who last signed in on this device, so the
//!   editor opens offline (see `signed_in`).
//!
//! Storage can be missing (disabled by the browser) or full: every access
//! goes through [`storage`], nothing panics, and the editor keeps working
//! online while it says that nothing is kept on the device.

// The server build renders placeholders only; the browser half uses the rest.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use serde::{Deserialize, Serialize};
use shared::portfolio::{PortfolioKind, PortfolioSummary};
use shared::sync::{ClientId, PortfolioId, Replica};
use std::collections::{BTreeMap, BTreeSet};

pub const PREFIX: &str = "rj-portfolio/v1/";
/// Bumped when [`LocalState`] changes incompatibly.
const FORMAT: u32 = 1;

pub fn account_key(account_id: &str) -> String {
    format!("{PREFIX}account/{account_id}")
}

pub fn quarantine_prefix(account_id: &str) -> String {
    format!("{PREFIX}quarantine/{account_id}/")
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
    /// The server refused its edits (403: no longer editable, 404: gone or
    /// not this person's); Dutch reason with what to do. Its edits stay
    /// queued and counted, but are not pushed, so they cannot hold up the
    /// person's other portfolios. Cleared by "Opnieuw proberen".
    #[serde(default)]
    pub parked: Option<String>,
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
            parked: None,
        }
    }

    /// Whether its edits may be pushed now.
    pub fn pushable(&self) -> bool {
        !self.unconfirmed && self.refused.is_none() && self.parked.is_none()
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct LocalState {
    pub format: u32,
    pub replica: Replica,
    #[serde(default)]
    pub portfolios: Vec<LocalPortfolio>,
    /// Answers typed past the sync limit, as saved by builds before the
    /// replica kept them itself (held in its outbox on the base they were
    /// typed on, see `shared::sync::client`). Read only to move them into
    /// the replica ([`LocalState::from_json`]); key: [`overlong_key`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overlong: BTreeMap<String, String>,
    /// Portfolios the server listed as someone else's: never stored.
    #[serde(skip)]
    pub others: BTreeSet<PortfolioId>,
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
            others: BTreeSet::new(),
        }
    }

    pub fn portfolio(&self, id: &PortfolioId) -> Option<&LocalPortfolio> {
        self.portfolios.iter().find(|p| p.id == *id)
    }

    /// Takes the server's list: confirms our own creations and adds those
    /// made on other devices. Portfolios only known here stay (they may
    /// still be waiting to be created). Portfolios of other people (an
    /// admin sees them all) are not kept: whatever this device has of them
    /// is dropped, and their ids are remembered in memory so a pull skips
    /// their changes.
    pub fn merge_server_list(&mut self, account_id: &str, list: &[PortfolioSummary]) {
        for summary in list {
            if summary.owner_id != account_id {
                self.others.insert(summary.id.clone());
                let _ = self.discard_portfolio(&summary.id);
                continue;
            }
            match self.portfolios.iter_mut().find(|p| p.id == summary.id) {
                // The server lists it again; a parked portfolio stays parked
                // until the person asks to try again.
                Some(local) => {
                    let parked = local.parked.take();
                    *local = LocalPortfolio::from_summary(summary);
                    local.parked = parked;
                }
                None => self.portfolios.push(LocalPortfolio::from_summary(summary)),
            }
        }
    }

    /// Whether `id` is this person's portfolio: `None` when this device
    /// does not know it yet (ask the server's list).
    pub fn owns(&self, id: &PortfolioId) -> Option<bool> {
        if self.portfolio(id).is_some() {
            Some(true)
        } else if self.others.contains(id) {
            Some(false)
        } else {
            None
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

    /// Whether the edits of `id` may be pushed now: the server knows the
    /// portfolio and has not refused it.
    pub fn pushable(&self, id: &PortfolioId) -> bool {
        self.portfolio(id).is_some_and(LocalPortfolio::pushable)
    }

    /// Forgets a portfolio: the server refused to create it, or it is not
    /// this person's. Its edits go with it, the counter and the cursor stay.
    pub fn discard_portfolio(&mut self, id: &PortfolioId) -> Result<(), serde_json::Error> {
        self.replica.forget_portfolio(id);
        self.portfolios.retain(|p| p.id != *id);
        let prefix = overlong_key(id, "");
        self.overlong.retain(|key, _| !key.starts_with(&prefix));
        Ok(())
    }

    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// `None` for an entry of another format or broken JSON: the caller
    /// moves it aside rather than overwrite data it cannot read. Answers
    /// kept over the limit by an older build move into the replica.
    pub fn from_json(json: &str) -> Option<Self> {
        let mut state = serde_json::from_str::<LocalState>(json)
            .ok()
            .filter(|s| s.format == FORMAT)?;
        for (key, text) in std::mem::take(&mut state.overlong) {
            let moved = key.split_once('/').is_some_and(|(pid, question)| {
                state
                    .replica
                    .edit_text(&PortfolioId(pid.to_string()), question, text.clone())
                    .is_ok()
            });
            if !moved {
                state.overlong.insert(key, text);
            }
        }
        Some(state)
    }

    /// How every entry this build writes starts: its format, the struct's
    /// first field.
    pub fn format_prefix() -> String {
        format!("{{\"format\":{FORMAT},")
    }

    /// Whether `json` is an entry this build reads (cheaper than
    /// [`Self::from_json`]: only the format is looked at).
    pub fn readable(json: &str) -> bool {
        // What a build of this format writes starts with the format (the
        // struct's first field): no need to parse a large entry on every
        // save to find that out. localStorage replaces an entry whole, so
        // such an entry is never a torn write.
        if json.starts_with(&Self::format_prefix()) {
            return true;
        }
        #[derive(Deserialize)]
        struct Probe {
            format: u32,
        }
        serde_json::from_str::<Probe>(json).is_ok_and(|p| p.format == FORMAT)
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;

    /// This origin's localStorage, or `None` when the browser refuses it
    /// (disabled, private mode of some browsers).
    pub fn storage() -> Option<web_sys::Storage> {
        leptos::prelude::window().local_storage().ok().flatten()
    }

    /// Why the drafts cannot be kept on this device.
    pub const UNAVAILABLE: &str = "Je browser laat deze site niets op dit apparaat bewaren \
        (opslag uitgeschakeld of vol). Je kunt online gewoon verder werken: wat je schrijft \
        gaat meteen naar de server, maar houd dit tabblad open tot alles gesynchroniseerd is.";

    /// The account's stored state; `Ok(None)` when there is none. An entry
    /// this build cannot read is moved aside first ([`quarantine`]), so the
    /// fresh state that replaces it never overwrites it.
    pub fn load(account_id: &str) -> Result<Option<LocalState>, String> {
        let storage = storage().ok_or_else(|| UNAVAILABLE.to_string())?;
        let key = account_key(account_id);
        let Some(raw) = storage.get_item(&key).ok().flatten() else {
            return Ok(None);
        };
        match LocalState::from_json(&raw) {
            Some(state) => Ok(Some(state)),
            None => {
                quarantine(&storage, account_id, &raw)?;
                let _ = storage.remove_item(&key);
                Ok(None)
            }
        }
    }

    /// Copies `raw` to a new quarantine key of the account; never replaces
    /// an earlier one.
    fn quarantine(storage: &web_sys::Storage, account_id: &str, raw: &str) -> Result<(), String> {
        let now = js_sys::Date::now() as u64;
        let prefix = quarantine_prefix(account_id);
        let key = (0..)
            .map(|n| format!("{prefix}{now}-{n}"))
            .find(|k| storage.get_item(k).ok().flatten().is_none())
            .unwrap_or_default();
        storage.set_item(&key, raw).map_err(|_| {
            "Op dit apparaat staan portfoliogegevens die deze versie niet kan lezen, en er is \
             geen ruimte om ze apart te zetten. Ze worden niet overschreven; je werkt nu \
             alleen online."
                .to_string()
        })
    }

    /// The entries of `account_id` set aside, oldest first: (key, raw text).
    pub fn quarantined(account_id: &str) -> Vec<(String, String)> {
        let Some(storage) = storage() else {
            return Vec::new();
        };
        let prefix = quarantine_prefix(account_id);
        let mut found: Vec<(String, String)> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(&prefix))
            .filter_map(|k| storage.get_item(&k).ok().flatten().map(|v| (k, v)))
            .collect();
        found.sort();
        found
    }

    pub fn remove_quarantined(key: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }

    /// Writes the whole state. Fails when storage is full or disabled; the
    /// caller shows that, because then a closed tab would lose edits. What
    /// is stored under the key and unreadable here (written by another
    /// build meanwhile) is moved aside first, or, without room for that,
    /// left alone.
    pub fn save(account_id: &str, state: &LocalState) -> Result<(), String> {
        let storage = storage().ok_or_else(|| UNAVAILABLE.to_string())?;
        let json = state.to_json().map_err(|e| e.to_string())?;
        let key = account_key(account_id);
        if let Some(existing) = stored_unreadable(&storage, &key) {
            quarantine(&storage, account_id, &existing)?;
        }
        storage.set_item(&key, &json).map_err(|_| {
            "De opslag van je browser is vol: je laatste wijzigingen staan niet op dit apparaat. \
             Ze gaan wel naar de server zolang je online bent."
                .to_string()
        })
    }

    /// What is stored under `key` when this build cannot read it. The
    /// format is checked on the JavaScript string where it is: copying a
    /// large entry into wasm to look at its first characters was most of
    /// a save's cost in a large portfolio (BENCHMARKS.md, typing).
    fn stored_unreadable(storage: &web_sys::Storage, key: &str) -> Option<String> {
        use wasm_bindgen::JsCast;
        let get_item = js_sys::Reflect::get(storage, &"getItem".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let stored = get_item
            .call1(storage, &key.into())
            .ok()?
            .dyn_into::<js_sys::JsString>()
            .ok()?;
        if stored.starts_with(&LocalState::format_prefix(), 0) {
            return None;
        }
        let raw = String::from(stored);
        (!LocalState::readable(&raw)).then_some(raw)
    }

    /// Removes the account's drafts and what was set aside of them.
    pub fn wipe(account_id: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&account_key(account_id));
        }
        for (key, _) in quarantined(account_id) {
            remove_quarantined(&key);
        }
    }

    /// Asks the browser not to evict this origin's storage under pressure
    /// (`navigator.storage.persist()`); the answer does not change what
    /// the editor does, so it is not awaited.
    pub fn ask_persistence() {
        use wasm_bindgen::JsCast;
        let navigator = leptos::prelude::window().navigator();
        let Ok(manager) = js_sys::Reflect::get(&navigator, &"storage".into()) else {
            return;
        };
        if manager.is_undefined() {
            return;
        }
        if let Ok(persist) = js_sys::Reflect::get(&manager, &"persist".into()) {
            if let Some(persist) = persist.dyn_ref::<js_sys::Function>() {
                let _ = persist.call0(&manager);
            }
        }
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
            owner_id: "me".into(),
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
            parked: None,
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
        assert!(!back.pushable(&PortfolioId("p".into())));
    }

    #[test]
    fn server_list_confirms_and_adds() {
        let mut state = LocalState::new(ClientId("c".into()));
        state.portfolios.push(local("p"));
        state.portfolios.push(local("q"));
        state.merge_server_list(
            "me",
            &[
                summary("p", PortfolioKind::Initial),
                summary("r", PortfolioKind::Recertification),
            ],
        );
        let ids: Vec<_> = state.portfolios.iter().map(|p| p.id.0.as_str()).collect();
        assert_eq!(ids, ["p", "q", "r"]);
        assert!(!state.portfolios[0].unconfirmed);
        assert!(state.portfolios[1].unconfirmed);
    }

    #[test]
    fn other_peoples_portfolios_are_not_kept() {
        let mut state = LocalState::new(ClientId("c".into()));
        let theirs = PortfolioId("t".into());
        // What an older build stored of someone else's portfolio goes.
        state
            .replica
            .on_pull(&serde_json::from_value(serde_json::json!({
                "changes": [{"seq": 1, "portfolio_id": "t",
                             "target": {"kind": "answer", "key": "k"},
                             "state": {"value": {"type": "text", "value": "geheim"}, "version": 1}}],
                "cursor": 1
            })).unwrap());
        let mut other = summary("t", PortfolioKind::Initial);
        other.owner_id = "someone".into();
        state.merge_server_list("me", &[other, summary("p", PortfolioKind::Initial)]);
        assert!(state.portfolio(&theirs).is_none());
        assert_eq!(state.owns(&theirs), Some(false));
        assert_eq!(state.owns(&PortfolioId("p".into())), Some(true));
        assert_eq!(state.owns(&PortfolioId("x".into())), None);
        assert!(!state.to_json().unwrap().contains("geheim"));
        assert!(!state.to_json().unwrap().contains("\"t\""));
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
    fn overlong_drafts_of_an_older_build_move_into_the_replica() {
        let mut state = LocalState::new(ClientId("c".into()));
        state.portfolios.push(local("p"));
        let p = PortfolioId("p".into());
        state.merge_server_list("me", &[summary("p", PortfolioKind::Initial)]);
        let long = "x".repeat(shared::sync::MAX_TEXT_CHARS + 1);
        state
            .overlong
            .insert(overlong_key(&p, "initial.a1.q1"), long.clone());
        let back = LocalState::from_json(&state.to_json().unwrap()).unwrap();
        assert!(back.overlong.is_empty());
        assert_eq!(back.replica.text(&p, "initial.a1.q1"), long);
        assert!(back.replica.is_held(&p, "initial.a1.q1"));
        // The logout dialog must not wipe it without saying so.
        assert_eq!(back.unsynced(), 1);
        let mut back = back;
        back.discard_portfolio(&p).unwrap();
        assert_eq!(back.unsynced(), 0);
    }

    #[test]
    fn a_parked_portfolio_stays_parked_and_counted_while_others_push() {
        let mut state = LocalState::new(ClientId("c".into()));
        let (p, q) = (PortfolioId("p".into()), PortfolioId("q".into()));
        state.merge_server_list(
            "me",
            &[
                summary("p", PortfolioKind::Initial),
                summary("q", PortfolioKind::Recertification),
            ],
        );
        state.replica.edit_text(&p, "k", "een").unwrap();
        state.portfolios[0].parked = Some("weg".into());
        state.merge_server_list("me", &[summary("p", PortfolioKind::Initial)]);
        assert!(!state.pushable(&p));
        assert!(state.pushable(&q));
        assert_eq!(state.unsynced(), 1);
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
        assert!(!LocalState::readable(&state.to_json().unwrap()));
        assert!(LocalState::from_json("{").is_none());
        assert!(!LocalState::readable("{"));
        state.format = FORMAT;
        assert!(LocalState::readable(&state.to_json().unwrap()));
        // The quick check sees what this build writes; other layouts of the
        // same format still parse.
        assert!(state
            .to_json()
            .unwrap()
            .starts_with(&format!("{{\"format\":{FORMAT},")));
        let json = state.to_json().unwrap();
        let prefix = format!("{{\"format\":{FORMAT},");
        let reordered = format!(
            "{{{},\"format\":{FORMAT}}}",
            &json[prefix.len()..json.len() - 1]
        );
        assert!(!reordered.starts_with("{\"format\""));
        assert!(LocalState::readable(&reordered));
        assert!(LocalState::from_json(&reordered).is_some());
    }
}
