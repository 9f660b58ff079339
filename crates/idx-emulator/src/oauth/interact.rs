//! `/v1/interact`: a new transaction for the registered client.
//!
//! Invariants: only the registered client, a registered redirect URI, an
//! S256 challenge of the right shape and known scopes start a transaction;
//! the new transaction is at identify, with a fresh state handle, and
//! remembers the nonce and OAuth `state` to echo later.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::client::SCOPES;
use super::reply::{body_error, invalid_client};
use crate::config::DEMO_CLIENT_ID;
use crate::http::{self, now_unix, oauth_error, parse_form, str_field};
use crate::pkce;
use crate::secret::random_id;
use crate::store::{AppState, Step, Transaction, new_state_handle};

/// `POST /oauth2/default/v1/interact`.
pub(super) async fn interact(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = match parse_form(&headers, &body) {
        Ok(f) => f,
        Err(e) => return body_error(&e),
    };
    let config = &app.config;
    if str_field(&form, "client_id") != Some(DEMO_CLIENT_ID) {
        return invalid_client();
    }
    let redirect_uri = str_field(&form, "redirect_uri").unwrap_or("");
    if !config.redirect_uris().iter().any(|u| u == redirect_uri) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'redirect_uri' must be a Login redirect URI in the client app settings.",
        );
    }
    let Some(challenge) = str_field(&form, "code_challenge") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "PKCE code challenge is required when the token endpoint authentication method is 'NONE'.",
        );
    };
    if str_field(&form, "code_challenge_method") != Some("S256") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'code_challenge_method' must be 'S256'.",
        );
    }
    if !pkce::challenge_well_formed(challenge) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'code_challenge' must be a base64url-encoded SHA-256 digest (43 characters).",
        );
    }
    let scopes: Vec<String> = str_field(&form, "scope")
        .unwrap_or("openid")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if scopes.is_empty() || scopes.iter().any(|s| !SCOPES.contains(&s.as_str())) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "One or more scopes are not configured for the authorization server resource.",
        );
    }
    let now = now_unix();
    let ih = random_id("", 43);
    let tx = Transaction {
        interaction_handle: ih.clone(),
        state_handle: new_state_handle(),
        client_id: DEMO_CLIENT_ID.to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        scopes,
        code_challenge: challenge.to_owned(),
        nonce: str_field(&form, "nonce").map(str::to_owned),
        oauth_state: str_field(&form, "state").map(str::to_owned),
        expires_at: now + config.state_lifetime.as_secs(),
        username: None,
        amr: Vec::new(),
        idp: None,
        step: Step::Identify,
        email_code: None,
        recovery: false,
    };
    let mut store = app.store();
    store
        .by_state_handle
        .insert(tx.state_handle.clone(), ih.clone());
    store.transactions.insert(ih.clone(), tx);
    http::json(StatusCode::OK, json!({ "interaction_handle": ih }))
}
