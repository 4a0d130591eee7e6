//! Calendar arithmetic shared by every rule, so that "two years before",
//! "three months before" and "four years valid" are computed one way only.
//!
//! Month arithmetic clamps to the last day of the target month (31 May minus
//! three months is 28 February), which is how the frameworks' "drie maanden
//! voor einde" reads for certificates ending at a month's end.
//!
//! The helpers saturate at [`NaiveDate::MIN`]/[`NaiveDate::MAX`] instead of
//! returning `Option`: dates arrive from JSON, and an absurd year must give an
//! absurd but harmless answer rather than a panic in the server or browser.

use chrono::{Months, NaiveDate};

/// `date` plus `months` (negative subtracts), clamped to the month's last day.
pub fn add_months(date: NaiveDate, months: i32) -> NaiveDate {
    let magnitude = Months::new(months.unsigned_abs());
    let shifted = if months >= 0 {
        date.checked_add_months(magnitude)
    } else {
        date.checked_sub_months(magnitude)
    };
    shifted.unwrap_or(if months >= 0 {
        NaiveDate::MAX
    } else {
        NaiveDate::MIN
    })
}

/// `date` minus `months`, clamped to the month's last day.
pub fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// `date` plus `years` (negative subtracts); 29 February becomes 28 February
/// in a common year.
pub fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    add_months(date, years.saturating_mul(12))
}

/// `date` minus `years`; 29 February becomes 28 February in a common year.
pub fn sub_years(date: NaiveDate, years: u32) -> NaiveDate {
    sub_months(date, years.saturating_mul(12))
}

/// Inclusive on both ends, because every period in the frameworks ("in de
/// afgelopen vier jaar", "maximaal twee jaar oud") includes its boundary day.
pub fn within(date: NaiveDate, start: NaiveDate, end: NaiveDate) -> bool {
    start <= date && date <= end
}

/// A date known at compile time; use it in `const` items so that an invalid
/// date fails the build instead of panicking at run time.
pub(crate) const fn ymd_const(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid calendar date"),
    }
}

#[cfg(test)]
pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        let cases = [
            (ymd(2027, 5, 31), -3, ymd(2027, 2, 28)),
            (ymd(2028, 5, 31), -3, ymd(2028, 2, 29)),
            (ymd(2027, 9, 30), -3, ymd(2027, 6, 30)),
            (ymd(2027, 1, 31), 1, ymd(2027, 2, 28)),
            (ymd(2027, 1, 15), 0, ymd(2027, 1, 15)),
        ];
        for (date, months, expected) in cases {
            assert_eq!(add_months(date, months), expected, "{date} {months:+}");
        }
        assert_eq!(sub_months(ymd(2027, 5, 31), 3), ymd(2027, 2, 28));
    }

    #[test]
    fn years_handle_leap_day() {
        assert_eq!(add_years(ymd(2024, 2, 29), 4), ymd(2028, 2, 29));
        assert_eq!(add_years(ymd(2024, 2, 29), 1), ymd(2025, 2, 28));
        assert_eq!(sub_years(ymd(2028, 2, 29), 2), ymd(2026, 2, 28));
    }

    #[test]
    fn saturates_instead_of_panicking() {
        assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_months(NaiveDate::MIN, -1), NaiveDate::MIN);
        assert_eq!(sub_years(NaiveDate::MIN, 4), NaiveDate::MIN);
        assert_eq!(add_years(NaiveDate::MAX, i32::MAX), NaiveDate::MAX);
    }

    #[test]
    fn within_is_inclusive() {
        let (s, e) = (ymd(2023, 9, 30), ymd(2027, 9, 30));
        assert!(within(s, s, e));
        assert!(within(e, s, e));
        assert!(!within(ymd(2023, 9, 29), s, e));
        assert!(!within(ymd(2027, 10, 1), s, e));
    }
}
