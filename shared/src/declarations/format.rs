//! The declaration formats, their fields and the text a signer signs.
//!
//! Wording comes from the seeds (cited in `tests.rs`):
//! - initial B1 (002): "Verklaring: ‘Tenminste 1200 uur beroepsgerichte
//!   werkervaring.’ (Zie format in digitale portfolio.)" and "Verklaring:
//!   ‘Werkzaam als uitvoerend jobcoach.’ Is volledig ingevuld en
//!   ondertekend."
//! - recertification A1 (001): "Verklaring: ‘Werkzaam als uitvoerend
//!   jobcoach’", criterion "Afgelopen vier jaar actief cliënten en
//!   organisaties begeleid".
//! - recertification A3.1 (001): "Op de verklaring staat in elk geval: datum
//!   van de bijeenkomst, de naam van de begeleider en of jezelf een
//!   onderwerp hebt ingebracht."
//! - recertification B, categorie 4 (001): "Verklaring waarin staat: de
//!   functie en de periode waarin deze functie is vervuld", signed by "een
//!   medecommissielid of bestuurder", "de Coördinator Certificeren" (with
//!   "het aantal begeleide dan wel getoetste kandidaten") or "de instelling"
//!   ("in welk verband deze is uitgeoefend").
//!
//! Hours are declared per work period (one row of `initial.b1.q1`): a
//! candidate who worked for two employers needs a signature from each, and
//! one signer cannot vouch for another's hours.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::evidence::Slot;
use crate::requirement::FieldError;
use crate::rules::dutch_date;
use crate::rules::pe_points::PeActivityKind;

/// The filled-in fields of a format: field name to the text as typed
/// (dates `YYYY-MM-DD`, numbers in digits, yes/no as `ja`/`nee`).
pub type DeclarationFields = BTreeMap<String, String>;

/// The longest value a field takes; a declaration is a few lines.
pub const MAX_FIELD_CHARS: usize = 500;

/// List and question keys whose slots have a format.
pub const HOURS_LIST: &str = "initial.b1.q1";
pub const WORKING_INITIAL_KEY: &str = "initial.b1.q2";
pub const WORKING_RECERTIFICATION_KEY: &str = "recertification.a1.q2";
pub const MEETINGS_LIST: &str = "recertification.a3_1.q1";
pub const PE_LIST: &str = "recertification.b.q1";

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum DeclarationFormat {
    /// Initial B1: hours of one work period (a row of `initial.b1.q1`).
    WorkHours,
    /// Initial B1: "Werkzaam als uitvoerend jobcoach" (`initial.b1.q2`).
    WorkingInitial,
    /// Recertification A1: the same, with the four years behind it
    /// (`recertification.a1.q2`).
    WorkingRecertification,
    /// Recertification A3.1: one attended reflection meeting (a row of
    /// `recertification.a3_1.q1`).
    ReflectionMeeting,
    /// Recertification B, category 4: a function or role (a row of
    /// `recertification.b.q1` of a category 4 kind).
    PeFunction,
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Date,
    /// Empty means "tot heden".
    OptionalDate,
    WholeNumber,
    /// `ja` or `nee` (a checkbox in the editor, a JSON bool in the row).
    YesNo,
    /// The PE activity's kind (`board_role`, …), chosen in the register
    /// itself; shown, not typed, in the format.
    PeKind,
}

#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The JSON key in the slot's value or row.
    pub name: &'static str,
    /// Dutch label in the editor and in messages.
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
}

const fn field(
    name: &'static str,
    label: &'static str,
    kind: FieldKind,
    required: bool,
) -> FieldSpec {
    FieldSpec {
        name,
        label,
        kind,
        required,
    }
}

use FieldKind::*;

const WORK_HOURS_FIELDS: &[FieldSpec] = &[
    field(
        "description",
        "Werkgever, opdrachtgever of functie",
        Text,
        true,
    ),
    field("started_on", "Van", Date, true),
    field(
        "ended_on",
        "Tot (leeg als het werk doorloopt)",
        OptionalDate,
        false,
    ),
    field(
        "hours",
        "Uren als uitvoerend jobcoach in deze periode",
        WholeNumber,
        true,
    ),
];

const WORKING_FIELDS: &[FieldSpec] = &[
    field("organisation", "Organisatie waar je werkt", Text, true),
    field("function", "Functie", Text, true),
    field(
        "since",
        "Werkzaam als uitvoerend jobcoach sinds",
        Date,
        true,
    ),
];

const MEETING_FIELDS: &[FieldSpec] = &[
    field("date", "Datum van de bijeenkomst", Date, true),
    field(
        "facilitator",
        "Naam van de begeleider (supervisor of facilitator)",
        Text,
        true,
    ),
    field(
        "own_case",
        "Ik heb zelf een betekenisvolle situatie ingebracht",
        YesNo,
        true,
    ),
];

const PE_FUNCTION_FIELDS: &[FieldSpec] = &[
    field("kind", "Soort activiteit", PeKind, true),
    field("role", "Functie of rol", Text, true),
    field(
        "organisation",
        "Organisatie, netwerk of vereniging en in welk verband",
        Text,
        true,
    ),
    field("period_start", "Periode van", Date, true),
    field(
        "period_end",
        "Periode tot en met (leeg als je de functie nog vervult)",
        OptionalDate,
        false,
    ),
    // Required for the RJ mentor/assessor kind only, see `validate`.
    field(
        "candidates",
        "Aantal begeleide dan wel getoetste kandidaten",
        WholeNumber,
        false,
    ),
];

impl DeclarationFormat {
    pub const ALL: [DeclarationFormat; 5] = [
        DeclarationFormat::WorkHours,
        DeclarationFormat::WorkingInitial,
        DeclarationFormat::WorkingRecertification,
        DeclarationFormat::ReflectionMeeting,
        DeclarationFormat::PeFunction,
    ];

    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            DeclarationFormat::WorkHours => WORK_HOURS_FIELDS,
            DeclarationFormat::WorkingInitial | DeclarationFormat::WorkingRecertification => {
                WORKING_FIELDS
            }
            DeclarationFormat::ReflectionMeeting => MEETING_FIELDS,
            DeclarationFormat::PeFunction => PE_FUNCTION_FIELDS,
        }
    }

    /// The fields the format shows for these values: the candidates count
    /// belongs to the RJ mentor/assessor function only.
    pub fn visible_fields(self, fields: &DeclarationFields) -> Vec<&'static FieldSpec> {
        self.fields()
            .iter()
            .filter(|f| f.name != "candidates" || is_rj_mentor(fields))
            .collect()
    }

    pub fn title(self) -> &'static str {
        match self {
            DeclarationFormat::WorkHours => {
                "Verklaring ‘Tenminste 1200 uur beroepsgerichte werkervaring’"
            }
            DeclarationFormat::WorkingInitial | DeclarationFormat::WorkingRecertification => {
                "Verklaring ‘Werkzaam als uitvoerend jobcoach’"
            }
            DeclarationFormat::ReflectionMeeting => {
                "Verklaring van een bijgewoonde reflectiebijeenkomst"
            }
            DeclarationFormat::PeFunction => {
                "Verklaring van een functie of rol (PE-punten, categorie 4: bijdrage aan \
                 beroepsgroep)"
            }
        }
    }

    /// Who signs, in Dutch, as the framework says.
    pub fn signer_hint(self, fields: &DeclarationFields) -> &'static str {
        match self {
            DeclarationFormat::WorkHours
            | DeclarationFormat::WorkingInitial
            | DeclarationFormat::WorkingRecertification => {
                "Laat ondertekenen door je werkgever of opdrachtgever (bijvoorbeeld je \
                 leidinggevende)."
            }
            DeclarationFormat::ReflectionMeeting => {
                "Laat ondertekenen door de begeleider van de bijeenkomst."
            }
            DeclarationFormat::PeFunction => match pe_kind(fields) {
                Some(PeActivityKind::RjMentorAssessor) => {
                    "Laat ondertekenen door de Coördinator Certificeren."
                }
                Some(PeActivityKind::OtherMentorAssessor) => {
                    "Laat ondertekenen door de instelling."
                }
                _ => "Laat ondertekenen door een medecommissielid of bestuurder.",
            },
        }
    }
}

/// The PE kinds of category 4 ("Bijdrage aan beroepsgroep"), whose evidence
/// is a signed declaration of the function.
pub fn is_function_kind(kind: PeActivityKind) -> bool {
    kind.info().categories.contains(&4)
}

fn pe_kind(fields: &DeclarationFields) -> Option<PeActivityKind> {
    let wire = fields.get("kind")?;
    serde_json::from_value(serde_json::Value::String(wire.clone())).ok()
}

fn is_rj_mentor(fields: &DeclarationFields) -> bool {
    pe_kind(fields) == Some(PeActivityKind::RjMentorAssessor)
}

/// The format a slot has, if any. A PE row has one only when its kind is a
/// category 4 function (`row` is the row's JSON; other slots ignore it).
pub fn format_for_slot(slot: &Slot, row: Option<&serde_json::Value>) -> Option<DeclarationFormat> {
    match (slot.key.as_str(), slot.row.is_some()) {
        (WORKING_INITIAL_KEY, false) => Some(DeclarationFormat::WorkingInitial),
        (WORKING_RECERTIFICATION_KEY, false) => Some(DeclarationFormat::WorkingRecertification),
        (HOURS_LIST, true) => Some(DeclarationFormat::WorkHours),
        (MEETINGS_LIST, true) => Some(DeclarationFormat::ReflectionMeeting),
        (PE_LIST, true) => {
            let kind = row?.get("kind")?.clone();
            let kind: PeActivityKind = serde_json::from_value(kind).ok()?;
            is_function_kind(kind).then_some(DeclarationFormat::PeFunction)
        }
        _ => None,
    }
}

/// The formats a slot may be asked to sign, judged from its key alone (the
/// server does not read rows to decide this; a PE row changed to another
/// kind later simply has no format, so nothing counts).
pub fn allowed_formats(slot: &Slot) -> &'static [DeclarationFormat] {
    match (slot.key.as_str(), slot.row.is_some()) {
        (WORKING_INITIAL_KEY, false) => &[DeclarationFormat::WorkingInitial],
        (WORKING_RECERTIFICATION_KEY, false) => &[DeclarationFormat::WorkingRecertification],
        (HOURS_LIST, true) => &[DeclarationFormat::WorkHours],
        (MEETINGS_LIST, true) => &[DeclarationFormat::ReflectionMeeting],
        (PE_LIST, true) => &[DeclarationFormat::PeFunction],
        _ => &[],
    }
}

/// The format's fields as found in a slot's JSON (a value object or a
/// row): strings as they are, whole numbers in digits, booleans as
/// `ja`/`nee`; anything else (absent, null, other shapes such as the old
/// checkbox `true`) is an empty field.
pub fn fields_from_json(
    format: DeclarationFormat,
    value: Option<&serde_json::Value>,
) -> DeclarationFields {
    use serde_json::Value;
    format
        .fields()
        .iter()
        .map(|spec| {
            let text = match value.and_then(|v| v.get(spec.name)) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n
                    .as_u64()
                    .map(|n| n.to_string())
                    .or_else(|| {
                        n.as_f64()
                            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1e15)
                            .map(|f| (f as u64).to_string())
                    })
                    .unwrap_or_else(|| n.to_string()),
                Some(Value::Bool(b)) => yes_no(*b).to_owned(),
                _ => String::new(),
            };
            (spec.name.to_owned(), text)
        })
        .collect()
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "ja"
    } else {
        "nee"
    }
}

fn value<'a>(fields: &'a DeclarationFields, name: &str) -> &'a str {
    fields.get(name).map_or("", |v| v.trim())
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Checks every field; one Dutch message per field that is wrong, named by
/// the field's JSON key so a form puts it beside the field. Unknown field
/// names are refused too, so a signature never covers data nobody sees.
pub fn validate(format: DeclarationFormat, fields: &DeclarationFields) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for name in fields.keys() {
        if !format.fields().iter().any(|f| f.name == name) {
            errors.push(FieldError::new(
                name.clone(),
                format!("Het veld ‘{name}’ hoort niet bij deze verklaring."),
            ));
        }
    }
    let visible = format.visible_fields(fields);
    for spec in format.fields() {
        let v = value(fields, spec.name);
        let shown = visible.iter().any(|f| f.name == spec.name);
        if !shown {
            if !v.is_empty() {
                errors.push(FieldError::new(
                    spec.name,
                    format!("‘{}’ hoort niet bij deze soort activiteit.", spec.label),
                ));
            }
            continue;
        }
        let required =
            spec.required || (format == DeclarationFormat::PeFunction && spec.name == "candidates");
        if v.is_empty() {
            if required {
                errors.push(FieldError::new(
                    spec.name,
                    format!("Vul ‘{}’ in.", spec.label),
                ));
            }
            continue;
        }
        if v.chars().count() > MAX_FIELD_CHARS {
            errors.push(FieldError::new(
                spec.name,
                format!(
                    "‘{}’ is te lang: maximaal {MAX_FIELD_CHARS} tekens.",
                    spec.label
                ),
            ));
            continue;
        }
        let problem = match spec.kind {
            Text => None,
            Date | OptionalDate => parse_date(v)
                .is_none()
                .then(|| format!("‘{}’ is geen geldige datum (jjjj-mm-dd).", spec.label)),
            WholeNumber => match v.parse::<u64>() {
                Err(_) => Some(format!("‘{}’ moet een geheel getal zijn.", spec.label)),
                Ok(0) if format == DeclarationFormat::WorkHours => {
                    Some(format!("‘{}’ moet meer dan 0 zijn.", spec.label))
                }
                Ok(_) => None,
            },
            YesNo => (!matches!(v, "ja" | "nee"))
                .then(|| format!("Kies ja of nee bij ‘{}’.", spec.label)),
            PeKind => match pe_kind(fields) {
                Some(kind) if is_function_kind(kind) => None,
                Some(_) => Some(
                    "Een verklaring van een functie hoort bij categorie 4 (bijdrage aan \
                     beroepsgroep); kies daar een functie of voeg een bewijsstuk toe."
                        .to_owned(),
                ),
                None => Some("Onbekende soort activiteit.".to_owned()),
            },
        };
        if let Some(message) = problem {
            errors.push(FieldError::new(spec.name, message));
        }
    }
    for (start, end) in [("started_on", "ended_on"), ("period_start", "period_end")] {
        let (Some(from), Some(to)) = (
            parse_date(value(fields, start)),
            parse_date(value(fields, end)),
        ) else {
            continue;
        };
        if to < from && format.fields().iter().any(|f| f.name == end) {
            errors.push(FieldError::new(
                end,
                "De einddatum ligt voor de begindatum.",
            ));
        }
    }
    errors
}

fn date_text(fields: &DeclarationFields, name: &str) -> String {
    let v = value(fields, name);
    parse_date(v).map_or_else(|| v.to_owned(), dutch_date)
}

fn until_text(fields: &DeclarationFields, name: &str) -> String {
    if value(fields, name).is_empty() {
        "heden".to_owned()
    } else {
        date_text(fields, name)
    }
}

/// The exact text the signer sees and signs: the format's title, then the
/// statement with the candidate's name and the fields filled in (trimmed;
/// dates in Dutch). Its SHA-256 ([`sha256_hex`]) is what a signature
/// freezes.
pub fn canonical_text(
    format: DeclarationFormat,
    candidate_name: &str,
    fields: &DeclarationFields,
) -> String {
    let candidate = candidate_name.trim();
    let v = |name: &str| value(fields, name).to_owned();
    let body = match format {
        DeclarationFormat::WorkHours => format!(
            "Hierbij verklaar ik dat {candidate} in de periode van {} tot en met {} bij of als \
             ‘{}’ {} uur beroepsgerichte werkervaring als uitvoerend jobcoach heeft opgedaan: het \
             actief begeleiden van mensen en organisaties met jobcoachvragen. \
             Professionaliseringsactiviteiten zoals het volgen van een training, opleiding, \
             intervisie of supervisie zijn daarin niet meegeteld.",
            date_text(fields, "started_on"),
            until_text(fields, "ended_on"),
            v("description"),
            v("hours"),
        ),
        DeclarationFormat::WorkingInitial => format!(
            "Hierbij verklaar ik dat {candidate} sinds {} werkzaam is als uitvoerend jobcoach \
             bij ‘{}’ in de functie ‘{}’, en daar op dit moment actief mensen en organisaties \
             met jobcoachvragen begeleidt.",
            date_text(fields, "since"),
            v("organisation"),
            v("function"),
        ),
        DeclarationFormat::WorkingRecertification => format!(
            "Hierbij verklaar ik dat {candidate} sinds {} werkzaam is als uitvoerend jobcoach \
             bij ‘{}’ in de functie ‘{}’, op dit moment werkzaam is als uitvoerend jobcoach en \
             in de afgelopen vier jaar actief cliënten en organisaties heeft begeleid.",
            date_text(fields, "since"),
            v("organisation"),
            v("function"),
        ),
        DeclarationFormat::ReflectionMeeting => {
            let own = if value(fields, "own_case") == "ja" {
                format!("{candidate} heeft in deze bijeenkomst zelf een betekenisvolle situatie ter bespreking ingebracht.")
            } else {
                format!("{candidate} heeft in deze bijeenkomst geen eigen betekenisvolle situatie ingebracht.")
            };
            format!(
                "Hierbij verklaar ik dat {candidate} op {} een reflectiebijeenkomst \
                 (intervisie, supervisie of coaching) heeft bijgewoond onder begeleiding van \
                 {}. {own}",
                date_text(fields, "date"),
                v("facilitator"),
            )
        }
        DeclarationFormat::PeFunction => {
            let label = pe_kind(fields).map_or("", |k| k.info().label);
            let mut text = format!(
                "Hierbij verklaar ik dat {candidate} de functie of rol ‘{}’ heeft vervuld bij \
                 ‘{}’ ({label}) in de periode van {} tot en met {}.",
                v("role"),
                v("organisation"),
                date_text(fields, "period_start"),
                until_text(fields, "period_end"),
            );
            if is_rj_mentor(fields) {
                text.push_str(&format!(
                    " In die periode heeft {candidate} {} kandidaten begeleid dan wel getoetst.",
                    v("candidates")
                ));
            }
            text
        }
    };
    format!("{}\n\n{body}", format.title())
}

/// SHA-256 of the text's UTF-8 bytes as 64 lowercase hex digits.
pub fn sha256_hex(text: &str) -> String {
    crate::evidence::Sha256Hex::of(text.as_bytes()).into()
}
