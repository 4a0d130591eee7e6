//! How a request travels: security headers and request id first, then the
//! JSON API under `/api`, the server-rendered pages, and static files.

use crate::state::AppState;
use crate::{api, assets, auth, security_headers};
use app::{shell, App};
use axum::http::{HeaderName, Request};
use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// What pages rendered on the server may read besides the request: the
/// register lookup of `/register/:number` (dossier), so that page arrives
/// complete.
fn page_context(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || leptos::prelude::provide_context(crate::api::register::page_lookup(state.clone()))
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn router(state: AppState) -> Router {
    let leptos_routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let transport = security_headers::Transport::for_origin(&state.public_origin);

    Router::new()
        .nest("/api", api::router(state.clone()))
        .leptos_routes_with_context(
            &state,
            leptos_routes,
            page_context(state.clone()),
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback_service(assets::service(&state))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::origin::check,
        ))
        .with_state(state)
        .layer(axum::middleware::from_fn(assets::cache_headers))
        .layer(axum::middleware::from_fn_with_state(
            transport,
            security_headers::set,
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get(&REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                // Path only: query strings may carry tokens. Signing links'
                // tokens are in the path of their API calls, so that path
                // is logged without them.
                let path = crate::api::declarations_log_path(req.uri().path());
                tracing::info_span!("request", method = %req.method(), path = %path, request_id = %id)
            }),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}
