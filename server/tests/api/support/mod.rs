//! Test harness: a real database per test (a fresh SQLite file, or a fresh
//! PostgreSQL database when TEST_DATABASE_URL points at a server) and the
//! real router, called in-process.
#![allow(dead_code)]

pub mod authenticator;
// Complete portfolio content for submitting (assessment helper).
pub mod content;
pub mod poppler;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use server::config::Config;
use server::db::Db;
use server::state::AppState;
use tower::ServiceExt;

pub use authenticator::SoftAuthenticator;

pub const ORIGIN: &str = "http://localhost:3000";

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    /// The configuration the router was built with (database URL included).
    pub config: Config,
    /// The router's state: its mailer's outbox holds what was not e-mailed.
    pub state: AppState,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgDatabase>,
}

/// Rate limits no test run reaches, for tests about something else that
/// make many accounts and requests.
pub fn roomy_quotas(c: &mut Config) {
    use server::auth::rate_limit::{Quota, Quotas};
    let roomy = Quota::new(1_000_000, std::time::Duration::from_millis(1));
    c.rate_limits = Quotas {
        sign_up: roomy,
        sign_in: roomy,
        recovery: roomy,
        recovery_codes_renewal: roomy,
        verification_mail: roomy,
        signing: roomy,
    };
}

/// A test's own PostgreSQL database, dropped when the test ends: some 400
/// tests each leave a migrated database behind otherwise, and CI's disk
/// filled up with them ("No space left on device" in CREATE DATABASE).
struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime, which cannot block on itself:
        // a thread of its own with a small runtime does the dropping.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                use sqlx::Executor;
                let pool = sqlx::AnyPool::connect(&admin_url).await?;
                // FORCE: the app's pools and background tasks may still hold
                // connections while the test unwinds.
                pool.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                    .await?;
                pool.close().await;
                Ok::<_, sqlx::Error>(())
            })
        })
        .join();
        if let Ok(Err(e)) = dropped {
            eprintln!("could not drop test database: {e}");
        }
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The session cookie this reply sets, as `name=value` for a Cookie header.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.contains("rj_session=") && !v.contains("rj_session=;"))
            .and_then(|v| v.split(';').next())
            .map(str::to_string)
    }

    /// Asserts the API's error shape and returns the error code.
    pub fn error_code(&self) -> String {
        let json = self.json();
        let message = json["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "error without message: {json}");
        json["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {json}"))
            .to_string()
    }

    /// The Dutch message of an API error, to check which field it names.
    pub fn error_message(&self) -> String {
        let json = self.json();
        json["error"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("no error message in {json}"))
            .to_string()
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    /// A test app on a fresh database whose configuration `configure` may
    /// change first (e.g. shorter rate-limit quotas).
    pub async fn with_config(configure: impl FnOnce(&mut Config)) -> TestApp {
        let (url, dir, pg) = match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                let (url, name) = fresh_postgres(&admin_url).await;
                (url, None, Some(PgDatabase { admin_url, name }))
            }
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}/test.db", dir.path().display());
                (url, Some(dir), None)
            }
        };
        let mut config = Config::for_tests(&url);
        configure(&mut config);
        let mut app = Self::instance(config).await;
        app._dir = dir;
        app._pg = pg;
        app
    }

    /// Another server instance on this app's database, as a second process
    /// behind a load balancer would be: its own pool and state, same data.
    /// The first app must outlive it (it owns a SQLite database's folder).
    pub async fn second_instance(&self) -> TestApp {
        Self::instance(self.config.clone()).await
    }

    async fn instance(config: Config) -> TestApp {
        let db = Db::connect(&config.database_url)
            .await
            .expect("connect and migrate");
        let state = AppState::new(db.clone(), &config);
        let router = server::routes::router(state.clone());
        TestApp {
            router,
            db,
            config,
            state,
            _dir: None,
            _pg: None,
        }
    }

    pub async fn request(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    /// The number a `SELECT COUNT(*) …` answers, to see what was stored.
    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.request(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// A JSON request from the app's own origin, as a browser would send it.
    pub async fn send_json(&self, method: Method, path: &str, body: &Value) -> Reply {
        self.request(
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ORIGIN, ORIGIN)
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.send_json(Method::POST, path, body).await
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: impl Into<Body>) -> Reply {
        self.request(
            Request::post(path)
                .header(header::CONTENT_TYPE, content_type)
                .header(header::ORIGIN, ORIGIN)
                .body(body.into())
                .unwrap(),
        )
        .await
    }
}

/// A person in a test: their software authenticator, session cookie and
/// what sign-up told them.
pub struct User {
    pub id: String,
    pub email: String,
    pub cookie: Option<String>,
    pub authenticator: SoftAuthenticator,
    pub recovery_codes: Vec<String>,
}

impl TestApp {
    /// A request as the app's own pages send it: JSON, our Origin, and the
    /// session cookie when given.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        cookie: Option<&str>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::ORIGIN, ORIGIN);
        if let Some(cookie) = cookie {
            req = req.header(header::COOKIE, cookie);
        }
        let req = match body {
            Some(body) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => req.body(Body::empty()),
        };
        self.request(req.unwrap()).await
    }

    /// GET or POST etc. as a signed-in user.
    pub async fn as_user(
        &self,
        user: &User,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Reply {
        self.call(method, path, body, user.cookie.as_deref()).await
    }

    /// Runs a registration ceremony (`kind`: signup, invitation, setup) with
    /// `authenticator` and returns the finish reply.
    pub async fn register(
        &self,
        kind: &str,
        name: &str,
        email: &str,
        token: Option<&str>,
        authenticator: &mut SoftAuthenticator,
    ) -> Reply {
        let mut body = serde_json::json!({"name": name, "email": email});
        if let Some(token) = token {
            body["token"] = token.into();
        }
        // The sign-up page's privacy checkbox (dossier).
        if kind == "signup" {
            body["privacy_version"] = shared::privacy_statement::VERSION.into();
        }
        let start = self
            .call(
                Method::POST,
                &format!("/api/auth/{kind}/start"),
                Some(&body),
                None,
            )
            .await;
        assert_eq!(
            start.status,
            StatusCode::OK,
            "{kind} start: {}",
            start.text()
        );
        let start = start.json();
        let credential = authenticator.register(ORIGIN, &start["options"]);
        self.call(
            Method::POST,
            &format!("/api/auth/{kind}/finish"),
            Some(&serde_json::json!({
                "challenge_id": start["challenge_id"],
                "credential": credential,
            })),
            None,
        )
        .await
    }

    fn user_from(reply: &Reply, email: &str, authenticator: SoftAuthenticator) -> User {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let body = reply.json();
        User {
            id: body["user"]["id"].as_str().expect("user id").to_string(),
            email: email.to_string(),
            cookie: Some(reply.session_cookie().expect("session cookie")),
            authenticator,
            recovery_codes: body["recovery_codes"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// A candidate who signed up at /registreren and followed the link in
    /// the verification mail, signed in.
    pub async fn sign_up(&self, name: &str, email: &str) -> User {
        let user = self.sign_up_unverified(name, email).await;
        let token = self
            .verification_token(email)
            .expect("a verification link was sent");
        let reply = self.verify_email(&token).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        user
    }

    /// A candidate who signed up but has not confirmed their address.
    pub async fn sign_up_unverified(&self, name: &str, email: &str) -> User {
        let mut authenticator = SoftAuthenticator::new();
        let reply = self
            .register("signup", name, email, None, &mut authenticator)
            .await;
        Self::user_from(&reply, email, authenticator)
    }

    /// Everything that was "sent" (not e-mailed: the tests have no SMTP).
    pub fn outbox(&self) -> Vec<server::mail::OutboxMail> {
        self.state.mailer.outbox()
    }

    /// The token of the newest verification link mailed to `email`.
    pub fn verification_token(&self, email: &str) -> Option<String> {
        self.outbox()
            .into_iter()
            .rev()
            .filter(|m| m.to.as_deref() == Some(email) && m.kind == "e-mailbevestiging")
            .find_map(|m| {
                let (_, rest) = m.body.split_once("/e-mail-bevestigen#token=")?;
                Some(rest.chars().take_while(char::is_ascii_hexdigit).collect())
            })
    }

    /// Follows a verification link (no session needed).
    pub async fn verify_email(&self, token: &str) -> Reply {
        self.call(
            Method::POST,
            "/api/auth/verify-email",
            Some(&serde_json::json!({ "token": token })),
            None,
        )
        .await
    }

    /// The first admin, registered through the set-up link.
    pub async fn first_admin(&self) -> User {
        let token = server::setup::issue_if_needed(&self.db)
            .await
            .unwrap()
            .expect("not set up yet");
        let mut authenticator = SoftAuthenticator::new();
        let reply = self
            .register(
                "setup",
                "Beheerder",
                "beheer@example.nl",
                Some(&token),
                &mut authenticator,
            )
            .await;
        Self::user_from(&reply, "beheer@example.nl", authenticator)
    }

    /// An invitation link's token, created by `admin`.
    pub async fn invite(&self, admin: &User, role: &str) -> String {
        let reply = self
            .as_user(
                admin,
                Method::POST,
                "/api/admin/invitations",
                Some(&serde_json::json!({"role": role})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        let link = reply.json()["link"].as_str().expect("link").to_string();
        link.split("#token=").nth(1).expect("token").to_string()
    }

    /// Someone who joined through an invitation for `role`.
    pub async fn invited(&self, admin: &User, role: &str, name: &str, email: &str) -> User {
        let token = self.invite(admin, role).await;
        let mut authenticator = SoftAuthenticator::new();
        let reply = self
            .register("invitation", name, email, Some(&token), &mut authenticator)
            .await;
        Self::user_from(&reply, email, authenticator)
    }

    /// A passkey sign-in ceremony; returns the finish reply.
    pub async fn sign_in_with(&self, authenticator: &mut SoftAuthenticator) -> Reply {
        let start = self
            .call(
                Method::POST,
                "/api/auth/login/start",
                Some(&serde_json::json!({})),
                None,
            )
            .await;
        assert_eq!(start.status, StatusCode::OK, "{}", start.text());
        let start = start.json();
        let credential = authenticator.authenticate(ORIGIN, &start["options"]);
        self.call(
            Method::POST,
            "/api/auth/login/finish",
            Some(&serde_json::json!({
                "challenge_id": start["challenge_id"],
                "credential": credential,
            })),
            None,
        )
        .await
    }

    /// A new portfolio of `kind` (initial, recertification) for `user`; its id.
    pub async fn create_portfolio(&self, user: &User, kind: &str) -> String {
        let reply = self
            .as_user(
                user,
                Method::POST,
                "/api/portfolios",
                Some(&serde_json::json!({ "account_id": user.id, "kind": kind })),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        reply.json()["id"]
            .as_str()
            .expect("portfolio id")
            .to_string()
    }

    /// Signs `user` in again and keeps the new session cookie.
    pub async fn sign_in(&self, user: &mut User) {
        let reply = self.sign_in_with(&mut user.authenticator).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        user.cookie = Some(reply.session_cookie().expect("session cookie"));
    }
}

/// Creates a database of its own for one test, so tests run in parallel;
/// its URL and name.
async fn fresh_postgres(admin_url: &str) -> (String, String) {
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let pool = sqlx::AnyPool::connect(admin_url)
        .await
        .expect("postgres reachable");
    pool.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create test database");
    pool.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(admin_url);
    (format!("{base}/{name}"), name)
}

// --- dossier: another instance with its own configuration (key rotation).
impl TestApp {
    /// Another server instance on this app's database whose configuration
    /// `configure` changes first, as after an operator's restart with new
    /// settings. The first app must outlive it.
    pub async fn instance_with(&self, configure: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = self.config.clone();
        configure(&mut config);
        Self::instance(config).await
    }
}
