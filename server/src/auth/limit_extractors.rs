//! The extractors that make a handler count against a rate limit: the
//! HTTP side of `rate_limit`, which keeps the buckets and knows nothing of
//! requests or of the app's state.

use crate::auth::client_ip::{client_ip, rate_limit_key};
use crate::auth::rate_limit::{now_ms, Limit};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr};

/// Extractors that count the request against the client's bucket and
/// reject it with 429 (and Retry-After) when the bucket is empty. A handler
/// opts in by taking one as an argument.
pub struct SignUpLimit;
pub struct SignInLimit;
pub struct RecoveryLimit;
pub struct SigningLimit;

macro_rules! limit_extractor {
    ($name:ident, $limit:expr) => {
        impl FromRequestParts<AppState> for $name {
            type Rejection = Response;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, Response> {
                check(state, $limit, parts).await?;
                Ok($name)
            }
        }
    };
}

limit_extractor!(SignUpLimit, Limit::SignUp);
limit_extractor!(SignInLimit, Limit::SignIn);
limit_extractor!(RecoveryLimit, Limit::Recovery);
limit_extractor!(SigningLimit, Limit::Signing);

async fn check(state: &AppState, limit: Limit, parts: &Parts) -> Result<(), Response> {
    // Requests without a peer address (in-process tests) share one bucket.
    let ip =
        client_ip(parts, state.trust_forwarded_for).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    // IPv6 clients are counted per /64 (see `rate_limit_key`).
    spend(state, limit, &rate_limit_key(ip)).await
}

/// Takes one token from `key`'s bucket of `limit`, or answers 429.
async fn spend(state: &AppState, limit: Limit, key: &str) -> Result<(), Response> {
    match state.rate_limits.hit(&state.db, limit, key, now_ms()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(limited)) => Err(limited.into_response()),
        Err(err) => Err(ApiError::from(err).into_response()),
    }
}

/// Extractors for limits kept per signed-in account rather than per client
/// address (so a person cannot spread their requests over addresses). They
/// need a session: without one they answer 401 as `Session` does.
pub struct RecoveryCodesRenewalLimit;
pub struct VerificationMailLimit;

macro_rules! account_limit_extractor {
    ($name:ident, $limit:expr) => {
        impl FromRequestParts<AppState> for $name {
            type Rejection = Response;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, Response> {
                let session =
                    <crate::auth::Session as FromRequestParts<AppState>>::from_request_parts(
                        parts, state,
                    )
                    .await
                    .map_err(IntoResponse::into_response)?;
                spend(state, $limit, &format!("account:{}", session.actor.id)).await?;
                Ok($name)
            }
        }
    };
}

account_limit_extractor!(RecoveryCodesRenewalLimit, Limit::RecoveryCodesRenewal);
account_limit_extractor!(VerificationMailLimit, Limit::VerificationMail);
