//! Values that are checked once, when they are parsed, and are then known
//! to be right wherever they travel: the server's handlers, its storage and
//! the browser's forms all take these types, so each check and its Dutch
//! message exist in one place (zero2prod's `SubscriberEmail::parse`).
//!
//! A failed parse is an [`Invalid`] with the message for a person;
//! [`Invalid::at`] names the field, which makes the API's
//! `{"field","message"}` entry ([`FieldError`]).
//!
//! Enum strings (roles, invoice kinds and statuses) come from `strum`
//! (`IntoStaticStr`, `EnumString`, `VariantArray`) with the same
//! `snake_case` as serde: the text stored in the database, sent in JSON
//! and parsed from a query is then one spelling, derived, never a second
//! hand-written table.

use crate::requirement::FieldError;
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};

/// Why a value was refused: a Dutch sentence for the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(message: impl Into<String>) -> Self {
        Invalid(message.into())
    }

    /// The same message, about `field`.
    pub fn at(self, field: &str) -> FieldError {
        FieldError::new(field, self.0)
    }
}

impl core::fmt::Display for Invalid {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The conversions every validated text type shares: read as text, taken
/// apart, and (through serde's `try_from`/`into`) parsed on the wire with
/// the type's own `parse`, so invalid JSON text never becomes a value.
macro_rules! text_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                $name::parse(&s).map_err(|e| e.0)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A required one-line text of at most `max` characters, trimmed. `label`
/// names it in the sentence ("de plaats", "je naam").
pub fn required_text(value: &str, label: &str, max: usize) -> Result<String, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Invalid::new(format!("Vul {label} in.")));
    }
    if v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(Invalid::new(format!(
            "{} heeft hoogstens {max} tekens, zonder regeleinden.",
            capitalised(label)
        )));
    }
    Ok(v.to_string())
}

/// An optional text: `None` when left empty.
pub fn optional_text(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|s| !s.is_empty())
}

// ------------------------------------------------------------------ e-mail

/// An e-mail address, trimmed and lower-cased (the same address typed
/// differently is one person). The one check of the system: sign-up,
/// invitations, registrations, members, certificate rows and the forms.
///
/// A dot-atom local part and a domain of letters, digits and hyphens with
/// at least one dot, at most 254 characters: a subset of what the mailer
/// (lettre) accepts, so an address that passes can always be mailed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

pub const EMAIL_INVALID: &str = "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.";
pub const EMAIL_MAX_LEN: usize = 254;

impl Email {
    pub fn parse(input: &str) -> Result<Email, Invalid> {
        let email = input.trim().to_lowercase();
        if email.len() <= EMAIL_MAX_LEN && email_shape(&email) {
            Ok(Email(email))
        } else {
            Err(Invalid::new(EMAIL_INVALID))
        }
    }
}

fn email_shape(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(atext));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

text_newtype!(Email);

// -------------------------------------------------------------- postal code

/// A Dutch postal code, `1234 AB`: four digits not starting with 0, a space
/// (optional when typed) and two letters; SA, SD and SS are never issued.
/// Returns the normalised form.
pub fn normalise_postal_code(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let bytes = compact.as_bytes();
    if bytes.len() != 6 {
        return None;
    }
    let (digits, letters) = compact.split_at(4);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    if !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    if matches!(letters, "SA" | "SD" | "SS") {
        return None;
    }
    Some(format!("{digits} {letters}"))
}

/// A Dutch postal code in its normal form `1234 AB`
/// ([`normalise_postal_code`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PostalCode(String);

pub const POSTAL_CODE_INVALID: &str =
    "Vul een Nederlandse postcode in: vier cijfers en twee letters, bijvoorbeeld 1234 AB.";

impl PostalCode {
    pub fn parse(input: &str) -> Result<PostalCode, Invalid> {
        normalise_postal_code(input)
            .map(PostalCode)
            .ok_or_else(|| Invalid::new(POSTAL_CODE_INVALID))
    }
}

text_newtype!(PostalCode);

// ------------------------------------------------- membership, affiliation

/// A member's number in the association's administration, upper-cased; an
/// `EA-` number is an affiliate's, not a member's.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MembershipNumber(String);

pub const MEMBERSHIP_NUMBER_MAX_CHARS: usize = 40;

impl MembershipNumber {
    pub fn parse(input: &str) -> Result<MembershipNumber, Invalid> {
        let number = required_text(
            input,
            "het lidmaatschapsnummer",
            MEMBERSHIP_NUMBER_MAX_CHARS,
        )?
        .to_uppercase();
        if number.starts_with(AffiliateNumber::PREFIX) {
            return Err(Invalid::new(
                "Een lidmaatschapsnummer begint niet met EA- (dat is een aansluitingsnummer).",
            ));
        }
        Ok(MembershipNumber(number))
    }
}

text_newtype!(MembershipNumber);

/// `EA-000001`: the affiliate number (aansluitingsnummer), issued from a
/// gap-free sequence.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AffiliateNumber(String);

impl AffiliateNumber {
    pub const PREFIX: &'static str = "EA-";

    pub fn from_sequence(sequence: i64) -> AffiliateNumber {
        AffiliateNumber(format!("{}{sequence:06}", Self::PREFIX))
    }

    pub fn parse(input: &str) -> Result<AffiliateNumber, Invalid> {
        let number = input.trim().to_uppercase();
        match number.strip_prefix(Self::PREFIX) {
            Some(digits) if digits.len() >= 6 && digits.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(AffiliateNumber(number))
            }
            _ => Err(Invalid::new(
                "Een aansluitingsnummer is EA- met zes cijfers, bijvoorbeeld EA-000001.",
            )),
        }
    }
}

text_newtype!(AffiliateNumber);

// -------------------------------------------------------------------- money

/// An amount of money in euro cents (integer; VAT is rounded by
/// `shared::fees`). On the wire a plain integer.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    /// The highest fee an admin can set: € 1.000.000,00.
    pub const MAX_FEE: Cents = Cents(100_000_000);

    /// A fee from the fee table: € 0,00 up to [`Cents::MAX_FEE`].
    pub fn fee(cents: i64) -> Result<Cents, Invalid> {
        if (0..=Self::MAX_FEE.0).contains(&cents) {
            Ok(Cents(cents))
        } else {
            Err(Invalid::new(
                "Vul een bedrag in van € 0,00 tot € 1.000.000,00.",
            ))
        }
    }

    /// An amount typed in euros (`202,50`), as a fee.
    pub fn parse_euro(input: &str) -> Result<Cents, Invalid> {
        parse_euro(input)
            .ok_or_else(|| Invalid::new("Vul een bedrag in euro in, bijvoorbeeld 202,50."))
            .and_then(Cents::fee)
    }

    pub fn euro(self) -> String {
        format_euro(self.0)
    }
}

/// Euro amount in Dutch notation: `€ 1.234,56`, negative as `-€ 20,25`.
pub fn format_euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let euros = abs / 100;
    let rest = abs % 100;
    let digits = euros.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}€ {grouped},{rest:02}")
}

/// Parses an amount typed in euros (`202,50`, `202.50`, `1.234,56`, `100`)
/// into cents; `None` for anything else or negative amounts.
pub fn parse_euro(input: &str) -> Option<i64> {
    let s = input.trim().trim_start_matches('€').trim();
    if s.is_empty() || s.starts_with('-') {
        return None;
    }
    // The last separator followed by one or two digits is the decimal one.
    let (whole, frac) = match s.rfind([',', '.']) {
        Some(i) if s.len() - i - 1 <= 2 && s.len() - i > 1 => (&s[..i], &s[i + 1..]),
        _ => (s, ""),
    };
    let whole: String = whole.chars().filter(|c| *c != '.' && *c != ',').collect();
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let euros: i64 = whole.parse().ok()?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    euros.checked_mul(100)?.checked_add(cents)
}

// ---------------------------------------------------------------- invoices

/// What an invoice is for. Stored and sent as `snake_case`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum InvoiceKind {
    /// The one-off registration of an external affiliate.
    Registration,
    /// The annual register fee.
    RegisterFee,
    /// A credit invoice cancelling another.
    Credit,
}

impl InvoiceKind {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

/// Where an invoice stands. Stored and sent as `snake_case`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum InvoiceStatus {
    Open,
    Paid,
    Credited,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// A status filter as typed in a query (`?status=paid`).
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        s.parse()
            .map_err(|_| Invalid::new("Kies open, paid of credited."))
    }

    /// The lower-case Dutch word (CSV export).
    pub fn word(self) -> &'static str {
        match self {
            InvoiceStatus::Open => "open",
            InvoiceStatus::Paid => "betaald",
            InvoiceStatus::Credited => "gecrediteerd",
        }
    }

    /// The label on screen; an open invoice past its due date is late.
    pub fn label(self, overdue: bool) -> &'static str {
        match (self, overdue) {
            (InvoiceStatus::Open, true) => "Te laat",
            (InvoiceStatus::Open, false) => "Open",
            (InvoiceStatus::Paid, _) => "Betaald",
            (InvoiceStatus::Credited, _) => "Gecrediteerd",
        }
    }
}

// -------------------------------------------------------------------- roles

/// A person's roles. One account can hold several. Stored and sent in
/// lower case (`"admin"`).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Role {
    Candidate,
    Mentor,
    Assessor,
    Admin,
    /// The certifying body (DNV, "certificerende instelling"): assigns
    /// assessors, decides, handles objections.
    Certifier,
}

impl Role {
    pub const ALL: &'static [Role] = <Role as VariantArray>::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<Role> {
        s.parse().ok()
    }

    /// The Dutch word for the role.
    pub fn label(self) -> &'static str {
        match self {
            Role::Candidate => "kandidaat",
            Role::Mentor => "mentor",
            Role::Assessor => "assessor",
            Role::Admin => "beheerder",
            Role::Certifier => "certificerende instelling",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked_once() {
        assert_eq!(
            Email::parse(" Anna@Example.NL ").unwrap().as_str(),
            "anna@example.nl"
        );
        for ok in ["a.b+c@sub.example.nl", "o'brien@example.ie", "x@e-x.nl"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.nl",
            "anna@example",
            "anna@.nl",
            "anna@example.",
            "an na@example.nl",
            "anna@@example.nl",
            "a..b@example.nl",
            ".a@example.nl",
            "anna@-x.nl",
            "anna@exa_mple.nl",
        ] {
            assert_eq!(Email::parse(bad), Err(Invalid::new(EMAIL_INVALID)), "{bad}");
        }
        let long = format!("{}@example.nl", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
        let json: Result<Email, _> = serde_json::from_str("\"geen-adres\"");
        assert!(json.is_err());
    }

    #[test]
    fn postal_codes_and_numbers() {
        assert_eq!(PostalCode::parse("3511ab").unwrap().as_str(), "3511 AB");
        assert!(PostalCode::parse("0123 AB").is_err());
        assert_eq!(
            MembershipNumber::parse(" nl-12 ").unwrap().as_str(),
            "NL-12"
        );
        assert!(MembershipNumber::parse("ea-000001").is_err());
        assert!(MembershipNumber::parse(" ").is_err());
        assert_eq!(AffiliateNumber::from_sequence(7).as_str(), "EA-000007");
        assert_eq!(
            AffiliateNumber::parse("ea-000012").unwrap().as_str(),
            "EA-000012"
        );
        assert!(AffiliateNumber::parse("EA-12").is_err());
    }

    #[test]
    fn text_messages_name_the_label() {
        assert_eq!(
            required_text(" ", "de plaats", 100),
            Err(Invalid::new("Vul de plaats in."))
        );
        assert_eq!(
            required_text("a\nb", "je naam", 100),
            Err(Invalid::new(
                "Je naam heeft hoogstens 100 tekens, zonder regeleinden."
            ))
        );
    }

    #[test]
    fn fees_are_bounded() {
        assert_eq!(Cents::fee(0), Ok(Cents(0)));
        assert!(Cents::fee(-1).is_err());
        assert!(Cents::fee(Cents::MAX_FEE.0 + 1).is_err());
        assert_eq!(Cents::parse_euro("202,50"), Ok(Cents(20_250)));
        assert_eq!(Cents(20_250).euro(), "€ 202,50");
    }

    #[test]
    fn enum_strings_agree_with_serde() {
        for kind in InvoiceKind::VARIANTS {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str());
            assert_eq!(InvoiceKind::parse(kind.as_str()), Some(*kind));
        }
        for status in InvoiceStatus::VARIANTS {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
            assert_eq!(InvoiceStatus::parse(status.as_str()), Ok(*status));
        }
        assert!(InvoiceStatus::parse("betaald").is_err());
        for role in Role::ALL {
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
            assert_eq!(Role::parse(role.as_str()), Some(*role));
        }
        assert_eq!(InvoiceKind::RegisterFee.as_str(), "register_fee");
        assert_eq!(Role::parse("admin"), Some(Role::Admin));
        assert_eq!(Role::parse("Admin"), None);
    }
}
