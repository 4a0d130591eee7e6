//! Accounts in the browser: the passkey ceremonies (WebAuthn via web-sys),
//! who is signed in (a context every page can read, remembered on the
//! device for offline use), and the account, sign-in, sign-up, recovery,
//! invitation, e-mail verification and admin pages.

pub mod account_page;
pub mod admin_page;
pub mod api;
pub mod device_user;
// Evidence files: limits and virus scanning on /beheer (issue 12).
pub mod file_settings;
pub mod header;
pub mod invitation_page;
pub mod passkey;
pub mod recovery_page;
pub mod registration;
pub mod session;
pub mod sign_in_page;
pub mod sign_up_page;
pub mod verify_email;

/// The `token` in the URL fragment (`#token=…`) of invitation, set-up and
/// recovery links. Fragments never reach the server or its logs.
pub fn fragment_token() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let hash = leptos::prelude::window().location().hash().ok()?;
        hash.strip_prefix("#token=")
            .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_hexdigit()))
            .map(str::to_string)
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// `1700000000` → "14 november 2023", in the browser's Dutch formatting.
pub fn format_date(unix_secs: i64) -> String {
    #[cfg(feature = "hydrate")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_secs as f64 * 1000.0));
        let options = js_sys::Object::new();
        for (k, v) in [("day", "numeric"), ("month", "long"), ("year", "numeric")] {
            let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
        }
        String::from(date.to_locale_date_string("nl-NL", &options))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        unix_secs.to_string()
    }
}
