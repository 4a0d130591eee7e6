//! Which route an initial-certification candidate follows (A1 and A2 of
//! seed 002), exposed as `POST /api/rules/route`; the serde derives here are
//! that endpoint's wire format.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{dutch_date, dutch_month};
use crate::dates::{sub_years, ymd_const};

/// Every section of the full initial route, in framework order.
pub const FULL_ROUTE_SECTIONS: [&str; 10] =
    ["A1", "A2", "B1", "B2", "C1", "C2", "C3", "C4", "D", "E"];

/// Sections an accredited diploma exempts ("Vrijstelling voor de onderdelen
/// B2, C1 t/m C4 en D en het toetsgesprek").
pub const SHORTENED_ROUTE_EXEMPT: [&str; 6] = ["B2", "C1", "C2", "C3", "C4", "D"];

/// Minimum study load of other relevant courses for A2 ("Minimaal 98 uur
/// (3,5 ECT)").
pub const MIN_COURSE_HOURS: f64 = 98.0;

// Evaluated at compile time, so a typo in a date is a build error.
const SARA_WERKT_FROM: NaiveDate = ymd_const(2022, 9, 1);
const CAPABEL_FROM: NaiveDate = ymd_const(2015, 8, 1);
const COMBO_ELAN_SAXION_FROM: NaiveDate = ymd_const(2013, 8, 1);
const CAPABEL_FAQ_FROM: NaiveDate = ymd_const(2015, 7, 1);
const COMBO_ELAN_SAXION_FAQ_FROM: NaiveDate = ymd_const(2013, 7, 1);

/// Maximum age in years of an EVC or assessment report for A1.
pub const MAX_REPORT_AGE_YEARS: u32 = 2;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct RouteRequest {
    pub application_date: NaiveDate,
    pub base_education: BaseEducation,
    pub jobcoach_training: JobcoachTraining,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct BaseEducation {
    pub kind: BaseEducationKind,
    /// Date of the diploma or of the EVC/assessment report.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BaseEducationKind {
    Hbo,
    Wo,
    Evc,
    Assessment,
    /// Named so that it cannot be confused with `Option::None` in patterns.
    #[serde(rename = "none")]
    NoQualification,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct JobcoachTraining {
    pub kind: TrainingKind,
    #[serde(default)]
    pub institution: Option<Institution>,
    #[serde(default)]
    pub graduated_on: Option<NaiveDate>,
    /// Study-load hours of other courses; fractional hours are real (a
    /// 3.5 ECTS course), so this is a float.
    #[serde(default)]
    pub course_hours: Option<f64>,
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TrainingKind {
    /// Diploma of a Noloc-accredited jobcoach training.
    AccreditedDiploma,
    OtherJobcoachDiploma,
    OtherCourses,
    #[serde(rename = "none")]
    NoTraining,
}

/// Institutions whose accredited diplomas can give the shortened route.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Institution {
    SaraWerkt,
    Capabel,
    Combo,
    Elan,
    Saxion,
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    Shortened,
    Full,
    NotEligible,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct UnmetRequirement {
    pub section: String,
    pub message: String,
}

/// For `not_eligible`, `required_sections`, `exempt_sections` and
/// `assessment_interview` describe the route that applies once the unmet
/// sections are resolved, so the candidate still sees what lies ahead.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct RouteOutcome {
    pub route: Route,
    pub exempt_sections: Vec<String>,
    pub required_sections: Vec<String>,
    pub assessment_interview: bool,
    pub unmet: Vec<UnmetRequirement>,
    pub warnings: Vec<String>,
}

impl Institution {
    pub fn label(self) -> &'static str {
        match self {
            Institution::SaraWerkt => "Sara Werkt",
            Institution::Capabel => "Capabel",
            Institution::Combo => "Combo",
            Institution::Elan => "Elan",
            Institution::Saxion => "Saxion",
        }
    }

    /// First graduation day that gives the shortened route. The framework
    /// says "na augustus 2022" / "na juli 2015" / "na juli 2013", i.e. from
    /// the first day of the following month.
    pub fn shortened_route_from(self) -> NaiveDate {
        match self {
            Institution::SaraWerkt => SARA_WERKT_FROM,
            Institution::Capabel => CAPABEL_FROM,
            Institution::Combo | Institution::Elan | Institution::Saxion => COMBO_ELAN_SAXION_FROM,
        }
    }

    /// First day from which the FAQ (seed 000) grants the exemption: "vanaf 1
    /// juli 2013 (Combo, Elan, Saxion), 1 juli 2015 (Capabel) of 1 september
    /// 2022 (Sara Werkt)". Where it is earlier than the framework's date the
    /// sources disagree and the candidate is warned.
    pub fn faq_shortened_route_from(self) -> NaiveDate {
        match self {
            Institution::SaraWerkt => SARA_WERKT_FROM,
            Institution::Capabel => CAPABEL_FAQ_FROM,
            Institution::Combo | Institution::Elan | Institution::Saxion => {
                COMBO_ELAN_SAXION_FAQ_FROM
            }
        }
    }
}

/// Decides the route from base education (A1) and jobcoach training (A2).
pub fn evaluate_route(req: &RouteRequest) -> RouteOutcome {
    let mut unmet = Vec::new();
    let mut warnings = Vec::new();

    if let Err(message) = check_base_education(req.application_date, &req.base_education) {
        unmet.push(UnmetRequirement {
            section: "A1".to_owned(),
            message,
        });
    }

    let training = check_training(req.application_date, &req.jobcoach_training, &mut warnings);
    let shortened = matches!(training, Training::Shortened);
    if let Training::Unmet(message) = training {
        unmet.push(UnmetRequirement {
            section: "A2".to_owned(),
            message,
        });
    }

    let route = match (unmet.is_empty(), shortened) {
        (false, _) => Route::NotEligible,
        (true, true) => Route::Shortened,
        (true, false) => Route::Full,
    };
    let exempt: &[&str] = if shortened {
        &SHORTENED_ROUTE_EXEMPT
    } else {
        &[]
    };
    RouteOutcome {
        route,
        exempt_sections: exempt.iter().map(|c| (*c).to_owned()).collect(),
        required_sections: FULL_ROUTE_SECTIONS
            .iter()
            .filter(|c| !exempt.contains(c))
            .map(|c| (*c).to_owned())
            .collect(),
        assessment_interview: !shortened,
        unmet,
        warnings,
    }
}

fn check_base_education(application: NaiveDate, base: &BaseEducation) -> Result<(), String> {
    let report = match base.kind {
        BaseEducationKind::Hbo | BaseEducationKind::Wo => return Ok(()),
        BaseEducationKind::NoQualification => {
            return Err(
                "Voor A1 is een afgeronde hbo-opleiding (NLQF6) of wo-opleiding (NLQF7) \
                 nodig, of hbo werk- en denkniveau (NLQF6) aangetoond met een EVC-procedure of \
                 een assessment."
                    .to_owned(),
            )
        }
        BaseEducationKind::Evc => "De EVC-rapportage",
        BaseEducationKind::Assessment => "Het assessmentrapport",
    };
    // "maximaal twee jaar oud": a report dated exactly two years before the
    // application still counts, one day older does not.
    let oldest = sub_years(application, MAX_REPORT_AGE_YEARS);
    match base.date {
        None => Err(format!(
            "{report} moet maximaal twee jaar oud zijn; vul de datum van het rapport in."
        )),
        Some(date) if date > application => Err(format!(
            "{report} is gedateerd op {}, na de aanvraagdatum {}.",
            dutch_date(date),
            dutch_date(application)
        )),
        Some(date) if date < oldest => Err(format!(
            "{report} van {} is ouder dan twee jaar; het mag maximaal twee jaar oud zijn (op of \
             na {}).",
            dutch_date(date),
            dutch_date(oldest)
        )),
        Some(_) => Ok(()),
    }
}

enum Training {
    Shortened,
    Full,
    Unmet(String),
}

fn check_training(
    application: NaiveDate,
    training: &JobcoachTraining,
    warnings: &mut Vec<String>,
) -> Training {
    match training.kind {
        TrainingKind::AccreditedDiploma => accredited(application, training, warnings),
        TrainingKind::OtherJobcoachDiploma => {
            warn_if_not_before_2013(training.graduated_on, warnings);
            Training::Full
        }
        TrainingKind::OtherCourses => match training.course_hours {
            Some(hours) if hours >= MIN_COURSE_HOURS => Training::Full,
            Some(hours) => Training::Unmet(format!(
                "Voor A2 is minimaal 98 uur (3,5 ECT) aan relevante opleidingen, cursussen en \
                 trainingen nodig; opgegeven is {hours} uur."
            )),
            None => Training::Unmet(
                "Vul het aantal uren studiebelasting van je relevante opleidingen, cursussen en \
                 trainingen in; voor A2 is minimaal 98 uur (3,5 ECT) nodig."
                    .to_owned(),
            ),
        },
        TrainingKind::NoTraining => Training::Unmet(
            "Voor A2 is een jobcoachdiploma nodig of minimaal 98 uur (3,5 ECT) aan relevante \
             opleidingen, cursussen en trainingen."
                .to_owned(),
        ),
    }
}

fn accredited(
    application: NaiveDate,
    training: &JobcoachTraining,
    warnings: &mut Vec<String>,
) -> Training {
    let (Some(institution), Some(graduated)) = (training.institution, training.graduated_on) else {
        warnings.push(
            "Vul de opleidingsinstelling en de afstudeerdatum van je geaccrediteerde \
             jobcoachopleiding in; zonder die gegevens kan de verkorte route niet worden \
             vastgesteld en geldt het volledige portfolio."
                .to_owned(),
        );
        return Training::Full;
    };
    if graduated > application {
        warnings.push(format!(
            "De afstudeerdatum {} ligt na de aanvraagdatum {}; controleer de datum.",
            dutch_date(graduated),
            dutch_date(application)
        ));
    }
    let from = institution.shortened_route_from();
    if graduated >= from {
        return Training::Shortened;
    }
    let faq_from = institution.faq_shortened_route_from();
    if graduated >= faq_from {
        let last_excluded = from.pred_opt().unwrap_or(from);
        warnings.push(format!(
            "Je diploma van {} is behaald op {}. Volgens het toetsingskader geeft alleen een \
             diploma van na {} {} recht op de verkorte route; de veelgestelde vragen van Noloc \
             noemen 'vanaf {}'. Wij volgen het toetsingskader (volledige route); neem bij twijfel \
             contact op met Noloc of DNV.",
            institution.label(),
            dutch_date(graduated),
            dutch_month(last_excluded),
            last_excluded.year(),
            dutch_date(faq_from),
        ));
    } else {
        warn_if_not_before_2013(Some(graduated), warnings);
    }
    Training::Full
}

/// The framework lists "Jobcoachdiploma van voor 2013" for the full route
/// and is silent about later diplomas that do not give the shortened route.
/// They are accepted for the full route, but the candidate is told that the
/// certifying body decides.
fn warn_if_not_before_2013(graduated: Option<NaiveDate>, warnings: &mut Vec<String>) {
    if graduated.is_none_or(|d| d.year() >= 2013) {
        warnings.push(
            "Het toetsingskader noemt voor de volledige route een jobcoachdiploma van voor 2013. \
             Voor een later of ongedateerd diploma zonder vrijstelling beoordeelt DNV of het aan \
             A2 voldoet."
                .to_owned(),
        );
    }
}
