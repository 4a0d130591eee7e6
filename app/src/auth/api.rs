//! JSON calls to the server's API from the browser. Errors carry the
//! server's Dutch message, or a network message when offline.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct ApiFailure {
    /// 0 when the server could not be reached.
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl ApiFailure {
    pub fn offline() -> Self {
        ApiFailure {
            status: 0,
            code: "offline".into(),
            message: "Geen verbinding met de server. Controleer je internetverbinding.".into(),
        }
    }

    pub fn is_offline(&self) -> bool {
        self.status == 0
    }
}

pub async fn get(path: &str) -> Result<Value, ApiFailure> {
    send("GET", path, None).await
}

pub async fn post(path: &str, body: &Value) -> Result<Value, ApiFailure> {
    send("POST", path, Some(body)).await
}

pub async fn put(path: &str, body: &Value) -> Result<Value, ApiFailure> {
    send("PUT", path, Some(body)).await
}

#[cfg(feature = "hydrate")]
pub async fn send(method: &str, path: &str, body: Option<&Value>) -> Result<Value, ApiFailure> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let headers = web_sys::Headers::new().map_err(|_| ApiFailure::offline())?;
    let _ = headers.set("accept", "application/json");
    if let Some(body) = body {
        let _ = headers.set("content-type", "application/json");
        init.set_body(&wasm_bindgen::JsValue::from_str(&body.to_string()));
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
    let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        return Ok(json);
    }
    Err(ApiFailure {
        status,
        code: json["error"]["code"]
            .as_str()
            .unwrap_or("error")
            .to_string(),
        message: json["error"]["message"]
            .as_str()
            .unwrap_or("Er ging iets mis. Probeer het opnieuw.")
            .to_string(),
    })
}

/// Server-side rendering never calls the API from here.
#[cfg(not(feature = "hydrate"))]
pub async fn send(_method: &str, _path: &str, _body: Option<&Value>) -> Result<Value, ApiFailure> {
    Err(ApiFailure::offline())
}
