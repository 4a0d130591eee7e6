//! The dated rules around an assessment: the recertification due date, how
//! long a certificate is valid, when an objection is too late. Pure: the
//! caller passes the dates.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::dates::add_years;
use crate::rules::dutch_date;
use crate::rules::recertification::{
    certificate_expiry, recertification_deadline, CERTIFICATE_VALIDITY_YEARS,
};

/// Days after a decision within which an objection is accepted: six weeks.
/// The seeds name the objection ("Het maken van bezwaar tegen je
/// beoordeling doe je rechtstreeks bij DNV", 000) but no period; six weeks is
/// the issue's (and the Dutch Awb's usual) term.
pub const OBJECTION_DAYS: i64 = 42;

/// The certification fee, paid to DNV directly ("De kosten van
/// certificering bedragen € 300,- exclusief btw. Je betaalt dit bedrag
/// rechtstreeks aan DNV.", 000). Information only: not one of our invoices.
pub const CERTIFICATION_FEE_CENTS: i64 = 30_000;

pub const CERTIFICATION_FEE_NOTICE: &str = "De kosten van certificering (€ 300,- exclusief btw) \
     betaal je rechtstreeks aan DNV. Dit is geen factuur van het register.";

/// The last day an objection against a decision of `decided_on` is accepted.
pub fn objection_deadline(decided_on: NaiveDate) -> NaiveDate {
    decided_on + Duration::days(OBJECTION_DAYS)
}

pub fn objection_in_time(decided_on: NaiveDate, today: NaiveDate) -> bool {
    today <= objection_deadline(decided_on)
}

/// A recertification submitted after its due date ("drie maanden voor einde
/// van je certificatiedatum", 001) is still accepted, with this warning.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct LateWarning {
    pub deadline: NaiveDate,
    pub message: String,
}

pub fn recertification_lateness(
    certificate_end: NaiveDate,
    submitted_on: NaiveDate,
) -> Option<LateWarning> {
    let deadline = recertification_deadline(certificate_end);
    (submitted_on > deadline).then(|| LateWarning {
        deadline,
        message: format!(
            "Ingediend na {}: een hercertificering dien je drie maanden voor het einde van je \
             certificaat ({}) in. Je portfolio is aangenomen; de beoordeling kan na het einde \
             van je certificaat klaar zijn.",
            dutch_date(deadline),
            dutch_date(certificate_end)
        ),
    })
}

/// The certificate a positive decision issues.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertificatePeriod {
    /// The day of the decision: the certificate exists from then on.
    pub issue_date: NaiveDate,
    /// "Het afgegeven RJ-certificaat kent een geldigheidsduur van 4 jaar"
    /// (000).
    pub expiry_date: NaiveDate,
}

/// Four years from the decision; a renewal decided while the old
/// certificate still runs continues from the old end date, so renewing
/// early costs no time and renewing on time leaves no gap.
pub fn certificate_period(
    decided_on: NaiveDate,
    previous_expiry: Option<NaiveDate>,
) -> CertificatePeriod {
    let expiry_date = match previous_expiry {
        Some(end) if decided_on <= end => add_years(end, CERTIFICATE_VALIDITY_YEARS),
        _ => certificate_expiry(decided_on),
    };
    CertificatePeriod {
        issue_date: decided_on,
        expiry_date,
    }
}
