//! CORS for the configured browser origins, and the per-client rate limit.
//!
//! Invariants: only an allowed `Origin` is ever echoed in
//! `Access-Control-Allow-Origin` (never `*`, because credentials are allowed);
//! a preflight from an allowed origin is answered here without reaching a
//! route, one from any other origin gets 403 without CORS headers; requests
//! over the rate get 429 with `Retry-After` in the shape of their route family.

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::{self, now_unix};
use crate::store::AppState;

const ALLOW_METHODS: &str = "GET, POST, DELETE, OPTIONS";
const ALLOW_HEADERS: &str = "accept, content-type, authorization, x-okta-user-agent-extended, dpop";
const EXPOSE_HEADERS: &str = "www-authenticate, dpop-nonce, retry-after, x-rate-limit-limit, x-rate-limit-remaining, x-rate-limit-reset";

/// CORS middleware.
pub async fn cors(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Some(origin) = origin else {
        return next.run(req).await;
    };
    let allowed = app.config.origin_allowed(&origin);
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        if !allowed {
            return StatusCode::FORBIDDEN.into_response();
        }
        let mut resp = StatusCode::OK.into_response();
        let h = resp.headers_mut();
        add_origin(h, &origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        return resp;
    }
    let mut resp = next.run(req).await;
    if allowed {
        let h = resp.headers_mut();
        add_origin(h, &origin);
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        );
    }
    resp
}

fn add_origin(h: &mut axum::http::HeaderMap, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
}

/// Fixed one-minute windows per client (peer IP when known).
pub async fn rate_limit(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let limit = app.config.rate_limit_per_minute;
    let path = req.uri().path().to_owned();
    let limited_route = path.starts_with("/idp/") || path.starts_with("/oauth2/");
    if limit == 0 || !limited_route || req.method() == Method::OPTIONS {
        return next.run(req).await;
    }
    let client = req
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "local".to_owned());
    let now = now_unix();
    let (count, reset) = {
        let mut store = app.store();
        let entry = store.rate.entry(client).or_insert((now, 0));
        if now >= entry.0 + 60 {
            *entry = (now, 0);
        }
        entry.1 += 1;
        (entry.1, entry.0 + 60)
    };
    let remaining = limit.saturating_sub(count);
    let mut resp = if count > limit {
        let retry = reset.saturating_sub(now).max(1);
        let mut r = if path.starts_with("/idp/") {
            http::idx(
                StatusCode::TOO_MANY_REQUESTS,
                http::idx_error_body("tooManyRequests", "Too many requests"),
            )
        } else {
            http::classic_error(
                StatusCode::TOO_MANY_REQUESTS,
                "E0000047",
                "API call exceeded rate limit due to too many requests.",
            )
        };
        if let Ok(v) = HeaderValue::from_str(&retry.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    } else {
        next.run(req).await
    };
    let h = resp.headers_mut();
    for (name, value) in [
        ("x-rate-limit-limit", limit.to_string()),
        ("x-rate-limit-remaining", remaining.to_string()),
        ("x-rate-limit-reset", reset.to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    resp
}

/// Logs method, path (never the query, which may hold an `id_token_hint`) and status.
pub async fn log(req: Request<Body>, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let resp = next.run(req).await;
    // Control API paths carry usernames only; IDX/OAuth paths carry no secrets.
    eprintln!(
        "idx-emulator: {method} {path} -> {}",
        resp.status().as_u16()
    );
    resp
}
