//! The quotas of the rate limits, as configuration: plain data, so that
//! `config` can hold them without depending on the limiter (which needs the
//! application state, which needs the configuration).

use std::time::Duration;

/// A burst of `burst` requests, then one more every `period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    pub burst: u32,
    pub period: Duration,
}

impl Quota {
    pub const fn new(burst: u32, period: Duration) -> Self {
        assert!(burst > 0, "a quota allows at least one request");
        assert!(period.as_millis() > 0, "a quota's period is at least 1 ms");
        Quota { burst, period }
    }

    pub(crate) fn period_ms(&self) -> i64 {
        i64::try_from(self.period.as_millis()).unwrap_or(i64::MAX / 2)
    }
}

/// Sign-up covers every way to create an account (sign-up, invitation,
/// set-up, affiliate registration); a ceremony is two requests (start,
/// finish).
pub const SIGN_UP_BURST: u32 = 10;
pub const SIGN_IN_BURST: u32 = 30;
/// Recovery codes are short secrets: few guesses.
pub const RECOVERY_BURST: u32 = 6;
/// Per account, not per address: a fresh set of recovery codes costs ten
/// Argon2 hashes, and a verification mail goes to someone's inbox.
pub const RECOVERY_CODES_RENEWAL_BURST: u32 = 3;
pub const VERIFICATION_MAIL_BURST: u32 = 3;
/// The public signing-link endpoints (`/api/declarations/{token}…`), per
/// client address: a signer opens, signs or declines a few times; the
/// 256-bit tokens cannot be guessed anyway, this bounds the load.
pub const SIGNING_BURST: u32 = 20;

/// The quotas of the three limits. Not an environment setting: the
/// defaults are the policy (SECURITY.md); tests shorten them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quotas {
    pub sign_up: Quota,
    pub sign_in: Quota,
    pub recovery: Quota,
    /// Keyed by account: `POST /api/me/recovery-codes`.
    pub recovery_codes_renewal: Quota,
    /// Keyed by account: `POST /api/me/verify-email` (send the link again).
    pub verification_mail: Quota,
    /// Per client address: the public signing-link endpoints.
    pub signing: Quota,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas {
            sign_up: Quota::new(SIGN_UP_BURST, Duration::from_secs(60)),
            sign_in: Quota::new(SIGN_IN_BURST, Duration::from_secs(4)),
            recovery: Quota::new(RECOVERY_BURST, Duration::from_secs(120)),
            recovery_codes_renewal: Quota::new(
                RECOVERY_CODES_RENEWAL_BURST,
                Duration::from_secs(60 * 60),
            ),
            verification_mail: Quota::new(VERIFICATION_MAIL_BURST, Duration::from_secs(10 * 60)),
            signing: Quota::new(SIGNING_BURST, Duration::from_secs(6)),
        }
    }
}
