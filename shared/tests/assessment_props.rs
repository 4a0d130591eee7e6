//! Property tests of the assessment state machine against a reference
//! model: random sequences of steps by the candidate, assigned and
//! unassigned assessors, a mentor and the certifier. For every step the
//! model (written independently, as plain bookkeeping) predicts whether it
//! is accepted and the stage that follows; the machine must agree. Along
//! the way the invariants hold: a refusal changes nothing, no assessor ever
//! sees another's judgement before all have sealed, a sealed judgement
//! never changes, a decision exists exactly in the decided stage, and the
//! state survives JSON.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use shared::assessment::*;

const CANDIDATE: &str = "cand";
const MENTOR: &str = "mentor";
const PEOPLE: [&str; 5] = ["a", "b", "c", MENTOR, CANDIDATE];

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

#[derive(Debug, Clone)]
enum Step {
    Assign(Vec<usize>),
    Confirm(usize),
    Verdict(usize, usize, usize),
    Advice(usize, usize, bool),
    Seal(usize),
    Offer(usize, bool),
    Pick(usize, u32),
    Interview(usize),
    Joint(usize, usize, bool),
    Decide(usize, bool, i64),
    Object(usize, i64),
    Start,
    Resolve(bool),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        prop::collection::vec(0usize..5, 0..4).prop_map(Step::Assign),
        (0usize..5).prop_map(Step::Confirm),
        (0usize..5, 0usize..12, 0usize..3).prop_map(|(p, s, v)| Step::Verdict(p, s, v)),
        (0usize..5, 0usize..3, any::<bool>()).prop_map(|(p, o, m)| Step::Advice(p, o, m)),
        (0usize..5).prop_map(Step::Seal),
        (0usize..5, any::<bool>()).prop_map(|(p, f)| Step::Offer(p, f)),
        (0usize..5, 0u32..4).prop_map(|(p, s)| Step::Pick(p, s)),
        (0usize..5).prop_map(Step::Interview),
        (0usize..5, 0usize..3, any::<bool>()).prop_map(|(p, o, s)| Step::Joint(p, o, s)),
        (0usize..3, any::<bool>(), -2i64..60).prop_map(|(o, s, d)| Step::Decide(o, s, d)),
        (0usize..5, 0i64..60).prop_map(|(p, d)| Step::Object(p, d)),
        Just(Step::Start),
        any::<bool>().prop_map(Step::Resolve),
    ]
}

/// The reference: plain bookkeeping of who did what.
struct Model {
    kind: SubmissionKind,
    stage: Stage,
    assigned: Vec<String>,
    confirmed: BTreeSet<String>,
    verdicts: BTreeMap<String, BTreeSet<String>>,
    advised: BTreeSet<String>,
    sealed: BTreeSet<String>,
    slots: u32,
    decided: Option<(Outcome, NaiveDate)>,
    objection: Option<ObjectionStatus>,
    rounds: usize,
}

fn section_pool(kind: SubmissionKind) -> Vec<String> {
    let mut s: Vec<String> = kind
        .judged_sections()
        .into_iter()
        .map(String::from)
        .collect();
    s.push("X9".into());
    s
}

impl Model {
    fn new(kind: SubmissionKind) -> Model {
        Model {
            kind,
            stage: Stage::Submitted,
            assigned: vec![],
            confirmed: BTreeSet::new(),
            verdicts: BTreeMap::new(),
            advised: BTreeSet::new(),
            sealed: BTreeSet::new(),
            slots: 0,
            decided: None,
            objection: None,
            rounds: 0,
        }
    }

    fn judging(&self, p: &str) -> bool {
        self.assigned.iter().any(|a| a == p)
            && matches!(self.stage, Stage::AssessorsAssigned | Stage::Judging)
            && self.confirmed.contains(p)
            && !self.sealed.contains(p)
    }

    fn judged(&self) -> Vec<String> {
        self.kind
            .judged_sections()
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// Whether the step is accepted; applies it to the model if so.
    fn step(&mut self, s: &Step, today: NaiveDate) -> bool {
        let is_assigned = |m: &Model, p: &str| m.assigned.iter().any(|a| a == p);
        match s {
            Step::Assign(idx) => {
                let people: Vec<String> = idx.iter().map(|i| PEOPLE[*i].to_string()).collect();
                let unique: BTreeSet<&String> = people.iter().collect();
                let ok = matches!(self.stage, Stage::Submitted | Stage::AssessorsAssigned)
                    && self.confirmed.is_empty()
                    && unique.len() == people.len()
                    && people.len() == self.kind.required_assessors()
                    && !people.iter().any(|p| p == MENTOR || p == CANDIDATE);
                if ok {
                    self.assigned = people;
                    self.verdicts.clear();
                    self.advised.clear();
                    self.sealed.clear();
                    self.stage = Stage::AssessorsAssigned;
                }
                ok
            }
            Step::Confirm(p) => {
                let p = PEOPLE[*p];
                let ok = is_assigned(self, p)
                    && matches!(self.stage, Stage::AssessorsAssigned | Stage::Judging);
                if ok {
                    self.confirmed.insert(p.into());
                    self.stage = Stage::Judging;
                }
                ok
            }
            Step::Verdict(p, s, _) => {
                let p = PEOPLE[*p];
                let pool = section_pool(self.kind);
                let section = &pool[*s % pool.len()];
                let ok = self.judging(p) && self.judged().contains(section);
                if ok {
                    self.verdicts
                        .entry(p.into())
                        .or_default()
                        .insert(section.clone());
                }
                ok
            }
            Step::Advice(p, _, motivated) => {
                let p = PEOPLE[*p];
                let ok = self.judging(p) && *motivated;
                if ok {
                    self.advised.insert(p.into());
                }
                ok
            }
            Step::Seal(p) => {
                let p = PEOPLE[*p];
                let complete = self
                    .verdicts
                    .get(p)
                    .is_some_and(|v| v.len() == self.judged().len())
                    && self.advised.contains(p);
                let ok = self.judging(p) && complete;
                if ok {
                    self.sealed.insert(p.into());
                    if self.sealed.len() == self.assigned.len() {
                        self.stage = if self.kind.required_assessors() == 1 {
                            Stage::Advised
                        } else {
                            Stage::Sealed
                        };
                    }
                }
                ok
            }
            Step::Offer(p, future) => {
                let ok = is_assigned(self, PEOPLE[*p])
                    && self.kind.has_interview()
                    && matches!(self.stage, Stage::Sealed | Stage::InterviewOffered)
                    && *future;
                if ok {
                    self.slots = 2;
                    self.stage = Stage::InterviewOffered;
                }
                ok
            }
            Step::Pick(p, slot) => {
                let ok = PEOPLE[*p] == CANDIDATE
                    && self.kind.has_interview()
                    && matches!(
                        self.stage,
                        Stage::InterviewOffered | Stage::InterviewPlanned
                    )
                    && *slot >= 1
                    && *slot <= self.slots;
                if ok {
                    self.stage = Stage::InterviewPlanned;
                }
                ok
            }
            Step::Interview(p) => {
                let ok = is_assigned(self, PEOPLE[*p])
                    && self.kind.has_interview()
                    && self.stage == Stage::InterviewPlanned;
                if ok {
                    self.stage = Stage::InterviewHeld;
                }
                ok
            }
            Step::Joint(p, o, with_sections) => {
                let ready = match self.kind {
                    SubmissionKind::InitialFull => Some(Stage::InterviewHeld),
                    SubmissionKind::InitialShortened => Some(Stage::Sealed),
                    SubmissionKind::Recertification => None,
                };
                let needs_sections = Outcome::ALL[*o] == Outcome::Uitgesteld;
                let ok = is_assigned(self, PEOPLE[*p])
                    && ready == Some(self.stage)
                    && (!needs_sections || *with_sections);
                if ok {
                    self.stage = Stage::Advised;
                }
                ok
            }
            Step::Decide(o, with_sections, deadline) => {
                let outcome = Outcome::ALL[*o];
                let ok = self.stage == Stage::Advised
                    && (outcome != Outcome::Uitgesteld || (*with_sections && *deadline > 0));
                if ok {
                    self.decided = Some((outcome, today));
                    self.stage = Stage::Decided;
                }
                ok
            }
            Step::Object(p, _) => {
                let ok = PEOPLE[*p] == CANDIDATE
                    && self.stage == Stage::Decided
                    && self.objection.is_none()
                    && self.decided.is_some_and(|(o, on)| {
                        o != Outcome::Positief && today <= on + Duration::days(42)
                    });
                if ok {
                    self.objection = Some(ObjectionStatus::Ontvangen);
                }
                ok
            }
            Step::Start => {
                let ok = self.objection == Some(ObjectionStatus::Ontvangen);
                if ok {
                    self.objection = Some(ObjectionStatus::InBehandeling);
                }
                ok
            }
            Step::Resolve(upheld) => {
                let ok = self.objection.is_some_and(|o| o.is_open());
                if ok {
                    if *upheld {
                        *self = Model {
                            rounds: self.rounds + 1,
                            ..Model::new(self.kind)
                        };
                    } else {
                        self.objection = Some(ObjectionStatus::Ongegrond);
                    }
                }
                ok
            }
        }
    }
}

fn command(s: &Step, kind: SubmissionKind, today: NaiveDate) -> Command {
    let person = |i: usize| PEOPLE[i].to_string();
    let pool = section_pool(kind);
    let first_judged = kind.judged_sections()[0].to_string();
    match s {
        Step::Assign(idx) => Command::Assign {
            assessors: idx.iter().map(|i| person(*i)).collect(),
            excluded: vec![MENTOR.into()],
        },
        Step::Confirm(p) => Command::ConfirmIndependence {
            assessor: person(*p),
        },
        Step::Verdict(p, s, v) => Command::RecordVerdict {
            assessor: person(*p),
            section: pool[*s % pool.len()].clone(),
            verdict: Verdict::ALL[*v],
            note: format!("notitie {s}"),
        },
        Step::Advice(p, o, m) => Command::RecordAdvice {
            assessor: person(*p),
            outcome: Outcome::ALL[*o],
            motivation: if *m { "motivering".into() } else { " ".into() },
        },
        Step::Seal(p) => Command::Seal {
            assessor: person(*p),
        },
        Step::Offer(p, future) => Command::OfferSlots {
            assessor: person(*p),
            slots: vec![
                SlotProposal {
                    starts_at: if *future { 2_000 } else { 500 },
                    place: Place::Online {
                        link: "https://meet.example/rj".into(),
                    },
                },
                SlotProposal {
                    starts_at: 3_000,
                    place: Place::Location {
                        address: "Utrecht".into(),
                    },
                },
            ],
            now: 1_000,
        },
        Step::Pick(p, slot) => Command::PickSlot {
            candidate: person(*p),
            slot: *slot,
        },
        Step::Interview(p) => Command::RecordInterview {
            assessor: person(*p),
            notes: "gehouden".into(),
        },
        Step::Joint(p, o, with) => Command::RecordJointAdvice {
            assessor: person(*p),
            outcome: Outcome::ALL[*o],
            motivation: "samen".into(),
            sections: if *with { vec![first_judged] } else { vec![] },
        },
        Step::Decide(o, with, deadline) => Command::Decide {
            outcome: Outcome::ALL[*o],
            motivation: "besluit".into(),
            sections: if *with { vec![first_judged] } else { vec![] },
            deadline: Some(today + Duration::days(*deadline)),
            today,
        },
        Step::Object(p, _) => Command::LodgeObjection {
            candidate: person(*p),
            reasons: "bezwaar".into(),
            today,
        },
        Step::Start => Command::StartObjection,
        Step::Resolve(upheld) => Command::ResolveObjection {
            upheld: *upheld,
            motivation: "afgewogen".into(),
        },
    }
}

/// The happy path to a negative decision and an objection, of which a
/// random prefix runs first, so the later stages are reached often.
fn guided(kind: SubmissionKind) -> Vec<Step> {
    let n = kind.required_assessors();
    let mut steps = vec![Step::Assign((0..n).collect())];
    for p in 0..n {
        steps.push(Step::Confirm(p));
        for s in 0..kind.judged_sections().len() {
            steps.push(Step::Verdict(p, s, p % 3));
        }
        steps.push(Step::Advice(p, 2, true));
        steps.push(Step::Seal(p));
    }
    if kind.has_interview() {
        steps.push(Step::Offer(0, true));
        steps.push(Step::Pick(4, 1));
        steps.push(Step::Interview(1));
    }
    if kind != SubmissionKind::Recertification {
        steps.push(Step::Joint(0, 2, false));
    }
    steps.push(Step::Decide(2, false, 10));
    steps.push(Step::Object(4, 5));
    steps.push(Step::Start);
    steps
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_machine_agrees_with_the_model(
        kind in prop::sample::select(SubmissionKind::ALL.to_vec()),
        guide in 0usize..80,
        steps in prop::collection::vec((step(), 0i64..5), 0..60),
    ) {
        let mut state = Assessment::new(kind, CANDIDATE);
        let mut model = Model::new(kind);
        let mut today = base();
        let prefix: Vec<Step> = guided(kind).into_iter().take(guide).collect();
        let all: Vec<(Step, i64)> = prefix.into_iter().map(|s| (s, 0)).chain(steps).collect();
        for (s, days) in all {
            // Objection steps carry how long after the decision they come.
            today += Duration::days(match s { Step::Object(_, d) => d, _ => days });
            let before = state.clone();
            let sealed_before: Vec<Judgement> =
                state.judgements.iter().filter(|j| j.sealed).cloned().collect();
            let expected = model.step(&s, today);
            let c = command(&s, kind, today);
            match apply(&state, &c) {
                Ok(next) => {
                    prop_assert!(expected, "accepted, model refuses: {:?} in {:?}", c, before.stage);
                    state = next;
                }
                Err(refusal) => {
                    prop_assert!(!expected, "refused {:?}: {:?} in {:?}", refusal, c, before.stage);
                    prop_assert!(!refusal.message().is_empty());
                }
            }
            prop_assert_eq!(state.stage, model.stage);
            prop_assert_eq!(state.earlier_rounds.len(), model.rounds);
            prop_assert_eq!(state.decision.is_some(), state.stage == Stage::Decided);
            // A sealed judgement never changes within its round.
            if state.earlier_rounds.len() == before.earlier_rounds.len() {
                for j in &sealed_before {
                    prop_assert_eq!(state.judgement_of(&j.assessor), Some(j));
                }
            }
            // Independence, for everyone who could look.
            for p in PEOPLE {
                let v = view(&state, Viewer::Assessor(p));
                for j in &v.judgements {
                    prop_assert!(j.assessor == p || state.all_sealed(),
                        "{} saw {}'s judgement before all sealed", p, j.assessor);
                }
                if !state.all_sealed() {
                    prop_assert!(v.differences.is_empty());
                }
            }
            prop_assert!(view(&state, Viewer::Certifier).judgements.iter().all(|j| j.sealed));
            prop_assert!(view(&state, Viewer::Candidate).judgements.is_empty());
            let json = serde_json::to_string(&state).unwrap();
            let back: Assessment = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, &state);
        }
    }
}
