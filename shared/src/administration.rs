//! Pure rules of the register's administration: Dutch postal codes, the
//! formats of invoice and affiliate numbers, which certificates are valid
//! (public register, reminders), who the annual register-fee run invoices,
//! and the validation of one row of a certificate import. The server does
//! the I/O; the browser uses the same checks to explain mistakes early.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

// The text forms live with the values they check (`crate::domain`).
pub use crate::domain::{format_euro, normalise_postal_code, parse_euro};
use crate::domain::{AffiliateNumber, Email};
use crate::rules::recertification::{certificate_expiry, recertification_deadline};

/// Days an invoice may stay open: "betaaltermijn 30 dagen".
pub const PAYMENT_TERM_DAYS: i64 = 30;

/// How far ahead the admin dashboard looks for recertification deadlines.
pub const REMINDER_WINDOW_MONTHS: i32 = 6;

/// `2026-00001`: the year and a per-year sequence without gaps.
pub fn format_invoice_number(year: i32, sequence: i64) -> String {
    format!("{year}-{sequence:05}")
}

pub fn parse_invoice_number(number: &str) -> Option<(i32, i64)> {
    let (year, seq) = number.split_once('-')?;
    if year.len() != 4 || seq.len() < 5 {
        return None;
    }
    Some((year.parse().ok()?, seq.parse().ok()?))
}

/// `EA-000001`: the Noloc affiliate number (aansluitingsnummer).
pub fn format_affiliate_number(sequence: i64) -> String {
    AffiliateNumber::from_sequence(sequence).into_inner()
}

/// The due date of an invoice issued on `issue_date`.
pub fn due_date(issue_date: NaiveDate) -> NaiveDate {
    issue_date + chrono::Duration::days(PAYMENT_TERM_DAYS)
}

/// An open invoice is overdue the day after its due date.
pub fn is_overdue(status_open: bool, due: NaiveDate, today: NaiveDate) -> bool {
    status_open && today > due
}

/// Whether a certificate counts on `date`: from its issue date up to and
/// including its expiry date (shown as "geldig tot").
pub fn certificate_valid_on(issue_date: NaiveDate, expiry: NaiveDate, date: NaiveDate) -> bool {
    issue_date <= date && date <= expiry
}

/// Whether a certificate's recertification deadline falls within the
/// reminder window: from today up to [`REMINDER_WINDOW_MONTHS`] ahead.
pub fn deadline_within_window(expiry: NaiveDate, today: NaiveDate) -> bool {
    let deadline = recertification_deadline(expiry);
    let end = crate::dates::add_months(today, REMINDER_WINDOW_MONTHS);
    today <= deadline && deadline <= end
}

/// What the annual run needs to know of one external affiliate's
/// certificate.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct RunCandidate {
    pub affiliate_id: String,
    pub issue_date: NaiveDate,
    pub expiry_date: NaiveDate,
    /// An earlier run (or a manual invoice) billed this year already.
    pub already_invoiced: bool,
}

/// Whether the register fee for `year` is due for a certificate: the fee
/// starts the year after certification, and the certificate must still be
/// valid on 1 January of that year.
pub fn register_fee_due_for(issue_date: NaiveDate, expiry: NaiveDate, year: i32) -> bool {
    let Some(first_of_year) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return false;
    };
    issue_date.year() < year && certificate_valid_on(issue_date, expiry, first_of_year)
}

/// The affiliates the annual run invoices for `year`: each at most once
/// (several certificates of one affiliate give one invoice), never one
/// already invoiced for the year. Sorted for a stable preview.
pub fn annual_run_selection(candidates: &[RunCandidate], year: i32) -> Vec<String> {
    let invoiced: std::collections::BTreeSet<&str> = candidates
        .iter()
        .filter(|c| c.already_invoiced)
        .map(|c| c.affiliate_id.as_str())
        .collect();
    let selected: std::collections::BTreeSet<&str> = candidates
        .iter()
        .filter(|c| !invoiced.contains(c.affiliate_id.as_str()))
        .filter(|c| register_fee_due_for(c.issue_date, c.expiry_date, year))
        .map(|c| c.affiliate_id.as_str())
        .collect();
    selected.into_iter().map(str::to_string).collect()
}

/// Kind of a certificate record.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CertificateKind {
    Initial,
    Recertification,
}

impl CertificateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateKind::Initial => "initial",
            CertificateKind::Recertification => "recertification",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "initial" => Some(Self::Initial),
            "recertification" => Some(Self::Recertification),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CertificateKind::Initial => "Initiële certificering",
            CertificateKind::Recertification => "Hercertificering",
        }
    }
}

/// The columns of a certificate import, in this order, with a header row.
pub const IMPORT_COLUMNS: [&str; 6] = [
    "naam",
    "e-mail",
    "plaats",
    "certificaatnummer",
    "afgiftedatum",
    "lidmaatschaps- of aansluitingsnummer",
];

/// One row as read from the file, before validation.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
pub struct RawCertificateRow {
    pub name: String,
    pub email: String,
    pub city: String,
    pub certificate_number: String,
    pub issue_date: String,
    /// A membership number, or an affiliate number (`EA-…`).
    pub relation_number: String,
}

/// Whom a certificate belongs to in the administration.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(tag = "kind", content = "number", rename_all = "snake_case")]
pub enum RelationNumber {
    Member(String),
    Affiliate(String),
}

/// A row that passed the checks that need no database.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct CertificateRow {
    pub name: String,
    pub email: String,
    pub city: String,
    pub certificate_number: String,
    pub issue_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub relation: RelationNumber,
}

/// Accepts `2024-03-01` and the Dutch `1-3-2024` / `01-03-2024`.
pub fn parse_import_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .ok()
}

/// Whether `s` is an e-mail address as [`Email::parse`] accepts it (the
/// one check; kept for callers that only need a yes or no).
pub fn plausible_email(s: &str) -> bool {
    Email::parse(s).is_ok()
}

/// One mistake in a certificate row: the JSON field of the single-row form
/// (`field`), the column of the import file (`column`) and the message.
/// Shown in an import report as `column: message`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub field: String,
    pub column: String,
    pub message: String,
}

impl RowError {
    fn new(field: &str, column: &str, message: impl Into<String>) -> Self {
        RowError {
            field: field.to_string(),
            column: column.to_string(),
            message: message.into(),
        }
    }

    pub fn field_error(&self) -> crate::FieldError {
        crate::FieldError::new(self.field.clone(), self.message.clone())
    }
}

impl core::fmt::Display for RowError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.column, self.message)
    }
}

/// Column names of the import file, by JSON field of the single-row form.
pub const COLUMN_NAME: &str = "naam";
pub const COLUMN_EMAIL: &str = "e-mail";
pub const COLUMN_CITY: &str = "plaats";
pub const COLUMN_CERTIFICATE_NUMBER: &str = "certificaatnummer";
pub const COLUMN_ISSUE_DATE: &str = "afgiftedatum";
pub const COLUMN_RELATION: &str = "lidmaatschaps- of aansluitingsnummer";

/// Mistakes found with the database (certificate number taken, unknown
/// affiliate), in the same shape as the pure ones.
pub fn certificate_number_repeated() -> RowError {
    RowError::new(
        "certificate_number",
        COLUMN_CERTIFICATE_NUMBER,
        "komt eerder in het bestand voor",
    )
}

pub fn certificate_number_taken() -> RowError {
    RowError::new(
        "certificate_number",
        COLUMN_CERTIFICATE_NUMBER,
        "bestaat al",
    )
}

pub fn affiliate_unknown() -> RowError {
    RowError::new(
        "relation_number",
        COLUMN_RELATION,
        "dit aansluitingsnummer is onbekend; registreer de aansluiter eerst",
    )
}

pub fn member_email_clash() -> RowError {
    RowError::new(
        "email",
        COLUMN_EMAIL,
        "hoort bij een lid met een ander lidmaatschapsnummer",
    )
}

/// Validates one row (Dutch messages naming the column); `today` refuses
/// issue dates in the future.
pub fn validate_certificate_row(
    raw: &RawCertificateRow,
    today: NaiveDate,
) -> Result<CertificateRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let name = raw.name.trim();
    if name.is_empty() {
        errors.push(RowError::new("name", COLUMN_NAME, "vul een naam in"));
    } else if name.chars().count() > 100 {
        errors.push(RowError::new("name", COLUMN_NAME, "hoogstens 100 tekens"));
    }
    let email = Email::parse(&raw.email);
    if email.is_err() {
        errors.push(RowError::new(
            "email",
            COLUMN_EMAIL,
            "geen geldig e-mailadres",
        ));
    }
    let city = raw.city.trim();
    if city.is_empty() {
        errors.push(RowError::new("city", COLUMN_CITY, "vul een plaats in"));
    }
    let number = raw.certificate_number.trim();
    if number.is_empty() {
        errors.push(RowError::new(
            "certificate_number",
            COLUMN_CERTIFICATE_NUMBER,
            "vul het certificaatnummer in",
        ));
    } else if number.len() > 40 || number.chars().any(char::is_whitespace) {
        errors.push(RowError::new(
            "certificate_number",
            COLUMN_CERTIFICATE_NUMBER,
            "hoogstens 40 tekens, zonder spaties",
        ));
    }
    let issue = parse_import_date(&raw.issue_date);
    match issue {
        None => errors.push(RowError::new(
            "issue_date",
            COLUMN_ISSUE_DATE,
            "gebruik de vorm JJJJ-MM-DD of DD-MM-JJJJ, bijvoorbeeld 2024-03-01",
        )),
        Some(d) if d > today => errors.push(RowError::new(
            "issue_date",
            COLUMN_ISSUE_DATE,
            "ligt in de toekomst",
        )),
        Some(_) => {}
    }
    let relation = raw.relation_number.trim().to_uppercase();
    let relation = if relation.is_empty() {
        errors.push(RowError::new(
            "relation_number",
            COLUMN_RELATION,
            "vul het lidmaatschapsnummer of aansluitingsnummer in",
        ));
        None
    } else if relation.starts_with(AffiliateNumber::PREFIX) {
        Some(RelationNumber::Affiliate(relation))
    } else {
        Some(RelationNumber::Member(relation))
    };
    match (errors.is_empty(), issue, relation, email) {
        (true, Some(issue_date), Some(relation), Ok(email)) => Ok(CertificateRow {
            name: name.to_string(),
            email: email.into_inner(),
            city: city.to_string(),
            certificate_number: number.to_string(),
            issue_date,
            expiry_date: certificate_expiry(issue_date),
            relation,
        }),
        _ => Err(errors),
    }
}

/// A date as Dutch readers write it: `1-3-2026`.
pub fn dutch_date(date: NaiveDate) -> String {
    format!("{}-{}-{}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;

    #[test]
    fn postal_codes() {
        assert_eq!(normalise_postal_code("1234 AB").as_deref(), Some("1234 AB"));
        assert_eq!(normalise_postal_code("1234ab").as_deref(), Some("1234 AB"));
        assert_eq!(
            normalise_postal_code(" 9999  zz ").as_deref(),
            Some("9999 ZZ")
        );
        for bad in [
            "0123 AB", "123 AB", "12345 AB", "1234 A1", "1234 SS", "1234", "", "1234 ÄB",
        ] {
            assert_eq!(normalise_postal_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn invoice_numbers() {
        assert_eq!(format_invoice_number(2026, 1), "2026-00001");
        assert_eq!(format_invoice_number(2026, 123_456), "2026-123456");
        assert_eq!(parse_invoice_number("2026-00042"), Some((2026, 42)));
        assert_eq!(parse_invoice_number("26-00042"), None);
        assert_eq!(format_affiliate_number(7), "EA-000007");
    }

    #[test]
    fn due_and_overdue() {
        let issued = ymd(2026, 1, 15);
        assert_eq!(due_date(issued), ymd(2026, 2, 14));
        assert!(!is_overdue(true, ymd(2026, 2, 14), ymd(2026, 2, 14)));
        assert!(is_overdue(true, ymd(2026, 2, 14), ymd(2026, 2, 15)));
        assert!(!is_overdue(false, ymd(2026, 2, 14), ymd(2026, 3, 1)));
    }

    #[test]
    fn validity_includes_both_ends() {
        let issue = ymd(2022, 5, 1);
        let expiry = certificate_expiry(issue);
        assert_eq!(expiry, ymd(2026, 5, 1));
        assert!(certificate_valid_on(issue, expiry, issue));
        assert!(certificate_valid_on(issue, expiry, expiry));
        assert!(!certificate_valid_on(issue, expiry, ymd(2026, 5, 2)));
        assert!(!certificate_valid_on(issue, expiry, ymd(2022, 4, 30)));
    }

    #[test]
    fn reminder_window() {
        let today = ymd(2026, 1, 10);
        // Deadline 2026-05-01 (expiry 2026-08-01): inside.
        assert!(deadline_within_window(ymd(2026, 8, 1), today));
        // Deadline 2026-07-10 (expiry 2026-10-10): the window's last day.
        assert!(deadline_within_window(ymd(2026, 10, 10), today));
        assert!(!deadline_within_window(ymd(2026, 10, 11), today));
        // Deadline passed yesterday.
        assert!(!deadline_within_window(ymd(2026, 4, 9), today));
    }

    fn cand(id: &str, issue: NaiveDate, invoiced: bool) -> RunCandidate {
        RunCandidate {
            affiliate_id: id.into(),
            issue_date: issue,
            expiry_date: certificate_expiry(issue),
            already_invoiced: invoiced,
        }
    }

    #[test]
    fn annual_run_starts_the_year_after_certification() {
        let candidates = [
            cand("a", ymd(2025, 6, 1), false), // certified last year: due
            cand("b", ymd(2026, 2, 1), false), // certified this year: not yet
            cand("c", ymd(2021, 1, 2), false), // expired 2025-01-02: not due
            cand("d", ymd(2024, 1, 1), true),  // already invoiced
            cand("d", ymd(2025, 1, 1), false), // second certificate of d
            cand("e", ymd(2022, 1, 1), false), // expires 2026-01-01: valid on 1 Jan
            cand("e", ymd(2023, 3, 3), false), // duplicate affiliate: once
        ];
        assert_eq!(annual_run_selection(&candidates, 2026), ["a", "e"]);
        assert!(annual_run_selection(&candidates, 2020).is_empty());
    }

    fn raw() -> RawCertificateRow {
        RawCertificateRow {
            name: " Anna de Vries ".into(),
            email: "Anna@Example.NL".into(),
            city: "Utrecht".into(),
            certificate_number: "RJ-2024-001".into(),
            issue_date: "01-03-2024".into(),
            relation_number: "ea-000001".into(),
        }
    }

    #[test]
    fn certificate_rows() {
        let today = ymd(2026, 1, 1);
        let ok = validate_certificate_row(&raw(), today).unwrap();
        assert_eq!(ok.name, "Anna de Vries");
        assert_eq!(ok.email, "anna@example.nl");
        assert_eq!(ok.issue_date, ymd(2024, 3, 1));
        assert_eq!(ok.expiry_date, ymd(2028, 3, 1));
        assert_eq!(ok.relation, RelationNumber::Affiliate("EA-000001".into()));
        let member = RawCertificateRow {
            relation_number: "123456".into(),
            ..raw()
        };
        assert_eq!(
            validate_certificate_row(&member, today).unwrap().relation,
            RelationNumber::Member("123456".into())
        );
        let bad = RawCertificateRow {
            name: "".into(),
            email: "geen-adres".into(),
            issue_date: "2027-01-01".into(),
            relation_number: " ".into(),
            ..raw()
        };
        let errors = validate_certificate_row(&bad, today).unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].to_string().starts_with("naam: "));
        assert_eq!(errors[0].field, "name");
        assert!(errors[2].to_string().contains("toekomst"));
    }

    #[test]
    fn euro_amounts() {
        assert_eq!(format_euro(20_250), "€ 202,50");
        assert_eq!(format_euro(123_456_789), "€ 1.234.567,89");
        assert_eq!(format_euro(-24_503), "-€ 245,03");
        assert_eq!(format_euro(5), "€ 0,05");
        assert_eq!(parse_euro("202,50"), Some(20_250));
        assert_eq!(parse_euro("202.5"), Some(20_250));
        assert_eq!(parse_euro("€ 1.234,56"), Some(123_456));
        assert_eq!(parse_euro("100"), Some(10_000));
        assert_eq!(parse_euro("1.000"), Some(100_000));
        assert_eq!(parse_euro("-1"), None);
        assert_eq!(parse_euro("abc"), None);
        assert_eq!(parse_euro(""), None);
    }
}
