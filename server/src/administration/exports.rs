//! The CSV exports of the admin lists: which columns, in which order, with
//! which Dutch headers. `csv_io` does the writing (separator, BOM, formula
//! guard).

use super::csv_io;
use shared::api::administration::{Affiliate, Certificate, Invoice, Member};

/// A file to download: its name and its text.
pub struct CsvFile {
    pub filename: &'static str,
    pub text: String,
}

pub fn affiliates(list: &[Affiliate]) -> CsvFile {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            vec![
                a.affiliate_number.clone(),
                a.name.clone(),
                a.email.clone(),
                a.street.clone(),
                a.postal_code.clone(),
                a.city.clone(),
                a.organisation.clone().unwrap_or_default(),
                chrono::DateTime::from_timestamp(a.created_at, 0)
                    .map(|d| d.date_naive().to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    CsvFile {
        filename: "aansluiters.csv",
        text: csv_io::write(
            &[
                "aansluitingsnummer",
                "naam",
                "e-mail",
                "straat",
                "postcode",
                "plaats",
                "organisatie",
                "geregistreerd",
            ],
            &rows,
        ),
    }
}

pub fn members(list: &[Member]) -> CsvFile {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|m| {
            vec![
                m.membership_number.clone(),
                m.name.clone(),
                m.email.clone(),
                m.city.clone(),
            ]
        })
        .collect();
    CsvFile {
        filename: "leden.csv",
        text: csv_io::write(&["lidmaatschapsnummer", "naam", "e-mail", "plaats"], &rows),
    }
}

pub fn invoices(list: &[Invoice]) -> CsvFile {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|i| {
            vec![
                i.number.clone(),
                i.issue_date.clone(),
                i.due_date.clone(),
                i.buyer.name.clone(),
                i.buyer.email.clone(),
                i.affiliate_number.clone().unwrap_or_default(),
                csv_io::cents(i.total_excl_vat_cents),
                csv_io::cents(i.total_vat_cents),
                csv_io::cents(i.total_incl_vat_cents),
                i.status.word().to_string(),
                i.paid_on.clone().unwrap_or_default(),
                if i.overdue { "ja" } else { "nee" }.to_string(),
            ]
        })
        .collect();
    CsvFile {
        filename: "facturen.csv",
        text: csv_io::write(
            &[
                "factuurnummer",
                "factuurdatum",
                "vervaldatum",
                "naam",
                "e-mail",
                "aansluitingsnummer",
                "bedrag excl. btw",
                "btw",
                "bedrag incl. btw",
                "status",
                "betaald op",
                "te laat",
            ],
            &rows,
        ),
    }
}

/// The import's columns first (so an export can be read back in), then the
/// dates that follow from them.
pub fn certificates(list: &[Certificate]) -> CsvFile {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                c.email.clone(),
                c.city.clone(),
                c.certificate_number.clone(),
                c.issue_date.clone(),
                c.member_number
                    .clone()
                    .or_else(|| c.affiliate_number.clone())
                    .unwrap_or_default(),
                c.expiry_date.clone(),
                c.recertification_deadline.clone(),
            ]
        })
        .collect();
    let mut header: Vec<&str> = shared::administration::IMPORT_COLUMNS.to_vec();
    header.extend(["geldig tot", "uiterste datum hercertificering"]);
    CsvFile {
        filename: "certificaten.csv",
        text: csv_io::write(&header, &rows),
    }
}
