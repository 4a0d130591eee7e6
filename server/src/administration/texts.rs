//! The texts the administration sends or prints: the registration mail and
//! the descriptions of invoice lines. Kept apart from the code that decides
//! when they go out, so wording can be changed in one place.

use shared::administration::format_euro;
use shared::fees::LineAmounts;

pub fn registration_line(affiliate_number: &str) -> String {
    format!("Eenmalige inschrijving externe aansluiter Register Jobcoach ({affiliate_number})")
}

pub fn register_fee_line(year: i32, affiliate_number: &str) -> String {
    format!("Registerbijdrage Register Jobcoach {year} ({affiliate_number})")
}

pub fn registration_subject(affiliate_number: &str, invoice_number: &str) -> String {
    format!("Je aansluitingsnummer {affiliate_number} en factuur {invoice_number}")
}

pub fn registration_body(
    name: &str,
    affiliate_number: &str,
    invoice_number: &str,
    totals: &LineAmounts,
) -> String {
    format!(
        "Beste {name},\n\nJe bent geregistreerd als externe aansluiter van het Register Jobcoach.\n\n\
         Je aansluitingsnummer: {affiliate_number}\n\
         Hiermee meld je je aan bij de certificerende instelling.\n\n\
         Voor de eenmalige inschrijving ontvang je factuur {invoice_number}: {} exclusief btw, {} btw, {} \
         inclusief btw. Betaaltermijn: 30 dagen.\n",
        format_euro(totals.excl_vat_cents),
        format_euro(totals.vat_cents),
        format_euro(totals.incl_vat_cents),
    )
}
