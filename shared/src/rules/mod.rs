//! The framework's checkable rules. Each takes the dates it needs as
//! arguments (no clock) and answers with Dutch explanations.

pub mod deliverables;
pub mod hours;
pub mod pe_points;
pub mod pe_statement;
pub mod privacy;
pub mod recertification;
pub mod route;
pub mod trajectory;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Dutch month name for messages: "juli".
pub fn dutch_month(date: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike;
    MONTHS[date.month0() as usize]
}

/// Dutch date for messages: "1 augustus 2015".
pub fn dutch_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", date.day(), dutch_month(date), date.year())
}

#[cfg(test)]
mod tests;
