//! The shapes of the control API's own answers (not Okta's): a JSON error
//! `{error, error_description}` with its status.
//!
//! Invariants: a description names what is missing or wrong, never a
//! secret value.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::http;

/// 404: `what` does not exist (an unknown user, no pending push, ...).
pub(super) fn not_found(what: &str) -> Response {
    http::json(
        StatusCode::NOT_FOUND,
        json!({ "error": "not_found", "error_description": what }),
    )
}

/// 400: the request is not what the route expects.
pub(super) fn bad_request(desc: String) -> Response {
    http::json(
        StatusCode::BAD_REQUEST,
        json!({ "error": "invalid_request", "error_description": desc }),
    )
}
