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

/// Whose budget a request spends.
#[derive(Clone, Copy)]
enum Per {
    /// The client's address (IPv6 per /64, see `rate_limit_key`).
    Address,
    /// The signed-in account, so a person cannot spread their requests
    /// over addresses. Without a session the extractor answers 401 as
    /// `Session` does.
    Account,
}

/// Extractors that count the request against its bucket and reject it
/// with 429 (and Retry-After) when the bucket is empty. A handler opts in by
/// taking one as an argument.
pub struct SignUpLimit;
pub struct SignInLimit;
pub struct RecoveryLimit;
pub struct SigningLimit;
pub struct RecoveryCodesRenewalLimit;
pub struct VerificationMailLimit;

macro_rules! limit_extractor {
    ($name:ident, $limit:expr, $per:expr) => {
        impl FromRequestParts<AppState> for $name {
            type Rejection = Response;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, Response> {
                let key = bucket(state, $per, parts).await?;
                spend(state, $limit, &key).await?;
                Ok($name)
            }
        }
    };
}

limit_extractor!(SignUpLimit, Limit::SignUp, Per::Address);
limit_extractor!(SignInLimit, Limit::SignIn, Per::Address);
limit_extractor!(RecoveryLimit, Limit::Recovery, Per::Address);
limit_extractor!(SigningLimit, Limit::Signing, Per::Address);
limit_extractor!(
    RecoveryCodesRenewalLimit,
    Limit::RecoveryCodesRenewal,
    Per::Account
);
limit_extractor!(VerificationMailLimit, Limit::VerificationMail, Per::Account);

/// The bucket's key for this request.
async fn bucket(state: &AppState, per: Per, parts: &mut Parts) -> Result<String, Response> {
    match per {
        Per::Address => {
            // Requests without a peer address (in-process tests) share one bucket.
            let ip = client_ip(parts, state.trust_forwarded_for)
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
            Ok(rate_limit_key(ip))
        }
        Per::Account => {
            let session = <crate::auth::Session as FromRequestParts<AppState>>::from_request_parts(
                parts, state,
            )
            .await
            .map_err(IntoResponse::into_response)?;
            Ok(format!("account:{}", session.actor.id))
        }
    }
}

/// Takes one token from `key`'s bucket of `limit`, or answers 429.
async fn spend(state: &AppState, limit: Limit, key: &str) -> Result<(), Response> {
    match state.rate_limits.hit(&state.db, limit, key, now_ms()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(limited)) => Err(limited.into_response()),
        Err(err) => Err(ApiError::from(err).into_response()),
    }
}
