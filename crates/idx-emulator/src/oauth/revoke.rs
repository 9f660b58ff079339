//! `/v1/revoke` (RFC 7009): access and refresh tokens.
//!
//! Invariants: a revoked token never works again (userinfo, refresh); an
//! unknown token is answered 200 like a known one, so the endpoint reveals
//! nothing.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::client::client_id;
use super::reply::{body_error, invalid_client};
use crate::config::DEMO_CLIENT_ID;
use crate::http::{oauth_error, parse_form, str_field};
use crate::jwt;
use crate::store::AppState;

/// `POST /oauth2/default/v1/revoke`.
pub(super) async fn revoke(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = match parse_form(&headers, &body) {
        Ok(f) => f,
        Err(e) => return body_error(&e),
    };
    if client_id(&headers, &form).as_deref() != Some(DEMO_CLIENT_ID) {
        return invalid_client();
    }
    let Some(token) = str_field(&form, "token") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'token' parameter is required.",
        );
    };
    let key = jwt::key().await;
    let mut store = app.store();
    if store.refresh_tokens.remove(token).is_some() {
        store.revoked.insert(token.to_owned());
    } else if let Some(jti) = key
        .verify(token)
        .and_then(|c| c["jti"].as_str().map(str::to_owned))
    {
        store.access_tokens.remove(&jti);
        store.revoked.insert(jti);
    }
    // RFC 7009 2.2: unknown tokens are answered with 200 as well.
    StatusCode::OK.into_response()
}
