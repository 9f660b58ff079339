//! `/v1/token`: the `interaction_code` and `refresh_token` grants.
//!
//! Invariants: an interaction code is redeemed at most once, before it
//! expires, with the verifier matching its challenge and the redirect URI of
//! its transaction; a refresh token is spent when used (rotation) and a
//! revoked one never works; every answer is `no-store`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use super::client::client_id;
use super::mint::mint;
use super::reply::{body_error, invalid_client, invalid_grant, no_store};
use crate::config::DEMO_CLIENT_ID;
use crate::http::{now_unix, oauth_error, parse_form, str_field};
use crate::jwt;
use crate::pkce;
use crate::store::{AppState, Grant};

/// `POST /oauth2/default/v1/token`.
pub(super) async fn token(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = match parse_form(&headers, &body) {
        Ok(f) => f,
        Err(e) => return no_store(body_error(&e)),
    };
    if client_id(&headers, &form).as_deref() != Some(DEMO_CLIENT_ID) {
        return no_store(invalid_client());
    }
    let key = jwt::key().await;
    let resp = match str_field(&form, "grant_type") {
        Some("interaction_code") => redeem_interaction_code(&app, &key, &form),
        Some("refresh_token") => redeem_refresh_token(&app, &key, &form),
        Some(_) => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        ),
        None => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'grant_type' parameter is required.",
        ),
    };
    no_store(resp)
}

fn redeem_interaction_code(
    app: &AppState,
    key: &jwt::KeyPair,
    form: &Map<String, Value>,
) -> Response {
    let Some(code) = str_field(form, "interaction_code") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'interaction_code' parameter is required.",
        );
    };
    let Some(verifier) = str_field(form, "code_verifier") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "PKCE verification failed: the 'code_verifier' parameter is required.",
        );
    };
    let now = now_unix();
    let mut store = app.store();
    let Some(issued) = store.codes.get(code).cloned() else {
        return invalid_grant("The interaction code is invalid or has expired.");
    };
    if issued.expires_at <= now {
        store.codes.remove(code);
        return invalid_grant("The interaction code is invalid or has expired.");
    }
    if let Some(uri) = str_field(form, "redirect_uri")
        && uri != issued.redirect_uri
    {
        return invalid_grant(
            "The 'redirect_uri' does not match the redirect URI used in the authorization request.",
        );
    }
    if !pkce::verify_s256(verifier, &issued.code_challenge) {
        return invalid_grant("PKCE verification failed.");
    }
    store.codes.remove(code);
    store.redeemed_codes.insert(code.to_owned());
    let grant = Grant {
        client_id: issued.client_id.clone(),
        username: issued.username.clone(),
        scopes: issued.scopes.clone(),
        amr: issued.amr.clone(),
        idp: issued.idp.clone(),
        auth_time: issued.auth_time,
        expires_at: 0,
    };
    let Some(user) = app.config.user(&issued.username).cloned() else {
        return invalid_grant("The user no longer exists.");
    };
    mint(
        app,
        &mut store,
        key,
        &user,
        grant,
        issued.nonce.as_deref(),
        now,
    )
}

fn redeem_refresh_token(app: &AppState, key: &jwt::KeyPair, form: &Map<String, Value>) -> Response {
    let Some(rt) = str_field(form, "refresh_token") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'refresh_token' parameter is required.",
        );
    };
    let now = now_unix();
    let mut store = app.store();
    if store.revoked.contains(rt) {
        return invalid_grant("The refresh token is invalid or expired.");
    }
    let Some(grant) = store.refresh_tokens.get(rt).cloned() else {
        return invalid_grant("The refresh token is invalid or expired.");
    };
    // Rotation: the presented refresh token is spent.
    store.refresh_tokens.remove(rt);
    store.revoked.insert(rt.to_owned());
    let Some(user) = app.config.user(&grant.username).cloned() else {
        return invalid_grant("The refresh token is invalid or expired.");
    };
    mint(app, &mut store, key, &user, grant, None, now)
}
