//! C1 of the initial framework (seed 002): the trajectory "is in de twee
//! jaar voorafgaand aan je certificering gestart" and "minimaal een half jaar
//! onderweg".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dutch_date;
use crate::dates::{add_months, sub_years};
use crate::requirement::{Requirement, Status};

pub const MAX_START_AGE_YEARS: u32 = 2;
pub const MIN_DURATION_MONTHS: i32 = 6;

/// The form behind the question with `InputKind::TrajectoryDates`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct TrajectoryDates {
    pub started_on: NaiveDate,
    /// `None` while the trajectory continues; it need not be finished.
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
}

/// Both boundaries are inclusive: a trajectory started exactly two years
/// before the application counts, and one that has run exactly six calendar
/// months (start plus six months, clamped to month end) is long enough.
/// An end date after the application date is a planned end, so the
/// trajectory is measured up to the application date.
pub fn evaluate_trajectory(
    application_date: NaiveDate,
    started_on: NaiveDate,
    ended_on: Option<NaiveDate>,
) -> Requirement {
    let earliest = sub_years(application_date, MAX_START_AGE_YEARS);
    let fail = |message: String| Requirement::new("C1", Status::NotMet, message);

    if started_on > application_date {
        return fail(format!(
            "Het traject start op {}, na de aanvraagdatum {}.",
            dutch_date(started_on),
            dutch_date(application_date)
        ));
    }
    if started_on < earliest {
        return fail(format!(
            "Het traject is gestart op {}; het moet in de twee jaar voorafgaand aan je \
             certificering gestart zijn (op of na {}).",
            dutch_date(started_on),
            dutch_date(earliest)
        ));
    }
    if let Some(end) = ended_on.filter(|end| *end < started_on) {
        return fail(format!(
            "De einddatum {} ligt voor de startdatum {}.",
            dutch_date(end),
            dutch_date(started_on)
        ));
    }
    let measured_until = ended_on.map_or(application_date, |end| end.min(application_date));
    let half_year = add_months(started_on, MIN_DURATION_MONTHS);
    if measured_until < half_year {
        return fail(format!(
            "Het traject moet minimaal een half jaar onderweg zijn, dus lopen tot minimaal {}; het \
             loopt van {} tot {}.",
            dutch_date(half_year),
            dutch_date(started_on),
            dutch_date(measured_until)
        ));
    }
    Requirement::new(
        "C1",
        Status::Met,
        format!(
            "Het traject is gestart op {} en is minimaal een half jaar onderweg. Het moet lang \
             genoeg lopen om alle stappen uit het begeleidingstraject aan te kunnen tonen.",
            dutch_date(started_on)
        ),
    )
}
