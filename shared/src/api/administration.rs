//! The register's administration over HTTP: every request and response
//! body of `/api/affiliates`, `/api/register`, `/api/me/registration`,
//! `/api/invoices/{id}` and the admin routes under `/api/admin` (fees,
//! affiliates, members, invoices, the annual run, certificates).
//!
//! Dates travel as `YYYY-MM-DD` text and money as integer cents, as they
//! are stored. Requests refuse unknown fields, so a typo is a 422 that
//! names it rather than a value silently ignored.

use crate::administration::CertificateKind;
use crate::domain::{InvoiceKind, InvoiceStatus};
use crate::fees::{FeeSchedule, VatRate};
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------- records

/// Who an invoice is addressed to, copied into the invoice when issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    pub name: String,
    pub organisation: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub description: String,
    pub excl_vat_cents: i64,
    pub vat_cents: i64,
    pub incl_vat_cents: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: String,
    pub number: String,
    pub kind: InvoiceKind,
    pub issue_date: String,
    pub due_date: String,
    #[serde(default)]
    pub affiliate_id: Option<String>,
    pub affiliate_number: Option<String>,
    #[serde(default)]
    pub fee_year: Option<i64>,
    pub buyer: Buyer,
    pub vat_basis_points: i64,
    pub total_excl_vat_cents: i64,
    pub total_vat_cents: i64,
    pub total_incl_vat_cents: i64,
    pub status: InvoiceStatus,
    pub paid_on: Option<String>,
    /// For a credit invoice: the number of the invoice it cancels.
    pub credits_number: Option<String>,
    /// For a credited invoice: the number of its credit invoice.
    pub credited_by_number: Option<String>,
    pub overdue: bool,
    /// Empty in lists; filled for one invoice.
    #[serde(default)]
    pub lines: Vec<InvoiceLine>,
}

impl Invoice {
    pub fn status_label(&self) -> &'static str {
        self.status.label(self.overdue)
    }
}

/// The seller printed on every invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    pub name: String,
    pub address_lines: Vec<String>,
    pub kvk: String,
    pub vat_number: String,
    pub iban: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub id: String,
    pub certificate_number: String,
    pub name: String,
    pub email: String,
    pub city: String,
    pub issue_date: String,
    pub expiry_date: String,
    pub recertification_deadline: String,
    pub kind: CertificateKind,
    pub member_number: Option<String>,
    pub affiliate_number: Option<String>,
    pub valid: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affiliate {
    pub id: String,
    pub affiliate_number: String,
    pub name: String,
    pub email: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub organisation: Option<String>,
    pub invoice_name: Option<String>,
    pub invoice_street: Option<String>,
    pub invoice_postal_code: Option<String>,
    pub invoice_city: Option<String>,
    pub invoice_email: Option<String>,
    pub user_id: Option<String>,
    pub created_at: i64,
}

impl Affiliate {
    /// Who the invoice is addressed to: the invoice details where given
    /// (the invoice address only when it is complete).
    pub fn buyer(&self) -> Buyer {
        let invoice_address = match (
            &self.invoice_street,
            &self.invoice_postal_code,
            &self.invoice_city,
        ) {
            (Some(street), Some(postal_code), Some(city)) => {
                Some((street.clone(), postal_code.clone(), city.clone()))
            }
            _ => None,
        };
        let (street, postal_code, city) = invoice_address.unwrap_or_else(|| {
            (
                self.street.clone(),
                self.postal_code.clone(),
                self.city.clone(),
            )
        });
        Buyer {
            name: self
                .invoice_name
                .clone()
                .unwrap_or_else(|| self.name.clone()),
            organisation: self.organisation.clone(),
            street,
            postal_code,
            city,
            email: self
                .invoice_email
                .clone()
                .unwrap_or_else(|| self.email.clone()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub membership_number: String,
    pub name: String,
    pub email: String,
    pub city: String,
    pub user_id: Option<String>,
    pub created_at: i64,
}

// ------------------------------------------- registration (public)

/// `POST /api/affiliates`: the public registration form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub name: String,
    pub email: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub invoice_name: Option<String>,
    #[serde(default)]
    pub invoice_street: Option<String>,
    #[serde(default)]
    pub invoice_postal_code: Option<String>,
    #[serde(default)]
    pub invoice_city: Option<String>,
    #[serde(default)]
    pub invoice_email: Option<String>,
    pub privacy_consent: bool,
}

/// 201 to `POST /api/affiliates`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registered {
    pub affiliate_number: String,
    pub invoice_number: String,
    pub amount_excl_vat_cents: i64,
    pub vat_cents: i64,
    pub amount_incl_vat_cents: i64,
    /// Whether the confirmation went out by e-mail.
    pub emailed: bool,
}

/// One line of the public register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterEntry {
    pub name: String,
    pub city: String,
    pub certificate_number: String,
    pub valid_until: String,
}

/// `GET /api/register?q=`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterSearch {
    pub entries: Vec<RegisterEntry>,
}

// ----------------------------------------- a person's own records

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Member,
    Affiliate,
    None,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnMember {
    pub membership_number: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnAffiliate {
    pub affiliate_number: String,
    pub name: String,
}

/// `GET /api/me/registration`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnRegistration {
    pub status: RegistrationStatus,
    pub member: Option<OwnMember>,
    pub affiliate: Option<OwnAffiliate>,
    pub invoices: Vec<Invoice>,
    pub certificates: Vec<Certificate>,
}

/// `GET /api/invoices/{id}`: the invoice as printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintableInvoice {
    pub invoice: Invoice,
    pub seller: Seller,
}

// ------------------------------------------------- admin: overview

/// `GET /api/admin/overview`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub today: String,
    pub reminders: Vec<Certificate>,
    pub open_invoices: usize,
    pub overdue_invoices: usize,
    pub open_amount_incl_vat_cents: i64,
}

// ----------------------------------------------------- admin: fees

/// The amounts that apply in one year, and from which year's table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeYear {
    pub year: i32,
    pub from_year: i32,
    /// The year has its own table (not carried over from an earlier one).
    pub own: bool,
    pub certification_fee_cents: i64,
    pub affiliate_registration_fee_cents: i64,
    pub register_fee_cents: i64,
}

/// `GET /api/admin/fees`, and the answer to every change of fees or VAT.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fees {
    pub schedules: Vec<FeeSchedule>,
    pub vat_rates: Vec<VatRate>,
    /// This year and the next, down to the first year with a table.
    pub years: Vec<FeeYear>,
    pub current_vat_rate: Option<VatRate>,
}

/// `PUT /api/admin/fees/{year}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeAmounts {
    pub certification_fee_cents: i64,
    pub affiliate_registration_fee_cents: i64,
    pub register_fee_cents: i64,
}

/// `POST /api/admin/vat-rates`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewVatRate {
    pub valid_from: String,
    pub basis_points: i64,
}

// ------------------------------------------- admin: affiliates, members

/// `GET /api/admin/affiliates` (JSON; `?format=csv` answers a file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affiliates {
    pub affiliates: Vec<Affiliate>,
}

/// `PUT /api/admin/affiliates/{id}`: checked as at registration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffiliateCorrection {
    pub name: String,
    pub email: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

/// The answer to a correction: the record as stored, which fields changed
/// and how many certificates took the new name, e-mail or city.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffiliateCorrected {
    pub affiliate: Affiliate,
    pub changed: Vec<String>,
    pub certificates_updated: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Members {
    pub members: Vec<Member>,
}

/// `POST /api/admin/members` and `PUT /api/admin/members/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    pub membership_number: String,
    pub name: String,
    pub email: String,
    pub city: String,
}

/// 201 to `POST /api/admin/members`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberAdded {
    pub id: String,
    pub membership_number: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCorrected {
    pub member: Member,
    pub changed: Vec<String>,
    pub certificates_updated: u64,
}

/// `PUT /api/admin/{members,affiliates}/{id}/account`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    /// The account's e-mail address; null unlinks.
    pub email: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Linked {
    pub linked: bool,
    pub user_id: Option<String>,
}

// -------------------------------------------------- admin: invoices

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoices {
    pub invoices: Vec<Invoice>,
}

/// `POST /api/admin/invoices/{id}/paid`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkPaid {
    pub paid_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceAnswer {
    pub invoice: Invoice,
}

/// 201 to `POST /api/admin/invoices/{id}/credit`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credited {
    pub credit_invoice: Invoice,
}

// ------------------------------------------------ admin: annual run

/// `POST /api/admin/register-fee-run`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    pub year: i32,
}

/// One affiliate the run invoices; `invoice_number` once issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunLine {
    pub affiliate_id: String,
    pub affiliate_number: String,
    pub name: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_number: Option<String>,
}

/// `GET /api/admin/register-fee-run?year=` (preview) and the 201 of the
/// run itself: the same shape, with invoice numbers after the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub year: i32,
    pub fee_from_year: Option<i32>,
    pub vat_basis_points: u32,
    pub amount_excl_vat_cents: i64,
    pub vat_cents: i64,
    pub amount_incl_vat_cents: i64,
    pub already_invoiced: usize,
    pub lines: Vec<RunLine>,
}

// ---------------------------------------------- admin: certificates

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificates {
    pub certificates: Vec<Certificate>,
}

/// `POST /api/admin/certificates`: one certificate typed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCertificate {
    pub name: String,
    pub email: String,
    pub city: String,
    pub certificate_number: String,
    pub issue_date: String,
    pub relation_number: String,
    #[serde(default)]
    pub kind: Option<CertificateKind>,
}

/// 201 to `POST /api/admin/certificates`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateAdded {
    pub id: String,
    pub certificate_number: String,
    pub expiry_date: String,
}

/// One row of an import's report; `errors` read `column: message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: usize,
    pub certificate_number: String,
    pub ok: bool,
    pub errors: Vec<String>,
}

/// The answer to `POST /api/admin/certificates/import`: 201 when stored,
/// 200 with `dry_run`, and inside the 422 [`ImportRefused`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub imported: usize,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
    pub rows: Vec<ImportRow>,
}

/// 422 to an import with any invalid row: the API's error and the report,
/// nothing stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRefused {
    pub error: super::error::ErrorDetail,
    pub imported: usize,
    pub rows: Vec<ImportRow>,
}

// ------------------------------------------------------------ checks
//
// The checks of the forms above, used by the server before it stores
// anything and by the browser to explain mistakes early: one check and one
// Dutch message each (`crate::domain`). Every mistake is reported, in the
// order of the form, each against its field.

use crate::domain::{optional_text, required_text, Email, Invalid, MembershipNumber, PostalCode};
use crate::FieldError;

/// Collects the mistakes of a form while its fields are parsed.
#[derive(Default)]
struct Checks(Vec<FieldError>);

impl Checks {
    fn field<T>(&mut self, field: &str, parsed: Result<T, Invalid>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e.at(field));
                None
            }
        }
    }

    fn optional<T>(
        &mut self,
        field: &str,
        value: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, Invalid>,
    ) -> Option<Option<T>> {
        match optional_text(value) {
            None => Some(None),
            Some(v) => self.field(field, parse(v)).map(Some),
        }
    }
}

/// An affiliate's own details, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AffiliateDetails {
    pub name: String,
    pub email: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

/// A registration, checked and normalised, ready to store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AffiliateInput {
    pub name: String,
    pub email: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub organisation: Option<String>,
    pub invoice_name: Option<String>,
    pub invoice_street: Option<String>,
    pub invoice_postal_code: Option<String>,
    pub invoice_city: Option<String>,
    pub invoice_email: Option<String>,
}

/// A member's details, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberDetails {
    pub membership_number: String,
    pub name: String,
    pub email: String,
    pub city: String,
}

fn email(value: &str) -> Result<String, Invalid> {
    Email::parse(value).map(Email::into_inner)
}

fn postal_code(value: &str) -> Result<String, Invalid> {
    PostalCode::parse(value).map(PostalCode::into_inner)
}

/// The checks of an affiliate's own details, shared by the registration and
/// an admin's correction (which names the person in the third person).
fn affiliate_details(
    checks: &mut Checks,
    c: &AffiliateCorrection,
    name_label: &str,
) -> Option<AffiliateDetails> {
    let name = checks.field("name", required_text(&c.name, name_label, 100));
    let email = checks.field("email", email(&c.email));
    let street = checks.field(
        "street",
        required_text(&c.street, "straat en huisnummer", 200),
    );
    let postal_code = checks.field("postal_code", postal_code(&c.postal_code));
    let city = checks.field("city", required_text(&c.city, "de plaats", 100));
    Some(AffiliateDetails {
        name: name?,
        email: email?,
        street: street?,
        postal_code: postal_code?,
        city: city?,
    })
}

pub const PRIVACY_CONSENT_MISSING: &str =
    "Geef toestemming voor de verwerking van je gegevens volgens de privacyverklaring; \
     zonder toestemming kunnen we je niet registreren.";

impl Registration {
    /// The checks of the registration form, in the order of the form.
    pub fn check(&self) -> Result<AffiliateInput, Vec<FieldError>> {
        let mut checks = Checks::default();
        let details = affiliate_details(
            &mut checks,
            &AffiliateCorrection {
                name: self.name.clone(),
                email: self.email.clone(),
                street: self.street.clone(),
                postal_code: self.postal_code.clone(),
                city: self.city.clone(),
            },
            "je naam",
        );
        let organisation = checks.optional("organisation", self.organisation.as_deref(), |v| {
            required_text(v, "de organisatie", 200)
        });
        let invoice_name = checks.optional("invoice_name", self.invoice_name.as_deref(), |v| {
            required_text(v, "de naam op de factuur", 200)
        });
        // An invoice address is all three parts or none.
        let street = optional_text(self.invoice_street.as_deref());
        let code = optional_text(self.invoice_postal_code.as_deref());
        let city = optional_text(self.invoice_city.as_deref());
        let invoice_address = if street.is_some() || code.is_some() || city.is_some() {
            let street = checks.field(
                "invoice_street",
                required_text(
                    street.unwrap_or(""),
                    "straat en huisnummer van het factuuradres",
                    200,
                ),
            );
            let code = checks.field("invoice_postal_code", postal_code(code.unwrap_or("")));
            let city = checks.field(
                "invoice_city",
                required_text(city.unwrap_or(""), "de plaats van het factuuradres", 100),
            );
            match (street, code, city) {
                (Some(s), Some(p), Some(c)) => Some((Some(s), Some(p), Some(c))),
                _ => None,
            }
        } else {
            Some((None, None, None))
        };
        let invoice_email = checks.optional("invoice_email", self.invoice_email.as_deref(), email);
        if !self.privacy_consent {
            checks
                .0
                .push(FieldError::new("privacy_consent", PRIVACY_CONSENT_MISSING));
        }
        match (
            details,
            organisation,
            invoice_name,
            invoice_address,
            invoice_email,
        ) {
            (
                Some(d),
                Some(organisation),
                Some(invoice_name),
                Some((invoice_street, invoice_postal_code, invoice_city)),
                Some(invoice_email),
            ) if checks.0.is_empty() => Ok(AffiliateInput {
                name: d.name,
                email: d.email,
                street: d.street,
                postal_code: d.postal_code,
                city: d.city,
                organisation,
                invoice_name,
                invoice_street,
                invoice_postal_code,
                invoice_city,
                invoice_email,
            }),
            _ => Err(checks.0),
        }
    }
}

impl AffiliateCorrection {
    pub fn check(&self) -> Result<AffiliateDetails, Vec<FieldError>> {
        let mut checks = Checks::default();
        match affiliate_details(&mut checks, self, "de naam") {
            Some(d) if checks.0.is_empty() => Ok(d),
            _ => Err(checks.0),
        }
    }
}

impl MemberInput {
    /// The checks of a member's details, for adding and for correcting.
    pub fn check(&self) -> Result<MemberDetails, Vec<FieldError>> {
        let mut checks = Checks::default();
        let number = checks.field(
            "membership_number",
            MembershipNumber::parse(&self.membership_number),
        );
        let name = checks.field("name", required_text(&self.name, "de naam", 100));
        let email = checks.field("email", email(&self.email));
        let city = checks.field("city", required_text(&self.city, "de plaats", 100));
        match (number, name, email, city) {
            (Some(number), Some(name), Some(email), Some(city)) if checks.0.is_empty() => {
                Ok(MemberDetails {
                    membership_number: number.into_inner(),
                    name,
                    email,
                    city,
                })
            }
            _ => Err(checks.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::one_line;

    fn registration() -> Registration {
        Registration {
            name: "Anna de Vries".into(),
            email: "Anna@Example.nl".into(),
            street: "Stationsplein 1".into(),
            postal_code: "3511ab".into(),
            city: "Utrecht".into(),
            privacy_consent: true,
            ..Registration::default()
        }
    }

    #[test]
    fn registration_is_normalised() {
        let ok = registration().check().unwrap();
        assert_eq!(ok.email, "anna@example.nl");
        assert_eq!(ok.postal_code, "3511 AB");
        assert_eq!(ok.invoice_street, None);
    }

    #[test]
    fn registration_errors_name_the_field_in_the_order_of_the_form() {
        type Change = fn(&mut Registration);
        let cases: [(Change, &str); 6] = [
            (|r| r.name = " ".into(), "name"),
            (|r| r.email = "anna".into(), "email"),
            (|r| r.postal_code = "12345".into(), "postal_code"),
            (|r| r.privacy_consent = false, "privacy_consent"),
            (|r| r.invoice_city = Some("Zeist".into()), "invoice_street"),
            (|r| r.invoice_email = Some("x@".into()), "invoice_email"),
        ];
        for (change, field) in cases {
            let mut r = registration();
            change(&mut r);
            let errors = r.check().unwrap_err();
            assert_eq!(errors[0].field, field, "{errors:?}");
        }
        let mut r = registration();
        r.name = String::new();
        r.postal_code = "0000".into();
        r.privacy_consent = false;
        let fields: Vec<String> = r
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "postal_code", "privacy_consent"]);
    }

    #[test]
    fn one_line_messages_stay_as_they_were() {
        let mut r = registration();
        r.email = "anna".into();
        assert_eq!(
            one_line(&r.check().unwrap_err()[0]),
            "email: vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
        );
        let member = MemberInput {
            membership_number: "ea-1".into(),
            name: "Kees".into(),
            email: "kees@example.nl".into(),
            city: "Ede".into(),
        };
        assert_eq!(
            one_line(&member.check().unwrap_err()[0]),
            "membership_number: een lidmaatschapsnummer begint niet met EA- (dat is een \
             aansluitingsnummer)."
        );
    }

    #[test]
    fn wire_names_of_kinds_and_statuses() {
        let json = serde_json::json!({
            "id": "1", "number": "2026-00001", "kind": "register_fee",
            "issue_date": "2026-01-01", "due_date": "2026-01-31",
            "affiliate_number": null,
            "buyer": {"name": "A", "organisation": null, "street": "S", "postal_code": "1234 AB",
                      "city": "C", "email": "a@example.nl"},
            "vat_basis_points": 2100, "total_excl_vat_cents": 100, "total_vat_cents": 21,
            "total_incl_vat_cents": 121, "status": "open", "paid_on": null,
            "credits_number": null, "credited_by_number": null, "overdue": true
        });
        let invoice: Invoice = serde_json::from_value(json).unwrap();
        assert_eq!(invoice.kind, InvoiceKind::RegisterFee);
        assert_eq!(invoice.status_label(), "Te laat");
    }
}
