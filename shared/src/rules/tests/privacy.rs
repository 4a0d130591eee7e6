//! 002, C1 task 7 "Afronding": "Is in staat om het begeleidingsproces te
//! evalueren en daar conform gedragscode en AVG over te rapporteren." with
//! the indicator "Rapporteert conform AVG en gedragscode van Noloc.", and
//! under C1 "Bewaakt zorgvuldig de privacy van cliënt." (file
//! 002_502fc1f71e8dbf80.txt). The check warns about personal data of
//! others in what the candidate writes.

use proptest::prelude::*;

use crate::rules::privacy::PersonalDataKind::*;
use crate::rules::privacy::*;

fn kinds(text: &str) -> Vec<(PersonalDataKind, String)> {
    kinds_with(text, &[])
}

fn kinds_with(text: &str, names: &[&str]) -> Vec<(PersonalDataKind, String)> {
    let chars: Vec<char> = text.chars().collect();
    find_personal_data(text, names)
        .into_iter()
        .map(|f| (f.kind, chars[f.start..f.end].iter().collect()))
        .collect()
}

fn one(kind: PersonalDataKind, s: &str) -> Vec<(PersonalDataKind, String)> {
    vec![(kind, s.to_string())]
}

#[test]
fn e_mail_addresses() {
    assert_eq!(
        kinds("Mail haar op j.de.vries@example.nl. Dank."),
        one(Email, "j.de.vries@example.nl")
    );
    assert_eq!(kinds("Het @-teken en a@b zijn geen adres."), vec![]);
}

#[test]
fn dutch_phone_numbers_in_their_usual_forms() {
    for phone in [
        "06-12345678",
        "06 12345678",
        "0612345678",
        "06 1234 5678",
        "06 12 34 56 78",
        "+31 6 12345678",
        "+31612345678",
        "+31 (0)6 12345678",
        "0031 6 12345678",
        "0031612345678",
        "020-1234567",
        "020 123 4567",
        "010 1234567",
        "0318-123456",
        "0318 123 456",
        "+31 20 123 4567",
    ] {
        let text = format!("Bel hem op {phone}, graag.");
        assert_eq!(kinds(&text), one(Phone, phone), "{phone}");
    }
}

#[test]
fn numbers_that_only_look_like_phone_numbers() {
    for text in [
        "Het bedrag was 1234567890 euro.",
        "Op 06-06-2023 begon de plaatsing.",
        "Van 01-02-2023 tot 14-03-2023.",
        "Ordernummer 2061234567.",
        "Een bedrag van 0,612345678.",
        "Dossier 120612345678 is gesloten.",
        "Postcode 1234 AB.",
        "0800-1234 is de hulplijn.",
        "Bel 0900 1234567 voor informatie.",
        "Het getal 06123456789 is te lang.",
        "Code A0612345678 op de pas.",
    ] {
        assert!(
            !kinds(text).iter().any(|(k, _)| *k == Phone),
            "{text}: {:?}",
            kinds(text)
        );
    }
}

#[test]
fn bsns_pass_the_elfproef_also_with_dots_and_spaces() {
    assert!(is_bsn("111222333"));
    assert!(is_bsn("123456782"));
    assert!(!is_bsn("123456789"));
    assert!(!is_bsn("000000000"));
    assert!(!is_bsn("12345678"));
    for bsn in ["123456782", "1234.56.782", "123.456.782", "123 456 782"] {
        assert_eq!(kinds(&format!("BSN: {bsn}.")), one(Bsn, bsn), "{bsn}");
    }
    // Fails the elfproef, or is part of an amount or a longer number.
    assert_eq!(kinds("Nummer 123456789 klopt niet."), vec![]);
    assert_eq!(kinds("Omzet 123.456.782,00 euro."), vec![]);
    assert_eq!(kinds("Serie 1123456782 en 1234567821."), vec![]);
}

#[test]
fn ibans_of_several_countries_with_and_without_spaces() {
    for iban in [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "DE89370400440532013000",
        "DE89 3704 0044 0532 0130 00",
        "BE68539007547034",
        "GB82 WEST 1234 5698 7654 32",
    ] {
        assert!(is_iban(iban), "{iban}");
        assert_eq!(
            kinds(&format!("Rekening {iban} van de cliënt.")),
            one(Iban, iban),
            "{iban}"
        );
    }
    assert!(!is_iban("NL92ABNA0417164300"));
    assert!(!is_iban("NL91ABNA041716430"));
    // The pattern does not run into a following word in capitals.
    assert_eq!(
        kinds("Op NL91 ABNA 0417 1643 00 KREEG hij het geld."),
        one(Iban, "NL91 ABNA 0417 1643 00")
    );
}

#[test]
fn dates_of_birth_only_near_a_birth_word() {
    for (text, date) in [
        ("Zij is geboren op 3 mei 1985 in Zwolle.", "3 mei 1985"),
        ("Geboortedatum: 03-05-1985", "03-05-1985"),
        ("Jan (geb. 3-5-85) werkt nu.", "3-5-85"),
        (
            "De cliënt, die op 12 mrt. 1990 geboren is, ...",
            "12 mrt. 1990",
        ),
        ("geboren 1985-05-03", "1985-05-03"),
    ] {
        assert_eq!(kinds(text), one(DateOfBirth, date), "{text}");
    }
    for text in [
        "Op 3 mei 2023 begon hij bij de werkgever.",
        "Het gesprek was op 03-05-2023. Zijn kind is geboren.",
        "Geboren in Zwolle, verhuisd in 2001 en op 12-05-2020 gestart, en veel later daarna op 01-01-2021.",
        "geboren op 45-13-1985",
    ] {
        assert!(
            !kinds(text).iter().any(|(k, _)| *k == DateOfBirth),
            "{text}: {:?}",
            kinds(text)
        );
    }
}

#[test]
fn postcode_with_house_number() {
    for pc in [
        "1234 AB 12",
        "1234AB 12",
        "1234 AB, 12",
        "1234 AB 12a",
        "1234 AB 12-B",
    ] {
        assert_eq!(
            kinds(&format!("Adres: {pc} te Utrecht.")),
            one(PostcodeHouseNumber, pc),
            "{pc}"
        );
    }
    assert_eq!(kinds("In 2023 en 12 keer in 2024."), vec![]);
    assert_eq!(kinds("Postcode 1234 AB alleen."), vec![]);
    assert_eq!(kinds("Code 1234 SS 12 bestaat niet."), vec![]);
    assert_eq!(kinds("0123 AB 12 begint met een nul."), vec![]);
}

#[test]
fn client_names_whole_words_case_insensitive() {
    let names = ["Sébastien de Vries"];
    assert_eq!(
        kinds_with(
            "Ik sprak SÉBASTIEN DE VRIES en later sébastien. De Vriesstraat niet.",
            &names
        ),
        vec![
            (ClientName, "SÉBASTIEN DE VRIES".into()),
            (ClientName, "sébastien".into()),
        ]
    );
    // "de" alone is never flagged; nor is a name inside a word.
    assert_eq!(
        kinds_with("Janssen en de werkgever.", &["Jan", "de"]),
        vec![]
    );
    assert_eq!(
        kinds_with("Met Jan, ja.", &["  jan "]),
        one(ClientName, "Jan")
    );
}

#[test]
fn the_more_specific_kind_wins_and_findings_do_not_overlap() {
    // The e-mail holds the client's name; the IBAN's tail looks like a phone.
    assert_eq!(
        kinds_with("jan.jansen@example.nl en NL91ABNA0417164300", &["Jansen"]),
        vec![
            (Email, "jan.jansen@example.nl".into()),
            (Iban, "NL91ABNA0417164300".into())
        ]
    );
}

#[test]
fn offsets_are_characters_and_the_message_is_dutch() {
    let text = "Één cliënt 😀 belde 06-12345678.";
    let f = find_personal_data(text, &[]);
    assert_eq!(
        f,
        vec![Finding {
            kind: Phone,
            start: 19,
            end: 30
        }]
    );
    assert_eq!(
        Phone.message(),
        "Dit lijkt een persoonsgegeven (telefoonnummer). Maak het anoniem."
    );
    assert_eq!(
        serde_json::to_value(&f).unwrap(),
        serde_json::json!([{"kind": "phone", "start": 19, "end": 30}])
    );
    for (kind, wire) in [
        (Email, "email"),
        (Bsn, "bsn"),
        (Iban, "iban"),
        (DateOfBirth, "date_of_birth"),
        (PostcodeHouseNumber, "postcode_house_number"),
        (ClientName, "client_name"),
    ] {
        assert_eq!(serde_json::to_value(kind).unwrap(), wire);
        assert!(kind.message().contains(kind.label()));
    }
}

#[test]
fn requests_are_bounded() {
    let ok = PrivacyCheckRequest {
        text: "a".repeat(crate::sync::MAX_TEXT_CHARS),
        client_names: vec![],
    };
    assert_eq!(validate_request(&ok), Ok(()));
    let long = PrivacyCheckRequest {
        text: "a".repeat(crate::sync::MAX_TEXT_CHARS + 1),
        client_names: vec![],
    };
    assert_eq!(validate_request(&long).unwrap_err().http_status(), 413);
    let names = PrivacyCheckRequest {
        text: String::new(),
        client_names: vec!["x".into(); MAX_CLIENT_NAMES + 1],
    };
    assert_eq!(validate_request(&names).unwrap_err().http_status(), 422);
}

/// The elfproef written out differently, to compare against.
fn elfproef(d: &[u32; 9]) -> bool {
    let sum: i64 = (0..8)
        .map(|i| i64::from(d[i]) * (9 - i as i64))
        .sum::<i64>()
        - i64::from(d[8]);
    sum.rem_euclid(11) == 0 && d.iter().any(|&x| x != 0)
}

/// Check digits for a country and account, computed the ISO 13616 way.
fn with_check_digits(country: &str, bban: &str) -> String {
    let rearranged = format!("{bban}{country}00");
    let mut rest: u64 = 0;
    for c in rearranged.chars() {
        let v = c.to_digit(36).expect("alphanumeric") as u64;
        rest = if v >= 10 {
            (rest * 100 + v) % 97
        } else {
            (rest * 10 + v) % 97
        };
    }
    format!("{country}{:02}{bban}", 98 - rest)
}

proptest! {
    #[test]
    fn bsn_detection_agrees_with_the_elfproef(d in prop::array::uniform9(0u32..10)) {
        let digits: String = d.iter().map(|x| char::from_digit(*x, 10).unwrap()).collect();
        prop_assert_eq!(is_bsn(&digits), elfproef(&d));
        let text = format!("Het nummer is {digits}.");
        // A valid BSN that is not also a phone number (those start with 0).
        let found = kinds(&text);
        prop_assert_eq!(found.iter().any(|(k, _)| *k == Bsn), elfproef(&d), "{:?}", found);
    }

    #[test]
    fn valid_ibans_are_found_and_any_single_digit_change_is_not(
        bban in "[0-9]{10}",
        bank in "[A-Z]{4}",
        at in 0usize..14,
        delta in 1u32..10,
    ) {
        let iban = with_check_digits("NL", &format!("{bank}{bban}"));
        prop_assert!(is_iban(&iban), "{}", iban);
        prop_assert_eq!(kinds(&format!("IBAN {iban}.")), one(Iban, &iban));
        // Change one digit (check digits included) by `delta`: mod 97 catches it.
        let mut chars: Vec<char> = iban.chars().collect();
        let digit_positions: Vec<usize> = (0..chars.len()).filter(|&i| chars[i].is_ascii_digit()).collect();
        let i = digit_positions[at % digit_positions.len()];
        let d = chars[i].to_digit(10).unwrap();
        chars[i] = char::from_digit((d + delta) % 10, 10).unwrap();
        let changed: String = chars.into_iter().collect();
        prop_assert!(!is_iban(&changed), "{}", changed);
    }

    #[test]
    fn ibans_of_other_lengths_check_too(bban in "[0-9]{18}") {
        let iban = with_check_digits("DE", &bban);
        prop_assert!(is_iban(&iban));
    }

    /// Random text around real findings: the findings are in order, never
    /// overlap, lie within the text and are character offsets (multi-byte
    /// text before them).
    #[test]
    fn findings_are_ordered_disjoint_character_ranges(
        parts in prop::collection::vec(
            prop_oneof![
                "[a-zé😀 .,0-9-]{0,12}",
                Just("06-12345678".to_string()),
                Just("123456782".to_string()),
                Just("NL91 ABNA 0417 1643 00".to_string()),
                Just("jan@example.nl".to_string()),
                Just("1234 AB 12".to_string()),
                Just("geboren op 3 mei 1985".to_string()),
                Just("Jansen".to_string()),
            ],
            0..12,
        ),
    ) {
        let text = parts.join(" ");
        let chars: Vec<char> = text.chars().collect();
        let found = find_personal_data(&text, &["Jansen"]);
        for w in found.windows(2) {
            prop_assert!(w[0].end <= w[1].start, "{:?}", found);
        }
        for f in &found {
            prop_assert!(f.start < f.end && f.end <= chars.len());
        }
        // Every planted e-mail address is found where it is, in characters.
        let planted = parts.iter().filter(|p| p.as_str() == "jan@example.nl").count();
        let emails: Vec<String> = found
            .iter()
            .filter(|f| f.kind == Email)
            .map(|f| chars[f.start..f.end].iter().collect())
            .collect();
        // The random parts hold no "@", so these are exactly the planted ones.
        prop_assert_eq!(emails.len(), planted);
        prop_assert!(emails.iter().all(|e| e == "jan@example.nl"), "{:?}", emails);
    }
}
