//! Today's date as the browser sees it. The server renders no date-dependent
//! defaults (its clock and time zone may differ from the person's), so pages
//! fill them in after hydration.

use chrono::NaiveDate;

#[cfg(feature = "hydrate")]
pub fn today() -> Option<NaiveDate> {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
}

#[cfg(not(feature = "hydrate"))]
pub fn today() -> Option<NaiveDate> {
    None
}

/// Parses the value of an `<input type="date">`.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}
