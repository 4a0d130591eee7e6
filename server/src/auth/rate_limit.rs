//! Per-address limits on the endpoints that guess at secrets or create
//! accounts (governor's GCRA limiter, in memory per server instance).

use crate::auth::client_ip::client_ip;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::RETRY_AFTER;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::time::Duration;

pub struct RateLimits {
    pub sign_up: DefaultKeyedRateLimiter<IpAddr>,
    pub sign_in: DefaultKeyedRateLimiter<IpAddr>,
    pub recovery: DefaultKeyedRateLimiter<IpAddr>,
}

/// A burst of `burst` requests, then one more every `every`.
fn quota(burst: u32, every: Duration) -> Quota {
    Quota::with_period(every)
        .expect("non-zero period")
        .allow_burst(NonZeroU32::new(burst).expect("non-zero burst"))
}

/// Sign-up covers every way to create an account (sign-up, invitation,
/// set-up); a ceremony is two requests (start, finish).
pub const SIGN_UP_BURST: u32 = 10;
pub const SIGN_IN_BURST: u32 = 30;
/// Recovery codes are short secrets: few guesses.
pub const RECOVERY_BURST: u32 = 6;

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            sign_up: RateLimiter::keyed(quota(SIGN_UP_BURST, Duration::from_secs(60))),
            sign_in: RateLimiter::keyed(quota(SIGN_IN_BURST, Duration::from_secs(4))),
            recovery: RateLimiter::keyed(quota(RECOVERY_BURST, Duration::from_secs(120))),
        }
    }
}

/// Extractors that count the request against the client's bucket and
/// reject it with 429 (and Retry-After) when the bucket is empty. A handler
/// opts in by taking one as an argument.
pub struct SignUpLimit;
pub struct SignInLimit;
pub struct RecoveryLimit;

macro_rules! limit_extractor {
    ($name:ident, $field:ident) => {
        impl FromRequestParts<AppState> for $name {
            type Rejection = Limited;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, Limited> {
                check(&state.rate_limits.$field, parts, state.trust_forwarded_for)?;
                Ok($name)
            }
        }
    };
}

limit_extractor!(SignUpLimit, sign_up);
limit_extractor!(SignInLimit, sign_in);
limit_extractor!(RecoveryLimit, recovery);

fn check(
    limiter: &DefaultKeyedRateLimiter<IpAddr>,
    parts: &Parts,
    trust_forwarded_for: bool,
) -> Result<(), Limited> {
    // Requests without a peer address (in-process tests) share one bucket.
    let ip = client_ip(parts, trust_forwarded_for).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    if limiter.len() > 100_000 {
        limiter.retain_recent();
    }
    let Err(not_until) = limiter.check_key(&ip) else {
        return Ok(());
    };
    let wait = not_until.wait_time_from(DefaultClock::default().now());
    let retry_after_secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    Err(Limited { retry_after_secs })
}

/// The 429 answer: the API's error shape plus Retry-After.
#[derive(Debug)]
pub struct Limited {
    pub retry_after_secs: u64,
}

impl IntoResponse for Limited {
    fn into_response(self) -> Response {
        let secs = self.retry_after_secs;
        let mut res = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("Te veel pogingen. Probeer het over {secs} seconden opnieuw."),
        )
        .into_response();
        res.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(secs));
        res
    }
}
