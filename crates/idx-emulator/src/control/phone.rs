//! The virtual phone: the current Okta Verify code, pushes to approve or
//! deny, and the Okta Verify enrollment waiting to be activated.
//!
//! Invariants: approving a number-challenge push with the wrong number
//! denies it, as Okta Verify does; a push is answered at most once; an
//! enrollment can be shown and activated only while its transaction is live
//! at `enroll-poll`; what is revealed (codes, the activation URI) is what
//! the phone would see, never a password, handle or token.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::reply::not_found;
use crate::config::User;
use crate::http::{self, now_unix, parse_object, str_field};
use crate::idx::enroll;
use crate::store::{AppState, PushStatus, Store};

/// `user`'s current Okta Verify code and the seconds it has left.
pub(super) fn totp_now(user: &User) -> Option<(String, u64)> {
    user.totp_key()
        .map(|k| crate::totp::current_code(&k, now_unix()))
}

/// `username`'s pending pushes as the control API lists them.
pub(super) fn push_list(store: &Store, username: &str) -> Value {
    Value::Array(
        store
            .pending_pushes(username)
            .into_iter()
            .map(
                |p| json!({ "id": p.id, "correct_answer": p.correct_answer, "choices": p.choices }),
            )
            .collect(),
    )
}

pub(super) async fn totp(State(app): State<AppState>, Path(username): Path<String>) -> Response {
    let Some(user) = app.store().user(&app.config, &username) else {
        return not_found("unknown user");
    };
    match totp_now(&user) {
        Some((code, left)) => http::json(
            StatusCode::OK,
            json!({ "code": code, "seconds_left": left }),
        ),
        None => not_found("user has no Okta Verify TOTP"),
    }
}

pub(super) async fn pushes(State(app): State<AppState>, Path(username): Path<String>) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    let list = push_list(&app.store(), &user.username);
    http::json(StatusCode::OK, list)
}

/// `username`'s pending Okta Verify enrollment as the control API shows it:
/// `{"channel","email","activation"}`, or null.
pub(super) fn enrollment_json(store: &Store, username: &str, now: u64) -> Value {
    match enroll::pending(store, username, now) {
        Some((channel, email, activation)) => json!({
            "channel": channel.as_str(),
            "email": email,
            "activation": activation,
        }),
        None => Value::Null,
    }
}

pub(super) async fn enrollment(
    State(app): State<AppState>,
    Path(username): Path<String>,
) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    match enrollment_json(&app.store(), &user.username, now_unix()) {
        Value::Null => not_found("no Okta Verify enrollment pending"),
        found => http::json(StatusCode::OK, found),
    }
}

/// The phone scans the QR code or opens the emailed link.
pub(super) async fn activate(
    State(app): State<AppState>,
    Path(username): Path<String>,
) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    if enroll::activate(&mut app.store(), &user.username, now_unix()) {
        http::json(StatusCode::OK, json!({}))
    } else {
        not_found("no Okta Verify enrollment pending")
    }
}

pub(super) async fn approve(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let answer = match parse_object(&headers, &body) {
        Ok(m) => str_field(&m, "answer").map(str::to_owned),
        Err(_) => {
            return http::json(
                StatusCode::BAD_REQUEST,
                json!({ "error": "invalid_request", "error_description": "body must be JSON like {\"answer\":\"52\"}" }),
            );
        }
    };
    let mut store = app.store();
    let Some(push) = store.pushes.get_mut(&id) else {
        return not_found("unknown push");
    };
    if push.status != PushStatus::Pending {
        return http::json(
            StatusCode::CONFLICT,
            json!({ "error": "conflict", "error_description": "push already answered" }),
        );
    }
    let status = match (&push.correct_answer, answer) {
        (Some(_), None) => {
            return http::json(
                StatusCode::BAD_REQUEST,
                json!({ "error": "invalid_request", "error_description": "this push has a number challenge: send {\"answer\":\"NN\"}" }),
            );
        }
        (Some(correct), Some(a)) if *correct != a => PushStatus::Denied,
        _ => PushStatus::Approved,
    };
    push.status = status;
    let approved = status == PushStatus::Approved;
    http::json(StatusCode::OK, json!({ "id": id, "approved": approved }))
}

pub(super) async fn deny(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    let mut store = app.store();
    let Some(push) = store.pushes.get_mut(&id) else {
        return not_found("unknown push");
    };
    push.status = PushStatus::Denied;
    http::json(StatusCode::OK, json!({ "id": id, "approved": false }))
}
