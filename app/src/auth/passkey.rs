//! The browser half of the ceremonies: turns the server's WebAuthn options
//! into `navigator.credentials.create/get` calls and the answers back into
//! JSON (webauthn-rs-proto's wasm conversions do the byte juggling). The
//! options and credentials stay `Value` here: they are opaque to the app,
//! only the envelopes around them are `shared::api::auth` types.

use serde_json::Value;
use shared::api::auth::RegistrationFinish;

/// Why a ceremony did not finish, in words for the person. Only the
/// browser build meets the errors that carry words.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq)]
pub enum PasskeyError {
    /// The person cancelled, or a newer request replaced this one.
    Cancelled(String),
    Aborted,
    Failed(String),
}

impl PasskeyError {
    pub fn message(&self) -> Option<String> {
        match self {
            PasskeyError::Cancelled(m) | PasskeyError::Failed(m) => Some(m.clone()),
            PasskeyError::Aborted => None,
        }
    }
}

#[cfg(feature = "hydrate")]
fn dom_error(err: wasm_bindgen::JsValue) -> PasskeyError {
    let name = js_sys::Reflect::get(&err, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "AbortError" => PasskeyError::Aborted,
        "NotAllowedError" => PasskeyError::Cancelled(
            "De passkey is niet bevestigd (geannuleerd of te lang gewacht). Probeer het opnieuw."
                .into(),
        ),
        "InvalidStateError" => {
            PasskeyError::Failed("Op dit apparaat staat al een passkey voor dit account.".into())
        }
        "SecurityError" => PasskeyError::Failed(
            "Passkeys werken alleen via het juiste, beveiligde adres (https) van deze website."
                .into(),
        ),
        _ => PasskeyError::Failed(
            "Je browser of apparaat ondersteunt hier geen passkey. Probeer een andere browser."
                .into(),
        ),
    }
}

#[cfg(feature = "hydrate")]
fn credentials() -> Result<web_sys::CredentialsContainer, PasskeyError> {
    Ok(leptos::prelude::window().navigator().credentials())
}

/// Registers a new passkey with the options from a `…/start` answer.
#[cfg(feature = "hydrate")]
pub async fn create(options: Value) -> Result<Value, PasskeyError> {
    use wasm_bindgen::JsCast;
    use webauthn_rs_proto::{CreationChallengeResponse, RegisterPublicKeyCredential};
    let ccr: CreationChallengeResponse = serde_json::from_value(options)
        .map_err(|_| PasskeyError::Failed("Onverwacht antwoord van de server.".into()))?;
    let options: web_sys::CredentialCreationOptions = ccr.into();
    let promise = credentials()?
        .create_with_options(&options)
        .map_err(dom_error)?;
    let credential = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(dom_error)?;
    let credential: web_sys::PublicKeyCredential = credential
        .dyn_into()
        .map_err(|_| PasskeyError::Failed("Geen passkey ontvangen.".into()))?;
    serde_json::to_value(RegisterPublicKeyCredential::from(credential))
        .map_err(|_| PasskeyError::Failed("Geen passkey ontvangen.".into()))
}

/// Signs in with a passkey. With `signal`, the request can be aborted (the
/// autofill request is, when the person presses the button instead).
#[cfg(feature = "hydrate")]
pub async fn get(
    options: Value,
    signal: Option<web_sys::AbortSignal>,
) -> Result<Value, PasskeyError> {
    use wasm_bindgen::JsCast;
    use webauthn_rs_proto::{PublicKeyCredential, RequestChallengeResponse};
    let rcr: RequestChallengeResponse = serde_json::from_value(options)
        .map_err(|_| PasskeyError::Failed("Onverwacht antwoord van de server.".into()))?;
    let options: web_sys::CredentialRequestOptions = rcr.into();
    if let Some(signal) = signal.as_ref() {
        options.set_signal(signal);
    }
    let promise = credentials()?
        .get_with_options(&options)
        .map_err(dom_error)?;
    let credential = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(dom_error)?;
    let credential: web_sys::PublicKeyCredential = credential
        .dyn_into()
        .map_err(|_| PasskeyError::Failed("Geen passkey ontvangen.".into()))?;
    serde_json::to_value(PublicKeyCredential::from(credential))
        .map_err(|_| PasskeyError::Failed("Geen passkey ontvangen.".into()))
}

/// Whether the browser offers passkeys in the autofill of a field.
#[cfg(feature = "hydrate")]
pub async fn autofill_available() -> bool {
    match webauthn_rs_proto::PublicKeyCredentialExt::is_conditional_mediation_available() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    }
}

#[cfg(not(feature = "hydrate"))]
pub async fn create(_options: Value) -> Result<Value, PasskeyError> {
    Err(PasskeyError::Aborted)
}

/// Runs a full registration: the `start` answer's challenge and options
/// in, the `finish` body out (without a passkey name).
pub async fn register_with(
    challenge_id: String,
    options: Value,
) -> Result<RegistrationFinish<Value>, PasskeyError> {
    let credential = create(options).await?;
    Ok(RegistrationFinish {
        challenge_id,
        credential,
        passkey_name: None,
    })
}
