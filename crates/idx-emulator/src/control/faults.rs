//! The fault switches of the control API: `POST /emulator/api/faults` sets
//! one, `DELETE /emulator/api/faults` clears all, `DELETE
//! /emulator/api/faults/{kind}` clears one, `GET` lists them.
//!
//! Invariants: only a known kind and a count of at least one are accepted;
//! the answer shows the fault as stored.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::reply::bad_request;
use crate::faults::{Fault, KINDS};
use crate::http::{self, parse_object};
use crate::store::AppState;

/// `POST /emulator/api/faults` with a [`Fault`] as JSON.
pub(super) async fn set(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let value = match parse_object(&headers, &body) {
        Ok(m) => Value::Object(m),
        Err(e) => return bad_request(e.to_string()),
    };
    let fault: Fault = match serde_json::from_value(value) {
        Ok(f) => f,
        Err(e) => return bad_request(format!("expected {{\"kind\",\"fault\",...}}: {e}")),
    };
    if !KINDS.contains(&fault.kind.as_str()) {
        return bad_request(format!("unknown kind {:?}; one of {KINDS:?}", fault.kind));
    }
    if fault.count == Some(0) {
        return bad_request("count must be at least 1".into());
    }
    let described = fault.describe();
    app.store().faults.set(fault);
    http::json(StatusCode::OK, described)
}

/// `DELETE /emulator/api/faults`.
pub(super) async fn clear(State(app): State<AppState>) -> Response {
    app.store().faults.clear();
    http::json(StatusCode::OK, json!({ "cleared": true }))
}

/// `DELETE /emulator/api/faults/{kind}`.
pub(super) async fn clear_one(State(app): State<AppState>, Path(kind): Path<String>) -> Response {
    let removed = app.store().faults.clear_one(&kind);
    http::json(StatusCode::OK, json!({ "cleared": removed }))
}

/// `GET /emulator/api/faults`.
pub(super) async fn list(State(app): State<AppState>) -> Response {
    let list = app.store().faults.describe_all();
    http::json(StatusCode::OK, Value::Array(list))
}
