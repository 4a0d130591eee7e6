//! CSV in and out, with the `csv` crate. Imports accept a comma or a
//! semicolon as separator (Dutch spreadsheets write semicolons) and a UTF-8
//! byte-order mark; exports use semicolons and a BOM so Excel in Dutch
//! opens them as columns with the accents intact.

use shared::administration::{RawCertificateRow, IMPORT_COLUMNS};

/// One data row with its line number in the file (the header is line 1).
pub type NumberedRow = (usize, RawCertificateRow);

/// Reads a certificate import. `Err` when the file itself cannot be read
/// (wrong columns, broken quoting), with a Dutch message.
pub fn read_certificates(text: &str) -> Result<Vec<NumberedRow>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("Het bestand is geen leesbare CSV: {e}"))?
        .clone();
    let found: Vec<String> = headers.iter().map(|h| h.to_lowercase()).collect();
    if found != IMPORT_COLUMNS {
        return Err(format!(
            "De eerste regel moet de kolomnamen bevatten, in deze volgorde: {}.",
            IMPORT_COLUMNS.join(", ")
        ));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("Regel {} is niet te lezen: {e}", i + 2))?;
        // The reader skips empty lines; its position is the file's line.
        let line = record
            .position()
            .and_then(|p| {
                // The position may point at skipped empty lines before it.
                let rest = text.get(p.byte() as usize..)?;
                let blank = rest.len() - rest.trim_start_matches(['\r', '\n']).len();
                text.get(..p.byte() as usize + blank)
            })
            .map(|before| before.matches('\n').count() + 1)
            .unwrap_or(i + 2);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != IMPORT_COLUMNS.len() {
            return Err(format!(
                "Regel {line} heeft {} kolommen in plaats van {}.",
                record.len(),
                IMPORT_COLUMNS.len()
            ));
        }
        let get = |n: usize| record.get(n).unwrap_or_default().to_string();
        rows.push((
            line,
            RawCertificateRow {
                name: get(0),
                email: get(1),
                city: get(2),
                certificate_number: get(3),
                issue_date: get(4),
                relation_number: get(5),
            },
        ));
    }
    Ok(rows)
}

/// Writes rows as CSV text (semicolons, BOM).
pub fn write(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|c| neutralise(c)));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// Cells starting with `=`, `+`, `-` or `@` are formulas to a spreadsheet;
/// a leading apostrophe keeps them text (CSV injection). Negative amounts
/// are written as numbers, so they pass.
fn neutralise(cell: &str) -> String {
    let is_number = cell.parse::<f64>().is_ok() || cell.replace(',', ".").parse::<f64>().is_ok();
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@') if !is_number => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Cents as a Dutch decimal without currency sign: `202,50`.
pub fn cents(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!(
        "{sign}{},{:02}",
        c.unsigned_abs() / 100,
        c.unsigned_abs() % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_semicolon_and_comma_files() {
        let text = "\u{feff}naam;e-mail;plaats;certificaatnummer;afgiftedatum;lidmaatschaps- of aansluitingsnummer\n\
                    Anna;anna@example.nl;Utrecht;RJ-1;2024-03-01;12345\n\n\
                    \"Bos, Piet\";piet@example.nl;Delft;RJ-2;01-02-2023;EA-000001\n";
        let rows = read_certificates(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[1].1.name, "Bos, Piet");
        assert_eq!(rows[1].0, 4);
        let comma = "naam,e-mail,plaats,certificaatnummer,afgiftedatum,lidmaatschaps- of aansluitingsnummer\n\
                     Anna,anna@example.nl,Utrecht,RJ-1,2024-03-01,12345\n";
        assert_eq!(read_certificates(comma).unwrap().len(), 1);
    }

    #[test]
    fn refuses_wrong_columns() {
        assert!(read_certificates("naam;plaats\nA;B\n")
            .unwrap_err()
            .contains("kolomnamen"));
        let short = "naam;e-mail;plaats;certificaatnummer;afgiftedatum;lidmaatschaps- of aansluitingsnummer\nA;b\n";
        assert!(read_certificates(short).unwrap_err().contains("Regel 2"));
    }

    #[test]
    fn writes_excel_friendly_csv() {
        let out = write(&["a", "b"], &[vec!["=SUM(A1)".into(), "-20,25".into()]]);
        assert_eq!(
            out,
            "\u{feff}a;b\n'=SUM(A1);\"-20,25\"\n".replace("\"-20,25\"", "-20,25")
        );
        assert_eq!(cents(-2025), "-20,25");
        assert_eq!(cents(12_100), "121,00");
    }
}
