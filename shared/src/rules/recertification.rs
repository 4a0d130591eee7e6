//! Timing rules of recertification (seed 001, with the 4-year validity from
//! the FAQ, seed 000), exposed as `POST /api/rules/recertification`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dutch_date;
use crate::dates::{add_years, sub_months, sub_years, within};
use crate::requirement::{Requirement, Status};

/// "Het afgegeven RJ-certificaat kent een geldigheidsduur van 4 jaar" (000).
pub const CERTIFICATE_VALIDITY_YEARS: i32 = 4;
/// "welke je drie maanden voor einde van je certificatiedatum indient" (001).
pub const SUBMISSION_MONTHS_BEFORE_END: u32 = 3;
/// First recertification year in which A2 (look-back) is mandatory: "Vanaf
/// 1 januari 2027 is dit een verplicht onderdeel" (001).
pub const LOOKBACK_MANDATORY_FROM_YEAR: i32 = 2027;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct RecertificationRequest {
    pub certificate_end_date: NaiveDate,
}

/// What applies to a recertification, decided by the year the certificate
/// ends.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct RecertificationRules {
    pub recertification_year: i32,
    pub submission_deadline: NaiveDate,
    pub lookback_required: bool,
    pub reflection_meetings_required: u32,
    pub own_cases_required: u32,
    /// The four years the PE points and reflection meetings must fall in,
    /// both ends inclusive.
    pub pe_period_start: NaiveDate,
    pub pe_period_end: NaiveDate,
}

/// One attended reflection meeting (intervisie, supervisie or coaching), as
/// declared on its verklaring.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ReflectionMeeting {
    pub id: String,
    pub date: NaiveDate,
    /// Name of the begeleider, required on the declaration.
    pub facilitator: String,
    /// Whether the candidate brought in a betekenisvolle situatie.
    pub own_case: bool,
}

/// The certificate ends four years after it was issued, on the same calendar
/// day (29 February becomes 28 February).
pub fn certificate_expiry(issue_date: NaiveDate) -> NaiveDate {
    add_years(issue_date, CERTIFICATE_VALIDITY_YEARS)
}

/// The portfolio is due three months before the certificate ends, clamped
/// to the month's end (31 May -> 28 February).
pub fn recertification_deadline(expiry: NaiveDate) -> NaiveDate {
    sub_months(expiry, SUBMISSION_MONTHS_BEFORE_END)
}

/// Reflection meetings and own cases for a recertification year (001, A3.1
/// table: 2024 one/once, 2025 two/once, 2026 three/twice, "Vanaf 2027"
/// four/twice).
///
/// Before 2024 the table asks nothing. The table phases the requirement in by
/// one meeting a year from 2024, counting back from the full four in 2027,
/// and A2 exempts recertifications from 1 January 2023; read together, a
/// recertification in 2023 or earlier needs no meetings, so A3.1 is exempt.
pub fn reflection_requirement(year: i32) -> (u32, u32) {
    match year {
        ..=2023 => (0, 0),
        2024 => (1, 1),
        2025 => (2, 1),
        2026 => (3, 2),
        2027.. => (4, 2),
    }
}

/// Look-back (A2) is required from recertification year 2027; earlier years,
/// including those before the seed's 2023-2026 exemption window, are exempt
/// because there was no previous development advice under this framework.
pub fn lookback_required(year: i32) -> bool {
    year >= LOOKBACK_MANDATORY_FROM_YEAR
}

pub fn recertification_rules(certificate_end_date: NaiveDate) -> RecertificationRules {
    let year = certificate_end_date.year();
    let (meetings, own_cases) = reflection_requirement(year);
    RecertificationRules {
        recertification_year: year,
        submission_deadline: recertification_deadline(certificate_end_date),
        lookback_required: lookback_required(year),
        reflection_meetings_required: meetings,
        own_cases_required: own_cases,
        pe_period_start: sub_years(
            certificate_end_date,
            CERTIFICATE_VALIDITY_YEARS.unsigned_abs(),
        ),
        pe_period_end: certificate_end_date,
    }
}

/// A2 needs an assessor's judgement when required; the rule can only say
/// whether it applies.
pub fn evaluate_lookback(rules: &RecertificationRules) -> Requirement {
    if rules.lookback_required {
        Requirement::new(
            "A2",
            Status::NeedsReview,
            "Vanaf 1 januari 2027 is de terugblik op je ontwikkelplan en ontwikkeladvies een \
             verplicht onderdeel; de assessor beoordeelt je verantwoordingsverslag.",
        )
    } else {
        Requirement::new(
            "A2",
            Status::Exempt,
            format!(
                "Je recertificering valt in {}; tot en met 31 december 2026 heb je vrijstelling \
                 van dit onderdeel.",
                rules.recertification_year
            ),
        )
    }
}

/// Counts the meetings that can be credited for A3.1. A meeting counts when
/// it falls inside the four-year certificate period (the framework asks for
/// reflection on the practice of that period, and category 2 of the PE
/// register refers to "de vier verplichte" meetings of the same period) and
/// names its begeleider, which the declaration must state.
pub fn evaluate_reflection_meetings(
    rules: &RecertificationRules,
    meetings: &[ReflectionMeeting],
) -> Requirement {
    let required = rules.reflection_meetings_required;
    let own_required = rules.own_cases_required;
    if required == 0 {
        return Requirement::new(
            "A3.1",
            Status::Exempt,
            format!(
                "Voor een recertificering in {} zijn geen reflectiebijeenkomsten vereist.",
                rules.recertification_year
            ),
        );
    }

    let mut warnings = Vec::new();
    let mut seen = Vec::new();
    let (mut counted, mut own) = (0u32, 0u32);
    for meeting in meetings {
        // What the candidate recognises: the date and the begeleider's name
        // (ids are client-made UUIDs and mean nothing to a person).
        let label = match meeting.facilitator.trim() {
            "" => format!("van {}", dutch_date(meeting.date)),
            name => format!("van {} met {name}", dutch_date(meeting.date)),
        };
        if seen.contains(&meeting.id.as_str()) {
            warnings.push(format!(
                "Bijeenkomst {label} staat dubbel in de lijst en telt één keer."
            ));
            continue;
        }
        seen.push(meeting.id.as_str());
        if !within(meeting.date, rules.pe_period_start, rules.pe_period_end) {
            warnings.push(format!(
                "Bijeenkomst {label} valt buiten de certificaatperiode ({} t/m {}) en telt niet \
                 mee.",
                dutch_date(rules.pe_period_start),
                dutch_date(rules.pe_period_end)
            ));
            continue;
        }
        if meeting.facilitator.trim().is_empty() {
            warnings.push(format!(
                "Bij bijeenkomst {label} ontbreekt de naam van de begeleider; zonder die naam telt \
                 de verklaring niet mee."
            ));
            continue;
        }
        if meeting.date > rules.submission_deadline {
            warnings.push(format!(
                "Bijeenkomst {label} ligt na de uiterste indiendatum {}.",
                dutch_date(rules.submission_deadline)
            ));
        }
        counted += 1;
        own += u32::from(meeting.own_case);
    }

    let status = if counted >= required && own >= own_required {
        Status::Met
    } else {
        Status::NotMet
    };
    let message = format!(
        "Voor een recertificering in {} zijn {required} reflectiebijeenkomst(en) vereist, waarvan \
         je er {own_required} keer zelf een betekenisvolle situatie inbrengt. Geteld: {counted} \
         bijeenkomst(en), {own} keer met een eigen betekenisvolle situatie.",
        rules.recertification_year
    );
    Requirement::new("A3.1", status, message).with_warnings(warnings)
}
