//! What each person may see of an assessment. The API answers only
//! [`view`]'s projection, so the independence of the assessors holds "not
//! in the page and not through the API": until every assigned assessor has
//! sealed, an assessor's view holds their own judgement only (000: "Zij
//! beoordelen onafhankelijk van elkaar").

use serde::{Deserialize, Serialize};

use super::machine::{AdviceRecord, Assessment, DecisionRecord, Interview, Judgement, Objection};
use super::types::{NextActor, Stage, SubmissionKind};

/// Who is looking, as far as this submission is concerned. An assigned
/// assessor is always viewed as the assessor, whatever other roles they
/// hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer<'a> {
    Candidate,
    Assessor(&'a str),
    Certifier,
}

/// One assigned assessor, as everyone concerned sees them.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct AssessorStatus {
    pub id: String,
    pub independence_confirmed: bool,
    pub sealed: bool,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct AssessmentView {
    pub kind: SubmissionKind,
    pub stage: Stage,
    pub next: NextActor,
    pub required_assessors: usize,
    pub judged_sections: Vec<String>,
    pub assessors: Vec<AssessorStatus>,
    /// The judgements this viewer may read.
    pub judgements: Vec<Judgement>,
    /// Sections where sealed verdicts differ; empty until all are sealed.
    pub differences: Vec<String>,
    pub interview: Option<Interview>,
    pub advice: Option<AdviceRecord>,
    pub decision: Option<DecisionRecord>,
    pub objection: Option<Objection>,
    /// Rounds closed by an upheld objection.
    pub earlier_rounds: usize,
}

pub fn view(a: &Assessment, viewer: Viewer<'_>) -> AssessmentView {
    let all_sealed = a.all_sealed();
    let judgements = a
        .judgements
        .iter()
        .filter(|j| match viewer {
            Viewer::Assessor(me) => j.assessor == me || all_sealed,
            // The certifier reads sealed judgements; drafts are private.
            Viewer::Certifier => j.sealed,
            // The candidate hears the advice and the decision.
            Viewer::Candidate => false,
        })
        .cloned()
        .collect();
    let interview = a.interview.clone().map(|mut i| {
        if viewer == Viewer::Candidate {
            // The assessors' notes of the conversation are theirs.
            i.held = i.held.map(|h| super::machine::InterviewRecord {
                notes: String::new(),
                ..h
            });
        }
        i
    });
    let advice = match viewer {
        Viewer::Candidate if a.stage != Stage::Decided => None,
        _ => a.advice.clone(),
    };
    AssessmentView {
        kind: a.kind,
        stage: a.stage,
        next: a.next_actor(),
        required_assessors: a.kind.required_assessors(),
        judged_sections: a
            .kind
            .judged_sections()
            .into_iter()
            .map(str::to_string)
            .collect(),
        assessors: a
            .judgements
            .iter()
            .map(|j| AssessorStatus {
                id: j.assessor.clone(),
                independence_confirmed: j.independence_confirmed,
                sealed: j.sealed,
            })
            .collect(),
        judgements,
        differences: a.differences(),
        interview,
        advice,
        decision: a.decision.clone(),
        objection: a.objection.clone(),
        earlier_rounds: a.earlier_rounds.len(),
    }
}
