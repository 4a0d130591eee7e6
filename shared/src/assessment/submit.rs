//! Whether a portfolio may be submitted, and as what. The server evaluates
//! this again over its own copy of the content (never trusting the
//! browser's checklist), with the same [`crate::checklist`] the editor
//! shows.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::snapshot::Snapshot;
use super::types::SubmissionKind;
use crate::checklist::{certificate_end_date, evaluate};
use crate::evidence::Sha256Hex;
use crate::framework::{framework, PortfolioKind};
use crate::rules::route::Route;
use crate::sync::PortfolioId;

/// One thing that stands between the portfolio and submitting it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The section code, when it is about one section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub message: String,
}

impl Missing {
    fn general(message: impl Into<String>) -> Missing {
        Missing {
            section: None,
            message: message.into(),
        }
    }

    fn section(code: &str, message: impl Into<String>) -> Missing {
        Missing {
            section: Some(code.to_string()),
            message: message.into(),
        }
    }
}

/// The route (initial full or shortened, recertification), and everything
/// still missing; submitting is allowed when the list is empty.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub route: Option<SubmissionKind>,
    pub missing: Vec<Missing>,
}

impl Readiness {
    pub fn complete(&self) -> bool {
        self.missing.is_empty() && self.route.is_some()
    }
}

/// `today` is the day of submitting; `unresolved_conflicts` the number of
/// conflict copies still open; `has_bytes` says whether the server holds a
/// file's bytes (the browser passes its upload state).
pub fn readiness(
    kind: PortfolioKind,
    snapshot: &Snapshot,
    unresolved_conflicts: usize,
    today: NaiveDate,
    has_bytes: impl Fn(&Sha256Hex) -> bool,
) -> Readiness {
    let pid = PortfolioId("snapshot".into());
    let replica = snapshot.replica(&pid);
    let checklist = evaluate(kind, &replica, &pid, Some(today));
    let mut missing = Vec::new();
    let route = match kind {
        PortfolioKind::Initial => match checklist.route.as_ref().map(|r| (r.route, r)) {
            None => {
                missing.push(Missing::general(
                    "Route: beantwoord de vragen over je opleiding, zodat duidelijk is welke \
                     route je volgt.",
                ));
                None
            }
            Some((Route::NotEligible, outcome)) => {
                for unmet in &outcome.unmet {
                    missing.push(Missing::section(&unmet.section, unmet.message.clone()));
                }
                None
            }
            Some((Route::Shortened, _)) => Some(SubmissionKind::InitialShortened),
            Some((Route::Full, _)) => Some(SubmissionKind::InitialFull),
        },
        PortfolioKind::Recertification => {
            if certificate_end_date(&replica, &pid).is_none() {
                missing.push(Missing::general(
                    "Vul de einddatum van je huidige certificaat in.",
                ));
                None
            } else {
                Some(SubmissionKind::Recertification)
            }
        }
    };
    for s in checklist.sections.iter().filter(|s| !s.done()) {
        if s.answered < s.total {
            missing.push(Missing::section(
                s.code,
                format!(
                    "{} {}: {} van {} vragen beantwoord.",
                    s.code, s.title, s.answered, s.total
                ),
            ));
        }
        if let Some(r) = s
            .requirement
            .as_ref()
            .filter(|r| r.status == crate::Status::NotMet)
        {
            missing.push(Missing::section(
                s.code,
                format!("{}: {}", s.code, r.message),
            ));
        }
    }
    if unresolved_conflicts > 0 {
        missing.push(Missing::general(format!(
            "Los eerst {unresolved_conflicts} {} tussen apparaten op.",
            if unresolved_conflicts == 1 {
                "conflict"
            } else {
                "conflicten"
            }
        )));
    }
    for f in snapshot.evidence(kind) {
        if !has_bytes(&f.sha256) {
            missing.push(Missing::general(format!(
                "Bewijsstuk \"{}\" is nog niet geüpload (wacht op upload).",
                f.name
            )));
        }
    }
    Readiness { route, missing }
}

/// The section a content key belongs to: the section of the question with
/// that key (answers, values, lists), or of the slot an evidence row proves.
pub fn section_of(kind: PortfolioKind, key: &str) -> Option<&'static str> {
    framework(kind)
        .sections
        .iter()
        .find(|s| s.questions().any(|q| q.key == key))
        .map(|s| s.code)
}

/// The sections whose content differs between two snapshots, in framework
/// order: what assessors look at first in a resubmission.
pub fn changed_sections(kind: PortfolioKind, old: &Snapshot, new: &Snapshot) -> Vec<&'static str> {
    let mut keys: BTreeSet<String> = BTreeSet::new();
    let mut diff = |a: Option<String>, b: Option<String>, key: &str| {
        if a != b {
            keys.insert(key.to_string());
        }
    };
    let answer_keys: BTreeSet<&String> = old.answers.keys().chain(new.answers.keys()).collect();
    for k in answer_keys {
        diff(old.answers.get(k).cloned(), new.answers.get(k).cloned(), k);
    }
    let value_keys: BTreeSet<&String> = old.values.keys().chain(new.values.keys()).collect();
    for k in value_keys {
        let s = |v: Option<&serde_json::Value>| v.map(super::snapshot::canonical_json);
        diff(s(old.values.get(k)), s(new.values.get(k)), k);
    }
    let evidence = crate::evidence::evidence_list_key(kind);
    let list_keys: BTreeSet<&String> = old.lists.keys().chain(new.lists.keys()).collect();
    for list in list_keys {
        if list == evidence {
            continue;
        }
        let canon = |s: &Snapshot| {
            s.lists.get(list).map(|rows| {
                rows.iter()
                    .map(|(id, v)| format!("{id}={}", super::snapshot::canonical_json(v)))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        };
        diff(canon(old), canon(new), list);
    }
    let slots = |s: &Snapshot| -> BTreeSet<(String, String)> {
        s.evidence(kind)
            .into_iter()
            .map(|f| (f.slot.key, f.sha256.to_string()))
            .collect()
    };
    let (a, b) = (slots(old), slots(new));
    for (key, _) in a.symmetric_difference(&b) {
        keys.insert(key.clone());
    }
    framework(kind)
        .sections
        .iter()
        .map(|s| s.code)
        .filter(|code| keys.iter().any(|k| section_of(kind, k) == Some(*code)))
        .collect()
}
