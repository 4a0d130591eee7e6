//! The PE statement of category 4 for mentors and assessors (seed 001,
//! recertification B, "Mentor of assessor bij (re)certificering Register
//! Jobcoach"): "4 PE-punten per jaar en 2 PE-punten per begeleide dan wel
//! getoetste kandidaat", on a "Verklaring waarin staat: de functie en de
//! periode waarin deze functie is vervuld. Tevens vermelding van het aantal
//! begeleide dan wel getoetste kandidaten."
//!
//! The records are the product's own: a mentor's links to candidates and
//! an assessor's assignments. [`statement`] turns them into one year's
//! statement; [`activity`] into the row the PE register takes. Pure: the
//! server reads the records, the editor shows the result.
//!
//! Counting rules the seed leaves open, chosen so a statement never claims
//! more than happened:
//! - The 4 points are per calendar year in which the person was mentor or
//!   assessor for at least one day; being both in one year is still one
//!   function year ("mentor of assessor").
//! - A candidate counts once, in the year the guidance or assessment of
//!   that candidate began, so a trajectory running over New Year does not
//!   earn its 2 points twice. An assessment is of one portfolio: assessing
//!   the same person's renewal four years later is a new candidate.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dutch_date;
use super::pe_points::{PeActivity, PeActivityKind};

/// The function a statement is about.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum StatementFunction {
    Mentor,
    Assessor,
}

impl StatementFunction {
    pub fn label(self) -> &'static str {
        match self {
            StatementFunction::Mentor => "mentor",
            StatementFunction::Assessor => "assessor",
        }
    }
}

/// One record: a mentor's link to a candidate, or an assessor's assignment
/// to a portfolio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Engagement {
    pub function: StatementFunction,
    /// Whom it was for: the candidate (mentor) or the portfolio
    /// (assessor). `None` once that person's account was erased: the
    /// engagement still counts, as a candidate of its own.
    pub candidate: Option<String>,
    pub from: NaiveDate,
    /// The last day, inclusive; `None` while it lasts.
    pub until: Option<NaiveDate>,
}

/// The part of one year in which a function was fulfilled.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct FunctionPeriod {
    pub function: StatementFunction,
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// Candidates counted in this year for this function.
    pub candidates: u64,
}

/// One year's statement.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct PeStatement {
    pub year: i32,
    /// Mentor first, then assessor; only those fulfilled in the year.
    pub functions: Vec<FunctionPeriod>,
    /// Guided plus assessed candidates counted in the year.
    pub candidates: u64,
    /// What the activity earns before category caps.
    pub points: u64,
    /// The date the PE activity carries: the last day of the period the
    /// statement covers (today for the running year).
    pub date: NaiveDate,
}

/// The statement for `year` as the records stand on `today`; `None` when
/// the person was neither mentor nor assessor that year (or it has not
/// begun yet).
pub fn statement(year: i32, today: NaiveDate, records: &[Engagement]) -> Option<PeStatement> {
    let start = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let end = NaiveDate::from_ymd_opt(year, 12, 31)?.min(today);
    if end < start {
        return None;
    }
    let first_years = first_years(records);
    let mut functions = Vec::new();
    for function in [StatementFunction::Mentor, StatementFunction::Assessor] {
        let mut period: Option<(NaiveDate, NaiveDate)> = None;
        let mut candidates = 0;
        for (index, e) in records.iter().enumerate() {
            if e.function != function {
                continue;
            }
            let (from, until) = (e.from.max(start), e.until.unwrap_or(today).min(end));
            if from > until {
                continue;
            }
            period = Some(match period {
                Some((f, u)) => (f.min(from), u.max(until)),
                None => (from, until),
            });
            let key = (function, e.candidate.clone());
            let counted_here = match &e.candidate {
                Some(_) => first_years.get(&key) == Some(&(year, index)),
                None => e.from.year() == year,
            };
            if counted_here {
                candidates += 1;
            }
        }
        if let Some((from, until)) = period {
            functions.push(FunctionPeriod {
                function,
                from,
                until,
                candidates,
            });
        }
    }
    if functions.is_empty() {
        return None;
    }
    let candidates = functions.iter().map(|f| f.candidates).sum();
    let date = functions.iter().map(|f| f.until).max().unwrap_or(end);
    Some(PeStatement {
        year,
        points: points(candidates),
        functions,
        candidates,
        date,
    })
}

/// Every year with a statement, newest first.
pub fn statements(today: NaiveDate, records: &[Engagement]) -> Vec<PeStatement> {
    let Some(first) = records.iter().map(|e| e.from.year()).min() else {
        return Vec::new();
    };
    (first..=today.year())
        .rev()
        .filter_map(|year| statement(year, today, records))
        .collect()
}

/// Per (function, candidate) the year its first engagement began and
/// which record that is, so it is counted exactly once.
fn first_years(
    records: &[Engagement],
) -> BTreeMap<(StatementFunction, Option<String>), (i32, usize)> {
    let mut first: BTreeMap<_, (NaiveDate, usize)> = BTreeMap::new();
    for (index, e) in records.iter().enumerate() {
        if e.candidate.is_none() {
            continue;
        }
        let key = (e.function, e.candidate.clone());
        match first.get(&key) {
            Some((from, _)) if *from <= e.from => {}
            _ => {
                first.insert(key, (e.from, index));
            }
        }
    }
    first
        .into_iter()
        .map(|(key, (from, index))| (key, (from.year(), index)))
        .collect()
}

/// The points of one function year with `candidates`, from the catalogue's
/// row (seed 001: 4 per year, 2 per candidate).
pub fn points(candidates: u64) -> u64 {
    let info = PeActivityKind::RjMentorAssessor.info();
    info.points_per_unit + candidates * info.points_per_candidate.unwrap_or(0)
}

/// The item id of a year's activity in the PE register, the same on every
/// device so adding it twice is noticed.
pub fn activity_id(year: i32) -> String {
    format!("pe-verklaring-{year}")
}

/// The item id of the evidence row that attaches the statement's file.
pub fn evidence_id(year: i32) -> String {
    format!("pe-verklaring-{year}-bewijs")
}

/// What the statement's activity is called in the register.
pub fn description(s: &PeStatement) -> String {
    let functions: Vec<&str> = s.functions.iter().map(|f| f.function.label()).collect();
    format!(
        "{} Register Jobcoach {} (PE-verklaring)",
        capitalised(&functions.join(" en ")),
        s.year
    )
}

/// The row of the PE register: category 4, one year, the candidates.
pub fn activity(s: &PeStatement) -> PeActivity {
    let kind = PeActivityKind::RjMentorAssessor;
    PeActivity {
        id: activity_id(s.year),
        category: i64::from(kind.info().categories[0]),
        kind,
        date: s.date,
        quantity: 1.0,
        has_evidence: true,
        candidates: Some(s.candidates as f64),
        words: None,
    }
}

/// The statement's text, paragraph by paragraph, for print and PDF.
pub fn paragraphs(s: &PeStatement, name: &str) -> Vec<String> {
    let mut out = vec![format!(
        "Hierbij verklaart de Coördinator Certificeren van Register Jobcoach dat {name} in {} de \
         volgende functie heeft vervuld bij de (re)certificering Register Jobcoach:",
        s.year
    )];
    for f in &s.functions {
        let counted = match (f.function, f.candidates) {
            (StatementFunction::Mentor, 1) => "1 begeleide kandidaat".to_string(),
            (StatementFunction::Mentor, n) => format!("{n} begeleide kandidaten"),
            (StatementFunction::Assessor, 1) => "1 getoetste kandidaat".to_string(),
            (StatementFunction::Assessor, n) => format!("{n} getoetste kandidaten"),
        };
        out.push(format!(
            "{} van {} tot en met {}: {counted}.",
            capitalised(f.function.label()),
            dutch_date(f.from),
            dutch_date(f.until)
        ));
    }
    out.push(format!(
        "Dit geeft in categorie 4 (Bijdrage aan beroepsgroep) {} PE-punten: 4 PE-punten per jaar \
         en 2 PE-punten per begeleide dan wel getoetste kandidaat. Een kandidaat telt in het jaar \
         waarin de begeleiding of toetsing begon.",
        s.points
    ));
    out
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
