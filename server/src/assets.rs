//! Static files: the wasm, scripts and styles cargo-leptos builds (hashed
//! names, so cached for a year) and the files of `public/`. Served
//! precompressed (brotli, gzip) when the browser accepts it.

use crate::state::AppState;
use app::shell;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::io::Write;
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use tower_http::services::ServeDir;

pub fn service(
    state: &AppState,
) -> impl tower::Service<
    Request,
    Response = Response,
    Error = std::convert::Infallible,
    Future = impl Send + 'static,
> + Clone
       + Send
       + Sync
       + 'static {
    let options = state.leptos_options.clone();
    let not_found = leptos_axum::render_app_to_stream(move || shell(options.clone()));
    let not_found = tower::service_fn(move |req: Request| {
        let render = not_found.clone();
        async move { Ok::<_, std::convert::Infallible>(render(req).await) }
    });
    ServeDir::new(state.leptos_options.site_root.as_ref())
        .precompressed_br()
        .precompressed_gzip()
        .not_found_service(not_found)
        .map_response(|res| res.map(Body::new))
}

/// Hashed build output never changes under its name; pages must always be
/// revalidated so a deployment reaches people at once.
pub async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let hashed = path.starts_with("/pkg/");
    // API answers are personal or change often; a handler that knows better
    // sets its own Cache-Control.
    let api = path.starts_with("/api/");
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let value = if api {
        "no-store"
    } else if is_html {
        "no-cache"
    } else if hashed && res.status().is_success() {
        "public, max-age=31536000, immutable"
    } else if res.status().is_success() {
        "public, max-age=3600"
    } else {
        "no-store"
    };
    res.headers_mut()
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(value));
    res
}

/// Writes `.br` and `.gz` siblings for the text and wasm files of the built
/// site, once per build (skipped when they are newer than their source).
pub async fn precompress(site_root: &str) -> std::io::Result<()> {
    let pkg = Path::new(site_root).join("pkg");
    if !pkg.is_dir() {
        return Ok(());
    }
    tokio::task::spawn_blocking(move || precompress_dir(&pkg))
        .await
        .map_err(std::io::Error::other)?
}

fn precompress_dir(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let compressible = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("js" | "wasm" | "css" | "json" | "svg" | "html" | "txt")
        );
        if path.is_file() && compressible {
            let data = std::fs::read(&path)?;
            write_if_stale(&path, "br", || {
                let mut out = Vec::new();
                let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
                writer.write_all(&data)?;
                drop(writer);
                Ok(out)
            })?;
            write_if_stale(&path, "gz", || {
                let mut enc =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                enc.write_all(&data)?;
                enc.finish()
            })?;
        }
    }
    Ok(())
}

fn write_if_stale(
    source: &Path,
    ext: &str,
    compress: impl FnOnce() -> std::io::Result<Vec<u8>>,
) -> std::io::Result<()> {
    let mut target = PathBuf::from(source).into_os_string();
    target.push(".");
    target.push(ext);
    let target = PathBuf::from(target);
    let fresh = match (std::fs::metadata(source), std::fs::metadata(&target)) {
        (Ok(s), Ok(t)) => t.modified()? >= s.modified()?,
        _ => false,
    };
    if !fresh {
        std::fs::write(&target, compress()?)?;
    }
    Ok(())
}
