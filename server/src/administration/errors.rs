//! The administration's refusals that are not about one field: the Dutch
//! text of each 409 in one place.

use super::date_text;
use crate::error::ApiError;
use chrono::NaiveDate;

pub fn no_fees(year: i32) -> ApiError {
    ApiError::conflict(
        "no_fee_schedule",
        format!(
            "Er is geen tarief vastgesteld voor {year} of eerder. Vul eerst de tarieftabel in."
        ),
    )
}

pub fn no_vat(date: NaiveDate) -> ApiError {
    ApiError::conflict(
        "no_vat_rate",
        format!("Er is geen btw-tarief dat geldt op {}.", date_text(date)),
    )
}

pub fn already_registered() -> ApiError {
    ApiError::conflict(
        "already_registered",
        "Met dit e-mailadres is al een externe aansluiter geregistreerd. Je ontving toen je \
         aansluitingsnummer en de factuur; neem contact op als je die niet meer hebt.",
    )
}

pub fn member_exists() -> ApiError {
    ApiError::conflict(
        "member_exists",
        "Er is al een lid met dit lidmaatschapsnummer of e-mailadres.",
    )
}

pub fn affiliate_exists() -> ApiError {
    ApiError::conflict(
        "affiliate_exists",
        "Er is al een externe aansluiter met dit e-mailadres.",
    )
}

pub fn certificate_exists() -> ApiError {
    ApiError::conflict("certificate_exists", "Dit certificaatnummer bestaat al.")
}

pub fn import_conflict(certificate_number: &str) -> ApiError {
    ApiError::conflict(
        "import_conflict",
        format!(
            "Certificaat {certificate_number} is intussen al toegevoegd; er is niets ingelezen."
        ),
    )
}

/// Inserts leave uniqueness to the database's constraints: a check
/// beforehand (where there is one) cannot see a concurrent insert. A
/// violation is the caller's 409; any other database error stays a 500.
pub trait OnUniqueViolation<T> {
    fn on_unique_violation(self, error: impl FnOnce() -> ApiError) -> Result<T, ApiError>;
}

impl<T> OnUniqueViolation<T> for Result<T, sqlx::Error> {
    fn on_unique_violation(self, error: impl FnOnce() -> ApiError) -> Result<T, ApiError> {
        self.map_err(|e| {
            if super::is_unique_violation(&e) {
                error()
            } else {
                e.into()
            }
        })
    }
}
