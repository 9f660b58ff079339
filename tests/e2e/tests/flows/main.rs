//! One end-to-end test per sign-in flow, plus the config error page. One
//! test binary; a module per way in: `code` (password and Okta Verify code),
//! `push`, `session` (reload, expiry, sign-out), `config_error`, `idp`
//! (identity providers), `email` (magic links), `enrollment` (Okta Verify
//! set-up), `recovery` (forgotten password), `captcha` (the org's CAPTCHA
//! at identify, with the emulator's stand-in scripts) and `brand` (an org's
//! name, logo, colour, words and links from `config.json`). Each test runs in its own
//! world (site, emulator, browser) via [`e2e::run`] and leaves
//! `screenshots/<test>.png`; the sequences and checks they share live in
//! `e2e::steps` and `e2e::checks`.
//!
//! These drive a browser only under `cargo xtask test` (which sets
//! `E2E_DIST`); plain `cargo test -p e2e` prints SKIPPED for each.

mod brand;
mod captcha;
mod code;
mod config_error;
mod email;
mod enrollment;
mod idp;
mod push;
mod recovery;
mod session;
