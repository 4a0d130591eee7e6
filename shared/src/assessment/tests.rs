//! Unit tests of the assessment rules, each citing the seed passage it
//! encodes (files in /work/shared/seeds).

use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::evidence::{EvidenceFile, Sha256Hex, Slot};
use crate::framework::PortfolioKind;
use crate::sync::{FieldValue, Target};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const CANDIDATE: &str = "cand";
const A: &str = "ass-a";
const B: &str = "ass-b";
const MENTOR: &str = "mentor";

fn assessors(kind: SubmissionKind) -> Vec<String> {
    [A, B]
        .iter()
        .take(kind.required_assessors())
        .map(|s| s.to_string())
        .collect()
}

fn step(a: &Assessment, c: Command) -> Assessment {
    match apply(a, &c) {
        Ok(next) => next,
        Err(r) => panic!("{c:?} refused: {r:?}"),
    }
}

/// Assigns and lets every assessor judge every section `verdict` and seal.
fn judged(kind: SubmissionKind, verdict: Verdict, outcome: Outcome) -> Assessment {
    let mut a = step(
        &Assessment::new(kind, CANDIDATE),
        Command::Assign {
            assessors: assessors(kind),
            excluded: vec![MENTOR.into()],
        },
    );
    for who in assessors(kind) {
        a = step(
            &a,
            Command::ConfirmIndependence {
                assessor: who.clone(),
            },
        );
        for section in kind.judged_sections() {
            a = step(
                &a,
                Command::RecordVerdict {
                    assessor: who.clone(),
                    section: section.into(),
                    verdict,
                    note: format!("{section} gelezen"),
                },
            );
        }
        a = step(
            &a,
            Command::RecordAdvice {
                assessor: who.clone(),
                outcome,
                motivation: "Onderbouwd".into(),
            },
        );
        a = step(&a, Command::Seal { assessor: who });
    }
    a
}

#[test]
fn two_assessors_for_initial_one_for_recertification() {
    // 000: "wordt deze beoordeeld door twee assessoren"; 001: "Een assessor
    // beoordeelt je portfolio en geeft een certificatieadvies".
    assert_eq!(SubmissionKind::InitialFull.required_assessors(), 2);
    assert_eq!(SubmissionKind::InitialShortened.required_assessors(), 2);
    assert_eq!(SubmissionKind::Recertification.required_assessors(), 1);
    for kind in SubmissionKind::ALL {
        for n in [0usize, 1, 2, 3] {
            let list: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
            let r = apply(
                &Assessment::new(kind, CANDIDATE),
                &Command::Assign {
                    assessors: list,
                    excluded: vec![],
                },
            );
            if n == kind.required_assessors() {
                assert!(r.is_ok(), "{kind:?} {n}");
            } else {
                let refusal = r.unwrap_err();
                assert_eq!(refusal.code(), "assessor_count");
                assert_eq!(refusal.kind(), RefusalKind::Unprocessable);
            }
        }
    }
}

#[test]
fn shortened_route_skips_b2_c_d_and_the_interview() {
    // 002, A2: "Vrijstelling voor de onderdelen B2, C1 t/m C4 en D en het
    // toetsgesprek. Aantonen A1, A2, B1 en E."
    assert_eq!(
        SubmissionKind::InitialShortened.judged_sections(),
        vec!["A1", "A2", "B1", "E"]
    );
    assert!(!SubmissionKind::InitialShortened.has_interview());
    assert!(SubmissionKind::InitialFull.has_interview());
    assert!(!SubmissionKind::Recertification.has_interview());
    let full = SubmissionKind::InitialFull.judged_sections();
    for code in ["B2", "C1", "C2", "C3", "C4", "D"] {
        assert!(full.contains(&code));
    }
    let sealed = judged(
        SubmissionKind::InitialShortened,
        Verdict::Voldoet,
        Outcome::Positief,
    );
    assert_eq!(sealed.stage, Stage::Sealed);
    let offer = apply(
        &sealed,
        &Command::OfferSlots {
            assessor: A.into(),
            slots: vec![SlotProposal {
                starts_at: 100,
                place: Place::Online {
                    link: "https://meet.example/x".into(),
                },
            }],
            now: 0,
        },
    );
    assert_eq!(offer.unwrap_err(), Refusal::NoInterview);
    let advised = step(
        &sealed,
        Command::RecordJointAdvice {
            assessor: B.into(),
            outcome: Outcome::Positief,
            motivation: "Voldoet aan A1, A2, B1 en E".into(),
            sections: vec![],
        },
    );
    assert_eq!(advised.stage, Stage::Advised);
    let bad = apply(
        &sealed,
        &Command::RecordVerdict {
            assessor: A.into(),
            section: "C1".into(),
            verdict: Verdict::Voldoet,
            note: String::new(),
        },
    );
    assert!(bad.is_err());
}

#[test]
fn the_full_route_walks_through_the_toetsgesprek_to_a_decision() {
    // 000: "Vervolgens word je uitgenodigd voor een mondeling toetsgesprek
    // ... Dit gesprek duurt 30 minuten en kan zowel online als offline
    // plaatsvinden. Beide assessoren zijn bij het gesprek aanwezig. Na afloop
    // van het gesprek geven de assessoren een certificatieadvies." and "Op
    // basis van het advies van de assessoren, neemt DNV een definitief
    // certificatiebesluit."
    let sealed = judged(
        SubmissionKind::InitialFull,
        Verdict::Voldoet,
        Outcome::Positief,
    );
    assert_eq!(sealed.stage, Stage::Sealed);
    assert_eq!(sealed.next_actor(), NextActor::Assessors);
    // No joint advice before the conversation.
    assert!(matches!(
        apply(
            &sealed,
            &Command::RecordJointAdvice {
                assessor: A.into(),
                outcome: Outcome::Positief,
                motivation: "x".into(),
                sections: vec![]
            }
        ),
        Err(Refusal::WrongStage { .. })
    ));
    let offered = step(
        &sealed,
        Command::OfferSlots {
            assessor: A.into(),
            slots: vec![
                SlotProposal {
                    starts_at: 2_000,
                    place: Place::Online {
                        link: "https://meet.example/rj".into(),
                    },
                },
                SlotProposal {
                    starts_at: 3_000,
                    place: Place::Location {
                        address: "Stationsplein 1, Utrecht".into(),
                    },
                },
            ],
            now: 1_000,
        },
    );
    assert_eq!(offered.next_actor(), NextActor::Candidate);
    let slots = &offered.interview.as_ref().unwrap().slots;
    assert!(slots.iter().all(|s| s.minutes == 30));
    assert_eq!(
        apply(
            &offered,
            &Command::PickSlot {
                candidate: "someone-else".into(),
                slot: 1
            }
        )
        .unwrap_err()
        .kind(),
        RefusalKind::NotFound
    );
    assert_eq!(
        apply(
            &offered,
            &Command::PickSlot {
                candidate: CANDIDATE.into(),
                slot: 9
            }
        )
        .unwrap_err(),
        Refusal::UnknownSlot
    );
    let planned = step(
        &offered,
        Command::PickSlot {
            candidate: CANDIDATE.into(),
            slot: 2,
        },
    );
    assert_eq!(
        planned
            .interview
            .as_ref()
            .unwrap()
            .chosen_slot()
            .unwrap()
            .starts_at,
        3_000
    );
    let held = step(
        &planned,
        Command::RecordInterview {
            assessor: B.into(),
            notes: "Toelichting op C1 gegeven".into(),
        },
    );
    let advised = step(
        &held,
        Command::RecordJointAdvice {
            assessor: A.into(),
            outcome: Outcome::Positief,
            motivation: "Voldoet aan de certificeringseisen".into(),
            sections: vec![],
        },
    );
    assert_eq!(advised.next_actor(), NextActor::Certifier);
    let decided = step(
        &advised,
        Command::Decide {
            outcome: Outcome::Positief,
            motivation: String::new(),
            sections: vec![],
            deadline: None,
            today: d(2026, 3, 1),
        },
    );
    assert_eq!(decided.stage, Stage::Decided);
    assert_eq!(decided.final_outcome(), Some(Outcome::Positief));
    assert_eq!(decided.next_actor(), NextActor::Nobody);
    assert!(!decided.is_active());
}

#[test]
fn a_recertification_advice_is_the_single_assessors_sealed_advice() {
    // 001: "Een assessor beoordeelt je portfolio en geeft een
    // certificatieadvies aan de certificerende instelling."
    let a = judged(
        SubmissionKind::Recertification,
        Verdict::Aanvullen,
        Outcome::Uitgesteld,
    );
    assert_eq!(a.stage, Stage::Advised);
    let advice = a.advice.clone().unwrap();
    assert_eq!(advice.outcome, Outcome::Uitgesteld);
    assert_eq!(
        advice.sections,
        SubmissionKind::Recertification.judged_sections()
    );
    assert!(a.differences().is_empty());
}

#[test]
fn assessors_judge_independently_until_both_have_sealed() {
    // 000: "Zij beoordelen onafhankelijk van elkaar of je portfolio aan alle
    // eisen van het toetsingskader voldoet."
    let kind = SubmissionKind::InitialFull;
    let mut a = step(
        &Assessment::new(kind, CANDIDATE),
        Command::Assign {
            assessors: assessors(kind),
            excluded: vec![],
        },
    );
    // The portfolio opens only after "geen belangenverstrengeling".
    assert_eq!(
        apply(
            &a,
            &Command::RecordVerdict {
                assessor: A.into(),
                section: "A1".into(),
                verdict: Verdict::Voldoet,
                note: String::new()
            }
        )
        .unwrap_err(),
        Refusal::IndependenceNotConfirmed
    );
    for (who, verdict) in [(A, Verdict::Voldoet), (B, Verdict::VoldoetNiet)] {
        a = step(
            &a,
            Command::ConfirmIndependence {
                assessor: who.into(),
            },
        );
        for section in kind.judged_sections() {
            let v = if section == "C3" {
                verdict
            } else {
                Verdict::Voldoet
            };
            a = step(
                &a,
                Command::RecordVerdict {
                    assessor: who.into(),
                    section: section.into(),
                    verdict: v,
                    note: String::new(),
                },
            );
        }
        a = step(
            &a,
            Command::RecordAdvice {
                assessor: who.into(),
                outcome: Outcome::Positief,
                motivation: "m".into(),
            },
        );
    }
    a = step(&a, Command::Seal { assessor: A.into() });
    // A sealed, B not: neither sees the other's.
    let for_a = view(&a, Viewer::Assessor(A));
    let for_b = view(&a, Viewer::Assessor(B));
    assert_eq!(for_a.judgements.len(), 1);
    assert_eq!(for_a.judgements[0].assessor, A);
    assert_eq!(for_b.judgements.len(), 1);
    assert_eq!(for_b.judgements[0].assessor, B);
    assert!(for_a.differences.is_empty() && for_b.differences.is_empty());
    // The certifier sees sealed ones only; the candidate none.
    assert_eq!(view(&a, Viewer::Certifier).judgements.len(), 1);
    assert!(view(&a, Viewer::Candidate).judgements.is_empty());
    // A sealed judgement is final.
    assert_eq!(
        apply(&a, &Command::Seal { assessor: A.into() }).unwrap_err(),
        Refusal::AlreadySealed
    );
    a = step(&a, Command::Seal { assessor: B.into() });
    for who in [A, B] {
        let v = view(&a, Viewer::Assessor(who));
        assert_eq!(v.judgements.len(), 2);
        assert_eq!(v.differences, vec!["C3".to_string()]);
    }
}

#[test]
fn a_mentor_or_the_candidate_cannot_assess() {
    for who in [MENTOR, CANDIDATE] {
        let r = apply(
            &Assessment::new(SubmissionKind::Recertification, CANDIDATE),
            &Command::Assign {
                assessors: vec![who.into()],
                excluded: vec![MENTOR.into()],
            },
        )
        .unwrap_err();
        assert_eq!(r.code(), "conflict_of_interest");
        assert_eq!(r.kind(), RefusalKind::Conflict);
    }
    let twice = apply(
        &Assessment::new(SubmissionKind::InitialFull, CANDIDATE),
        &Command::Assign {
            assessors: vec![A.into(), A.into()],
            excluded: vec![],
        },
    );
    assert_eq!(twice.unwrap_err(), Refusal::DuplicateAssessor);
}

#[test]
fn sealing_needs_every_section_and_an_advice() {
    let kind = SubmissionKind::Recertification;
    let mut a = step(
        &Assessment::new(kind, CANDIDATE),
        Command::Assign {
            assessors: vec![A.into()],
            excluded: vec![],
        },
    );
    a = step(&a, Command::ConfirmIndependence { assessor: A.into() });
    match apply(&a, &Command::Seal { assessor: A.into() }).unwrap_err() {
        Refusal::JudgementIncomplete { sections, advice } => {
            assert_eq!(sections.len(), kind.judged_sections().len());
            assert!(advice);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        apply(
            &a,
            &Command::RecordAdvice {
                assessor: A.into(),
                outcome: Outcome::Positief,
                motivation: "  ".into()
            }
        )
        .unwrap_err(),
        Refusal::MotivationRequired
    );
    // Somebody not assigned is not part of it at all.
    assert_eq!(
        apply(&a, &Command::ConfirmIndependence { assessor: B.into() })
            .unwrap_err()
            .kind(),
        RefusalKind::NotFound
    );
}

#[test]
fn uitgesteld_names_sections_and_a_deadline_after_today() {
    // 000: "Uitgesteld advies: je wordt gevraagd je portfolio op een of
    // meerdere onderdelen aan te vullen, waarna een definitief advies wordt
    // gegeven."
    let advised = judged(
        SubmissionKind::Recertification,
        Verdict::Aanvullen,
        Outcome::Uitgesteld,
    );
    let today = d(2026, 6, 1);
    let decide = |sections: Vec<&str>, deadline, motivation: &str| {
        apply(
            &advised,
            &Command::Decide {
                outcome: Outcome::Uitgesteld,
                motivation: motivation.into(),
                sections: sections.into_iter().map(String::from).collect(),
                deadline,
                today,
            },
        )
    };
    assert_eq!(
        decide(vec![], Some(d(2026, 9, 1)), "m").unwrap_err(),
        Refusal::SectionsRequired
    );
    assert_eq!(
        decide(vec!["B"], Some(today), "m").unwrap_err(),
        Refusal::DeadlineNotInFuture
    );
    assert_eq!(
        decide(vec!["B"], Some(d(2026, 9, 1)), "").unwrap_err(),
        Refusal::MotivationRequired
    );
    assert!(matches!(
        decide(vec!["C9"], Some(d(2026, 9, 1)), "m").unwrap_err(),
        Refusal::UnknownSection { .. }
    ));
    let decided = decide(vec!["B"], Some(d(2026, 9, 1)), "PE-punten aanvullen").unwrap();
    assert_eq!(decided.next_actor(), NextActor::Candidate);
    assert_eq!(decided.decision.as_ref().unwrap().sections, vec!["B"]);
}

fn negatief_on(day: NaiveDate) -> Assessment {
    let advised = judged(
        SubmissionKind::Recertification,
        Verdict::VoldoetNiet,
        Outcome::Negatief,
    );
    step(
        &advised,
        Command::Decide {
            outcome: Outcome::Negatief,
            motivation: "Onvoldoende PE-punten".into(),
            sections: vec![],
            deadline: None,
            today: day,
        },
    )
}

#[test]
fn an_objection_is_accepted_within_six_weeks_of_the_decision() {
    // 000: "Ja, dat kan. Het maken van bezwaar tegen je beoordeling doe je
    // rechtstreeks bij DNV". Six weeks: the issue's term (the seeds give none).
    let decided_on = d(2026, 1, 10);
    let decided = negatief_on(decided_on);
    assert_eq!(objection_deadline(decided_on), d(2026, 2, 21));
    let lodge = |today| {
        apply(
            &decided,
            &Command::LodgeObjection {
                candidate: CANDIDATE.into(),
                reasons: "De PE-punten van 2025 zijn niet meegeteld".into(),
                today,
            },
        )
    };
    assert!(lodge(d(2026, 2, 21)).is_ok());
    assert_eq!(
        lodge(d(2026, 2, 22)).unwrap_err(),
        Refusal::ObjectionTooLate {
            deadline: d(2026, 2, 21)
        }
    );
    let lodged = lodge(d(2026, 1, 20)).unwrap();
    assert!(lodged.is_active());
    assert_eq!(lodged.next_actor(), NextActor::Certifier);
    assert_eq!(
        apply(
            &lodged,
            &Command::LodgeObjection {
                candidate: CANDIDATE.into(),
                reasons: "nog eens".into(),
                today: d(2026, 1, 21)
            }
        )
        .unwrap_err(),
        Refusal::ObjectionExists
    );
    let handling = step(&lodged, Command::StartObjection);
    assert_eq!(
        handling.objection.as_ref().unwrap().status,
        ObjectionStatus::InBehandeling
    );
    let rejected = step(
        &handling,
        Command::ResolveObjection {
            upheld: false,
            motivation: "De punten vallen buiten de periode".into(),
        },
    );
    assert_eq!(rejected.stage, Stage::Decided);
    assert_eq!(rejected.final_outcome(), Some(Outcome::Negatief));
    assert_eq!(
        apply(&rejected, &Command::StartObjection).unwrap_err(),
        Refusal::NoOpenObjection
    );
    let upheld = step(
        &handling,
        Command::ResolveObjection {
            upheld: true,
            motivation: "Opnieuw beoordelen".into(),
        },
    );
    assert_eq!(upheld.stage, Stage::Submitted);
    assert!(upheld.judgements.is_empty() && upheld.decision.is_none());
    assert_eq!(upheld.earlier_rounds.len(), 1);
    assert_eq!(
        upheld.earlier_rounds[0].objection.as_ref().unwrap().status,
        ObjectionStatus::Gegrond
    );
}

#[test]
fn a_positive_decision_needs_no_objection() {
    let advised = judged(
        SubmissionKind::Recertification,
        Verdict::Voldoet,
        Outcome::Positief,
    );
    let decided = step(
        &advised,
        Command::Decide {
            outcome: Outcome::Positief,
            motivation: String::new(),
            sections: vec![],
            deadline: None,
            today: d(2026, 1, 1),
        },
    );
    assert_eq!(
        apply(
            &decided,
            &Command::LodgeObjection {
                candidate: CANDIDATE.into(),
                reasons: "x".into(),
                today: d(2026, 1, 2)
            }
        )
        .unwrap_err(),
        Refusal::NothingToObject
    );
}

#[test]
fn a_late_recertification_is_accepted_with_a_warning_naming_the_date() {
    // 001: "welke je drie maanden voor einde van je certificatiedatum
    // indient bij de certificerende instelling (DNV)".
    let end = d(2027, 5, 31);
    assert_eq!(recertification_lateness(end, d(2027, 2, 28)), None);
    let late = recertification_lateness(end, d(2027, 3, 1)).unwrap();
    assert_eq!(late.deadline, d(2027, 2, 28));
    assert!(
        late.message.contains("28 februari 2027"),
        "{}",
        late.message
    );
    assert!(late.message.contains("31 mei 2027"), "{}", late.message);
}

#[test]
fn a_certificate_is_valid_four_years_and_a_timely_renewal_continues_from_the_old_end() {
    // 000: "Het afgegeven RJ-certificaat kent een geldigheidsduur van 4 jaar
    // ... dan dien je je vierjaarlijks te recertificeren."
    let first = certificate_period(d(2026, 3, 15), None);
    assert_eq!(first.issue_date, d(2026, 3, 15));
    assert_eq!(first.expiry_date, d(2030, 3, 15));
    let renewed = certificate_period(d(2030, 1, 10), Some(d(2030, 3, 15)));
    assert_eq!(renewed.issue_date, d(2030, 1, 10));
    assert_eq!(renewed.expiry_date, d(2034, 3, 15));
    let on_the_day = certificate_period(d(2030, 3, 15), Some(d(2030, 3, 15)));
    assert_eq!(on_the_day.expiry_date, d(2034, 3, 15));
    let lapsed = certificate_period(d(2030, 6, 1), Some(d(2030, 3, 15)));
    assert_eq!(lapsed.expiry_date, d(2034, 6, 1));
}

#[test]
fn the_fee_is_information_only() {
    // 000: "De kosten van certificering bedragen € 300,- exclusief btw. Je
    // betaalt dit bedrag rechtstreeks aan DNV."
    assert_eq!(rules::CERTIFICATION_FEE_CENTS, 30_000);
    assert!(CERTIFICATION_FEE_NOTICE.contains("rechtstreeks aan DNV"));
}

fn file(id: &str, sha: char, slot: &str) -> serde_json::Value {
    serde_json::to_value(EvidenceFile {
        id: id.into(),
        slot: Slot::question(slot),
        sha256: Sha256Hex::parse(&sha.to_string().repeat(64)).unwrap(),
        name: "diploma.pdf".into(),
        size: 1234,
        media_type: "application/pdf".into(),
        added: 1,
    })
    .unwrap()
}

fn sample() -> Vec<(Target, FieldValue)> {
    vec![
        (
            Target::answer("initial.a1.q1"),
            FieldValue::Text("Hbo-diploma".into()),
        ),
        (Target::value("initial.e.q1"), FieldValue::Json(json!(true))),
        (
            Target::item("initial.b1.q1", "w1"),
            FieldValue::Json(json!({"hours": 1300, "description": "Werk"})),
        ),
        (
            Target::item("initial.evidence", "f1"),
            FieldValue::Json(file("f1", 'a', "initial.a1.q1")),
        ),
        (Target::item("initial.b1.q1", "gone"), FieldValue::Deleted),
    ]
}

fn header() -> ManifestHeader {
    ManifestHeader {
        portfolio_id: "p1".into(),
        version: 1,
        portfolio_kind: PortfolioKind::Initial,
        framework_version: "1.3".into(),
        route: SubmissionKind::InitialFull,
    }
}

#[test]
fn the_manifest_lists_everything_by_hash_and_does_not_depend_on_order() {
    let fields = sample();
    let forward = Snapshot::from_fields(fields.iter().map(|(t, v)| (t, v)));
    let backward = Snapshot::from_fields(fields.iter().rev().map(|(t, v)| (t, v)));
    let m = manifest(&header(), &forward);
    assert_eq!(m, manifest(&header(), &backward));
    assert!(m.starts_with("register-jobcoach-indiening/1\n"));
    assert!(m.contains(r#"["framework_version","1.3"]"#));
    assert!(m.contains(r#"["route","initial_full"]"#));
    assert!(m.contains(&format!(
        r#"["answer","initial.a1.q1","{}"]"#,
        sha256_hex("Hbo-diploma".as_bytes())
    )));
    assert!(m.contains(r#"["value","initial.e.q1","#));
    assert!(m.contains(r#"["row","initial.b1.q1","w1","#));
    assert!(!m.contains("gone"), "removed rows are not content");
    assert!(m.contains(&format!(
        r#"["file","{}","initial.a1.q1","","1234","diploma.pdf"]"#,
        "a".repeat(64)
    )));
    // Keys inside a row are canonical: the same row built in another order
    // hashes the same.
    let reordered = Snapshot::from_fields([(
        &Target::item("initial.b1.q1", "w1"),
        &FieldValue::Json(json!({"description": "Werk", "hours": 1300})),
    )]);
    let original = Snapshot::from_fields([(
        &Target::item("initial.b1.q1", "w1"),
        &FieldValue::Json(json!({"hours": 1300, "description": "Werk"})),
    )]);
    assert_eq!(
        manifest(&header(), &reordered),
        manifest(&header(), &original)
    );
    // One character changes the hash.
    let mut changed = forward.clone();
    changed
        .answers
        .insert("initial.a1.q1".into(), "Hbo-diploma.".into());
    assert_ne!(
        sha256_hex(manifest(&header(), &changed).as_bytes()),
        sha256_hex(m.as_bytes())
    );
}

#[test]
fn readiness_names_what_is_missing_including_files_without_bytes() {
    let empty = Snapshot::default();
    let r = readiness(PortfolioKind::Initial, &empty, 0, d(2026, 1, 1), |_| true);
    assert!(!r.complete());
    assert_eq!(r.route, None);
    assert!(r.missing.iter().any(|m| m.message.starts_with("Route")));
    assert!(r.missing.iter().any(|m| m.section.as_deref() == Some("A1")));
    let fields = sample();
    let s = Snapshot::from_fields(fields.iter().map(|(t, v)| (t, v)));
    let without = readiness(PortfolioKind::Initial, &s, 2, d(2026, 1, 1), |_| false);
    assert!(without
        .missing
        .iter()
        .any(|m| m.message.contains("diploma.pdf") && m.message.contains("wacht op upload")));
    assert!(without
        .missing
        .iter()
        .any(|m| m.message.contains("2 conflicten")));
    let with = readiness(PortfolioKind::Initial, &s, 0, d(2026, 1, 1), |_| true);
    assert!(!with
        .missing
        .iter()
        .any(|m| m.message.contains("diploma.pdf")));
    let recert = readiness(
        PortfolioKind::Recertification,
        &Snapshot::default(),
        0,
        d(2026, 1, 1),
        |_| true,
    );
    assert!(recert
        .missing
        .iter()
        .any(|m| m.message.contains("einddatum")));
}

#[test]
fn changed_sections_follow_the_keys_of_each_section() {
    let fields = sample();
    let old = Snapshot::from_fields(fields.iter().map(|(t, v)| (t, v)));
    assert!(changed_sections(PortfolioKind::Initial, &old, &old).is_empty());
    let mut new = old.clone();
    new.answers
        .insert("initial.a1.q1".into(), "Wo-diploma".into());
    new.lists
        .get_mut("initial.b1.q1")
        .unwrap()
        .insert("w2".into(), json!({"hours": 10}));
    assert_eq!(
        changed_sections(PortfolioKind::Initial, &old, &new),
        vec!["A1", "B1"]
    );
}
