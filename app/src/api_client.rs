//! The app's one client of the JSON API (the editor's sync calls in
//! `portfolio::api` sort the same answers for the sync loop). Bodies are the
//! types of `shared::api`, in and out: no page reads the answer as JSON.
//! Every error is an [`ApiFailure`]: the server's code, its Dutch message
//! and, for a 422, the message per field.

use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::error::ErrorBody;
use shared::FieldError;

#[derive(Clone, Debug, PartialEq)]
pub struct ApiFailure {
    /// 0 when the server could not be reached.
    pub status: u16,
    pub code: String,
    pub message: String,
    /// For `invalid_input`: each wrong field with its own message.
    pub fields: Vec<FieldError>,
}

impl ApiFailure {
    pub fn offline() -> Self {
        ApiFailure {
            status: 0,
            code: "offline".into(),
            message: "Geen verbinding met de server. Controleer je internetverbinding.".into(),
            fields: Vec::new(),
        }
    }

    /// An answer that is not the body it should be (another server version).
    pub fn unreadable() -> Self {
        ApiFailure {
            status: 0,
            code: "unreadable".into(),
            message: "Het antwoord van de server kon niet worden gelezen. Ververs de pagina."
                .into(),
            fields: Vec::new(),
        }
    }

    pub fn is_offline(&self) -> bool {
        self.status == 0 && self.code == "offline"
    }

    /// The server answered, but not with the body it should have.
    pub fn is_unreadable(&self) -> bool {
        self.status == 0 && self.code == "unreadable"
    }

    /// What to show beside a form: the first field's own message (its
    /// field is the one to focus), else the whole message.
    pub fn first_field(&self) -> (Option<String>, String) {
        match self.fields.first() {
            Some(f) => (Some(f.field.clone()), f.message.clone()),
            None => (None, self.message.clone()),
        }
    }

    /// The answer of a failed request, from its status and body.
    pub fn from_answer(status: u16, text: &str) -> Self {
        match serde_json::from_str::<ErrorBody>(text) {
            Ok(body) => ApiFailure {
                status,
                code: body.error.code,
                message: body.error.message,
                fields: body.error.fields,
            },
            Err(_) => ApiFailure {
                status,
                code: "error".into(),
                message: "Er ging iets mis. Probeer het opnieuw.".into(),
                fields: Vec::new(),
            },
        }
    }
}

/// The body of a request without input: `{}`, as the routes expect JSON.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Empty {}

fn read<T: DeserializeOwned>(text: &str) -> Result<T, ApiFailure> {
    // A body-less success (204) reads as JSON `null`, so `()` answers fit.
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|_| ApiFailure::unreadable())
}

pub async fn get_as<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    send_as("GET", path, None::<&Empty>).await
}

pub async fn post_as<B: Serialize, T: DeserializeOwned>(
    path: &str,
    request: &B,
) -> Result<T, ApiFailure> {
    send_as("POST", path, Some(request)).await
}

pub async fn put_as<B: Serialize, T: DeserializeOwned>(
    path: &str,
    request: &B,
) -> Result<T, ApiFailure> {
    send_as("PUT", path, Some(request)).await
}

pub async fn patch_as<B: Serialize, T: DeserializeOwned>(
    path: &str,
    request: &B,
) -> Result<T, ApiFailure> {
    send_as("PATCH", path, Some(request)).await
}

pub async fn delete_as<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    send_as("DELETE", path, None::<&Empty>).await
}

/// Any method; `body`, when given, is sent as JSON.
pub async fn send_as<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiFailure> {
    let body = body
        .map(|b| serde_json::to_string(b).map(|text| ("application/json", text)))
        .transpose()
        .map_err(|_| ApiFailure::unreadable())?;
    let (status, text) = exchange(method, path, body).await?;
    if (200..300).contains(&status) {
        return read(&text);
    }
    Err(ApiFailure::from_answer(status, &text))
}

/// What the certificate import answered: its report, or (422) the refusal
/// with the report of every row.
#[derive(Clone, Debug, PartialEq)]
pub enum CsvAnswer<T, R> {
    Accepted(T),
    Refused(R),
}

/// `POST`s a CSV file's text. The import answers its report also with a
/// 422, so that refusal comes back as an answer, not as an [`ApiFailure`].
pub async fn post_csv<T: DeserializeOwned, R: DeserializeOwned>(
    path: &str,
    text: &str,
) -> Result<CsvAnswer<T, R>, ApiFailure> {
    let body = Some(("text/csv; charset=utf-8", text.to_string()));
    let (status, text) = exchange("POST", path, body).await?;
    if (200..300).contains(&status) {
        return read(&text).map(CsvAnswer::Accepted);
    }
    // Any other failure (403, 400 about the file) is the API's own error.
    serde_json::from_str(&text)
        .map(CsvAnswer::Refused)
        .map_err(|_| ApiFailure::from_answer(status, &text))
}

/// One request over the browser's fetch: the status and the body's text.
/// The app's only transport: the editor's sync calls (`portfolio::api`)
/// go through it too and sort its answers their own way.
#[cfg(feature = "hydrate")]
pub(crate) async fn exchange(
    method: &str,
    path: &str,
    body: Option<(&str, String)>,
) -> Result<(u16, String), ApiFailure> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    // Personal, changing data: never from a cache (the service worker
    // leaves /api alone too).
    init.set_cache(web_sys::RequestCache::NoStore);
    let headers = web_sys::Headers::new().map_err(|_| ApiFailure::offline())?;
    let _ = headers.set("accept", "application/json");
    if let Some((content_type, body)) = body {
        let _ = headers.set("content-type", content_type);
        init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    }
    init.set_headers(&headers);
    let request =
        web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| ApiFailure::offline())?;
    let response = JsFuture::from(leptos::prelude::window().fetch_with_request(&request))
        .await
        .map_err(|_| ApiFailure::offline())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| ApiFailure::offline())?;
    let status = response.status();
    let text = match response.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((status, text))
}

/// Server-side rendering never calls the API from here.
#[cfg(not(feature = "hydrate"))]
pub(crate) async fn exchange(
    _method: &str,
    _path: &str,
    _body: Option<(&str, String)>,
) -> Result<(u16, String), ApiFailure> {
    Err(ApiFailure::offline())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_are_read_from_the_body() {
        let text = r#"{"error":{"code":"invalid_input","message":"postal_code: vul een postcode in.",
            "fields":[{"field":"postal_code","message":"Vul een postcode in."}]}}"#;
        let failure = ApiFailure::from_answer(422, text);
        assert_eq!(failure.fields.len(), 1);
        assert_eq!(
            failure.first_field(),
            (Some("postal_code".into()), "Vul een postcode in.".into())
        );
        let plain = ApiFailure::from_answer(409, r#"{"error":{"code":"x","message":"Bezet."}}"#);
        assert_eq!(plain.first_field(), (None, "Bezet.".into()));
        assert_eq!(ApiFailure::from_answer(500, "<html>").code, "error");
    }

    #[test]
    fn answers_are_read_as_their_type() {
        assert_eq!(read::<()>(""), Ok(()));
        assert!(read::<shared::api::auth::SetupCheck>("<html>").is_err_and(|e| e.is_unreadable()));
        assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
    }
}
