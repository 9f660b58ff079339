//! The user's other devices: the Google Authenticator app, the OTP tokens
//! (custom OTP, RSA SecurID), and Okta Verify answering an Okta FastPass
//! challenge on this computer.
//!
//! Invariants: codes are what the app or token displays now (and, for a
//! token, the one it will display next), computed from the enrolled secret
//! or from the secret of a QR code on a live enrollment page; FastPass is
//! answered only for a user whose Okta Verify has it; nothing here reveals a
//! password, handle or token.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::reply::not_found;
use crate::config::User;
use crate::http::{self, now_unix};
use crate::idx::{fastpass, google, otp};
use crate::store::{AppState, Factor, Store};

/// The code of `key` now, the one after it, and the seconds left.
fn codes(key: &[u8], now: u64) -> Value {
    let (code, left) = crate::totp::current_code(key, now);
    let next = crate::totp::code_for_step(key, crate::totp::step_at(now) + 1);
    json!({ "code": code, "next_code": next, "seconds_left": left })
}

/// What `user`'s Google Authenticator app shows now, or null.
pub(super) fn google_json(store: &Store, user: &User, now: u64) -> Value {
    google::app_secret(store, user, now).map_or(Value::Null, |k| codes(&k, now))
}

/// What `user`'s OTP tokens show now, by authenticator key.
pub(super) fn tokens_json(user: &User, now: u64) -> Value {
    let mut map = serde_json::Map::new();
    for factor in [Factor::CustomOtp, Factor::Rsa] {
        if let Some((key, token)) = otp::token(user, factor)
            && let Some(secret) = token.key()
        {
            map.insert(key.into(), codes(&secret, now));
        }
    }
    Value::Object(map)
}

/// `GET /emulator/api/users/{username}/google-otp`.
pub(super) async fn google_code(
    State(app): State<AppState>,
    Path(username): Path<String>,
) -> Response {
    let store = app.store();
    let Some(user) = store.user(&app.config, &username) else {
        return not_found("unknown user");
    };
    match google_json(&store, &user, now_unix()) {
        Value::Null => not_found("user has no Google Authenticator"),
        found => http::json(StatusCode::OK, found),
    }
}

/// `GET /emulator/api/users/{username}/otp/{key}` (`custom_otp`, `rsa_token`).
pub(super) async fn token_code(
    State(app): State<AppState>,
    Path((username, key)): Path<(String, String)>,
) -> Response {
    let Some(user) = app.store().user(&app.config, &username) else {
        return not_found("unknown user");
    };
    match tokens_json(&user, now_unix()).get(&key) {
        Some(found) => http::json(StatusCode::OK, found.clone()),
        None => not_found("user has no such OTP token"),
    }
}

/// `POST /emulator/api/users/{username}/fastpass`: Okta Verify on this
/// device answers the waiting FastPass challenge as the user.
pub(super) async fn fastpass_answer(
    State(app): State<AppState>,
    Path(username): Path<String>,
) -> Response {
    let mut store = app.store();
    let Some(user) = store.user(&app.config, &username) else {
        return not_found("unknown user");
    };
    if fastpass::answer(&mut store, &user, now_unix()) {
        http::json(StatusCode::OK, json!({}))
    } else {
        not_found("no Okta FastPass challenge waiting for this user")
    }
}
