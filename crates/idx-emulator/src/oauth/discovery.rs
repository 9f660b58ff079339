//! Discovery (`/.well-known/openid-configuration` and
//! `/.well-known/oauth-authorization-server`) and the JWKS (`/v1/keys`).
//!
//! Invariants: every endpoint URL derives from the configured base URL, so
//! a client finds the emulator wherever it is bound; only S256 PKCE and
//! RS256 are advertised, and only public clients (`none`).

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::client::SCOPES;
use crate::config::Config;
use crate::http;
use crate::jwt;
use crate::store::AppState;

/// The discovery document (fixture `oauth2/well-known-openid-configuration.json`).
pub fn discovery_document(config: &Config) -> Value {
    let iss = config.issuer();
    json!({
        "issuer": iss,
        "authorization_endpoint": format!("{iss}/v1/authorize"),
        "token_endpoint": format!("{iss}/v1/token"),
        "userinfo_endpoint": format!("{iss}/v1/userinfo"),
        "registration_endpoint": format!("{}/oauth2/v1/clients", config.base_url),
        "jwks_uri": format!("{iss}/v1/keys"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "fragment", "form_post", "okta_post_message"],
        "grant_types_supported": ["authorization_code", "refresh_token", "interaction_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": SCOPES,
        "token_endpoint_auth_methods_supported": ["none"],
        "claims_supported": ["iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr",
            "idp", "nonce", "name", "preferred_username", "given_name", "family_name", "email",
            "email_verified", "at_hash"],
        "code_challenge_methods_supported": ["S256"],
        "introspection_endpoint": format!("{iss}/v1/introspect"),
        "introspection_endpoint_auth_methods_supported": ["none"],
        "revocation_endpoint": format!("{iss}/v1/revoke"),
        "revocation_endpoint_auth_methods_supported": ["none"],
        "end_session_endpoint": format!("{iss}/v1/logout"),
        "request_parameter_supported": false,
        "request_object_signing_alg_values_supported": ["RS256"],
    })
}

pub(super) async fn discovery(State(app): State<AppState>) -> Response {
    http::json(StatusCode::OK, discovery_document(&app.config))
}

pub(super) async fn keys() -> Response {
    let key = jwt::key().await;
    let mut resp = http::json(StatusCode::OK, key.jwks());
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=3600, must-revalidate"),
    );
    resp
}
