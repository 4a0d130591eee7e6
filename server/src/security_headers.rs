//! Headers every response carries. Pages set their own Content-Security-Policy
//! with the nonce of their hydration script (see `app::csp`); everything else
//! gets a policy that allows nothing to run.

use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const LOCKED_DOWN_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
/// A service worker runs under its own script's policy: `public/sw.js`
/// fetches this origin's pages and files to cache them, and nothing else.
const SERVICE_WORKER_CSP: &str = "default-src 'none'; connect-src 'self'; base-uri 'none'";

/// Two years, subdomains included: once a browser has seen the site over
/// https it never tries plain http for it again, so nobody on the network
/// can strip TLS from a later visit. Only sent over https (browsers ignore
/// it over http, and a development machine on http://localhost must not be
/// pinned to https).
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Browser features nobody here needs are switched off for this origin and
/// every frame. Kept: passkeys (`publickey-credentials-get`/`-create`, the
/// whole sign-in) and the camera for our own pages, for taking a photo of
/// evidence ("Foto maken"). Everything else that can reach hardware, the
/// person's whereabouts or payment is `()`.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), bluetooth=(), \
     camera=(self), display-capture=(), encrypted-media=(), geolocation=(), gyroscope=(), \
     hid=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), \
     publickey-credentials-create=(self), publickey-credentials-get=(self), \
     screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()";

const PERMISSIONS_POLICY_HEADER: HeaderName = HeaderName::from_static("permissions-policy");

/// What the headers depend on: whether people reach us over https
/// (`PUBLIC_ORIGIN`).
#[derive(Clone, Copy, Debug)]
pub struct Transport {
    pub https: bool,
}

impl Transport {
    pub fn for_origin(origin: &str) -> Self {
        Transport {
            https: origin.starts_with("https://"),
        }
    }
}

pub async fn set(State(transport): State<Transport>, req: Request, next: Next) -> Response {
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
    headers.insert(
        PERMISSIONS_POLICY_HEADER,
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if transport.https {
        headers.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    res
}
