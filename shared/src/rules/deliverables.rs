//! "Wat aanleveren": every deliverable of a section with its evidence, and
//! what is still missing, named so a person knows what to do. Used by the
//! editor's checklist (`app/src/portfolio/checklist.rs`) over the local
//! replica, so it works offline.
//!
//! Evidence is a file on the slot ([`crate::evidence`]) or, where the slot
//! has a declaration format, a signature over its current text
//! ([`crate::declarations`]). Recertification B: "Van elke opgevoerde
//! activiteit voeg je een bewijsstuk toe of vul je het betreffende format in
//! het portfolio in. Zonder bewijsstuk kunnen geen punten worden toegekend"
//! (seed 001).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::declarations::{
    fields_from_json, format_for_slot, satisfied, status::SigningRequest, DeclarationFormat,
};
use crate::evidence::{evidence_list_key, EvidenceFile, Slot};
use crate::framework::{framework, InputKind, PortfolioKind, Question, Section};
use crate::rules::dutch_date;
use crate::rules::pe_points::PeActivityKind;
use crate::rules::recertification::RecertificationRules;
use crate::sync::{PortfolioId, Replica};

/// Read access to a portfolio's content, so the rule runs over the
/// editor's replica as well as over what a server holds.
pub trait Content {
    /// An answer's text, empty when never written.
    fn text(&self, key: &str) -> &str;
    fn json(&self, key: &str) -> Option<&Value>;
    /// A list's live rows by item id.
    fn items(&self, list: &str) -> Vec<(&str, &Value)>;
}

/// One portfolio in a [`Replica`].
pub struct ReplicaContent<'a> {
    pub replica: &'a Replica,
    pub portfolio: &'a PortfolioId,
}

impl Content for ReplicaContent<'_> {
    fn text(&self, key: &str) -> &str {
        self.replica.text(self.portfolio, key)
    }
    fn json(&self, key: &str) -> Option<&Value> {
        self.replica.json(self.portfolio, key)
    }
    fn items(&self, list: &str) -> Vec<(&str, &Value)> {
        self.replica.items(self.portfolio, list)
    }
}

/// The evidence a portfolio has: its file rows and its signing requests
/// (as last heard from the server; empty offline before the first fetch).
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence<'a> {
    pub files: &'a [EvidenceFile],
    pub requests: &'a [SigningRequest],
}

/// The evidence rows of a portfolio, read from its evidence list; rows
/// that do not parse are left out.
pub fn evidence_files(kind: PortfolioKind, content: &dyn Content) -> Vec<EvidenceFile> {
    content
        .items(evidence_list_key(kind))
        .into_iter()
        .filter_map(|(_, v)| serde_json::from_value(v.clone()).ok())
        .collect()
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Deliverable {
    /// Dutch: what is to be delivered.
    pub label: String,
    /// Where its evidence goes, when it is a slot.
    #[serde(default)]
    pub slot: Option<Slot>,
    pub present: bool,
    /// Dutch: what is missing and how to supply it (`None` when present).
    #[serde(default)]
    pub missing: Option<String>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct SectionDeliverables {
    pub code: String,
    pub deliverables: Vec<Deliverable>,
}

impl SectionDeliverables {
    pub fn present(&self) -> usize {
        self.deliverables.iter().filter(|d| d.present).count()
    }

    pub fn missing(&self) -> impl Iterator<Item = &str> {
        self.deliverables
            .iter()
            .filter_map(|d| d.missing.as_deref())
    }
}

fn item(label: String, slot: Option<Slot>, present: bool, missing: String) -> Deliverable {
    Deliverable {
        label,
        slot,
        present,
        missing: (!present).then_some(missing),
    }
}

/// Whether a slot is proven (a file, or a signed current format).
pub fn slot_has_evidence(slot: &Slot, row_or_value: Option<&Value>, evidence: Evidence) -> bool {
    let format = format_for_slot(slot, row_or_value);
    let fields = format
        .map(|f| fields_from_json(f, row_or_value))
        .unwrap_or_default();
    satisfied(slot, format, evidence.files, evidence.requests, &fields)
}

/// Per PE activity (item id) whether it has evidence: what the editor
/// sends as `has_evidence`.
pub fn pe_evidence(content: &dyn Content, list: &str, evidence: Evidence) -> Vec<(String, bool)> {
    content
        .items(list)
        .into_iter()
        .map(|(id, row)| {
            let slot = Slot::row(list, id);
            (id.to_owned(), slot_has_evidence(&slot, Some(row), evidence))
        })
        .collect()
}

/// The deliverables of every section of the portfolio, in framework order.
pub fn deliverables(
    kind: PortfolioKind,
    content: &dyn Content,
    evidence: Evidence,
    rules: Option<&RecertificationRules>,
) -> Vec<SectionDeliverables> {
    framework(kind)
        .sections
        .iter()
        .map(|section| SectionDeliverables {
            code: section.code.to_owned(),
            deliverables: of_section(section, content, evidence, rules),
        })
        .collect()
}

fn of_section(
    section: &'static Section,
    content: &dyn Content,
    evidence: Evidence,
    rules: Option<&RecertificationRules>,
) -> Vec<Deliverable> {
    let mut out = Vec::new();
    let mut text_questions: Vec<&Question> = Vec::new();
    for q in section.questions() {
        match q.input {
            InputKind::Evidence => {
                let slot = Slot::question(q.key);
                let present = slot_has_evidence(&slot, None, evidence);
                out.push(item(
                    q.text.to_owned(),
                    Some(slot),
                    present,
                    format!("Bewijsstuk ontbreekt: {}", q.text),
                ));
            }
            InputKind::Declaration => {
                let slot = Slot::question(q.key);
                let value = content.json(q.key);
                match format_for_slot(&slot, value) {
                    Some(format) => {
                        let present = slot_has_evidence(&slot, value, evidence);
                        out.push(item(
                            q.text.to_owned(),
                            Some(slot),
                            present,
                            format!(
                                "Ondertekende verklaring ontbreekt: {}. Laat de verklaring \
                                 ondertekenen of voeg een ondertekende scan toe.",
                                format.title()
                            ),
                        ));
                    }
                    None => {
                        let present = value.and_then(Value::as_bool).unwrap_or(false);
                        out.push(item(
                            q.text.to_owned(),
                            None,
                            present,
                            format!("Nog niet bevestigd: {}", q.text),
                        ));
                    }
                }
            }
            InputKind::HoursDeclaration => out.extend(hours(q, content, evidence)),
            InputKind::ReflectionMeetings => out.extend(meetings(q, content, evidence, rules)),
            InputKind::PeRegister => out.extend(pe(q, content, evidence)),
            InputKind::Text | InputKind::TrajectoryDates => text_questions.push(q),
        }
    }
    // Sections delivered as answers (C1–C4, D, A2, A3.2, A4): the section's
    // "Wat aanleveren" is there once every question is answered.
    if out.is_empty() && !text_questions.is_empty() {
        let open: Vec<&Question> = text_questions
            .iter()
            .copied()
            .filter(|q| match q.input {
                InputKind::TrajectoryDates => content.json(q.key).is_none(),
                _ => content.text(q.key).trim().is_empty(),
            })
            .collect();
        let label = section.deliverables.join(" ");
        let missing = format!(
            "Nog {} van de {} vragen te beantwoorden.",
            open.len(),
            text_questions.len()
        );
        out.push(item(label, None, open.is_empty(), missing));
    }
    out
}

fn rows_by_added<'a>(content: &'a dyn Content, list: &str) -> Vec<(&'a str, &'a Value)> {
    let mut rows = content.items(list);
    rows.sort_by_key(|(id, v)| (v.get("added").and_then(Value::as_i64).unwrap_or(0), *id));
    rows
}

fn str_field<'a>(row: &'a Value, name: &str) -> &'a str {
    row.get(name).and_then(Value::as_str).unwrap_or("").trim()
}

fn date_field(row: &Value, name: &str) -> Option<String> {
    chrono::NaiveDate::parse_from_str(str_field(row, name), "%Y-%m-%d")
        .ok()
        .map(dutch_date)
}

fn hours(q: &'static Question, content: &dyn Content, evidence: Evidence) -> Vec<Deliverable> {
    let whole = Slot::question(q.key);
    // One scanned declaration for all periods proves the question.
    if slot_has_evidence(&whole, None, evidence) {
        return vec![item(q.text.to_owned(), Some(whole), true, String::new())];
    }
    let rows = rows_by_added(content, q.key);
    if rows.is_empty() {
        return vec![item(
            q.text.to_owned(),
            Some(whole),
            false,
            "Voeg je werkperiodes toe en laat per periode de urenverklaring ondertekenen (of \
             voeg een ondertekende scan toe)."
                .to_owned(),
        )];
    }
    rows.into_iter()
        .map(|(id, row)| {
            let slot = Slot::row(q.key, id);
            let name = match str_field(row, "description") {
                "" => "werkperiode zonder omschrijving".to_owned(),
                d => d.to_owned(),
            };
            let from = date_field(row, "started_on").unwrap_or_default();
            let label = format!("Urenverklaring {name} (vanaf {from})");
            let present = slot_has_evidence(&slot, Some(row), evidence);
            let missing = format!("{label}: nog niet ondertekend en geen scan toegevoegd.");
            item(label, Some(slot), present, missing)
        })
        .collect()
}

fn meetings(
    q: &'static Question,
    content: &dyn Content,
    evidence: Evidence,
    rules: Option<&RecertificationRules>,
) -> Vec<Deliverable> {
    let required = rules.map_or(0, |r| r.reflection_meetings_required as usize);
    let rows = rows_by_added(content, q.key);
    let count = rows.len();
    let mut out: Vec<Deliverable> = rows
        .into_iter()
        .map(|(id, row)| {
            let slot = Slot::row(q.key, id);
            let date = date_field(row, "date").unwrap_or_else(|| "zonder datum".to_owned());
            let label = match str_field(row, "facilitator") {
                "" => format!("Verklaring bijeenkomst van {date}"),
                who => format!("Verklaring bijeenkomst van {date} met {who}"),
            };
            let present = slot_has_evidence(&slot, Some(row), evidence);
            let missing = format!("{label}: nog niet ondertekend en geen scan toegevoegd.");
            item(label, Some(slot), present, missing)
        })
        .collect();
    for n in count..required {
        out.push(item(
            format!("Verklaring bijeenkomst {} van {required}", n + 1),
            None,
            false,
            format!(
                "Verklaring bijeenkomst {} van {required}: voeg de bijeenkomst toe met haar \
                 verklaring.",
                n + 1
            ),
        ));
    }
    out
}

fn pe(q: &'static Question, content: &dyn Content, evidence: Evidence) -> Vec<Deliverable> {
    rows_by_added(content, q.key)
        .into_iter()
        .map(|(id, row)| {
            let slot = Slot::row(q.key, id);
            let kind: Option<PeActivityKind> = row
                .get("kind")
                .and_then(|k| serde_json::from_value(k.clone()).ok());
            let name = match str_field(row, "description") {
                "" => kind.map_or("activiteit", |k| k.info().label).to_owned(),
                d => d.to_owned(),
            };
            let label = format!("Bewijsstuk voor ‘{name}’");
            let present = slot_has_evidence(&slot, Some(row), evidence);
            let how = match format_for_slot(&slot, Some(row)) {
                Some(DeclarationFormat::PeFunction) => {
                    "voeg een bewijsstuk toe of laat de verklaring van de functie ondertekenen"
                }
                _ => "voeg een bewijsstuk toe",
            };
            let missing = format!("{label} ontbreekt: {how}; zonder bewijsstuk geen punten.");
            item(label, Some(slot), present, missing)
        })
        .collect()
}
