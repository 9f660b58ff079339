//! Sign-in single-page app for Okta Identity Engine, speaking IDX directly.
//!
//! Module map (each module's header states its invariants):
//! `app` root and routes, `config` runtime settings, `http` the only fetch,
//! `storage` the only sessionStorage access, `crypto` WebCrypto, `session`
//! the signed-in tokens, `signout`, `webauthn` the only `navigator.credentials`, `components` views, `pages` routes.

pub mod app;
pub mod components;
pub mod config;
pub mod crypto;
pub mod flow;
pub mod focus;
pub mod http;
pub mod i18n;
pub mod meta;
pub mod pages;
pub mod session;
pub mod signout;
pub mod storage;
pub mod timer;
pub mod tokens;
pub mod webauthn;

/// Installs the panic hook and mounts [`app::App`] on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
