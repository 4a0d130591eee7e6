//! A small iCalendar (RFC 5545) writer for the toetsgesprek invitation: one
//! VEVENT with its start and end in UTC, the place (link or address) and the
//! attendees. Text is escaped (backslash, semicolon, comma, newline) and
//! lines are folded at 75 octets, as the RFC requires; that is all a
//! single event needs, so no crate.

use chrono::{DateTime, Utc};

pub struct Invitation<'a> {
    pub uid: &'a str,
    pub stamp: i64,
    pub starts_at: i64,
    pub minutes: u32,
    pub summary: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    pub url: Option<&'a str>,
    /// (name, e-mail)
    pub attendees: &'a [(String, String)],
}

fn utc(ts: i64) -> String {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .unwrap_or_default()
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line: at most 75 octets per line, continuation lines
/// start with a space, never inside a UTF-8 character.
pub fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

pub fn write(inv: &Invitation<'_>) -> String {
    let end = inv.starts_at + i64::from(inv.minutes) * 60;
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Register Jobcoach//Toetsgesprek//NL".to_string(),
        "METHOD:REQUEST".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", escape(inv.uid)),
        format!("DTSTAMP:{}", utc(inv.stamp)),
        format!("DTSTART:{}", utc(inv.starts_at)),
        format!("DTEND:{}", utc(end)),
        format!("SUMMARY:{}", escape(inv.summary)),
        format!("DESCRIPTION:{}", escape(inv.description)),
        format!("LOCATION:{}", escape(inv.location)),
    ];
    if let Some(url) = inv.url {
        lines.push(format!("URL:{}", escape(url)));
    }
    for (name, email) in inv.attendees {
        lines.push(format!(
            "ATTENDEE;CN=\"{}\";ROLE=REQ-PARTICIPANT:mailto:{}",
            name.replace('"', "'"),
            email
        ));
    }
    lines.push("END:VEVENT".to_string());
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_has_utc_times_escaped_text_and_folded_lines() {
        let attendees = vec![("Aad Assessor".to_string(), "aad@example.nl".to_string())];
        let text = write(&Invitation {
            uid: "s1@register-jobcoach",
            stamp: 0,
            starts_at: 1_767_258_000,
            minutes: 30,
            summary: "Toetsgesprek Register Jobcoach",
            description: "Gesprek; 30 minuten, online",
            location: &"Stationsplein 1, Utrecht ".repeat(5),
            url: None,
            attendees: &attendees,
        });
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART:20260101T090000Z\r\n"));
        assert!(text.contains("DTEND:20260101T093000Z\r\n"));
        assert!(text.contains("DESCRIPTION:Gesprek\\; 30 minuten\\, online\r\n"));
        assert!(text.contains("mailto:aad@example.nl"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert!(text.contains("\r\n Utrecht") || text.contains("\r\n "));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn folding_never_splits_a_character() {
        let folded = fold(&"é".repeat(100));
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75);
            assert!(std::str::from_utf8(line.as_bytes()).is_ok());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), "é".repeat(100));
    }
}
