//! Evidence (bewijsstukken): which file belongs to which slot of a portfolio.
//!
//! The bytes of a file travel through `PUT /api/portfolios/{id}/files/{sha256}`;
//! the link between a file and the place it proves travels through the sync
//! engine as one list row per attached file, so it is made offline, merges
//! across devices (rows are keyed by a client-made UUID) and is never lost.
//!
//! - List key: [`evidence_list_key`] (`initial.evidence`,
//!   `recertification.evidence`); item id: the row's [`EvidenceFile::id`];
//!   value: [`EvidenceFile`] JSON; removing an attachment deletes the row.
//! - A slot is a question (an `InputKind::Evidence` question, a declaration)
//!   or one row of a list (a PE activity, a reflection meeting, an education
//!   row): [`Slot`].

use serde::{Deserialize, Serialize};

use crate::framework::PortfolioKind;

/// The list that holds a portfolio's evidence rows.
pub fn evidence_list_key(kind: PortfolioKind) -> &'static str {
    match kind {
        PortfolioKind::Initial => "initial.evidence",
        PortfolioKind::Recertification => "recertification.evidence",
    }
}

/// The SHA-256 of a file's bytes, as 64 lowercase hex digits: the file's
/// identity, so a retried upload of the same bytes is the same file.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256Hex(String);

impl Sha256Hex {
    pub fn parse(s: &str) -> Result<Sha256Hex, InvalidSha256> {
        if s.len() == 64
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            Ok(Sha256Hex(s.to_string()))
        } else {
            Err(InvalidSha256)
        }
    }

    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> Sha256Hex {
        use sha2::Digest;
        Sha256Hex(
            sha2::Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sha256Hex {
    type Error = InvalidSha256;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Sha256Hex::parse(&s)
    }
}

impl From<Sha256Hex> for String {
    fn from(h: Sha256Hex) -> String {
        h.0
    }
}

impl core::fmt::Display for Sha256Hex {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidSha256;

impl core::fmt::Display for InvalidSha256 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Geen geldige SHA-256: verwacht 64 kleine hexadecimale tekens.")
    }
}

/// The place a piece of evidence proves.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    /// A question key (`initial.a1.q1`), or the key of the list whose row
    /// this is (`recertification.b.q1` for the PE register).
    pub key: String,
    /// The row's item id when the slot is one row of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
}

impl Slot {
    pub fn question(key: impl Into<String>) -> Slot {
        Slot {
            key: key.into(),
            row: None,
        }
    }

    pub fn row(list: impl Into<String>, row: impl Into<String>) -> Slot {
        Slot {
            key: list.into(),
            row: Some(row.into()),
        }
    }
}

/// One attached file: the value of an evidence list row.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct EvidenceFile {
    /// The row's item id (a client-made UUID).
    pub id: String,
    pub slot: Slot,
    pub sha256: Sha256Hex,
    /// The file name as the person chose it (shown, and used for downloads).
    pub name: String,
    /// Bytes.
    pub size: u64,
    /// The media type the browser saw; the server decides from the bytes.
    pub media_type: String,
    /// When it was attached (UTC unix milliseconds), to keep the order.
    #[serde(default)]
    pub added: i64,
}

/// The evidence rows of `slot`, in the order they were attached.
pub fn files_of<'a>(rows: &'a [EvidenceFile], slot: &Slot) -> Vec<&'a EvidenceFile> {
    let mut files: Vec<&EvidenceFile> = rows.iter().filter(|f| &f.slot == slot).collect();
    files.sort_by(|a, b| a.added.cmp(&b.added).then_with(|| a.id.cmp(&b.id)));
    files
}

/// Whether at least one file is attached to `slot`.
pub fn has_file(rows: &[EvidenceFile], slot: &Slot) -> bool {
    rows.iter().any(|f| &f.slot == slot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sha256_is_64_lowercase_hex_digits() {
        let ok = "a".repeat(64);
        assert!(Sha256Hex::parse(&ok).is_ok());
        assert!(Sha256Hex::parse(&"A".repeat(64)).is_err());
        assert!(Sha256Hex::parse(&"a".repeat(63)).is_err());
        assert!(Sha256Hex::parse(&format!("{}g", "a".repeat(63))).is_err());
        let json = serde_json::to_string(&Sha256Hex::parse(&ok).unwrap()).unwrap();
        assert_eq!(json, format!("\"{ok}\""));
        assert!(serde_json::from_str::<Sha256Hex>("\"xyz\"").is_err());
    }

    #[test]
    fn the_hash_of_bytes_is_their_sha256_in_lowercase_hex() {
        // FIPS 180-2's example for "abc".
        assert_eq!(
            Sha256Hex::of(b"abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(Sha256Hex::parse(Sha256Hex::of(b"").as_str()).is_ok());
    }

    #[test]
    fn files_belong_to_their_own_slot_only() {
        let file = |id: &str, slot: Slot, added| EvidenceFile {
            id: id.into(),
            slot,
            sha256: Sha256Hex::parse(&"0".repeat(64)).unwrap(),
            name: format!("{id}.pdf"),
            size: 10,
            media_type: "application/pdf".into(),
            added,
        };
        let pe = Slot::row("recertification.b.q1", "r1");
        let rows = vec![
            file("b", pe.clone(), 2),
            file("a", pe.clone(), 1),
            file("c", Slot::row("recertification.b.q1", "r2"), 0),
            file("d", Slot::question("recertification.a1.q1"), 0),
        ];
        let ids: Vec<&str> = files_of(&rows, &pe).iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert!(has_file(&rows, &Slot::question("recertification.a1.q1")));
        assert!(!has_file(&rows, &Slot::row("recertification.b.q1", "r3")));
        assert!(!has_file(&rows, &Slot::question("recertification.b.q1")));
    }
}
