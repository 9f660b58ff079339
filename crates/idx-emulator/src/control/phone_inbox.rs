//! The virtual phone's inbox: the last code sent to a user's phone by SMS
//! or voice call, for a phone being verified or enrolled.
//!
//! Invariants: the code shown is the one the live challenge expects until
//! it is verified (then it is gone); this is a secret revealed on purpose
//! (the phone would show it), never logged.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::reply::not_found;
use crate::http;
use crate::store::{AppState, Store};

/// `username`'s last phone message as the control API shows it
/// (`{"method", "to", "code"}`), or null.
pub(super) fn message_json(store: &Store, username: &str) -> Value {
    match store.phone_inbox.get(username) {
        Some(m) => json!({ "method": m.method.as_str(), "to": m.to, "code": m.code.expose() }),
        None => Value::Null,
    }
}

/// `GET /emulator/api/users/{username}/phone-code`.
pub(super) async fn phone_code(
    State(app): State<AppState>,
    Path(username): Path<String>,
) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    match message_json(&app.store(), &user.username) {
        Value::Null => not_found("no phone code sent"),
        found => http::json(StatusCode::OK, found),
    }
}
