//! Hardening, end to end: a hostile or broken server and hostile input must
//! never sign someone in wrongly, lose what they typed, submit a step twice,
//! or put markup into the page. One test binary; a module per concern:
//!
//! - `id_token`: ID token defects (the emulator's `id-token-defect` switch)
//!   and a failing token exchange or key fetch: signed out, with a message,
//!   nothing in storage.
//! - `faults`: faults (the emulator's `faults` API) on the steps a person
//!   submits: a plain message and a manual retry that keeps the typed value,
//!   and, proven through the emulator's request log, exactly one accepted
//!   submission of each step.
//! - `auto_retry`: polls and the resume introspect retry by themselves.
//! - `hostile_input`: hostile usernames and codes (long, unicode, control
//!   characters, markup) and markup injected by the server into labels,
//!   messages and the user's name: rendered as text, layout intact.
//! - `expiry`: tokens expiring under an open home page.
//! - `callback`: a forged redirect callback.
//! - `code_download`: a later step's code (an on-demand wasm module of the
//!   release build) that cannot download: a plain message, "Try again",
//!   and the same transaction going on.
//! - `untrusted`: a hostile issuer in `config.json`, forms posting to another
//!   origin, a `javascript:` IdP link, and sign-out with revocation hanging.
//!
//! The checks and page helpers they share live in the e2e library
//! (`e2e::checks`, `e2e::pages`, `e2e::control`). Like every e2e test these
//! drive a browser only under `cargo xtask test` (`E2E_DIST` set); otherwise
//! each prints SKIPPED and passes.

mod auto_retry;
mod callback;
mod code_download;
mod expiry;
mod faults;
mod hostile_input;
mod id_token;
mod untrusted;
