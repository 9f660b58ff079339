//! Conformance: each kind of response the emulator produces is compared with
//! the matching response recorded from Okta (`../shared/idx-fixtures`, read at
//! test time, never copied). Compared: top-level keys, remediation names and
//! order, each form's metadata (name, method, href path, relatesTo, refresh
//! presence), field names/types/flags (recursively, including the option
//! forms both sides share), current-authenticator keys and their actions
//! (`resend`, `poll`, `recover`), and every i18n message key.
//! `redirect-idp` links are compared member by member, with the href as a
//! template (`/sso/idps/{id}?stateToken={stateHandle}`).
//!
//! One test binary; a module per flow family (`sign_in`, `idps`, `oauth`,
//! `enroll`, `recovery`, `policy`, `sign_up`, `self_service`, `phone`,
//! `factors` (security question, Google Authenticator, OTP tokens),
//! `fastpass`, `webauthn` (security keys); a new flow adds its own), over the comparison
//! (`compare`, `forms`, `shape`) and the recordings (`recordings`). The
//! steps that drive the emulator are the emulator suites' shared ones
//! (`common`).
//!
//! Invariants: deliberate differences are listed per case with the reason,
//! so any other drift fails; the recordings are read in place, never
//! copied, and their absence fails under `CI=true`.

#[path = "../common/mod.rs"]
mod common;

mod compare;
mod forms;
mod recordings;
mod shape;

mod enroll;
mod factors;
mod fastpass;
mod idps;
mod oauth;
mod phone;
mod policy;
mod recovery;
mod self_service;
mod sign_in;
mod sign_up;
mod webauthn;
