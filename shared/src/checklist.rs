//! The portfolio checklist: the shared rules run over what the person sees
//! in a replica (the browser's local one, or one the server builds from a
//! submission's content), so the verdicts are there offline and change
//! with every keystroke, and the server re-evaluates the same on submit.

use crate::declarations::status::SigningRequest;
use crate::declarations::{fields_from_json, format_for_slot, validate};
use crate::evidence::Slot;
use crate::framework::{framework, InputKind, PortfolioKind, Question, Section};
use crate::portfolio::{CERTIFICATE_END_DATE_KEY, ROUTE_KEY};
use crate::rules::deliverables::{
    deliverables, evidence_files, pe_evidence, Evidence, ReplicaContent, SectionDeliverables,
};
use crate::rules::hours::{evaluate_hours, HoursDeclaration, WorkPeriod};
use crate::rules::pe_points::{evaluate_pe, PeActivity, PeOutcome, PeRequest};
use crate::rules::recertification::{
    evaluate_lookback, evaluate_reflection_meetings, recertification_rules, RecertificationRules,
    ReflectionMeeting,
};
use crate::rules::route::{evaluate_route, RouteOutcome, RouteRequest};
use crate::rules::trajectory::{evaluate_trajectory, TrajectoryDates};
use crate::sync::{PortfolioId, Replica};
use crate::{Requirement, Status};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;

/// The rows of a list, parsed as the rule type the list holds, with their
/// item ids. Rows that do not parse (written by a newer version) are left
/// out rather than failing the whole list.
pub fn rows<T: DeserializeOwned>(
    replica: &Replica,
    pid: &PortfolioId,
    list: &str,
) -> Vec<(String, T)> {
    replica
        .items(pid, list)
        .into_iter()
        .filter_map(|(id, v)| Some((id.to_string(), serde_json::from_value(v.clone()).ok()?)))
        .collect()
}

pub fn value<T: DeserializeOwned>(replica: &Replica, pid: &PortfolioId, key: &str) -> Option<T> {
    serde_json::from_value(replica.json(pid, key)?.clone()).ok()
}

pub fn route_request(replica: &Replica, pid: &PortfolioId) -> Option<RouteRequest> {
    value(replica, pid, ROUTE_KEY)
}

pub fn certificate_end_date(replica: &Replica, pid: &PortfolioId) -> Option<NaiveDate> {
    value::<String>(replica, pid, CERTIFICATE_END_DATE_KEY)
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

pub fn recert_rules(replica: &Replica, pid: &PortfolioId) -> Option<RecertificationRules> {
    certificate_end_date(replica, pid).map(recertification_rules)
}

/// The register as the PE rule evaluates it; `None` until the end date is
/// known (the period depends on it). `has_evidence` is never taken from the
/// row: it is derived from the portfolio's evidence rows and signed
/// declarations (`requests`, as last fetched), so points count "met bewijs"
/// only with real evidence.
pub fn pe_outcome(
    replica: &Replica,
    pid: &PortfolioId,
    list: &str,
    requests: &[SigningRequest],
) -> Option<PeOutcome> {
    let end = certificate_end_date(replica, pid)?;
    let content = ReplicaContent {
        replica,
        portfolio: pid,
    };
    let files = evidence_files(PortfolioKind::Recertification, &content);
    let evidenced = pe_evidence(
        &content,
        list,
        Evidence {
            files: &files,
            requests,
        },
    );
    let activities = rows::<PeActivity>(replica, pid, list)
        .into_iter()
        .map(|(id, a)| PeActivity {
            has_evidence: evidenced.iter().any(|(row, yes)| *row == id && *yes),
            id,
            ..a
        })
        .collect();
    evaluate_pe(&PeRequest {
        certificate_end_date: end,
        activities,
    })
    .ok()
}

/// Everything the editor shows about one section.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionCheck {
    pub code: &'static str,
    pub title: &'static str,
    pub exempt: bool,
    pub answered: usize,
    pub total: usize,
    /// The rule's verdict where a rule checks this section.
    pub requirement: Option<Requirement>,
    /// "Wat aanleveren" with its evidence.
    pub deliverables: SectionDeliverables,
}

impl SectionCheck {
    pub fn done(&self) -> bool {
        self.exempt
            || (self.answered == self.total
                && self
                    .requirement
                    .as_ref()
                    .is_none_or(|r| r.status != Status::NotMet))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    pub route: Option<RouteOutcome>,
    pub recertification: Option<RecertificationRules>,
    pub sections: Vec<SectionCheck>,
}

/// `today` stands in for the application date when the route form has none
/// (and is `None` while rendering on the server, which has no business
/// guessing the person's date).
pub fn evaluate(
    kind: PortfolioKind,
    replica: &Replica,
    pid: &PortfolioId,
    today: Option<NaiveDate>,
) -> Checklist {
    evaluate_with(kind, replica, pid, today, &[])
}

/// [`evaluate`] with the portfolio's signing requests, so signed
/// declarations count as evidence.
pub fn evaluate_with(
    kind: PortfolioKind,
    replica: &Replica,
    pid: &PortfolioId,
    today: Option<NaiveDate>,
    requests: &[SigningRequest],
) -> Checklist {
    let fw = framework(kind);
    let route_req = route_request(replica, pid);
    let route = route_req.as_ref().map(evaluate_route);
    let application_date = route_req.as_ref().map(|r| r.application_date).or(today);
    let recertification = match kind {
        PortfolioKind::Recertification => recert_rules(replica, pid),
        PortfolioKind::Initial => None,
    };
    let content = ReplicaContent {
        replica,
        portfolio: pid,
    };
    let files = evidence_files(kind, &content);
    let mut delivered = deliverables(
        kind,
        &content,
        Evidence {
            files: &files,
            requests,
        },
        recertification.as_ref(),
    )
    .into_iter();
    let sections = fw
        .sections
        .iter()
        .map(|section| {
            let deliverables = delivered.next().unwrap_or(SectionDeliverables {
                code: section.code.to_owned(),
                deliverables: Vec::new(),
            });
            let exempt_by_route = route
                .as_ref()
                .is_some_and(|r| r.exempt_sections.iter().any(|c| c == section.code));
            let requirement = requirement(
                section,
                replica,
                pid,
                application_date,
                recertification.as_ref(),
                requests,
            );
            let exempt = exempt_by_route
                || requirement
                    .as_ref()
                    .is_some_and(|r| r.status == Status::Exempt);
            let questions: Vec<&Question> = section.questions().collect();
            SectionCheck {
                code: section.code,
                title: section.title,
                exempt,
                answered: questions
                    .iter()
                    .filter(|q| answered(q, replica, pid))
                    .count(),
                total: questions.len(),
                requirement,
                deliverables,
            }
        })
        .collect();
    Checklist {
        route,
        recertification,
        sections,
    }
}

/// The rule result of section `code` alone, as [`evaluate`] gives it: for
/// a form beside its rule (hours, trajectory dates), which follows every
/// keystroke and need not evaluate the whole checklist for it.
pub fn section_requirement(
    kind: PortfolioKind,
    replica: &Replica,
    pid: &PortfolioId,
    today: Option<NaiveDate>,
    code: &str,
) -> Option<Requirement> {
    let section = framework(kind).sections.iter().find(|s| s.code == code)?;
    let application_date = route_request(replica, pid)
        .map(|r| r.application_date)
        .or(today);
    let recertification = match kind {
        PortfolioKind::Recertification => recert_rules(replica, pid),
        PortfolioKind::Initial => None,
    };
    requirement(
        section,
        replica,
        pid,
        application_date,
        recertification.as_ref(),
        &[],
    )
}

pub fn answered(question: &Question, replica: &Replica, pid: &PortfolioId) -> bool {
    match question.input {
        InputKind::Text => !replica.text(pid, question.key).trim().is_empty(),
        // A bewijsstuk question is answered by a file on its slot (an
        // evidence row, `crate::evidence`); older drafts kept a description
        // as text, which still counts.
        InputKind::Evidence => {
            !replica.text(pid, question.key).trim().is_empty()
                || has_evidence(replica, pid, question.key)
        }
        InputKind::Declaration => {
            let value = replica.json(pid, question.key);
            match format_for_slot(&Slot::question(question.key), value) {
                // A format is answered once it is completely filled in.
                Some(format) => validate(format, &fields_from_json(format, value)).is_empty(),
                None => value.and_then(|v| v.as_bool()).unwrap_or(false),
            }
        }
        InputKind::TrajectoryDates => {
            value::<TrajectoryDates>(replica, pid, question.key).is_some()
        }
        InputKind::PeRegister | InputKind::ReflectionMeetings | InputKind::HoursDeclaration => {
            !replica.items(pid, question.key).is_empty()
        }
    }
}

fn requirement(
    section: &'static Section,
    replica: &Replica,
    pid: &PortfolioId,
    application_date: Option<NaiveDate>,
    rules: Option<&RecertificationRules>,
    requests: &[SigningRequest],
) -> Option<Requirement> {
    let question = |kind: InputKind| section.questions().find(|q| q.input == kind);
    if let Some(q) = question(InputKind::HoursDeclaration) {
        let periods = rows::<WorkPeriod>(replica, pid, q.key)
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        let currently_working = replica
            .json(pid, q.key)
            .and_then(|v| v.get("currently_working"))
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let declaration = HoursDeclaration {
            periods,
            currently_working,
        };
        return application_date.map(|date| evaluate_hours(date, &declaration));
    }
    if let Some(q) = question(InputKind::TrajectoryDates) {
        let dates = value::<TrajectoryDates>(replica, pid, q.key)?;
        return application_date
            .map(|date| evaluate_trajectory(date, dates.started_on, dates.ended_on));
    }
    let rules = rules?;
    if let Some(q) = question(InputKind::ReflectionMeetings) {
        let meetings: Vec<ReflectionMeeting> = rows::<ReflectionMeeting>(replica, pid, q.key)
            .into_iter()
            .map(|(id, m)| ReflectionMeeting { id, ..m })
            .collect();
        return Some(evaluate_reflection_meetings(rules, &meetings));
    }
    if let Some(q) = question(InputKind::PeRegister) {
        let outcome = pe_outcome(replica, pid, q.key, requests)?;
        let status = if outcome.meets_requirements {
            Status::Met
        } else {
            Status::NotMet
        };
        let mut message = if outcome.meets_requirements {
            format!(
                "Je hebt {} PE-punten met bewijs en voldoet aan de eisen.",
                outcome.total_counted
            )
        } else {
            outcome
                .shortfalls
                .iter()
                .map(|s| s.message.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if outcome.total_pending > 0 {
            message.push_str(&format!(
                " Nog zonder bewijs: {} PE-punten; die tellen pas mee met een bewijsstuk.",
                outcome.total_pending
            ));
        }
        return Some(Requirement::new(section.code, status, message));
    }
    // A2 of recertification: the look-back, exempt before 2027.
    if section.code == "A2" {
        return Some(evaluate_lookback(rules));
    }
    None
}

/// Whether an evidence row of the portfolio proves the question `key`.
fn has_evidence(replica: &Replica, pid: &PortfolioId, key: &str) -> bool {
    let kind = if key.starts_with("recertification.") {
        PortfolioKind::Recertification
    } else {
        PortfolioKind::Initial
    };
    let files: Vec<crate::evidence::EvidenceFile> =
        rows(replica, pid, crate::evidence::evidence_list_key(kind))
            .into_iter()
            .map(|(_, f)| f)
            .collect();
    crate::evidence::has_file(&files, &crate::evidence::Slot::question(key))
}

/// Words as a person counts them: runs of letters or digits.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::ClientId;
    use serde_json::json;

    fn pid() -> PortfolioId {
        PortfolioId("p".into())
    }

    /// A route with an accredited jobcoach diploma, applied for on `date`.
    fn accredited_route(date: &str) -> serde_json::Value {
        json!({
            "application_date": date,
            "base_education": {"kind": "hbo", "date": "2010-06-01"},
            "jobcoach_training": {"kind": "accredited_diploma", "institution": "capabel",
                "graduated_on": "2020-01-01"}
        })
    }

    #[test]
    fn accredited_diploma_exempts_c1_and_questions_count() {
        let mut r = Replica::new(ClientId("c".into()));
        r.set_value(&pid(), ROUTE_KEY, accredited_route("2025-06-01"))
            .unwrap();
        r.edit_text(&pid(), "initial.a1.q1", "Diploma hbo").unwrap();
        let list = evaluate(PortfolioKind::Initial, &r, &pid(), None);
        let c1 = list.sections.iter().find(|s| s.code == "C1").unwrap();
        assert!(c1.exempt && c1.done());
        let a1 = list.sections.iter().find(|s| s.code == "A1").unwrap();
        assert_eq!((a1.answered, a1.total), (1, 1));
        assert!(
            !list
                .sections
                .iter()
                .find(|s| s.code == "B1")
                .unwrap()
                .exempt
        );
    }

    /// `section_requirement` is `evaluate`'s result for that section, for
    /// every section of both frameworks, with and without a route.
    fn same_as_evaluate(r: &Replica, today: Option<NaiveDate>) {
        for kind in [PortfolioKind::Initial, PortfolioKind::Recertification] {
            for s in evaluate(kind, r, &pid(), today).sections {
                assert_eq!(
                    section_requirement(kind, r, &pid(), today, s.code),
                    s.requirement,
                    "{kind:?} {}",
                    s.code
                );
            }
        }
    }

    #[test]
    fn one_section_requirement_matches_the_checklist() {
        let today = NaiveDate::from_ymd_opt(2025, 6, 1);
        let mut r = Replica::new(ClientId("c".into()));
        same_as_evaluate(&r, today);
        same_as_evaluate(&r, None);
        r.upsert_item(
            &pid(),
            "initial.b1.q1",
            "w1",
            json!({"description": "Werk", "started_on": "2023-01-01", "ended_on": null, "hours": 1300}),
        )
        .unwrap();
        r.set_value(
            &pid(),
            "initial.c1.intro.q1",
            json!({"started_on": "2024-01-15", "ended_on": null}),
        )
        .unwrap();
        same_as_evaluate(&r, today);
        r.set_value(&pid(), ROUTE_KEY, accredited_route("2024-06-01"))
            .unwrap();
        r.set_value(&pid(), CERTIFICATE_END_DATE_KEY, json!("2027-05-01"))
            .unwrap();
        same_as_evaluate(&r, today);
        same_as_evaluate(&r, None);
    }

    #[test]
    fn hours_are_checked_against_the_route_date() {
        let mut r = Replica::new(ClientId("c".into()));
        r.upsert_item(
            &pid(),
            "initial.b1.q1",
            "w1",
            json!({"description": "Werk", "started_on": "2023-01-01", "ended_on": null, "hours": 1300}),
        )
        .unwrap();
        r.set_value(&pid(), "initial.b1.q1", json!({"currently_working": true}))
            .unwrap();
        let today = NaiveDate::from_ymd_opt(2025, 6, 1);
        let list = evaluate(PortfolioKind::Initial, &r, &pid(), today);
        let b1 = list.sections.iter().find(|s| s.code == "B1").unwrap();
        assert_eq!(b1.requirement.as_ref().unwrap().status, Status::Met);
    }

    #[test]
    fn recertification_year_sets_meetings_and_pe() {
        let mut r = Replica::new(ClientId("c".into()));
        r.set_value(&pid(), CERTIFICATE_END_DATE_KEY, json!("2023-05-01"))
            .unwrap();
        let list = evaluate(PortfolioKind::Recertification, &r, &pid(), None);
        let a31 = list.sections.iter().find(|s| s.code == "A3.1").unwrap();
        assert!(a31.exempt);
        r.set_value(&pid(), CERTIFICATE_END_DATE_KEY, json!("2027-05-01"))
            .unwrap();
        r.upsert_item(
            &pid(),
            "recertification.b.q1",
            "a1",
            json!({"id": "a1", "category": 1, "kind": "course", "date": "2026-01-10",
                   "quantity": 12, "has_evidence": true}),
        )
        .unwrap();
        let list = evaluate(PortfolioKind::Recertification, &r, &pid(), None);
        assert!(
            !list
                .sections
                .iter()
                .find(|s| s.code == "A3.1")
                .unwrap()
                .exempt
        );
        let b = list.sections.iter().find(|s| s.code == "B").unwrap();
        assert_eq!(b.requirement.as_ref().unwrap().status, Status::NotMet);
        // The row's own `has_evidence` is not believed: without an evidence
        // row its points are "nog zonder bewijs" (issue 12).
        let pe = pe_outcome(&r, &pid(), "recertification.b.q1", &[]).unwrap();
        assert_eq!((pe.total_counted, pe.total_pending), (0, 12));
        assert_eq!(b.deliverables.present(), 0);
        r.upsert_item(
            &pid(),
            "recertification.evidence",
            "f1",
            json!({"id": "f1", "slot": {"key": "recertification.b.q1", "row": "a1"},
                   "sha256": "a".repeat(64), "name": "cursus.pdf", "size": 10,
                   "media_type": "application/pdf", "added": 1}),
        )
        .unwrap();
        let pe = pe_outcome(&r, &pid(), "recertification.b.q1", &[]).unwrap();
        assert_eq!((pe.total_counted, pe.total_pending), (12, 0));
        let list = evaluate(PortfolioKind::Recertification, &r, &pid(), None);
        let b = list.sections.iter().find(|s| s.code == "B").unwrap();
        assert_eq!(b.deliverables.present(), 1);
    }

    #[test]
    fn words_ignore_punctuation() {
        assert_eq!(word_count("Een twee - drie.  "), 3);
        assert_eq!(word_count(""), 0);
    }
}
