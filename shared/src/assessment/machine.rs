//! The state of one submission and [`apply`], the whole decision for one
//! step. The server keeps [`Assessment`] as JSON beside the submission and
//! calls [`apply`] inside the transaction that stores the result, so every
//! rule (order of steps, who may take them, the independence of the
//! assessors) is decided here once and property-tested
//! (`shared/tests/assessment_props.rs`). Roles are the policy's business;
//! this module knows people only by id, as the candidate or an assigned
//! assessor of *this* submission.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rules::{objection_deadline, objection_in_time};
use super::types::{NextActor, ObjectionStatus, Outcome, Place, Stage, SubmissionKind, Verdict};
use crate::rules::dutch_date;

/// Longest note, motivation or reason (characters): a few pages of text.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Longest meeting link or address.
pub const MAX_PLACE_CHARS: usize = 500;
/// Most time slots offered at once.
pub const MAX_SLOTS: usize = 10;
/// "Dit gesprek duurt 30 minuten" (000).
pub const INTERVIEW_MINUTES: u32 = 30;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct SectionVerdict {
    pub verdict: Verdict,
    #[serde(default)]
    pub note: String,
}

/// An advice with its motivation; `sections` names what to supplement when
/// it is [`Outcome::Uitgesteld`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct AdviceRecord {
    pub outcome: Outcome,
    pub motivation: String,
    #[serde(default)]
    pub sections: Vec<String>,
}

/// One assessor's own judgement.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub assessor: String,
    /// "Geen belangenverstrengeling" confirmed; the portfolio opens after.
    pub independence_confirmed: bool,
    /// Per section code.
    pub verdicts: BTreeMap<String, SectionVerdict>,
    pub advice: Option<AdviceRecord>,
    /// "Oordeel vastleggen": final, and the moment others may see it.
    pub sealed: bool,
}

impl Judgement {
    fn new(assessor: &str) -> Judgement {
        Judgement {
            assessor: assessor.to_string(),
            independence_confirmed: false,
            verdicts: BTreeMap::new(),
            advice: None,
            sealed: false,
        }
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct SlotProposal {
    /// UTC unix seconds.
    pub starts_at: i64,
    pub place: Place,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct InterviewSlot {
    /// 1-based within the offer.
    pub id: u32,
    pub starts_at: i64,
    pub minutes: u32,
    pub place: Place,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct InterviewRecord {
    pub recorded_by: String,
    pub notes: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Interview {
    pub slots: Vec<InterviewSlot>,
    pub chosen: Option<u32>,
    pub held: Option<InterviewRecord>,
}

impl Interview {
    pub fn chosen_slot(&self) -> Option<&InterviewSlot> {
        self.chosen
            .and_then(|id| self.slots.iter().find(|s| s.id == id))
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub outcome: Outcome,
    #[serde(default)]
    pub motivation: String,
    /// Uitgesteld: the sections to supplement, and by when.
    #[serde(default)]
    pub sections: Vec<String>,
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    pub decided_on: NaiveDate,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Objection {
    pub status: ObjectionStatus,
    pub reasons: String,
    pub lodged_on: NaiveDate,
    /// The certifier's motivation once decided.
    #[serde(default)]
    pub motivation: Option<String>,
}

/// A round that ended with an upheld objection, kept as it was.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub judgements: Vec<Judgement>,
    pub interview: Option<Interview>,
    pub advice: Option<AdviceRecord>,
    pub decision: Option<DecisionRecord>,
    pub objection: Option<Objection>,
}

/// Everything that happened to one submission.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub kind: SubmissionKind,
    pub candidate: String,
    pub stage: Stage,
    pub judgements: Vec<Judgement>,
    pub interview: Option<Interview>,
    pub advice: Option<AdviceRecord>,
    pub decision: Option<DecisionRecord>,
    pub objection: Option<Objection>,
    #[serde(default)]
    pub earlier_rounds: Vec<Round>,
}

/// One step, with the facts it needs (ids, today, now) passed in.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Command {
    /// The certifier assigns; `excluded` are the candidate's mentors.
    Assign {
        assessors: Vec<String>,
        excluded: Vec<String>,
    },
    ConfirmIndependence {
        assessor: String,
    },
    RecordVerdict {
        assessor: String,
        section: String,
        verdict: Verdict,
        note: String,
    },
    RecordAdvice {
        assessor: String,
        outcome: Outcome,
        motivation: String,
    },
    Seal {
        assessor: String,
    },
    OfferSlots {
        assessor: String,
        slots: Vec<SlotProposal>,
        now: i64,
    },
    PickSlot {
        candidate: String,
        slot: u32,
    },
    RecordInterview {
        assessor: String,
        notes: String,
    },
    RecordJointAdvice {
        assessor: String,
        outcome: Outcome,
        motivation: String,
        sections: Vec<String>,
    },
    Decide {
        outcome: Outcome,
        motivation: String,
        sections: Vec<String>,
        deadline: Option<NaiveDate>,
        today: NaiveDate,
    },
    LodgeObjection {
        candidate: String,
        reasons: String,
        today: NaiveDate,
    },
    StartObjection,
    ResolveObjection {
        upheld: bool,
        motivation: String,
    },
}

/// How the API answers a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// 404: the person is not part of this submission.
    NotFound,
    /// 409: not now (wrong step, conflict of interest, already done).
    Conflict,
    /// 422: the input itself is wrong.
    Unprocessable,
}

/// Why a step was refused; nothing changed.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    WrongStage { stage: Stage },
    AssessorCount { required: usize, given: usize },
    DuplicateAssessor,
    ConflictOfInterest,
    NotAssigned,
    NotCandidate,
    IndependenceNotConfirmed,
    AlreadySealed,
    UnknownSection { section: String },
    JudgementIncomplete { sections: Vec<String>, advice: bool },
    MotivationRequired,
    TextTooLong,
    NoInterview,
    NoSlots,
    SlotInPast,
    UnknownSlot,
    SectionsRequired,
    DeadlineNotInFuture,
    NothingToObject,
    ObjectionTooLate { deadline: NaiveDate },
    ObjectionExists,
    NoOpenObjection,
}

impl Refusal {
    pub fn kind(&self) -> RefusalKind {
        use Refusal::*;
        match self {
            NotAssigned | NotCandidate => RefusalKind::NotFound,
            WrongStage { .. }
            | ConflictOfInterest
            | IndependenceNotConfirmed
            | AlreadySealed
            | NoInterview
            | NothingToObject
            | ObjectionExists
            | NoOpenObjection => RefusalKind::Conflict,
            AssessorCount { .. }
            | DuplicateAssessor
            | UnknownSection { .. }
            | JudgementIncomplete { .. }
            | MotivationRequired
            | TextTooLong
            | NoSlots
            | SlotInPast
            | UnknownSlot
            | SectionsRequired
            | DeadlineNotInFuture
            | ObjectionTooLate { .. } => RefusalKind::Unprocessable,
        }
    }

    pub fn code(&self) -> &'static str {
        use Refusal::*;
        match self {
            WrongStage { .. } => "wrong_state",
            AssessorCount { .. } => "assessor_count",
            DuplicateAssessor => "duplicate_assessor",
            ConflictOfInterest => "conflict_of_interest",
            NotAssigned | NotCandidate => "not_found",
            IndependenceNotConfirmed => "independence_not_confirmed",
            AlreadySealed => "already_sealed",
            UnknownSection { .. } => "unknown_section",
            JudgementIncomplete { .. } => "judgement_incomplete",
            MotivationRequired => "motivation_required",
            TextTooLong => "text_too_long",
            NoInterview => "no_interview",
            NoSlots => "no_slots",
            SlotInPast => "slot_in_past",
            UnknownSlot => "unknown_slot",
            SectionsRequired => "sections_required",
            DeadlineNotInFuture => "deadline_not_in_future",
            NothingToObject => "nothing_to_object",
            ObjectionTooLate { .. } => "objection_too_late",
            ObjectionExists => "objection_exists",
            NoOpenObjection => "no_open_objection",
        }
    }

    pub fn message(&self) -> String {
        use Refusal::*;
        match self {
            WrongStage { stage } => format!(
                "Deze stap kan nu niet: de beoordeling staat op \"{}\".",
                stage.label()
            ),
            AssessorCount { required, given } => format!(
                "Wijs precies {required} {} toe (nu {given}).",
                if *required == 1 {
                    "assessor"
                } else {
                    "assessoren"
                }
            ),
            DuplicateAssessor => "Wijs een assessor maar één keer toe.".into(),
            ConflictOfInterest => "Deze assessor is de mentor van de kandidaat (of de kandidaat \
                 zelf) en mag dit portfolio niet beoordelen."
                .into(),
            NotAssigned | NotCandidate => {
                "Deze bron bestaat niet of je hebt er geen toegang toe.".into()
            }
            IndependenceNotConfirmed => "Verklaar eerst dat er geen sprake is van \
                 belangenverstrengeling; daarna opent het portfolio."
                .into(),
            AlreadySealed => "Je oordeel is al vastgelegd en kan niet meer veranderen.".into(),
            UnknownSection { section } => {
                format!("Onderdeel {section} wordt in deze beoordeling niet beoordeeld.")
            }
            JudgementIncomplete { sections, advice } => {
                let mut parts = Vec::new();
                if !sections.is_empty() {
                    parts.push(format!("geef een oordeel over {}", sections.join(", ")));
                }
                if *advice {
                    parts.push("geef een advies met motivering".to_string());
                }
                format!("Nog niet compleet: {}.", parts.join(" en "))
            }
            MotivationRequired => "Vul een motivering in.".into(),
            TextTooLong => format!("Een tekst mag hoogstens {MAX_TEXT_CHARS} tekens hebben."),
            NoInterview => "Bij deze beoordeling hoort geen toetsgesprek.".into(),
            NoSlots => {
                format!("Bied één tot {MAX_SLOTS} momenten aan, elk met een link of een adres.")
            }
            SlotInPast => "Een aangeboden moment ligt in het verleden.".into(),
            UnknownSlot => "Dit moment hoort niet bij de aangeboden momenten.".into(),
            SectionsRequired => "Noem de onderdelen die aangevuld moeten worden.".into(),
            DeadlineNotInFuture => {
                "De uiterste datum voor het aanvullen moet na vandaag liggen.".into()
            }
            NothingToObject => "Tegen een positief besluit hoef je geen bezwaar te maken.".into(),
            ObjectionTooLate { deadline } => format!(
                "Bezwaar kon tot en met {}: zes weken na het besluit.",
                dutch_date(*deadline)
            ),
            ObjectionExists => "Tegen dit besluit is al bezwaar gemaakt.".into(),
            NoOpenObjection => "Er is geen openstaand bezwaar.".into(),
        }
    }
}

impl Assessment {
    /// A fresh submission, waiting for its assessors.
    pub fn new(kind: SubmissionKind, candidate: &str) -> Assessment {
        Assessment {
            kind,
            candidate: candidate.to_string(),
            stage: Stage::Submitted,
            judgements: Vec::new(),
            interview: None,
            advice: None,
            decision: None,
            objection: None,
            earlier_rounds: Vec::new(),
        }
    }

    pub fn assessors(&self) -> Vec<&str> {
        self.judgements
            .iter()
            .map(|j| j.assessor.as_str())
            .collect()
    }

    pub fn is_assessor(&self, person: &str) -> bool {
        self.judgements.iter().any(|j| j.assessor == person)
    }

    pub fn judgement_of(&self, assessor: &str) -> Option<&Judgement> {
        self.judgements.iter().find(|j| j.assessor == assessor)
    }

    /// Every assigned assessor has sealed: from now on each sees the others.
    pub fn all_sealed(&self) -> bool {
        !self.judgements.is_empty() && self.judgements.iter().all(|j| j.sealed)
    }

    /// Sections whose verdicts differ between the sealed judgements; empty
    /// until all are sealed (before that, nobody may compare).
    pub fn differences(&self) -> Vec<String> {
        if !self.all_sealed() || self.judgements.len() < 2 {
            return Vec::new();
        }
        self.kind
            .judged_sections()
            .into_iter()
            .filter(|code| {
                let mut verdicts = self
                    .judgements
                    .iter()
                    .map(|j| j.verdicts.get(*code).map(|v| v.verdict));
                let first = verdicts.next().flatten();
                verdicts.any(|v| v != first)
            })
            .map(str::to_string)
            .collect()
    }

    /// Still being judged (or an objection is open): a new submission of
    /// the same portfolio waits until this one is done.
    pub fn is_active(&self) -> bool {
        self.stage != Stage::Decided || self.objection.as_ref().is_some_and(|o| o.status.is_open())
    }

    /// The decision, when it stands (decided and no objection open).
    pub fn final_outcome(&self) -> Option<Outcome> {
        if self.is_active() {
            return None;
        }
        self.decision.as_ref().map(|d| d.outcome)
    }

    pub fn next_actor(&self) -> NextActor {
        match self.stage {
            Stage::Submitted | Stage::Advised => NextActor::Certifier,
            Stage::AssessorsAssigned
            | Stage::Judging
            | Stage::Sealed
            | Stage::InterviewPlanned
            | Stage::InterviewHeld => NextActor::Assessors,
            Stage::InterviewOffered => NextActor::Candidate,
            Stage::Decided => match (&self.objection, &self.decision) {
                (Some(o), _) if o.status.is_open() => NextActor::Certifier,
                (_, Some(d)) if d.outcome == Outcome::Uitgesteld => NextActor::Candidate,
                _ => NextActor::Nobody,
            },
        }
    }
}

fn check_text(text: &str, required: bool) -> Result<(), Refusal> {
    if required && text.trim().is_empty() {
        return Err(Refusal::MotivationRequired);
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Refusal::TextTooLong);
    }
    Ok(())
}

fn check_sections(kind: SubmissionKind, sections: &[String]) -> Result<(), Refusal> {
    if sections.is_empty() {
        return Err(Refusal::SectionsRequired);
    }
    let judged = kind.judged_sections();
    match sections.iter().find(|s| !judged.contains(&s.as_str())) {
        Some(s) => Err(Refusal::UnknownSection { section: s.clone() }),
        None => Ok(()),
    }
}

fn stage_in(a: &Assessment, allowed: &[Stage]) -> Result<(), Refusal> {
    if allowed.contains(&a.stage) {
        Ok(())
    } else {
        Err(Refusal::WrongStage { stage: a.stage })
    }
}

/// The assessor's own judgement, open for writing: assigned, independence
/// confirmed, not sealed.
fn open_judgement<'a>(a: &'a mut Assessment, assessor: &str) -> Result<&'a mut Judgement, Refusal> {
    let j = a
        .judgements
        .iter_mut()
        .find(|j| j.assessor == assessor)
        .ok_or(Refusal::NotAssigned)?;
    if !j.independence_confirmed {
        return Err(Refusal::IndependenceNotConfirmed);
    }
    if j.sealed {
        return Err(Refusal::AlreadySealed);
    }
    Ok(j)
}

fn require_assessor(a: &Assessment, assessor: &str) -> Result<(), Refusal> {
    if a.is_assessor(assessor) {
        Ok(())
    } else {
        Err(Refusal::NotAssigned)
    }
}

/// The sections an uitgesteld advice of one assessor asks to supplement:
/// those not judged "voldoet".
fn to_supplement(kind: SubmissionKind, j: &Judgement) -> Vec<String> {
    kind.judged_sections()
        .into_iter()
        .filter(|c| {
            j.verdicts
                .get(*c)
                .is_some_and(|v| v.verdict != Verdict::Voldoet)
        })
        .map(str::to_string)
        .collect()
}

/// The whole decision for one step: the new state, or why not (and then
/// nothing changed).
pub fn apply(state: &Assessment, command: &Command) -> Result<Assessment, Refusal> {
    let mut a = state.clone();
    match command {
        Command::Assign {
            assessors,
            excluded,
        } => {
            stage_in(&a, &[Stage::Submitted, Stage::AssessorsAssigned])?;
            // Once someone opened the portfolio the assignment stands.
            if a.judgements.iter().any(|j| j.independence_confirmed) {
                return Err(Refusal::WrongStage { stage: a.stage });
            }
            let mut unique = assessors.clone();
            unique.sort();
            unique.dedup();
            if unique.len() != assessors.len() {
                return Err(Refusal::DuplicateAssessor);
            }
            let required = a.kind.required_assessors();
            if assessors.len() != required {
                return Err(Refusal::AssessorCount {
                    required,
                    given: assessors.len(),
                });
            }
            if assessors
                .iter()
                .any(|p| *p == a.candidate || excluded.contains(p))
            {
                return Err(Refusal::ConflictOfInterest);
            }
            a.judgements = assessors.iter().map(|p| Judgement::new(p)).collect();
            a.stage = Stage::AssessorsAssigned;
        }
        Command::ConfirmIndependence { assessor } => {
            require_assessor(&a, assessor)?;
            stage_in(&a, &[Stage::AssessorsAssigned, Stage::Judging])?;
            let j = a
                .judgements
                .iter_mut()
                .find(|j| j.assessor == *assessor)
                .ok_or(Refusal::NotAssigned)?;
            j.independence_confirmed = true;
            a.stage = Stage::Judging;
        }
        Command::RecordVerdict {
            assessor,
            section,
            verdict,
            note,
        } => {
            require_assessor(&a, assessor)?;
            stage_in(&a, &[Stage::AssessorsAssigned, Stage::Judging])?;
            if !a.kind.judged_sections().contains(&section.as_str()) {
                return Err(Refusal::UnknownSection {
                    section: section.clone(),
                });
            }
            check_text(note, false)?;
            let j = open_judgement(&mut a, assessor)?;
            j.verdicts.insert(
                section.clone(),
                SectionVerdict {
                    verdict: *verdict,
                    note: note.clone(),
                },
            );
        }
        Command::RecordAdvice {
            assessor,
            outcome,
            motivation,
        } => {
            require_assessor(&a, assessor)?;
            stage_in(&a, &[Stage::AssessorsAssigned, Stage::Judging])?;
            check_text(motivation, true)?;
            let j = open_judgement(&mut a, assessor)?;
            j.advice = Some(AdviceRecord {
                outcome: *outcome,
                motivation: motivation.clone(),
                sections: Vec::new(),
            });
        }
        Command::Seal { assessor } => {
            require_assessor(&a, assessor)?;
            stage_in(&a, &[Stage::AssessorsAssigned, Stage::Judging])?;
            let kind = a.kind;
            let j = open_judgement(&mut a, assessor)?;
            let missing: Vec<String> = kind
                .judged_sections()
                .into_iter()
                .filter(|c| !j.verdicts.contains_key(*c))
                .map(str::to_string)
                .collect();
            if !missing.is_empty() || j.advice.is_none() {
                return Err(Refusal::JudgementIncomplete {
                    sections: missing,
                    advice: j.advice.is_none(),
                });
            }
            j.sealed = true;
            if a.all_sealed() {
                a.stage = Stage::Sealed;
                // One assessor: their advice is the advice (001: "Een
                // assessor beoordeelt je portfolio en geeft een
                // certificatieadvies").
                if kind.required_assessors() == 1 {
                    if let Some(j) = a.judgements.first() {
                        a.advice = j.advice.clone().map(|advice| AdviceRecord {
                            sections: if advice.outcome == Outcome::Uitgesteld {
                                to_supplement(kind, j)
                            } else {
                                Vec::new()
                            },
                            ..advice
                        });
                    }
                    a.stage = Stage::Advised;
                }
            }
        }
        Command::OfferSlots {
            assessor,
            slots,
            now,
        } => {
            require_assessor(&a, assessor)?;
            if !a.kind.has_interview() {
                return Err(Refusal::NoInterview);
            }
            stage_in(&a, &[Stage::Sealed, Stage::InterviewOffered])?;
            if slots.is_empty() || slots.len() > MAX_SLOTS {
                return Err(Refusal::NoSlots);
            }
            for slot in slots {
                let text = match &slot.place {
                    Place::Online { link } => link,
                    Place::Location { address } => address,
                };
                if text.trim().is_empty() || text.chars().count() > MAX_PLACE_CHARS {
                    return Err(Refusal::NoSlots);
                }
                if slot.starts_at <= *now {
                    return Err(Refusal::SlotInPast);
                }
            }
            a.interview = Some(Interview {
                slots: slots
                    .iter()
                    .zip(1u32..)
                    .map(|(s, id)| InterviewSlot {
                        id,
                        starts_at: s.starts_at,
                        minutes: INTERVIEW_MINUTES,
                        place: s.place.clone(),
                    })
                    .collect(),
                chosen: None,
                held: None,
            });
            a.stage = Stage::InterviewOffered;
        }
        Command::PickSlot { candidate, slot } => {
            if *candidate != a.candidate {
                return Err(Refusal::NotCandidate);
            }
            if !a.kind.has_interview() {
                return Err(Refusal::NoInterview);
            }
            stage_in(&a, &[Stage::InterviewOffered, Stage::InterviewPlanned])?;
            let interview = a.interview.as_mut().ok_or(Refusal::UnknownSlot)?;
            if !interview.slots.iter().any(|s| s.id == *slot) {
                return Err(Refusal::UnknownSlot);
            }
            interview.chosen = Some(*slot);
            a.stage = Stage::InterviewPlanned;
        }
        Command::RecordInterview { assessor, notes } => {
            require_assessor(&a, assessor)?;
            if !a.kind.has_interview() {
                return Err(Refusal::NoInterview);
            }
            stage_in(&a, &[Stage::InterviewPlanned])?;
            check_text(notes, false)?;
            if let Some(interview) = a.interview.as_mut() {
                interview.held = Some(InterviewRecord {
                    recorded_by: assessor.clone(),
                    notes: notes.clone(),
                });
            }
            a.stage = Stage::InterviewHeld;
        }
        Command::RecordJointAdvice {
            assessor,
            outcome,
            motivation,
            sections,
        } => {
            require_assessor(&a, assessor)?;
            let ready = match a.kind {
                SubmissionKind::InitialFull => Stage::InterviewHeld,
                SubmissionKind::InitialShortened => Stage::Sealed,
                // One assessor: the sealed advice is the advice already.
                SubmissionKind::Recertification => {
                    return Err(Refusal::WrongStage { stage: a.stage })
                }
            };
            stage_in(&a, &[ready])?;
            check_text(motivation, true)?;
            if *outcome == Outcome::Uitgesteld {
                check_sections(a.kind, sections)?;
            }
            a.advice = Some(AdviceRecord {
                outcome: *outcome,
                motivation: motivation.clone(),
                sections: if *outcome == Outcome::Uitgesteld {
                    sections.clone()
                } else {
                    Vec::new()
                },
            });
            a.stage = Stage::Advised;
        }
        Command::Decide {
            outcome,
            motivation,
            sections,
            deadline,
            today,
        } => {
            stage_in(&a, &[Stage::Advised])?;
            check_text(motivation, *outcome != Outcome::Positief)?;
            let (sections, deadline) = if *outcome == Outcome::Uitgesteld {
                check_sections(a.kind, sections)?;
                match deadline {
                    Some(d) if d > today => (sections.clone(), Some(*d)),
                    _ => return Err(Refusal::DeadlineNotInFuture),
                }
            } else {
                (Vec::new(), None)
            };
            a.decision = Some(DecisionRecord {
                outcome: *outcome,
                motivation: motivation.clone(),
                sections,
                deadline,
                decided_on: *today,
            });
            a.stage = Stage::Decided;
        }
        Command::LodgeObjection {
            candidate,
            reasons,
            today,
        } => {
            if *candidate != a.candidate {
                return Err(Refusal::NotCandidate);
            }
            stage_in(&a, &[Stage::Decided])?;
            let decision = a
                .decision
                .as_ref()
                .ok_or(Refusal::WrongStage { stage: a.stage })?;
            if decision.outcome == Outcome::Positief {
                return Err(Refusal::NothingToObject);
            }
            if a.objection.is_some() {
                return Err(Refusal::ObjectionExists);
            }
            if !objection_in_time(decision.decided_on, *today) {
                return Err(Refusal::ObjectionTooLate {
                    deadline: objection_deadline(decision.decided_on),
                });
            }
            check_text(reasons, true)?;
            a.objection = Some(Objection {
                status: ObjectionStatus::Ontvangen,
                reasons: reasons.clone(),
                lodged_on: *today,
                motivation: None,
            });
        }
        Command::StartObjection => match a.objection.as_mut() {
            Some(o) if o.status == ObjectionStatus::Ontvangen => {
                o.status = ObjectionStatus::InBehandeling;
            }
            _ => return Err(Refusal::NoOpenObjection),
        },
        Command::ResolveObjection { upheld, motivation } => {
            check_text(motivation, true)?;
            match a.objection.as_mut() {
                Some(o) if o.status.is_open() => {
                    o.status = if *upheld {
                        ObjectionStatus::Gegrond
                    } else {
                        ObjectionStatus::Ongegrond
                    };
                    o.motivation = Some(motivation.clone());
                }
                _ => return Err(Refusal::NoOpenObjection),
            }
            if *upheld {
                // "gegrond": a new assessment. The round as it was is kept.
                a.earlier_rounds.push(Round {
                    judgements: std::mem::take(&mut a.judgements),
                    interview: a.interview.take(),
                    advice: a.advice.take(),
                    decision: a.decision.take(),
                    objection: a.objection.take(),
                });
                a.stage = Stage::Submitted;
            }
        }
    }
    Ok(a)
}
