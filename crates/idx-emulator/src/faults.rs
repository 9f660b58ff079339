//! Fault injection (control API `/emulator/api/faults`): not implemented yet.
//!
//! Invariants: with no fault configured every request is served normally.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

/// Injected faults by request kind.
#[derive(Debug, Default)]
pub struct Faults {}

fn not_yet() -> Response {
    crate::http::json(
        StatusCode::NOT_IMPLEMENTED,
        json!({ "error": "not_implemented", "error_description": "fault injection is not available yet" }),
    )
}

/// `POST /emulator/api/faults`.
pub async fn set() -> Response {
    not_yet()
}

/// `DELETE /emulator/api/faults`.
pub async fn clear() -> Response {
    not_yet()
}

/// `GET /emulator/api/faults`.
pub async fn list() -> Response {
    not_yet()
}
