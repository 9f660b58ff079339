//! The per-client rate limit of the IDX and OAuth routes: fixed one-minute
//! windows, Okta's `x-rate-limit-*` headers on every answer.
//!
//! Invariants: the control API and CORS preflights are never limited; a
//! limit of 0 means none; requests over the rate get 429 with `Retry-After`
//! in the shape of their route family (an IDX body on `/idp/`, Okta's
//! classic error on `/oauth2/`).

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::http::{self, now_unix};
use crate::store::AppState;

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
