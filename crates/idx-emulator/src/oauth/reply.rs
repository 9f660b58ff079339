//! The OAuth error answers several endpoints share, and the `no-store`
//! headers of token responses.
//!
//! Invariants: every error is `{error, error_description}` with a 4xx
//! status (RFC 6749 5.2); descriptions are Okta's recorded texts and never
//! echo a token, code or verifier.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::http::{BodyError, oauth_error};

/// 401 `invalid_client`: not the registered client.
pub(super) fn invalid_client() -> Response {
    oauth_error(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "Invalid value for 'client_id' parameter.",
    )
}

/// 400 `invalid_request` for a body that is not usable.
pub(super) fn body_error(e: &BodyError) -> Response {
    match e {
        BodyError::UnsupportedContentType => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The request must use Content-Type application/x-www-form-urlencoded.",
        ),
        BodyError::Malformed => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The request body was not well-formed.",
        ),
    }
}

/// 400 `invalid_grant` with `desc`.
pub(super) fn invalid_grant(desc: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", desc)
}

/// Marks a token response as not to be cached (RFC 6749 5.1).
pub(super) fn no_store(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    resp
}
