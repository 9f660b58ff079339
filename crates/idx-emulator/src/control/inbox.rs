//! The virtual inbox: the code last emailed to a user, and the email magic
//! link that carries it.
//!
//! Invariants: a magic link exists only while its transaction is live in
//! the email challenge, and its `otp` is the very code `email-code` reveals;
//! these are secrets revealed on purpose (the inbox would show them), and
//! never logged.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::reply::not_found;
use crate::http::{self, now_unix, with_query};
use crate::store::{AppState, Step, Store};

pub(super) async fn email_code(
    State(app): State<AppState>,
    Path(username): Path<String>,
) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    match app.store().last_email_code.get(&user.username) {
        Some(code) => http::json(StatusCode::OK, json!({ "code": code })),
        None => not_found("no email code sent"),
    }
}

/// The email magic link of `username` (canonical): what Okta's email puts
/// behind its button, `<redirect_uri>?state=<OAuth state>&otp=<code>`
/// (protocol reference 3.12), for the live transaction whose email challenge
/// holds the code last emailed to the user. `state` is left out when the
/// client sent none to `/v1/interact`.
pub(super) fn magic_link(store: &Store, username: &str, now: u64) -> Option<String> {
    let code = store.last_email_code.get(username)?;
    let tx = store.transactions.values().find(|tx| {
        tx.username.as_deref() == Some(username)
            && tx.step == Step::EmailChallenge
            && tx.expires_at > now
            && tx.email_code.as_ref().is_some_and(|c| c.expose() == code)
    })?;
    let mut params = Vec::new();
    if let Some(state) = &tx.oauth_state {
        params.push(("state", state.as_str()));
    }
    params.push(("otp", code.as_str()));
    Some(with_query(&tx.redirect_uri, &params))
}

pub(super) async fn email_link(
    State(app): State<AppState>,
    Path(username): Path<String>,
) -> Response {
    let Some(user) = app.config.user(&username) else {
        return not_found("unknown user");
    };
    match magic_link(&app.store(), &user.username, now_unix()) {
        Some(link) => http::json(StatusCode::OK, json!({ "link": link })),
        None => not_found("no email challenge in progress"),
    }
}
