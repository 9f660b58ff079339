//! The `/idp/idx/*` routes: introspect and the remediation endpoints, as a
//! step machine over the transaction's [`Step`](crate::store::Step).
//!
//! Layout, lowest first (a module imports only modules above it):
//! - `authenticators` (the org's authenticator ids, which a user has),
//!   `password` (the password policy), `outcome` (what a handler decides,
//!   the shared answers);
//! - `view` (rendering a step as an IDX body, a file per step family);
//! - `finish` (what each verification leads to; the interaction code);
//! - the authenticator families, each holding what is particular to it
//!   (`okta_verify`, `email`; a new authenticator such as phone, WebAuthn
//!   or a security question gets its own file);
//! - the flows with steps of their own (`enroll`, `recovery`; a new flow
//!   such as registration, unlock or consent gets its own file);
//! - the routes the sign-in steps share, dispatching on the step to the
//!   families and flows (`identify`, `challenge`, `answer`, `poll`,
//!   `resend`, `cancel`);
//! - `machine` (load, check, dispatch, save, render) and the route table.
//!
//! Invariants: every request is answered with an IDX body (`version` present)
//! and the ion content type, whatever the input; a remediation is accepted only
//! in the steps whose rendering offers it, otherwise `400 E0000020`; the state
//! handle is looked up before anything else, and an expired transaction
//! answers `401 idx.session.expired` on every route; logs never contain
//! handles, passwords or codes; a recovery transaction reaches success only
//! through `reset-authenticator`, after one factor and a new password that
//! passes [`password::POLICY`].

mod answer;
mod authenticators;
mod cancel;
mod challenge;
mod email;
pub mod enroll;
mod finish;
mod identify;
mod machine;
mod okta_verify;
mod outcome;
pub mod password;
mod poll;
mod recovery;
mod resend;
mod view;

use axum::Router;
use axum::routing::post;

pub(crate) use authenticators::has_factors;
pub(crate) use finish::finish;

use crate::store::AppState;

/// The IDX routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/idp/idx/introspect", post(machine::introspect))
        .route("/idp/idx/identify", post(machine::identify))
        .route("/idp/idx/challenge", post(machine::challenge))
        .route("/idp/idx/challenge/answer", post(machine::answer))
        .route("/idp/idx/challenge/poll", post(machine::poll))
        .route("/idp/idx/authenticators/poll", post(machine::poll))
        .route("/idp/idx/challenge/resend", post(machine::resend))
        .route("/idp/idx/challenge/send", post(machine::send))
        .route(
            "/idp/idx/credential/enroll",
            post(machine::credential_enroll),
        )
        .route("/idp/idx/cancel", post(machine::cancel))
        .route("/idp/idx/recover", post(machine::recover))
}
