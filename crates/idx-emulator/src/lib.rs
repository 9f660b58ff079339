//! A local Okta Identity Engine: the IDX remediation API, the OAuth 2.0 /
//! OpenID Connect endpoints of the `default` authorization server, and a
//! virtual Okta Verify, built from Okta's recorded responses
//! (`../shared/idx-fixtures`) and the protocol reference
//! (`../shared/docs/idx-protocol.md`). It deliberately does not depend on
//! `idx-core`: it is an independent counterpart the client is tested against.
//! Flows that leave the page (third-party IdP sign-in, email magic links)
//! are emulated too: `sso` plays the IdP, `control` hands out the link. A
//! user with no authenticator enrolls Okta Verify after the password
//! (`idx::enroll`, QR code from `qr`), and `control` plays the phone that
//! activates it. Self-service password recovery verifies one factor and
//! sets a new password under the org's policy (`idx::password`).
//!
//! Invariants: [`app`] is the whole server (tests run it in-process); all
//! state is in memory and per router; no route panics on client input; logs
//! carry no secrets.

pub mod config;
pub mod control;
pub mod faults;
pub mod http;
pub mod idx;
pub mod jwt;
pub mod layers;
pub mod oauth;
pub mod pkce;
pub mod qr;
pub mod secret;
pub mod sso;
pub mod store;
pub mod tamper;
pub mod totp;
pub mod webauthn;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::middleware;

pub use config::{Config, ConfigError, DEMO_CLIENT_ID, Idp, User};
use store::Shared;

/// Build the emulator's router for `config`.
///
/// Starts generating the signing key in the background, so the first token
/// or JWKS request may wait for it.
pub fn app(config: Config) -> Router {
    jwt::warm_up();
    let state = Arc::new(Shared::new(config));
    Router::new()
        .merge(oauth::routes())
        .merge(idx::routes())
        .merge(control::routes())
        .merge(sso::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            layers::rate_limit::rate_limit,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            layers::faults::inject,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            layers::cors::cors,
        ))
        .layer(middleware::from_fn(layers::log::log))
        .with_state(state)
}

/// Okta's classic 404 for paths the org does not serve.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    http::classic_error(
        axum::http::StatusCode::NOT_FOUND,
        "E0000007",
        &format!("Not found: Resource not found: {} (path)", uri.path()),
    )
}

/// A running emulator (see [`spawn`]).
#[derive(Debug)]
pub struct Running {
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub base_url: String,
    /// The bound address.
    pub addr: SocketAddr,
    /// The server task; abort it to stop the server.
    pub handle: tokio::task::JoinHandle<()>,
}

impl Running {
    /// The issuer, `<base>/oauth2/default`.
    pub fn issuer(&self) -> String {
        format!("{}/oauth2/default", self.base_url)
    }
}

/// Bind `listen` (use port 0 for an ephemeral port), derive the base URL from
/// the bound address, and serve in a background task.
///
/// `configure` receives a [`Config`] whose `base_url` is already set, to adjust
/// users, origins and policy knobs.
pub async fn spawn(
    listen: SocketAddr,
    configure: impl FnOnce(&mut Config),
) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}");
    let mut config = Config::new(base_url.clone());
    configure(&mut config);
    config.base_url = base_url.clone();
    let router = app(config);
    let handle = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service).await {
            eprintln!("idx-emulator: server error: {e}");
        }
    });
    Ok(Running {
        base_url,
        addr,
        handle,
    })
}
