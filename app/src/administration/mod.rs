//! The register's administration in the browser: the public registration
//! as external affiliate (`/aansluiten`) and the public register
//! (`/register`), the admin screens under `/administratie`, the printable
//! invoice (`/facturen/:id`) and a person's own registration on the home
//! page. Data comes from the JSON API after hydration; the server decides
//! who may see what.

pub mod admin;
pub mod affiliate_page;
pub mod invoice_page;
pub mod my_registration;
pub mod register_page;

use crate::auth::session::{use_auth, AuthState};
use leptos::prelude::*;
use serde::Deserialize;
use shared::administration::{dutch_date, format_euro};

pub fn euro(cents: i64) -> String {
    format_euro(cents)
}

/// `2026-03-01` as `1-3-2026`; other text as it is.
pub fn date(text: &str) -> String {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(dutch_date)
        .unwrap_or_else(|_| text.to_string())
}

pub fn status_label(status: &str, overdue: bool) -> &'static str {
    match (status, overdue) {
        ("open", true) => "Te laat",
        ("open", false) => "Open",
        ("paid", _) => "Betaald",
        ("credited", _) => "Gecrediteerd",
        _ => "Onbekend",
    }
}

/// The part of an API message after `field: `, and the field.
pub fn split_field(message: &str) -> (Option<String>, String) {
    match message.split_once(": ") {
        Some((field, rest))
            if !field.is_empty()
                && field
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.') =>
        {
            (Some(field.to_string()), capitalise(rest))
        }
        _ => (None, message.to_string()),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Buyer {
    pub name: String,
    pub organisation: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Line {
    pub description: String,
    pub excl_vat_cents: i64,
    pub vat_cents: i64,
    pub incl_vat_cents: i64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Invoice {
    pub id: String,
    pub number: String,
    pub kind: String,
    pub issue_date: String,
    pub due_date: String,
    pub affiliate_number: Option<String>,
    pub buyer: Buyer,
    pub vat_basis_points: i64,
    pub total_excl_vat_cents: i64,
    pub total_vat_cents: i64,
    pub total_incl_vat_cents: i64,
    pub status: String,
    pub paid_on: Option<String>,
    pub credits_number: Option<String>,
    pub credited_by_number: Option<String>,
    pub overdue: bool,
    #[serde(default)]
    pub lines: Vec<Line>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Certificate {
    pub id: String,
    pub certificate_number: String,
    pub name: String,
    pub email: String,
    pub city: String,
    pub issue_date: String,
    pub expiry_date: String,
    pub recertification_deadline: String,
    pub kind: String,
    pub member_number: Option<String>,
    pub affiliate_number: Option<String>,
    pub valid: bool,
}

/// Shows `children` to admins only; others are told why not.
#[component]
pub fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    view! {
        {move || match auth.get() {
            AuthState::SignedIn(me) if me.is_admin() => children().into_any(),
            AuthState::SignedIn(_) => view! { <p>"Deze pagina is alleen voor beheerders."</p> }.into_any(),
            AuthState::Checking => view! { <p>"Even geduld…"</p> }.into_any(),
            _ => view! { <p><a href="/inloggen">"Log in"</a>" als beheerder."</p> }.into_any(),
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_prefix_is_split_off() {
        assert_eq!(
            split_field("postal_code: vul een postcode in."),
            (Some("postal_code".into()), "Vul een postcode in.".into())
        );
        assert_eq!(
            split_field("Er ging iets mis: echt"),
            (None, "Er ging iets mis: echt".into())
        );
        assert_eq!(date("2026-03-01"), "1-3-2026");
        assert_eq!(status_label("open", true), "Te laat");
    }
}
