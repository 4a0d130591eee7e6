//! B1 of the initial framework (seed 002): "Je hebt in de afgelopen drie
//! jaar tenminste 1200 uur beroepsgerichte werkervaring als uitvoerend
//! jobcoach opgedaan" and "Je werkt op het moment van certificeren als
//! uitvoerend jobcoach".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dutch_date;
use crate::dates::sub_years;
use crate::requirement::{Requirement, Status};

pub const MIN_HOURS: u64 = 1200;
pub const LOOKBACK_YEARS: u32 = 3;

/// The form behind the declaration "Tenminste 1200 uur beroepsgerichte
/// werkervaring": one row per job or assignment.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct HoursDeclaration {
    #[serde(default)]
    pub periods: Vec<WorkPeriod>,
    /// "Werkzaam als uitvoerend jobcoach" on the application date.
    pub currently_working: bool,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct WorkPeriod {
    /// Employer, client organisation or role, as the candidate names it.
    #[serde(default)]
    pub description: String,
    pub started_on: NaiveDate,
    /// `None` while the work continues.
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
    /// Hours of hands-on coaching in the whole period; training, intervisie
    /// and supervisie do not count.
    pub hours: u32,
}

/// Counts the hours that fall in the three years up to and including the
/// application date. A period that only partly overlaps counts pro rata by
/// calendar days (rounded down), because the declaration gives one total per
/// period and the framework only counts the last three years.
pub fn evaluate_hours(application_date: NaiveDate, declaration: &HoursDeclaration) -> Requirement {
    let window_start = sub_years(application_date, LOOKBACK_YEARS);
    let mut warnings = Vec::new();
    let mut total: u64 = 0;

    for (index, period) in declaration.periods.iter().enumerate() {
        let row = index + 1;
        let end = period.ended_on.unwrap_or(application_date);
        if end < period.started_on {
            warnings.push(format!(
                "Periode {row}: de einddatum ligt voor de begindatum; deze uren tellen niet mee."
            ));
            continue;
        }
        let from = period.started_on.max(window_start);
        let to = end.min(application_date);
        if to < from {
            warnings.push(format!(
                "Periode {row} valt buiten de drie jaar voor de aanvraag ({} t/m {}); deze uren \
                 tellen niet mee.",
                dutch_date(window_start),
                dutch_date(application_date)
            ));
            continue;
        }
        let period_days = days_inclusive(period.started_on, end);
        let counted_days = days_inclusive(from, to);
        let hours = u64::from(period.hours);
        let counted = if counted_days == period_days {
            hours
        } else {
            let counted = hours * counted_days / period_days;
            warnings.push(format!(
                "Periode {row} valt deels buiten de drie jaar voor de aanvraag; {counted} van de \
                 {hours} uur tellen mee (naar rato van het aantal dagen)."
            ));
            counted
        };
        total += counted;
    }

    let enough = total >= MIN_HOURS;
    let status = if enough && declaration.currently_working {
        Status::Met
    } else {
        Status::NotMet
    };
    let mut message = format!(
        "In de drie jaar van {} t/m {} heb je {total} uur werkervaring als uitvoerend jobcoach \
         opgegeven; tenminste {MIN_HOURS} uur is vereist.",
        dutch_date(window_start),
        dutch_date(application_date)
    );
    if !declaration.currently_working {
        message.push_str(
            " Je moet op het moment van certificeren werkzaam zijn als uitvoerend jobcoach.",
        );
    }
    Requirement::new("B1", status, message).with_warnings(warnings)
}

fn days_inclusive(from: NaiveDate, to: NaiveDate) -> u64 {
    // Callers guarantee `from <= to`.
    u64::try_from((to - from).num_days()).unwrap_or(0) + 1
}
