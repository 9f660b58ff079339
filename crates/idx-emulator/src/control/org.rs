//! The org as a whole: every user with what their phone and inbox show,
//! expiring every transaction, and resetting the emulator.
//!
//! Invariants: reset forgets everything the process learned (transactions,
//! tokens, faults, defects, the request log, enrollments, new passwords),
//! so the configured users apply again; the user list reveals what the
//! phone and inbox would, never passwords.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::inbox::magic_link;
use super::phone::{enrollment_json, push_list, totp_now};
use crate::http::{self, now_unix};
use crate::store::AppState;

pub(super) async fn users(State(app): State<AppState>) -> Response {
    let now = now_unix();
    let store = app.store();
    let list: Vec<Value> = app
        .config
        .users
        .iter()
        .filter_map(|u| store.user(&app.config, &u.username))
        .map(|u| {
            json!({
                "username": u.username,
                "totp_code": totp_now(&u).map(|(c, _)| c),
                "pending_pushes": push_list(&store, &u.username),
                "last_email_code": store.last_email_code.get(&u.username),
                "email_link": magic_link(&store, &u.username, now),
                "enrollment": enrollment_json(&store, &u.username, now),
            })
        })
        .collect();
    http::json(StatusCode::OK, Value::Array(list))
}

pub(super) async fn expire(State(app): State<AppState>) -> Response {
    let mut store = app.store();
    let mut n = 0;
    for tx in store.transactions.values_mut() {
        tx.expires_at = 0;
        n += 1;
    }
    http::json(StatusCode::OK, json!({ "expired": n }))
}

pub(super) async fn reset(State(app): State<AppState>) -> Response {
    app.store().reset();
    http::json(StatusCode::OK, json!({ "reset": true }))
}
