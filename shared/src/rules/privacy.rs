//! Likely personal data of others in an answer (issue 15, "Keeping clients
//! anonymous"): seed 002 asks the candidate to report "conform AVG" and to
//! guard the client's privacy, and candidates write about real people. The
//! editor runs this offline beside every answer; `POST
//! /api/rules/privacy-check` offers it to other software. It only warns.
//!
//! What is found, and what deliberately is not:
//! - **e-mail**: `naam@domein.tld` (ASCII).
//! - **phone**: Dutch numbers, national (`06-12345678`, `06 1234 5678`,
//!   `020-1234567`, `0318 123456`) or international (`+31 6 12345678`,
//!   `+31 (0)20 123 4567`, `0031612345678`): the nine digits after the
//!   trunk or country code in the usual groupings, separated by one space
//!   or hyphen. Other ten-digit runs (amounts, dates, order numbers not
//!   starting with 0) do not match; 0800/0900 service numbers are not
//!   personal and are skipped.
//! - **bsn**: nine digits passing the elfproef, written together or as
//!   `1234.56.782` / `123 456 782`; not part of a longer number or amount.
//! - **iban**: in capitals as printed on cards and invoices: country code, two check digits and the account, with or
//!   without spaces in groups of four, passing the ISO 13616 mod-97 check
//!   (and the country's length where known).
//! - **date_of_birth**: a date (`3-5-1985`, `03/05/1985`, `3 mei 1985`,
//!   `1985-05-03`, two-digit years too) only when "geboren",
//!   "geboortedatum", "geboortedag" or "geb." stands at most 30 characters
//!   before it on the same line, or "geboren" follows within 30 characters
//!   in the same sentence ("die op 3 mei 1985 geboren is"). Other dates
//!   (of meetings, placements) are the portfolio's substance.
//! - **postcode_house_number**: `1234 AB 12` (also `1234AB 12`, `1234 AB,
//!   12`, with a letter after the number); capitals only, so "in 2023 en
//!   12" is not a postcode; a postcode alone is not flagged.
//! - **client_name**: a name from the trajectory's client field, whole
//!   words, case-insensitive; each part of a multi-word name counts too,
//!   except tussenvoegsels ("de", "van", ...).
//!
//! Findings never overlap: where two kinds claim the same text the more
//! specific wins (e-mail, IBAN, postcode, date of birth, BSN, phone, name),
//! then the earlier and longer. Offsets are characters (Unicode scalar
//! values), like comment anchors.
//!
//! Patterns use `regex-lite` rather than `regex`: the same maintainers and
//! syntax for what is needed here, but without Unicode tables and DFAs it
//! adds tens of kilobytes to the wasm instead of hundreds, and every
//! pattern here is ASCII. Checksums and context are plain code.

use std::sync::OnceLock;

use regex_lite::Regex;
use serde::{Deserialize, Serialize};

use crate::sync::limits::{RejectKind, Rejection, MAX_KEY_CHARS};

/// Client names one request may carry.
pub const MAX_CLIENT_NAMES: usize = 50;

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum PersonalDataKind {
    Email,
    Phone,
    Bsn,
    Iban,
    DateOfBirth,
    PostcodeHouseNumber,
    ClientName,
}

impl PersonalDataKind {
    /// Dutch name for the UI, as it goes between the brackets of
    /// [`PersonalDataKind::message`].
    pub fn label(self) -> &'static str {
        match self {
            PersonalDataKind::Email => "e-mailadres",
            PersonalDataKind::Phone => "telefoonnummer",
            PersonalDataKind::Bsn => "burgerservicenummer",
            PersonalDataKind::Iban => "bankrekeningnummer",
            PersonalDataKind::DateOfBirth => "geboortedatum",
            PersonalDataKind::PostcodeHouseNumber => "postcode met huisnummer",
            PersonalDataKind::ClientName => "naam van de cliënt",
        }
    }

    /// "Dit lijkt een persoonsgegeven (telefoonnummer). Maak het anoniem."
    pub fn message(self) -> String {
        format!(
            "Dit lijkt een persoonsgegeven ({}). Maak het anoniem.",
            self.label()
        )
    }

    /// Which kind keeps text that two kinds claim (lower wins).
    fn precedence(self) -> u8 {
        match self {
            PersonalDataKind::Email => 0,
            PersonalDataKind::Iban => 1,
            PersonalDataKind::PostcodeHouseNumber => 2,
            PersonalDataKind::DateOfBirth => 3,
            PersonalDataKind::Bsn => 4,
            PersonalDataKind::Phone => 5,
            PersonalDataKind::ClientName => 6,
        }
    }
}

/// One likely piece of personal data at `start..end` (characters).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub kind: PersonalDataKind,
    pub start: usize,
    pub end: usize,
}

/// `POST /api/rules/privacy-check`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct PrivacyCheckRequest {
    pub text: String,
    #[serde(default)]
    pub client_names: Vec<String>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct PrivacyCheckResponse {
    pub findings: Vec<Finding>,
}

/// The request's bounds: the text as long as an answer may be (413
/// beyond), a sane number of names of sane length (422).
pub fn validate_request(request: &PrivacyCheckRequest) -> Result<(), Rejection> {
    crate::sync::validate_text(&request.text)?;
    if request.client_names.len() > MAX_CLIENT_NAMES {
        return Err(Rejection {
            kind: RejectKind::Invalid,
            message: format!("Te veel namen: maximaal {MAX_CLIENT_NAMES}."),
        });
    }
    if request
        .client_names
        .iter()
        .any(|n| n.chars().count() > MAX_KEY_CHARS)
    {
        return Err(Rejection {
            kind: RejectKind::Invalid,
            message: format!("Een naam is te lang: maximaal {MAX_KEY_CHARS} tekens."),
        });
    }
    Ok(())
}

/// The answer of the endpoint; callers validate first
/// ([`validate_request`]), since [`crate::sync::MAX_TEXT_CHARS`] bounds the work.
pub fn check(request: &PrivacyCheckRequest) -> PrivacyCheckResponse {
    let names: Vec<&str> = request.client_names.iter().map(String::as_str).collect();
    PrivacyCheckResponse {
        findings: find_personal_data(&request.text, &names),
    }
}

/// Every likely piece of personal data in `text`, in order, never
/// overlapping. `client_names` are the names typed in the client field of
/// the portfolio's trajectories.
pub fn find_personal_data(text: &str, client_names: &[&str]) -> Vec<Finding> {
    // Byte ranges first, characters at the end.
    let mut found: Vec<(PersonalDataKind, usize, usize)> = Vec::new();
    emails(text, &mut found);
    ibans(text, &mut found);
    postcodes(text, &mut found);
    dates_of_birth(text, &mut found);
    bsns(text, &mut found);
    phones(text, &mut found);
    names(text, client_names, &mut found);

    found.sort_by_key(|&(kind, s, e)| (kind.precedence(), s, std::cmp::Reverse(e)));
    let mut kept: Vec<(PersonalDataKind, usize, usize)> = Vec::new();
    for f in found {
        if kept.iter().all(|k| f.2 <= k.1 || k.2 <= f.1) {
            kept.push(f);
        }
    }
    kept.sort_by_key(|&(_, s, _)| s);
    to_chars(text, kept)
}

fn to_chars(text: &str, byte_findings: Vec<(PersonalDataKind, usize, usize)>) -> Vec<Finding> {
    // Ascending and non-overlapping, so one walk over the text converts all.
    let mut out = Vec::with_capacity(byte_findings.len());
    let (mut byte, mut chars) = (0, 0);
    let mut count_to = |to: usize| {
        chars += text[byte..to].chars().count();
        byte = to;
        chars
    };
    for (kind, s, e) in byte_findings {
        let start = count_to(s);
        let end = count_to(e);
        out.push(Finding { kind, start, end });
    }
    out
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    // The patterns are constants checked by the tests; a typo fails every
    // test at once.
    #[allow(clippy::expect_used)]
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

fn before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Not glued to letters or digits on either side.
fn standalone(text: &str, s: usize, e: usize) -> bool {
    !before(text, s).is_some_and(char::is_alphanumeric)
        && !after(text, e).is_some_and(char::is_alphanumeric)
}

/// Not part of a longer number such as `12.345.678.901` or `1.234,56`:
/// no digit right before or after, also not across one `.`/`,`.
fn not_in_number(text: &str, s: usize, e: usize) -> bool {
    let b = &text.as_bytes()[..s];
    let a = &text.as_bytes()[e..];
    let digit_before = match b {
        [.., x] if x.is_ascii_digit() => true,
        [.., x, b'.' | b','] if x.is_ascii_digit() => true,
        _ => false,
    };
    let digit_after = match a {
        [x, ..] if x.is_ascii_digit() => true,
        [b'.' | b',', x, ..] if x.is_ascii_digit() => true,
        _ => false,
    };
    !digit_before && !digit_after
}

type Found = Vec<(PersonalDataKind, usize, usize)>;

fn emails(text: &str, out: &mut Found) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}",
    );
    for m in re.find_iter(text) {
        out.push((PersonalDataKind::Email, m.start(), m.end()));
    }
}

fn phones(text: &str, out: &mut Found) {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Trunk prefix or country code, then the nine national digits in the
    // groupings people write: mobile 6 + 8, two-digit area + 7, three-digit
    // area + 6.
    let re = regex(
        &RE,
        concat!(
            r"(?:(?:\+31|0031)[ -]?(?:\(0\)[ -]?)?|0)",
            r"(?:",
            r"6[ -]?(?:\d{8}|\d{4}[ -]\d{4}|\d{2}(?:[ -]\d{2}){3}|\d{2}[ -]\d{3}[ -]\d{3})",
            r"|[1-57-8]\d[ -]?(?:\d{7}|\d{3}[ -]\d{4}|\d{3}[ -]\d{2}[ -]\d{2}|\d{2}[ -]\d{2}[ -]\d{3})",
            r"|[1-57-8]\d{2}[ -]?(?:\d{6}|\d{3}[ -]\d{3}|\d{2}[ -]\d{2}[ -]\d{2})",
            r")"
        ),
    );
    for m in re.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        // A "+31" already stands apart; a national number must not be the
        // tail of a longer number or word (IBANs end in digits too).
        let glued_before = before(text, s).is_some_and(|c| c.is_alphanumeric() || c == '+');
        if !glued_before && standalone(text, s, e) && not_in_number(text, s, e) {
            out.push((PersonalDataKind::Phone, s, e));
        }
    }
}

/// The elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11 (all zeros
/// excluded).
pub fn is_bsn(digits: &str) -> bool {
    let d: Vec<i64> = digits
        .chars()
        .filter_map(|c| c.to_digit(10).map(i64::from))
        .collect();
    if d.len() != 9 || digits.chars().count() != 9 || d.iter().all(|&x| x == 0) {
        return false;
    }
    let sum: i64 = d[..8]
        .iter()
        .zip((2..=9).rev())
        .map(|(x, w)| x * w)
        .sum::<i64>()
        - d[8];
    sum % 11 == 0
}

fn bsns(text: &str, out: &mut Found) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"\d{9}|\d{4}[. ]\d{2}[. ]\d{3}|\d{3}[. ]\d{3}[. ]\d{3}",
    );
    for m in re.find_iter(text) {
        let digits: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
        if is_bsn(&digits)
            && standalone(text, m.start(), m.end())
            && not_in_number(text, m.start(), m.end())
        {
            out.push((PersonalDataKind::Bsn, m.start(), m.end()));
        }
    }
}

/// Lengths of IBANs per country (ISO 13616 registry), for the countries a
/// Dutch candidate is likely to meet; other countries are checked on the
/// checksum alone.
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MA", 28),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SR", 18),
    ("TR", 26),
];

/// ISO 13616 check: the first four characters moved to the end, letters
/// as 10..35, the number modulo 97 is 1.
pub fn is_iban(iban: &str) -> bool {
    let iban: String = iban.chars().filter(|c| *c != ' ').collect();
    let bytes = iban.as_bytes();
    if !(15..=34).contains(&bytes.len())
        || !bytes[..2].iter().all(u8::is_ascii_uppercase)
        || !bytes[2..4].iter().all(u8::is_ascii_digit)
        || !bytes
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return false;
    }
    if let Some((_, len)) = IBAN_LENGTHS
        .iter()
        .find(|(c, _)| c.as_bytes() == &bytes[..2])
    {
        if *len != bytes.len() {
            return false;
        }
    }
    let mut rest: u32 = 0;
    for &b in bytes[4..].iter().chain(&bytes[..4]) {
        let value = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        rest = if value >= 10 {
            (rest * 100 + value) % 97
        } else {
            (rest * 10 + value) % 97
        };
    }
    rest == 1
}

fn ibans(text: &str, out: &mut Found) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?",
    );
    for m in re.find_iter(text) {
        let s = m.start();
        // The pattern may run into a following word in capitals ("NL91 ABNA
        // 0417 1643 00 AB"): try the country's length first, then the whole.
        let compact_len = |end: usize| text[s..end].chars().filter(|c| *c != ' ').count();
        let country = &text[s..s + 2];
        let ends: Vec<usize> = (s + 4..=m.end())
            .filter(|&e| text.is_char_boundary(e) && !text[..e].ends_with(' '))
            .collect();
        let wanted = IBAN_LENGTHS
            .iter()
            .find(|(c, _)| *c == country)
            .map(|(_, l)| *l);
        let end = ends
            .iter()
            .rev()
            .copied()
            .filter(|&e| wanted.is_none_or(|l| compact_len(e) == l))
            .find(|&e| is_iban(&text[s..e]) && standalone(text, s, e));
        if let Some(e) = end {
            out.push((PersonalDataKind::Iban, s, e));
        }
    }
}

fn postcodes(text: &str, out: &mut Found) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"[1-9]\d{3} ?[A-Z]{2}(?:, ?| - |-| )\d{1,5}(?:-?[A-Za-z])?",
    );
    for m in re.find_iter(text) {
        let letters = &m.as_str()[4..].trim_start()[..2];
        // Never given out in Dutch postcodes.
        if matches!(letters, "SA" | "SD" | "SS") {
            continue;
        }
        let (s, mut e) = (m.start(), m.end());
        // A letter after the number is an addition ("12a") only if no word
        // follows it directly ("12 Utrecht" was not matched as "12 U").
        if !standalone(text, s, e) {
            let trimmed = m
                .as_str()
                .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '-');
            e = s + trimmed.len();
            if !standalone(text, s, e) {
                continue;
            }
        }
        out.push((PersonalDataKind::PostcodeHouseNumber, s, e));
    }
}

const DOB_WINDOW_CHARS: usize = 30;

fn dates_of_birth(text: &str, out: &mut Found) {
    static DATE: OnceLock<Regex> = OnceLock::new();
    static CUE: OnceLock<Regex> = OnceLock::new();
    let date = regex(
        &DATE,
        concat!(
            r"(?i)\d{4}-\d{1,2}-\d{1,2}",
            r"|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})",
            r"|\d{1,2} (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december",
            r"|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.? (?:\d{4}|'\d{2})"
        ),
    );
    let cue = regex(&CUE, r"(?i)geboren|geboortedatum|geboortedag|geb\.");
    let cues: Vec<(usize, usize, bool)> = cue
        .find_iter(text)
        .filter(|m| !before(text, m.start()).is_some_and(char::is_alphabetic))
        .map(|m| {
            (
                m.start(),
                m.end(),
                m.as_str().eq_ignore_ascii_case("geboren"),
            )
        })
        .collect();
    for m in date.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        if !standalone(text, s, e) || !plausible_date(m.as_str()) {
            continue;
        }
        let cue_before = cues.iter().any(|&(_, ce, _)| {
            ce <= s && {
                let between = &text[ce..s];
                between.chars().count() <= DOB_WINDOW_CHARS && !between.contains('\n')
            }
        });
        let cue_after = cues.iter().any(|&(cs, _, born)| {
            born && cs >= e && {
                let between = &text[e..cs];
                between.chars().count() <= DOB_WINDOW_CHARS
                    && !between.contains(['.', '!', '?', '\n'])
            }
        });
        if cue_before || cue_after {
            out.push((PersonalDataKind::DateOfBirth, s, e));
        }
    }
}

/// Day 1..=31 and month 1..=12 (or a month name); no calendar check, a
/// 31 april is still somebody's birthday typed wrong.
fn plausible_date(date: &str) -> bool {
    let numbers: Vec<u32> = date
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let iso = date.as_bytes().get(4) == Some(&b'-');
    match (iso, numbers.as_slice()) {
        (true, [_, m, d]) | (false, [d, m, _]) => (1..=31).contains(d) && (1..=12).contains(m),
        (false, [d, _]) => (1..=31).contains(d),
        _ => false,
    }
}

/// Name parts too common to flag on their own.
const TUSSENVOEGSELS: &[&str] = &[
    "de", "den", "der", "van", "het", "ten", "ter", "te", "op", "in", "'t", "d'", "la", "le", "du",
    "von", "zu", "al", "el", "bin", "ben",
];

fn names(text: &str, client_names: &[&str], out: &mut Found) {
    let mut patterns: Vec<Vec<char>> = Vec::new();
    for name in client_names {
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.is_empty()
            || (words.len() == 1 && TUSSENVOEGSELS.contains(&words[0].to_lowercase().as_str()))
        {
            continue;
        }
        patterns.push(lower(&words.join(" ")));
        if words.len() > 1 {
            for w in &words {
                if w.chars().count() >= 2 && !TUSSENVOEGSELS.contains(&w.to_lowercase().as_str()) {
                    patterns.push(lower(w));
                }
            }
        }
    }
    patterns.retain(|p| p.len() >= 2);
    if patterns.is_empty() {
        return;
    }
    // One lower-case char per text char (the first of its lower case), with
    // its byte offset, so offsets stay the text's.
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .map(|(at, c)| (at, c.to_lowercase().next().unwrap_or(c)))
        .collect();
    let is_word = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_alphanumeric());
    for pattern in &patterns {
        let n = pattern.len();
        for i in 0..chars.len().saturating_sub(n - 1) {
            if (i > 0 && is_word(i - 1)) || is_word(i + n) {
                continue;
            }
            if chars[i..i + n]
                .iter()
                .map(|(_, c)| *c)
                .eq(pattern.iter().copied())
            {
                let end = chars.get(i + n).map_or(text.len(), |(at, _)| *at);
                out.push((PersonalDataKind::ClientName, chars[i].0, end));
            }
        }
    }
}

fn lower(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}
