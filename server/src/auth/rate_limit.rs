//! Per-address limits on the endpoints that guess at secrets or create
//! accounts, kept in the database (`rate_limits`, migration 0022) so that
//! every server instance on one database draws from the same budget and a
//! restart forgets nothing.
//!
//! The algorithm is GCRA, the one governor used when the limits lived in
//! memory: a burst of `burst` requests, then one more every `period`. Each
//! (limit, client) pair is one row holding its "theoretical arrival time"
//! (TAT, UTC unix milliseconds). A request at `now` is allowed when
//! `max(tat, now) + period - burst * period <= now`, and then moves the TAT
//! to `max(tat, now) + period`; both happen in one `INSERT … ON CONFLICT
//! DO UPDATE … WHERE … RETURNING` statement, atomic on SQLite and on
//! PostgreSQL (which locks the row), so concurrent instances cannot both
//! spend the last token. Unlike a fixed window there is no boundary at which
//! twice the burst gets through, and the quotas are exactly the old ones.
//!
//! A row whose TAT is in the past means the same as no row, so expired rows
//! are deleted now and then (at most once a minute per instance, on the
//! next limited request) without changing any decision. Instances take
//! `now` from their own clock: keep their clocks synchronised (NTP), as
//! sessions already require.

use crate::db::Db;
use crate::error::ApiError;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicI64, Ordering};

pub use super::quotas::{
    Quota, Quotas, RECOVERY_BURST, RECOVERY_CODES_RENEWAL_BURST, SIGNING_BURST, SIGN_IN_BURST,
    SIGN_UP_BURST, VERIFICATION_MAIL_BURST,
};

/// Which limit a request counts against; its name is the `bucket` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    SignUp,
    SignIn,
    Recovery,
    RecoveryCodesRenewal,
    VerificationMail,
    Signing,
}

impl Limit {
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::SignUp => "sign_up",
            Limit::SignIn => "sign_in",
            Limit::Recovery => "recovery",
            Limit::RecoveryCodesRenewal => "recovery_codes_renewal",
            Limit::VerificationMail => "verification_mail",
            Limit::Signing => "signing",
        }
    }
}

/// Expired rows are swept at most this often per instance.
pub const SWEEP_EVERY_MS: i64 = 60_000;

/// The quotas and this instance's sweep bookkeeping; the counts themselves
/// are in the database.
#[derive(Debug)]
pub struct RateLimits {
    quotas: Quotas,
    last_sweep_ms: AtomicI64,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits::new(Quotas::default())
    }
}

impl RateLimits {
    pub fn new(quotas: Quotas) -> Self {
        RateLimits {
            quotas,
            last_sweep_ms: AtomicI64::new(i64::MIN),
        }
    }

    pub fn quota(&self, limit: Limit) -> Quota {
        match limit {
            Limit::SignUp => self.quotas.sign_up,
            Limit::SignIn => self.quotas.sign_in,
            Limit::Recovery => self.quotas.recovery,
            Limit::RecoveryCodesRenewal => self.quotas.recovery_codes_renewal,
            Limit::VerificationMail => self.quotas.verification_mail,
            Limit::Signing => self.quotas.signing,
        }
    }

    /// Counts one request of `key` against `limit` at `now_ms`: `Ok(())`
    /// when allowed, `Err(Limited)` (with the wait) when the budget is spent.
    pub async fn hit(
        &self,
        db: &Db,
        limit: Limit,
        key: &str,
        now_ms: i64,
    ) -> Result<Result<(), Limited>, sqlx::Error> {
        self.sweep_now_and_then(db, now_ms).await?;
        let quota = self.quota(limit);
        let period = quota.period_ms();
        let tolerance = period.saturating_mul(i64::from(quota.burst));
        // $3 now, $4 period, $5 burst * period. A new row is always allowed
        // (burst >= 1); an existing one only when the condition holds, and
        // otherwise stays as it was and returns no row.
        let allowed: Option<i64> = sqlx::query_scalar(
            "INSERT INTO rate_limits (bucket, key, tat_ms) VALUES ($1, $2, $3 + $4) \
             ON CONFLICT (bucket, key) DO UPDATE SET \
               tat_ms = (CASE WHEN rate_limits.tat_ms > $3 THEN rate_limits.tat_ms ELSE $3 END) + $4 \
             WHERE (CASE WHEN rate_limits.tat_ms > $3 THEN rate_limits.tat_ms ELSE $3 END) + $4 - $5 <= $3 \
             RETURNING tat_ms",
        )
        .bind(limit.as_str())
        .bind(key)
        .bind(now_ms)
        .bind(period)
        .bind(tolerance)
        .fetch_optional(&db.pool)
        .await?;
        if allowed.is_some() {
            return Ok(Ok(()));
        }
        // Refused, so the stored TAT is in the future; the next request is
        // allowed once `tat + period - burst * period <= now`.
        let tat: Option<i64> =
            sqlx::query_scalar("SELECT tat_ms FROM rate_limits WHERE bucket = $1 AND key = $2")
                .bind(limit.as_str())
                .bind(key)
                .fetch_optional(&db.pool)
                .await?;
        let wait_ms = tat
            .map_or(0, |tat| tat + period - tolerance - now_ms)
            .max(0);
        let retry_after_secs = u64::try_from(wait_ms).unwrap_or(0).div_ceil(1000).max(1);
        Ok(Err(Limited { retry_after_secs }))
    }

    /// Deletes rows whose TAT has passed (they decide nothing any more), at
    /// most once every `SWEEP_EVERY_MS` on this instance.
    async fn sweep_now_and_then(&self, db: &Db, now_ms: i64) -> Result<(), sqlx::Error> {
        let last = self.last_sweep_ms.load(Ordering::Relaxed);
        if now_ms.saturating_sub(last) < SWEEP_EVERY_MS
            || self
                .last_sweep_ms
                .compare_exchange(last, now_ms, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return Ok(());
        }
        sweep(db, now_ms).await
    }
}

/// Deletes every row whose TAT is before `now_ms`.
pub async fn sweep(db: &Db, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_limits WHERE tat_ms < $1")
        .bind(now_ms)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Current time as UTC unix milliseconds (GCRA needs finer steps than the
/// seconds used for stored instants elsewhere).
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The 429 answer: the API's error shape plus Retry-After.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
