//! Test harness: a real database per test (a fresh SQLite file, or a fresh
//! PostgreSQL database when TEST_DATABASE_URL points at a server) and the
//! real router, called in-process.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use server::config::Config;
use server::db::Db;
use server::state::AppState;
use tower::ServiceExt;

pub const ORIGIN: &str = "http://localhost:3000";

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    _dir: Option<tempfile::TempDir>,
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
}

impl TestApp {
    pub async fn new() -> TestApp {
        let (url, dir) = match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                (fresh_postgres(&admin_url).await, None)
            }
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}/test.db", dir.path().display());
                (url, Some(dir))
            }
        };
        let db = Db::connect(&url).await.expect("connect and migrate");
        let config = Config::for_tests(&url);
        let router = server::routes::router(AppState::new(db.clone(), &config));
        TestApp {
            router,
            db,
            _dir: dir,
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

/// Creates a database of its own for one test, so tests run in parallel.
async fn fresh_postgres(admin_url: &str) -> String {
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
    format!("{base}/{name}")
}
