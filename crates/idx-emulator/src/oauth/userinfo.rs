//! `/v1/userinfo`: the signed-in user's claims for a bearer access token.
//!
//! Invariants: only a live, unrevoked access token signed by the process
//! key is accepted, otherwise 401 with `WWW-Authenticate`; the claims are
//! those the token's scopes allow.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::json;

use crate::http::{self, now_unix, oauth_error};
use crate::jwt;
use crate::store::AppState;

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

/// `GET`/`POST /oauth2/default/v1/userinfo`.
pub(super) async fn userinfo(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let unauthorized = || {
        let mut r = oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "The access token is invalid.",
        );
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(
                "Bearer authorization_uri=\"\", realm=\"IDX emulator\", scope=\"openid\", error=\"invalid_token\", error_description=\"The access token is invalid.\", resource=\"/oauth2/default/v1/userinfo\"",
            ),
        );
        r
    };
    let Some(token) = bearer(&headers) else {
        return unauthorized();
    };
    let key = jwt::key().await;
    let Some(claims) = key.verify(token) else {
        return unauthorized();
    };
    let jti = claims["jti"].as_str().unwrap_or("");
    let store = app.store();
    let Some(grant) = store.access_tokens.get(jti).cloned() else {
        return unauthorized();
    };
    drop(store);
    if store_revoked(&app, jti) || grant.expires_at <= now_unix() {
        return unauthorized();
    }
    let Some(user) = app.config.user(&grant.username) else {
        return unauthorized();
    };
    let has = |s: &str| grant.scopes.iter().any(|x| x == s);
    let mut body = json!({ "sub": user.id });
    if has("profile") {
        body["name"] = json!(user.display_name());
        body["preferred_username"] = json!(user.username);
        body["given_name"] = json!(user.first_name);
        body["family_name"] = json!(user.last_name);
        body["locale"] = json!("en_US");
        body["zoneinfo"] = json!("UTC");
    }
    if has("email") {
        body["email"] = json!(user.email);
        body["email_verified"] = json!(true);
    }
    http::json(StatusCode::OK, body)
}

fn store_revoked(app: &AppState, jti: &str) -> bool {
    app.store().revoked.contains(jti)
}
