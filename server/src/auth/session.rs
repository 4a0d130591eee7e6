//! Server-side sessions in the database, so several server instances can
//! share them. The cookie holds 256 random bits; the table holds only their
//! SHA-256. A session ends after [`IDLE_TIMEOUT_SECS`] without use and at the
//! latest [`ABSOLUTE_LIFETIME_SECS`] after sign-in.

use crate::auth::accounts;
use crate::db::{now, Db};
use crate::error::ApiError;
use crate::policy::Actor;
use crate::setup::{hash_token, new_token};
use crate::state::AppState;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use std::net::IpAddr;
use uuid::Uuid;

/// Long enough for an afternoon of writing; drafts are kept locally anyway.
pub const IDLE_TIMEOUT_SECS: i64 = 8 * 60 * 60;
/// A stolen cookie is useless after this, however actively it is used.
pub const ABSOLUTE_LIFETIME_SECS: i64 = 7 * 24 * 60 * 60;
/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_INTERVAL_SECS: i64 = 60;

/// `__Host-` makes browsers refuse the cookie unless it is Secure, host-only
/// and for path `/`; it only works over https.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-rj_session"
    } else {
        "rj_session"
    }
}

/// The signed-in person behind a request. As an extractor it answers 401
/// with the JSON error when there is no valid session; use
/// `Option<Session>` where signing in is optional.
#[derive(Clone, Debug)]
pub struct Session {
    pub actor: Actor,
    /// Whether the actor's address is verified: only then are records
    /// matched to them by e-mail (`Session::verified_email`).
    pub email_verified: bool,
    pub(crate) id_hash: String,
}

impl Session {
    /// The address to match registrations, invoices and certificates by:
    /// none until the owner of the address confirmed it.
    pub fn verified_email(&self) -> Option<&str> {
        self.email_verified.then_some(self.actor.email.as_str())
    }
}

pub fn unauthorized() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Je bent niet ingelogd. Log in en probeer het opnieuw.",
    )
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(session) = parts.extensions.get::<Session>() {
            return Ok(session.clone());
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(token) = jar.get(cookie_name(state.secure_cookies)) else {
            return Err(unauthorized());
        };
        let session = load(&state.db, token.value())
            .await?
            .ok_or_else(unauthorized)?;
        parts.extensions.insert(session.clone());
        Ok(session)
    }
}

impl OptionalFromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        match <Session as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(s) => Ok(Some(s)),
            Err(e) if e.status() == StatusCode::UNAUTHORIZED => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Looks a cookie value up; expired sessions are deleted on sight.
pub async fn load(db: &Db, token: &str) -> Result<Option<Session>, sqlx::Error> {
    let id_hash = hash_token(token);
    let now = now();
    // One round trip for the session, its account and the account's roles
    // (a row per role; every request that needs a session pays it).
    type Joined = (
        String,
        i64,
        i64,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<String>,
    );
    let rows: Vec<Joined> = sqlx::query_as(&format!(
        "SELECT s.user_id, s.last_seen_at, s.expires_at, {} FROM sessions s \
         LEFT JOIN users u ON u.id = s.user_id \
         LEFT JOIN user_roles r ON r.user_id = s.user_id WHERE s.id_hash = $1",
        accounts::ACCOUNT_COLUMNS
    ))
    .bind(&id_hash)
    .fetch_all(&db.pool)
    .await?;
    let Some(&(ref user_id, last_seen, expires_at, ..)) = rows.first() else {
        return Ok(None);
    };
    if expires_at <= now || last_seen + IDLE_TIMEOUT_SECS <= now {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(&id_hash)
            .execute(&db.pool)
            .await?;
        return Ok(None);
    }
    let Ok(user_id) = Uuid::parse_str(user_id) else {
        return Ok(None);
    };
    let account_rows = rows
        .into_iter()
        .map(|(_, _, _, name, email, verified_at, role)| (name, email, verified_at, role));
    let Some(account) = accounts::Account::from_rows(user_id, account_rows) else {
        return Ok(None);
    };
    if now - last_seen >= TOUCH_INTERVAL_SECS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(&id_hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(Some(Session {
        email_verified: account.email_verified,
        actor: account.into_actor(),
        id_hash,
    }))
}

/// Starts a fresh session (a new id at every sign-in, so an id planted
/// before sign-in is worthless) and returns the cookie to set. An earlier
/// session presented with the request is ended.
pub async fn start(
    state: &AppState,
    jar: CookieJar,
    user_id: Uuid,
    ip: Option<IpAddr>,
) -> Result<CookieJar, sqlx::Error> {
    let name = cookie_name(state.secure_cookies);
    if let Some(old) = jar.get(name) {
        end(&state.db, &hash_token(old.value())).await?;
    }
    let token = new_token();
    let now = now();
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip) \
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(hash_token(&token))
    .bind(user_id.to_string())
    .bind(now)
    .bind(now + ABSOLUTE_LIFETIME_SECS)
    .bind(ip.map(|i| i.to_string()))
    .execute(&state.db.pool)
    .await?;
    let cookie = Cookie::build((name, token))
        .path("/")
        .http_only(true)
        .secure(state.secure_cookies)
        .same_site(SameSite::Lax)
        .max_age(time_secs(ABSOLUTE_LIFETIME_SECS))
        .build();
    Ok(jar.add(cookie))
}

pub fn clear_cookie(state: &AppState, jar: CookieJar) -> CookieJar {
    let cookie = Cookie::build((cookie_name(state.secure_cookies), ""))
        .path("/")
        .http_only(true)
        .secure(state.secure_cookies)
        .same_site(SameSite::Lax)
        .build();
    jar.remove(cookie)
}

pub async fn end(db: &Db, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn end_all(db: &Db, user_id: Uuid) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

fn time_secs(secs: i64) -> time::Duration {
    time::Duration::seconds(secs)
}
