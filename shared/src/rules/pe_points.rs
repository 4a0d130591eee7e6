//! PE points of recertification section B (seed 001), exposed as
//! `POST /api/rules/pe-points`.
//!
//! Quantities must be whole numbers. Every unit in the seed's table is a
//! count (study-load hours, lesson hours, half-days, books, subscription
//! years, meetings, years in a role, articles, activities), the rates are
//! whole points per unit, and certificates state whole SBU; whole quantities
//! keep every point an integer, so totals need no rounding rule and always
//! serialize as JSON integers. A fraction is rejected with a `FieldError`
//! rather than rounded silently.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

use super::dutch_date;
use super::recertification::{recertification_rules, RecertificationRules};
use crate::dates::within;
use crate::requirement::FieldError;

/// "In de afgelopen vier jaar heb je minimaal 75 PE-punten behaald."
pub const TOTAL_MINIMUM: u64 = 75;
/// Category 1: "maximaal 10 PE-punten voor het lezen van
/// vakliteratuur/podcasts".
pub const LITERATURE_MAXIMUM: u64 = 10;
/// Upper bound on `quantity`, `candidates` and `words`, far above anything
/// plausible, so sums cannot overflow.
pub const MAX_QUANTITY: u64 = 1_000_000;

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum PeActivityKind {
    Course,
    Workshop,
    Congress,
    BookRead,
    JournalSubscription,
    Podcast,
    PeerMeeting,
    BoardRole,
    CommitteeRole,
    RjMentorAssessor,
    OtherMentorAssessor,
    Article,
    BookWritten,
    WebinarGiven,
    Lecture,
    Volunteering,
}

/// One row of the seed's table "Wat hieronder valt / PE-punten per
/// activiteit / Wat aanleveren", as the UI needs it for a form.
#[derive(Serialize, Debug)]
pub struct PeKindInfo {
    pub kind: PeActivityKind,
    pub label: &'static str,
    pub categories: &'static [u8],
    /// What `quantity` counts, in Dutch (plural).
    pub unit: &'static str,
    pub points_per_unit: u64,
    /// Extra points per entry of `candidates` (mentor/assessor RJ only).
    pub points_per_candidate: Option<u64>,
    /// Minimum of `words` for the activity to count (articles only).
    pub min_words: Option<u64>,
    /// Counts towards the literature cap of category 1.
    pub literature: bool,
    /// Wat aanleveren.
    pub evidence: &'static str,
}

#[derive(Serialize, Debug)]
pub struct PeCategoryInfo {
    pub category: u8,
    pub title: &'static str,
    pub minimum: Option<u64>,
    pub maximum: Option<u64>,
}

pub static PE_CATEGORIES: [PeCategoryInfo; 6] = [
    PeCategoryInfo {
        category: 1,
        title: "Bij- en nascholingen binnen het vakgebied",
        minimum: Some(30),
        maximum: None,
    },
    PeCategoryInfo {
        category: 2,
        title: "(Inter-)collegiale deskundigheidsbevordering",
        minimum: None,
        maximum: Some(30),
    },
    PeCategoryInfo {
        category: 3,
        title: "Congressen en seminars & opleidingen en cursussen buiten het vakgebied",
        minimum: None,
        maximum: Some(30),
    },
    PeCategoryInfo {
        category: 4,
        title: "Bijdrage aan beroepsgroep",
        minimum: None,
        maximum: Some(30),
    },
    PeCategoryInfo {
        category: 5,
        title: "Bijdrage aan vakgebied",
        minimum: None,
        maximum: Some(30),
    },
    PeCategoryInfo {
        category: 6,
        title: "Overige maatschappelijke activiteiten",
        minimum: None,
        maximum: Some(10),
    },
];

const fn kind(
    kind: PeActivityKind,
    label: &'static str,
    categories: &'static [u8],
    unit: &'static str,
    points_per_unit: u64,
    evidence: &'static str,
) -> PeKindInfo {
    PeKindInfo {
        kind,
        label,
        categories,
        unit,
        points_per_unit,
        points_per_candidate: None,
        min_words: None,
        literature: false,
        evidence,
    }
}

const PARTICIPATION: &str = "Bewijs van deelname.";
const LITERATURE_EVIDENCE: &str = "Opgave van titel boek/abonnement/podcast.";
const ROLE_EVIDENCE: &str = "Verklaring waarin staat: de functie/rol en de periode waarin deze \
    functie/rol is vervuld, ondertekend door een medecommissielid of bestuurder.";
const TALK_EVIDENCE: &str = "Verklaring waarin staat: onderwerp, datum van uitvoering, aan wie, \
    vorm en afbeelding van de aankondiging van de bijeenkomst.";

pub static PE_CATALOGUE: [PeKindInfo; 16] = [
    kind(
        PeActivityKind::Course,
        "Deelname aan opleidingen, cursussen en trainingen",
        &[1, 3],
        "studiebelastingsuren (SBU)",
        1,
        "Bewijs van deelname, diploma, certificaat.",
    ),
    kind(
        PeActivityKind::Workshop,
        "Deelname aan masterclasses, workshops, regiobijeenkomsten en het volgen van webinars \
         en e-learnings",
        &[1],
        "lesuren",
        1,
        "Bewijs van deelname. Indien er geen bewijs van deelname is mag het ook de bevestiging \
         zijn.",
    ),
    kind(
        PeActivityKind::Congress,
        "Deelname aan congressen en seminars",
        &[1, 3],
        "dagdelen",
        3,
        PARTICIPATION,
    ),
    PeKindInfo {
        literature: true,
        ..kind(
            PeActivityKind::BookRead,
            "Lezen en bestuderen van vakliteratuur (boek)",
            &[1],
            "boeken",
            2,
            LITERATURE_EVIDENCE,
        )
    },
    PeKindInfo {
        literature: true,
        ..kind(
            PeActivityKind::JournalSubscription,
            "Abonnement op een vaktijdschrift",
            &[1],
            "abonnementsjaren",
            1,
            LITERATURE_EVIDENCE,
        )
    },
    PeKindInfo {
        literature: true,
        ..kind(
            PeActivityKind::Podcast,
            "Beluisteren van podcasts",
            &[1],
            "podcasts",
            1,
            LITERATURE_EVIDENCE,
        )
    },
    kind(
        PeActivityKind::PeerMeeting,
        "Deelname aan supervisie, intervisie, coaching en/of kwaliteitskring (niet de verplichte \
         bijeenkomsten van A3.1)",
        &[2],
        "bijeenkomsten",
        2,
        PARTICIPATION,
    ),
    kind(
        PeActivityKind::BoardRole,
        "Bestuursfunctie binnen Noloc of in een regionaal of landelijk netwerk, beroeps- of \
         brancheorganisatie binnen het vakgebied",
        &[4],
        "jaren",
        10,
        ROLE_EVIDENCE,
    ),
    kind(
        PeActivityKind::CommitteeRole,
        "Lid van ledenraad, netwerk, commissie of werkgroep",
        &[4],
        "jaren",
        6,
        ROLE_EVIDENCE,
    ),
    PeKindInfo {
        points_per_candidate: Some(2),
        ..kind(
            PeActivityKind::RjMentorAssessor,
            "Mentor of assessor bij (re)certificering Register Jobcoach",
            &[4],
            "jaren",
            4,
            "Verklaring waarin staat: de functie en de periode waarin deze functie is vervuld, \
             met het aantal begeleide dan wel getoetste kandidaten, ondertekend door de \
             Coördinator Certificeren.",
        )
    },
    kind(
        PeActivityKind::OtherMentorAssessor,
        "Mentor, assessor of supervisor binnen het vakgebied in andere context",
        &[4],
        "jaren",
        4,
        "Verklaring waaruit blijkt de functie die vervuld is, de periode en in welk verband deze \
         is uitgeoefend, ondertekend door de instelling.",
    ),
    PeKindInfo {
        min_words: Some(1500),
        ..kind(
            PeActivityKind::Article,
            "Schrijven en publiceren van artikelen over het vakgebied (minimaal 1500 woorden)",
            &[5],
            "artikelen",
            10,
            "Verklaring waarin staat: titel, korte inhoud, blad waarin gepubliceerd, aantal \
             woorden en afbeelding van het artikel.",
        )
    },
    kind(
        PeActivityKind::BookWritten,
        "Schrijven van een boek met relevantie voor het vakgebied",
        &[5],
        "boeken",
        25,
        "Verklaring waarin staat: ISBN, titel, korte inhoud, uitgever en afbeelding van voorkant \
         boek.",
    ),
    kind(
        PeActivityKind::WebinarGiven,
        "Het geven van webinars en/of verzorgen van regiobijeenkomsten over vakgerichte \
         onderwerpen binnen Noloc",
        &[5],
        "activiteiten",
        6,
        TALK_EVIDENCE,
    ),
    kind(
        PeActivityKind::Lecture,
        "Het geven van lezingen en gastlessen over het vakgebied",
        &[5],
        "activiteiten",
        6,
        TALK_EVIDENCE,
    ),
    kind(
        PeActivityKind::Volunteering,
        "Vrijwilligerswerk buiten het vakgebied, zoals NT2-onderwijs, service-clubs, besturen van \
         scholen (één regel per soort vrijwilligerswerk)",
        &[6],
        "jaren",
        2,
        "Verklaring waarin de aard van het vrijwilligerswerk wordt benoemd, ondertekend door de \
         organisatie waar het werk wordt uitgevoerd.",
    ),
];

impl PeActivityKind {
    pub fn info(self) -> &'static PeKindInfo {
        // The catalogue is in declaration order; a test pins that.
        &PE_CATALOGUE[self as usize]
    }

    fn name(self) -> &'static str {
        match self {
            PeActivityKind::Course => "course",
            PeActivityKind::Workshop => "workshop",
            PeActivityKind::Congress => "congress",
            PeActivityKind::BookRead => "book_read",
            PeActivityKind::JournalSubscription => "journal_subscription",
            PeActivityKind::Podcast => "podcast",
            PeActivityKind::PeerMeeting => "peer_meeting",
            PeActivityKind::BoardRole => "board_role",
            PeActivityKind::CommitteeRole => "committee_role",
            PeActivityKind::RjMentorAssessor => "rj_mentor_assessor",
            PeActivityKind::OtherMentorAssessor => "other_mentor_assessor",
            PeActivityKind::Article => "article",
            PeActivityKind::BookWritten => "book_written",
            PeActivityKind::WebinarGiven => "webinar_given",
            PeActivityKind::Lecture => "lecture",
            PeActivityKind::Volunteering => "volunteering",
        }
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PeRequest {
    pub certificate_end_date: NaiveDate,
    #[serde(default)]
    pub activities: Vec<PeActivity>,
}

/// One row of the PE register. Numbers are taken as JSON numbers and checked
/// by [`evaluate_pe`], so that a bad value is reported against its field
/// instead of failing the whole request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PeActivity {
    pub id: String,
    pub category: i64,
    pub kind: PeActivityKind,
    pub date: NaiveDate,
    #[serde(serialize_with = "whole_number")]
    pub quantity: f64,
    /// Without evidence no points are awarded ("Zonder bewijsstuk kunnen
    /// geen punten worden toegekend"); its points are then reported as
    /// "nog zonder bewijs" (`pending`). Absent means evidenced: the public
    /// `POST /api/rules/pe-points` is a what-if calculator and keeps that
    /// contract (issue 12). The editor always sends the value it derives
    /// from the portfolio's evidence rows and signed declarations.
    #[serde(default = "evidenced_by_default")]
    pub has_evidence: bool,
    /// Candidates guided or assessed (`rj_mentor_assessor` only).
    #[serde(default, serialize_with = "optional_whole_number")]
    pub candidates: Option<f64>,
    /// Length of an article (`article` only).
    #[serde(default, serialize_with = "optional_whole_number")]
    pub words: Option<f64>,
}

fn evidenced_by_default() -> bool {
    true
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct PeOutcome {
    /// Points "met bewijs": what counts now, after caps.
    pub total_counted: u64,
    /// Points "nog zonder bewijs": what would count on top of
    /// `total_counted` once every activity without evidence gets it (after
    /// the same caps, so it never promises points a maximum takes away).
    #[serde(default)]
    pub total_pending: u64,
    pub meets_requirements: bool,
    pub categories: Vec<CategoryTotal>,
    pub activities: Vec<ActivityPoints>,
    pub shortfalls: Vec<Shortfall>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct CategoryTotal {
    pub category: u8,
    /// Sum of the activities' points.
    pub claimed: u64,
    /// After the literature cap (category 1) and the category maximum.
    pub counted: u64,
    /// What evidence for the activities without it would add to `counted`
    /// (after the caps).
    #[serde(default)]
    pub pending: u64,
    pub minimum: Option<u64>,
    pub maximum: Option<u64>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ActivityPoints {
    pub id: String,
    /// Points before category caps; 0 without evidence.
    pub points: u64,
    /// Points the activity would earn with evidence, when it has none.
    #[serde(default)]
    pub pending: u64,
    /// Dutch reasons why the activity earns less than its quantity suggests.
    pub reasons: Vec<String>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub code: ShortfallCode,
    pub message: String,
}

/// Stable codes; clients may match on them.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortfallCode {
    #[serde(rename = "total_below_75")]
    TotalBelow75,
    #[serde(rename = "category1_below_30")]
    Category1Below30,
}

/// Points one activity earns before category caps, given the PE period of
/// `rules`. Field paths in the error are relative to the activity.
pub fn activity_points(
    activity: &PeActivity,
    rules: &RecertificationRules,
) -> Result<ActivityPoints, FieldError> {
    let info = validate(activity)?;
    let quantity = whole("quantity", activity.quantity)?;
    let mut points = quantity * info.points_per_unit;
    let mut reasons = Vec::new();

    if let Some(per_candidate) = info.points_per_candidate {
        if let Some(candidates) = activity.candidates {
            points += whole("candidates", candidates)? * per_candidate;
        }
    }
    if let Some(min_words) = info.min_words {
        match activity.words {
            Some(words) if whole("words", words)? >= min_words => {}
            Some(words) => {
                points = 0;
                reasons.push(format!(
                    "Een artikel telt alleen mee bij minimaal {min_words} woorden; opgegeven: \
                     {words}."
                ));
            }
            None => {
                points = 0;
                reasons.push(format!(
                    "Vul het aantal woorden van het artikel in; het telt alleen mee bij minimaal \
                     {min_words} woorden."
                ));
            }
        }
    }
    if !within(activity.date, rules.pe_period_start, rules.pe_period_end) {
        points = 0;
        reasons.push(format!(
            "De datum {} valt buiten de periode van vier jaar ({} t/m {}).",
            dutch_date(activity.date),
            dutch_date(rules.pe_period_start),
            dutch_date(rules.pe_period_end)
        ));
    }
    let mut pending = 0;
    if !activity.has_evidence {
        pending = points;
        points = 0;
        reasons.push("Zonder bewijsstuk kunnen geen punten worden toegekend.".to_owned());
    }
    Ok(ActivityPoints {
        id: activity.id.clone(),
        points,
        pending,
        reasons,
    })
}

/// The outcome of an empty register ending on `certificate_end_date`: what
/// a form shows before anything is entered. Only activities can be invalid,
/// so the error arm is never taken; it answers "nothing counted" all the
/// same rather than panic.
pub fn empty_outcome(certificate_end_date: NaiveDate) -> PeOutcome {
    evaluate_pe(&PeRequest {
        certificate_end_date,
        activities: Vec::new(),
    })
    .unwrap_or_else(|_| PeOutcome {
        total_counted: 0,
        total_pending: 0,
        meets_requirements: false,
        categories: Vec::new(),
        activities: Vec::new(),
        shortfalls: Vec::new(),
    })
}

/// Evaluates the PE register against the certificate's four-year period.
pub fn evaluate_pe(req: &PeRequest) -> Result<PeOutcome, FieldError> {
    let rules = recertification_rules(req.certificate_end_date);
    let mut activities = Vec::with_capacity(req.activities.len());
    let mut claimed = [0u64; 6];
    let mut literature = 0u64;
    // The same sums as if every activity had evidence, for "nog zonder
    // bewijs".
    let mut claimed_all = [0u64; 6];
    let mut literature_all = 0u64;

    for (index, activity) in req.activities.iter().enumerate() {
        let path = format!("activities[{index}]");
        if req.activities[..index].iter().any(|a| a.id == activity.id) {
            return Err(FieldError::new(
                format!("{path}.id"),
                format!(
                    "Het veld 'id' moet uniek zijn; '{}' komt vaker voor.",
                    activity.id
                ),
            ));
        }
        let result = activity_points(activity, &rules).map_err(|e| e.within(&path))?;
        // `validate` has checked the category is 1..=6.
        let slot = usize::try_from(activity.category - 1).unwrap_or(0);
        claimed[slot] += result.points;
        claimed_all[slot] += result.points + result.pending;
        if activity.kind.info().literature {
            literature += result.points;
            literature_all += result.points + result.pending;
        }
        activities.push(result);
    }

    let categories: Vec<CategoryTotal> = PE_CATEGORIES
        .iter()
        .zip(claimed.into_iter().zip(claimed_all))
        .map(|(info, (claimed, claimed_all))| {
            let counted = capped(info, claimed, literature);
            let counted_all = capped(info, claimed_all, literature_all);
            CategoryTotal {
                category: info.category,
                claimed,
                counted,
                pending: counted_all.saturating_sub(counted),
                minimum: info.minimum,
                maximum: info.maximum,
            }
        })
        .collect();

    let total_counted: u64 = categories.iter().map(|c| c.counted).sum();
    let total_pending: u64 = categories.iter().map(|c| c.pending).sum();
    let category1 = &categories[0];
    let category1_minimum = category1.minimum.unwrap_or(0);
    let mut shortfalls = Vec::new();
    if total_counted < TOTAL_MINIMUM {
        shortfalls.push(Shortfall {
            code: ShortfallCode::TotalBelow75,
            message: format!(
                "Je hebt {total_counted} PE-punten; in vier jaar zijn minimaal {TOTAL_MINIMUM} \
                 PE-punten vereist (nog {} nodig).",
                TOTAL_MINIMUM - total_counted
            ),
        });
    }
    if category1.counted < category1_minimum {
        shortfalls.push(Shortfall {
            code: ShortfallCode::Category1Below30,
            message: format!(
                "Categorie 1 (bij- en nascholingen binnen het vakgebied) telt {} PE-punten; \
                 minimaal {category1_minimum} zijn vereist, waarvan maximaal {LITERATURE_MAXIMUM} \
                 voor vakliteratuur en podcasts.",
                category1.counted
            ),
        });
    }

    Ok(PeOutcome {
        total_counted,
        total_pending,
        meets_requirements: shortfalls.is_empty(),
        categories,
        activities,
        shortfalls,
    })
}

/// A category's points after the literature cap (category 1, applied
/// before the category's own maximum) and its maximum.
fn capped(info: &PeCategoryInfo, claimed: u64, literature: u64) -> u64 {
    let uncapped = if info.category == 1 {
        claimed - literature + literature.min(LITERATURE_MAXIMUM)
    } else {
        claimed
    };
    info.maximum.map_or(uncapped, |max| uncapped.min(max))
}

fn validate(activity: &PeActivity) -> Result<&'static PeKindInfo, FieldError> {
    let info = activity.kind.info();
    if activity.id.trim().is_empty() {
        return Err(FieldError::new("id", "Het veld 'id' mag niet leeg zijn."));
    }
    if !(1..=6).contains(&activity.category) {
        return Err(FieldError::new(
            "category",
            format!(
                "Het veld 'category' moet een categorie van 1 t/m 6 zijn; opgegeven: {}.",
                activity.category
            ),
        ));
    }
    if !info
        .categories
        .iter()
        .any(|c| i64::from(*c) == activity.category)
    {
        let allowed: Vec<String> = info.categories.iter().map(u8::to_string).collect();
        return Err(FieldError::new(
            "category",
            format!(
                "Het veld 'category' past niet bij '{}' ({}): toegestaan is categorie {}, \
                 opgegeven: {}.",
                activity.kind.name(),
                info.label,
                allowed.join(" of "),
                activity.category
            ),
        ));
    }
    whole("quantity", activity.quantity)?;
    if activity.candidates.is_some() && info.points_per_candidate.is_none() {
        return Err(FieldError::new(
            "candidates",
            "Het veld 'candidates' hoort alleen bij 'rj_mentor_assessor' (mentor of assessor bij \
             (re)certificering Register Jobcoach).",
        ));
    }
    if activity.words.is_some() && info.min_words.is_none() {
        return Err(FieldError::new(
            "words",
            "Het veld 'words' hoort alleen bij 'article' (artikel over het vakgebied).",
        ));
    }
    Ok(info)
}

/// A non-negative whole number up to [`MAX_QUANTITY`].
fn whole(field: &str, value: f64) -> Result<u64, FieldError> {
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(FieldError::new(
            field,
            format!("Het veld '{field}' moet een geheel getal zijn; opgegeven: {value}."),
        ));
    }
    if value < 0.0 {
        return Err(FieldError::new(
            field,
            format!("Het veld '{field}' mag niet negatief zijn; opgegeven: {value}."),
        ));
    }
    if value > MAX_QUANTITY as f64 {
        return Err(FieldError::new(
            field,
            format!(
                "Het veld '{field}' mag niet groter zijn dan {MAX_QUANTITY}; opgegeven: {value}."
            ),
        ));
    }
    // Checked above: whole, non-negative and at most MAX_QUANTITY.
    Ok(value as u64)
}

/// Whole numbers go out as JSON integers (`12`, not `12.0`), so a request
/// the UI serializes looks like the documented contract.
fn whole_number<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() <= MAX_QUANTITY as f64 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

fn optional_whole_number<S: Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => whole_number(value, serializer),
        None => serializer.serialize_none(),
    }
}
