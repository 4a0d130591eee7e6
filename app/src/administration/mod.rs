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

/// The records the API answers, as `shared` defines them.
pub use shared::api::administration::{Certificate, Invoice};

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
    fn dates_read_the_dutch_way() {
        assert_eq!(date("2026-03-01"), "1-3-2026");
        assert_eq!(date("morgen"), "morgen");
    }
}
