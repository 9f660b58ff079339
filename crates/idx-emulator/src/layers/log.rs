//! The access log: one line per request on stderr.
//!
//! Invariants: a line carries method, path and status only, never the
//! query (it may hold an `id_token_hint` or a state token), a header or a
//! body.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

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
