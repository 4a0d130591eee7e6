use proptest::prelude::*;
use serde_json::json;

use super::format::*;
use super::status::*;
use crate::evidence::{EvidenceFile, Sha256Hex, Slot};
use crate::framework::{framework, InputKind, PortfolioKind};

fn fields(pairs: &[(&str, &str)]) -> DeclarationFields {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn meeting() -> DeclarationFields {
    fields(&[
        ("date", "2025-03-04"),
        ("facilitator", "Petra de Vries"),
        ("own_case", "ja"),
    ])
}

fn request(slot: Slot, current: &DeclarationFields, state: RequestState) -> SigningRequest {
    let format = DeclarationFormat::ReflectionMeeting;
    SigningRequest {
        id: "r1".into(),
        slot,
        format,
        candidate_name: "Jan Jansen".into(),
        fields: current.clone(),
        signer_name: "Petra de Vries".into(),
        signer_role: "Begeleider".into(),
        signer_email: "petra@example.nl".into(),
        state,
        created_at: 1_000,
        expires_at: 1_000 + LINK_LIFETIME_SECS,
        text_sha256: sha256_hex(&canonical_text(format, "Jan Jansen", current)),
        signed_name: (state == RequestState::Signed).then(|| "P. de Vries".into()),
        signed_at: (state == RequestState::Signed).then_some(1_764_633_600),
        declined_at: None,
        decline_reason: (state == RequestState::Declined).then(|| "Niet aanwezig".into()),
    }
}

/// 001, A3.1: "Op de verklaring staat in elk geval: datum van de
/// bijeenkomst, de naam van de begeleider en of jezelf een onderwerp hebt
/// ingebracht."
#[test]
fn the_meeting_declaration_states_date_facilitator_and_own_case() {
    let text = canonical_text(
        DeclarationFormat::ReflectionMeeting,
        "Jan Jansen",
        &meeting(),
    );
    assert!(text.contains("4 maart 2025"), "{text}");
    assert!(text.contains("Petra de Vries"), "{text}");
    assert!(text.contains("zelf een betekenisvolle situatie"), "{text}");
    let mut no_case = meeting();
    no_case.insert("own_case".into(), "nee".into());
    let text = canonical_text(DeclarationFormat::ReflectionMeeting, "Jan Jansen", &no_case);
    assert!(
        text.contains("geen eigen betekenisvolle situatie"),
        "{text}"
    );
    // All three are required: "De verklaring is volledig ingevuld".
    let errors = validate(
        DeclarationFormat::ReflectionMeeting,
        &DeclarationFields::new(),
    );
    let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(named, ["date", "facilitator", "own_case"]);
    assert!(
        errors[1].message.contains("begeleider"),
        "{}",
        errors[1].message
    );
}

/// 002, B1: "Verklaring: ‘Tenminste 1200 uur beroepsgerichte werkervaring.’
/// (Zie format in digitale portfolio.)" and "Professionaliseringactiviteiten
/// zoals het volgen van een training, opleiding, intervisie of supervisie
/// vallen hier niet onder."
#[test]
fn the_hours_declaration_names_period_hours_and_what_does_not_count() {
    let f = fields(&[
        ("description", "Werkbedrijf Noord"),
        ("started_on", "2023-01-01"),
        ("ended_on", ""),
        ("hours", "1300"),
    ]);
    assert!(validate(DeclarationFormat::WorkHours, &f).is_empty());
    let text = canonical_text(DeclarationFormat::WorkHours, "Jan Jansen", &f);
    assert!(text.starts_with("Verklaring ‘Tenminste 1200 uur beroepsgerichte werkervaring’"));
    assert!(text.contains("1 januari 2023 tot en met heden"), "{text}");
    assert!(text.contains("1300 uur"), "{text}");
    assert!(text.contains("intervisie of supervisie zijn daarin niet meegeteld"));
    let mut zero = f.clone();
    zero.insert("hours".into(), "0".into());
    assert_eq!(
        validate(DeclarationFormat::WorkHours, &zero)[0].field,
        "hours"
    );
    let mut reversed = f;
    reversed.insert("ended_on".into(), "2022-01-01".into());
    let errors = validate(DeclarationFormat::WorkHours, &reversed);
    assert_eq!(errors[0].field, "ended_on");
    assert_eq!(errors[0].message, "De einddatum ligt voor de begindatum.");
}

/// 002, B1: "Je werkt op het moment van certificeren als uitvoerend
/// jobcoach. Verklaring: ‘Werkzaam als uitvoerend jobcoach.’"; 001, A1:
/// "Afgelopen vier jaar actief cliënten en organisaties begeleid. Op moment
/// van recertificeren werkzaam als uitvoerend jobcoach."
#[test]
fn working_as_jobcoach_differs_between_initial_and_recertification() {
    let f = fields(&[
        ("organisation", "Re-integratie BV"),
        ("function", "Jobcoach"),
        ("since", "2019-09-01"),
    ]);
    let initial = canonical_text(DeclarationFormat::WorkingInitial, "Jan", &f);
    let recert = canonical_text(DeclarationFormat::WorkingRecertification, "Jan", &f);
    assert!(initial.contains("werkzaam is als uitvoerend jobcoach"));
    assert!(!initial.contains("vier jaar"));
    assert!(recert.contains("in de afgelopen vier jaar actief cliënten en organisaties"));
    let errors = validate(
        DeclarationFormat::WorkingInitial,
        &fields(&[("since", "1-9-2019")]),
    );
    let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(named, ["organisation", "function", "since"]);
    assert!(errors[2].message.contains("geen geldige datum"));
}

/// 001, B categorie 4: "Verklaring waarin staat: de functie en de periode
/// waarin deze functie is vervuld. Tevens vermelding van het aantal
/// begeleide dan wel getoetste kandidaten. De verklaring is ondertekend door
/// de Coördinator Certificeren."
#[test]
fn the_rj_mentor_function_states_the_candidates_and_its_signer() {
    let f = fields(&[
        ("kind", "rj_mentor_assessor"),
        ("role", "Assessor"),
        ("organisation", "Noloc"),
        ("period_start", "2024-01-01"),
        ("period_end", "2025-12-31"),
        ("candidates", ""),
    ]);
    let errors = validate(DeclarationFormat::PeFunction, &f);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "candidates");
    let mut f = f;
    f.insert("candidates".into(), "7".into());
    assert!(validate(DeclarationFormat::PeFunction, &f).is_empty());
    let text = canonical_text(DeclarationFormat::PeFunction, "Jan", &f);
    assert!(
        text.contains("7 kandidaten begeleid dan wel getoetst"),
        "{text}"
    );
    assert!(text.contains("1 januari 2024 tot en met 31 december 2025"));
    assert_eq!(
        DeclarationFormat::PeFunction.signer_hint(&f),
        "Laat ondertekenen door de Coördinator Certificeren."
    );
    // "ondertekend door een medecommissielid of bestuurder" for board roles,
    // which have no candidates count.
    let mut board = f.clone();
    board.insert("kind".into(), "board_role".into());
    assert!(DeclarationFormat::PeFunction
        .signer_hint(&board)
        .contains("medecommissielid of bestuurder"));
    assert_eq!(
        validate(DeclarationFormat::PeFunction, &board)[0].field,
        "candidates"
    );
    board.insert("candidates".into(), String::new());
    assert!(validate(DeclarationFormat::PeFunction, &board).is_empty());
    // A course is not a function: its evidence is a file.
    board.insert("kind".into(), "course".into());
    assert_eq!(
        validate(DeclarationFormat::PeFunction, &board)[0].field,
        "kind"
    );
}

#[test]
fn slots_have_formats_where_the_frameworks_ask_for_a_signed_declaration() {
    let pe_row = |kind: &str| json!({"kind": kind, "category": 4});
    let cases = [
        (
            Slot::question(WORKING_INITIAL_KEY),
            None,
            Some(DeclarationFormat::WorkingInitial),
        ),
        (
            Slot::question(WORKING_RECERTIFICATION_KEY),
            None,
            Some(DeclarationFormat::WorkingRecertification),
        ),
        (
            Slot::row(HOURS_LIST, "w1"),
            None,
            Some(DeclarationFormat::WorkHours),
        ),
        (
            Slot::row(MEETINGS_LIST, "m1"),
            None,
            Some(DeclarationFormat::ReflectionMeeting),
        ),
        (
            Slot::row(PE_LIST, "a1"),
            Some(pe_row("committee_role")),
            Some(DeclarationFormat::PeFunction),
        ),
        (Slot::row(PE_LIST, "a1"), Some(pe_row("course")), None),
        (Slot::question("initial.e.q1"), None, None),
        (Slot::question(HOURS_LIST), None, None),
    ];
    for (slot, row, expected) in cases {
        assert_eq!(format_for_slot(&slot, row.as_ref()), expected, "{slot:?}");
    }
    // The keys are the frameworks' own.
    let input = |kind, key| framework(kind).question(key).map(|q| q.input);
    assert_eq!(
        input(PortfolioKind::Initial, WORKING_INITIAL_KEY),
        Some(InputKind::Declaration)
    );
    assert_eq!(
        input(PortfolioKind::Initial, HOURS_LIST),
        Some(InputKind::HoursDeclaration)
    );
    assert_eq!(
        input(PortfolioKind::Recertification, WORKING_RECERTIFICATION_KEY),
        Some(InputKind::Declaration)
    );
    assert_eq!(
        input(PortfolioKind::Recertification, MEETINGS_LIST),
        Some(InputKind::ReflectionMeetings)
    );
    assert_eq!(
        input(PortfolioKind::Recertification, PE_LIST),
        Some(InputKind::PeRegister)
    );
}

#[test]
fn fields_are_read_from_rows_and_values_alike() {
    let row = json!({"id": "m1", "date": "2025-03-04", "facilitator": "Petra de Vries",
                     "own_case": true});
    assert_eq!(
        fields_from_json(DeclarationFormat::ReflectionMeeting, Some(&row)),
        meeting()
    );
    let pe = json!({"kind": "rj_mentor_assessor", "candidates": 3.0, "quantity": 2});
    let f = fields_from_json(DeclarationFormat::PeFunction, Some(&pe));
    assert_eq!(f["candidates"], "3");
    assert_eq!(f["role"], "");
    // The old checkbox value of a declaration question reads as empty.
    let old = fields_from_json(DeclarationFormat::WorkingInitial, Some(&json!(true)));
    assert!(old.values().all(String::is_empty));
    let unknown = fields(&[("date", "2025-03-04"), ("extra", "x")]);
    assert!(validate(DeclarationFormat::ReflectionMeeting, &unknown)
        .iter()
        .any(|e| e.field == "extra"));
}

#[test]
fn statuses_follow_the_requests_and_the_current_text() {
    let slot = Slot::row(MEETINGS_LIST, "m1");
    let now = 2_000;
    assert_eq!(
        status_of(&slot, &[], &meeting(), now),
        DeclarationStatus::Concept
    );
    let sent = request(slot.clone(), &meeting(), RequestState::Sent);
    let status = status_of(&slot, std::slice::from_ref(&sent), &meeting(), now);
    assert!(
        status.text().starts_with("Verstuurd naar Petra de Vries"),
        "{}",
        status.text()
    );
    assert_eq!(
        status_of(
            &slot,
            std::slice::from_ref(&sent),
            &meeting(),
            sent.expires_at
        ),
        DeclarationStatus::Expired {
            signer_name: "Petra de Vries".into()
        }
    );
    let signed = request(slot.clone(), &meeting(), RequestState::Signed);
    let status = status_of(&slot, std::slice::from_ref(&signed), &meeting(), now);
    assert_eq!(
        status.text(),
        "Ondertekend door P. de Vries op 2 december 2025."
    );
    assert!(status.counts());
    // "A signed declaration is frozen: changing a field voids the signature
    // and asks for a new one" (issue 12).
    let mut changed = meeting();
    changed.insert("facilitator".into(), "Iemand anders".into());
    let status = status_of(&slot, std::slice::from_ref(&signed), &changed, now);
    assert!(matches!(status, DeclarationStatus::Voided { .. }));
    assert!(status.text().starts_with("Vervallen door wijziging"));
    let declined = request(slot.clone(), &meeting(), RequestState::Declined);
    let status = status_of(&slot, &[declined], &meeting(), now);
    assert_eq!(
        status.text(),
        "Geweigerd door Petra de Vries: Niet aanwezig"
    );
    // Another slot's signature proves nothing here.
    let other = Slot::row(MEETINGS_LIST, "m2");
    assert_eq!(
        status_of(&other, &[signed], &meeting(), now),
        DeclarationStatus::Concept
    );
}

#[test]
fn a_slot_is_satisfied_by_a_file_or_a_current_signature() {
    let slot = Slot::row(MEETINGS_LIST, "m1");
    let format = Some(DeclarationFormat::ReflectionMeeting);
    let signed = request(slot.clone(), &meeting(), RequestState::Signed);
    assert!(!satisfied(&slot, format, &[], &[], &meeting()));
    assert!(satisfied(
        &slot,
        format,
        &[],
        std::slice::from_ref(&signed),
        &meeting()
    ));
    assert!(!satisfied(
        &slot,
        None,
        &[],
        std::slice::from_ref(&signed),
        &meeting()
    ));
    let mut changed = meeting();
    changed.insert("date".into(), "2025-03-05".into());
    assert!(!satisfied(
        &slot,
        format,
        &[],
        std::slice::from_ref(&signed),
        &changed
    ));
    let file = EvidenceFile {
        id: "f1".into(),
        slot: slot.clone(),
        sha256: Sha256Hex::parse(&"0".repeat(64)).unwrap(),
        name: "verklaring.pdf".into(),
        size: 100,
        media_type: "application/pdf".into(),
        added: 1,
    };
    assert!(satisfied(&slot, format, &[file], &[], &changed));
}

#[test]
fn the_hash_is_sha256_of_the_text() {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    assert_eq!(
        sha256_hex("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

fn any_fields() -> impl Strategy<Value = (DeclarationFormat, DeclarationFields)> {
    let format = prop::sample::select(DeclarationFormat::ALL.to_vec());
    (format, prop::collection::vec("[a-zA-Z0-9 ]{0,12}", 6)).prop_map(|(format, values)| {
        let fields = format
            .fields()
            .iter()
            .zip(values)
            .map(|(spec, v)| (spec.name.to_owned(), v))
            .collect();
        (format, fields)
    })
}

proptest! {
    /// A signature is frozen: any change to a shown field changes the text
    /// and so its hash, which voids the signature.
    #[test]
    fn changing_a_shown_field_changes_the_signed_hash(
        (format, fields) in any_fields(),
        index in any::<prop::sample::Index>(),
        extra in "[a-z]{1,5}",
    ) {
        let visible = format.visible_fields(&fields);
        let spec = visible[index.index(visible.len())];
        // YesNo renders only ja/nee, and kind only known kinds: change
        // those by flipping, the rest by appending.
        let mut changed = fields.clone();
        let old = fields.get(spec.name).cloned().unwrap_or_default();
        let new = match spec.kind {
            FieldKind::YesNo => if old.trim() == "ja" { "nee".to_owned() } else { "ja".to_owned() },
            FieldKind::PeKind => return Ok(()),
            _ => format!("{}x{extra}", old.trim()),
        };
        changed.insert(spec.name.to_owned(), new);
        let before = sha256_hex(&canonical_text(format, "Jan", &fields));
        let after = sha256_hex(&canonical_text(format, "Jan", &changed));
        prop_assert_ne!(before, after);
    }

    /// Validation never panics and names only the format's own fields.
    #[test]
    fn validation_names_only_known_fields((format, fields) in any_fields()) {
        for e in validate(format, &fields) {
            prop_assert!(format.fields().iter().any(|f| f.name == e.field), "{e:?}");
            prop_assert!(!e.message.is_empty());
        }
    }
}
