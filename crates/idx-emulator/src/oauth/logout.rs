//! `/v1/logout`: RP-initiated logout.
//!
//! Invariants: the `id_token_hint` must be an ID token this server signed
//! for the registered client (expired is fine); the only redirect targets
//! are the registered post-logout URIs, with `state` echoed.

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::config::DEMO_CLIENT_ID;
use crate::http::oauth_error;
use crate::jwt;
use crate::store::AppState;

#[derive(serde::Deserialize)]
/// The query of a logout request.
pub(super) struct LogoutQuery {
    id_token_hint: Option<String>,
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
}

/// `GET /oauth2/default/v1/logout`.
pub(super) async fn logout(State(app): State<AppState>, Query(q): Query<LogoutQuery>) -> Response {
    let config = &app.config;
    let key = jwt::key().await;
    // Expired ID tokens are still acceptable hints; only signature, issuer and
    // audience matter here.
    let hint_ok = q
        .id_token_hint
        .as_deref()
        .and_then(|t| key.verify(t))
        .is_some_and(|c| c["iss"] == config.issuer().as_str() && c["aud"] == DEMO_CLIENT_ID);
    if !hint_ok {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'id_token_hint' parameter is missing or invalid.",
        );
    }
    match q.post_logout_redirect_uri {
        Some(uri) if config.post_logout_redirect_uris().contains(&uri) => {
            let target = match q.state {
                Some(s) => format!(
                    "{uri}{}state={}",
                    if uri.contains('?') { '&' } else { '?' },
                    form_encode(&s)
                ),
                None => uri,
            };
            // Okta answers the logout redirect with 302 Found.
            (StatusCode::FOUND, [(header::LOCATION, target)]).into_response()
        }
        Some(_) => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.",
        ),
        None => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><title>Signed out</title><p>You have been signed out.</p>",
        )
            .into_response(),
    }
}

fn form_encode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}
