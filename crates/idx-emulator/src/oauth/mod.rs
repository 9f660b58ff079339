//! The OAuth 2.0 / OpenID Connect routes of the `default` authorization
//! server: discovery, JWKS, `/v1/interact`, `/v1/token`, `/v1/revoke`,
//! `/v1/userinfo`, `/v1/logout`.
//!
//! Invariants: errors use the OAuth shape `{error, error_description}` with
//! 4xx statuses; `/v1/interact` only accepts the registered client, a
//! registered redirect URI and an S256 challenge; an interaction code is
//! redeemed at most once and only with the verifier matching its challenge;
//! a revoked token never works again; token responses are `no-store`.

mod client;
mod discovery;
mod interact;
mod logout;
mod mint;
mod reply;
mod revoke;
mod token;
mod userinfo;

use axum::Router;
use axum::routing::{get, post};

use crate::store::AppState;

pub use discovery::discovery_document;

/// The OAuth routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/oauth2/default/.well-known/openid-configuration",
            get(discovery::discovery),
        )
        .route(
            "/oauth2/default/.well-known/oauth-authorization-server",
            get(discovery::discovery),
        )
        .route("/oauth2/default/v1/keys", get(discovery::keys))
        .route("/oauth2/default/v1/interact", post(interact::interact))
        .route("/oauth2/default/v1/token", post(token::token))
        .route("/oauth2/default/v1/revoke", post(revoke::revoke))
        .route(
            "/oauth2/default/v1/userinfo",
            get(userinfo::userinfo).post(userinfo::userinfo),
        )
        .route("/oauth2/default/v1/logout", get(logout::logout))
}
