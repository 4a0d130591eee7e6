//! Headers every response carries. Pages set their own Content-Security-Policy
//! with the nonce of their hydration script (see `app::csp`); everything else
//! gets a policy that allows nothing to run.

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

const LOCKED_DOWN_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
/// A service worker runs under its own script's policy: `public/sw.js`
/// fetches this origin's pages and files to cache them, and nothing else.
const SERVICE_WORKER_CSP: &str = "default-src 'none'; connect-src 'self'; base-uri 'none'";

pub async fn set(req: Request, next: Next) -> Response {
    let service_worker = req.uri().path() == "/sw.js";
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers
        .entry(CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(if service_worker {
            SERVICE_WORKER_CSP
        } else {
            LOCKED_DOWN_CSP
        }));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}
