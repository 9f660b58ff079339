//! Sign-in single-page app for Okta Identity Engine, speaking IDX directly.
//!
//! Module map, in layers (each module's header states its invariants); a
//! module imports only from its own layer or the ones below it:
//! - bottom: `config` runtime settings (and their context), `brand` the
//!   org's name, logo, colours and texts from it, `storage` the
//!   only sessionStorage access, `http` the only fetch (idx-core's
//!   transport), `i18n` strings, `crypto` WebCrypto, `notice` the app's
//!   messages, `title` the page title, `timer`, `focus`, `webauthn` the
//!   only `navigator.credentials`, `captcha` the only CAPTCHA vendor script,
//!   `link_token` an emailed link's token, `devlog` the development
//!   builds' console log of each request (no values);
//! - sessions: `meta` the saved transaction, `session` the signed-in tokens,
//!   `tokens` redeeming a code, `signout`;
//! - `flow`: the sign-in state, on idx-core's driver;
//! - top: `components` views, `pages` routes, `embed` the sign-in as a
//!   component for other Leptos apps (with its route guard and session
//!   hook), `app` the root.

pub mod app;
pub mod brand;
pub mod captcha;
pub mod components;
pub mod config;
pub mod crypto;
pub mod devlog;
pub mod embed;
pub mod flow;
pub mod focus;
pub mod http;
pub mod i18n;
pub mod link_token;
pub mod meta;
pub mod notice;
pub mod pages;
pub mod session;
pub mod signout;
pub mod split;
pub mod storage;
pub mod timer;
pub mod title;
pub mod tokens;
pub mod webauthn;

/// Installs the panic hook and mounts [`app::App`] on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
