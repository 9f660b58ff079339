//! The hostile-server switches of the control API.
//!
//! `POST /emulator/api/id-token-defect` with `{"defect": "..."}` makes the next
//! ID token minted by `/v1/token` bad in exactly one way, so a client can be
//! shown to reject each case; `GET` shows the armed defect, `DELETE` disarms.
//! `GET /emulator/api/requests` lists the IDX and OAuth requests served since
//! the last reset (kind, method, status, injected fault), so a test can prove
//! a step was submitted once; `DELETE` empties the log.
//!
//! Invariants: only a known defect can be armed; the log shown is the one
//! kept (no bodies, handles, codes or tokens).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::reply::bad_request;
use crate::http::{self, parse_object};
use crate::store::AppState;
use crate::tamper::IdTokenDefect;

fn describe(defect: Option<IdTokenDefect>) -> Value {
    json!({ "defect": defect.map(IdTokenDefect::name) })
}

/// `POST /emulator/api/id-token-defect` with `{"defect": "..."}`.
pub(super) async fn set_defect(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let names: Vec<&str> = IdTokenDefect::ALL.iter().map(|d| d.name()).collect();
    let map = match parse_object(&headers, &body) {
        Ok(m) => m,
        Err(e) => return bad_request(e.to_string()),
    };
    let defect: IdTokenDefect = match map.get("defect").cloned().map(serde_json::from_value) {
        Some(Ok(d)) => d,
        _ => return bad_request(format!("expected {{\"defect\": one of {names:?}}}")),
    };
    app.store().tamper.id_token_defect = Some(defect);
    http::json(StatusCode::OK, describe(Some(defect)))
}

/// `GET /emulator/api/id-token-defect`.
pub(super) async fn get_defect(State(app): State<AppState>) -> Response {
    let defect = app.store().tamper.id_token_defect;
    http::json(StatusCode::OK, describe(defect))
}

/// `DELETE /emulator/api/id-token-defect`.
pub(super) async fn clear_defect(State(app): State<AppState>) -> Response {
    app.store().tamper.id_token_defect = None;
    http::json(StatusCode::OK, describe(None))
}

/// `GET /emulator/api/requests`.
pub(super) async fn list_requests(State(app): State<AppState>) -> Response {
    let log = app.store().tamper.log.clone();
    http::json(StatusCode::OK, json!(log))
}

/// `DELETE /emulator/api/requests`.
pub(super) async fn clear_requests(State(app): State<AppState>) -> Response {
    app.store().tamper.log.clear();
    http::json(StatusCode::OK, json!({ "cleared": true }))
}
