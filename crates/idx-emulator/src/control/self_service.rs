//! The self-service side of the control API: the activation and recovery
//! tokens an emailed link would carry, CAPTCHA tokens for the org's
//! CAPTCHA, and the demo app's logo and legal page that consent links to.
//!
//! Invariants: a token is revealed once, to whoever asks here (the inbox
//! would show the link); an activation token exists only for a staged user
//! and a recovery token only for an active one; tokens are never logged.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::reply::bad_request;
use crate::http::{self, now_unix, parse_object};
use crate::idx::{mint_captcha, mint_token};
use crate::store::{AppState, TokenPurpose};

/// `POST /emulator/api/users/{username}/activation-token`, optional body
/// `{"expired": true}` for a token that has already expired.
pub(super) async fn activation_token(
    state: State<AppState>,
    path: Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    token(state, path, &headers, &body, TokenPurpose::Activation)
}

/// `POST /emulator/api/users/{username}/recovery-token` (same body).
pub(super) async fn recovery_token(
    state: State<AppState>,
    path: Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    token(state, path, &headers, &body, TokenPurpose::Recovery)
}

fn token(
    State(app): State<AppState>,
    Path(username): Path<String>,
    headers: &HeaderMap,
    body: &Bytes,
    purpose: TokenPurpose,
) -> Response {
    let expired = if body.is_empty() {
        false
    } else {
        match parse_object(headers, body) {
            Ok(m) => m.get("expired") == Some(&Value::Bool(true)),
            Err(_) => return bad_request("body must be JSON: {\"expired\": bool}".into()),
        }
    };
    let mut store = app.store();
    match mint_token(
        &mut store,
        &app.config,
        &username,
        purpose,
        expired,
        now_unix(),
    ) {
        Some(token) => http::json(StatusCode::OK, json!({ "token": token })),
        None => bad_request(match purpose {
            TokenPurpose::Activation => "no staged user of that name".into(),
            TokenPurpose::Recovery => "no active user of that name".into(),
        }),
    }
}

/// `POST /emulator/api/captcha`: a single-use token for the org's CAPTCHA.
pub(super) async fn captcha(State(app): State<AppState>) -> Response {
    if app.config.org.captcha.is_none() {
        return bad_request("the org has no CAPTCHA".into());
    }
    let token = mint_captcha(&mut app.store());
    http::json(StatusCode::OK, json!({ "token": token }))
}

/// `GET /emulator/logo.svg`: the demo app's logo (consent shows it).
pub(super) async fn logo() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml")],
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#1662dd"/><path d="M20 33l8 8 16-18" stroke="#fff" stroke-width="6" fill="none"/></svg>"##,
    )
        .into_response()
}

/// `GET /emulator/legal`: the demo app's terms and privacy policy.
pub(super) async fn legal() -> Response {
    http::html(
        StatusCode::OK,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Demo SPA: terms \
         and privacy</title></head><body><h1 id=\"terms\">Terms of service</h1><p>The demo app \
         of the IDX emulator; nothing here is real.</p><h1 id=\"privacy\">Privacy policy</h1>\
         <p>The emulator keeps everything in memory and forgets it on reset.</p></body></html>"
            .to_owned(),
    )
}
