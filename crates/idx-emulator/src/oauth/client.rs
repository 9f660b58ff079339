//! The registered client as the authorization server sees it: its scopes,
//! and how a request names it.
//!
//! Invariants: one public client
//! ([`DEMO_CLIENT_ID`](crate::config::DEMO_CLIENT_ID)) with no secret; a
//! request names it in the body or in `Authorization: Basic`; the scopes are
//! exactly those discovery advertises.

use axum::http::{HeaderMap, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use crate::http::str_field;

/// Scopes the authorization server knows.
pub(super) const SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "address",
    "phone",
    "offline_access",
];

/// Client id from the body or from `Authorization: Basic` (auth-js sends
/// `base64(client_id)` without a colon for public clients).
pub(super) fn client_id(headers: &HeaderMap, form: &Map<String, Value>) -> Option<String> {
    if let Some(id) = str_field(form, "client_id") {
        return Some(id.to_owned());
    }
    let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let b64 = auth.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(STANDARD.decode(b64.trim()).ok()?).ok()?;
    Some(decoded.split(':').next().unwrap_or("").to_owned())
}
