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
//!   (`okta_verify`, `email`, `phone`, `security_question`, `google`,
//!   `otp` (custom OTP, RSA), `fastpass`, `webauthn` (security keys and
//!   passkeys); a new authenticator gets its own file);
//! - the flows with steps of their own (`enroll` for Okta Verify,
//!   `enroll_required` for the other required enrollments, `recovery`,
//!   `register` (sign-up), `unlock`, `post_auth` (optional enrollment,
//!   expiry warning, consent, keep me signed in), `activation` (the interact
//!   tokens), `captcha`; a new flow gets its own file), joined to the
//!   machine by `flows` (their routes, and their arms of the shared routes);
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

mod activation;
mod answer;
mod authenticators;
mod cancel;
mod captcha;
mod challenge;
mod email;
pub mod enroll;
mod enroll_required;
pub mod fastpass;
mod finish;
mod flows;
pub mod google;
mod identify;
mod machine;
mod okta_verify;
pub mod otp;
mod outcome;
pub mod password;
pub mod phone;
mod poll;
mod post_auth;
mod recovery;
mod register;
mod resend;
mod security_question;
mod unlock;
mod view;
mod webauthn;

use axum::Router;
use axum::routing::post;

pub use activation::mint as mint_token;
pub(crate) use activation::start;
pub(crate) use authenticators::has_factors;
pub use captcha::{HCAPTCHA_TEST_SITE_KEY, HCAPTCHA_TEST_TOKEN, mint as mint_captcha};
pub(crate) use finish::finish;

use crate::store::AppState;
use machine::Kind;

/// The IDX routes.
pub fn routes() -> Router<AppState> {
    let own = flows::Route::OWN
        .into_iter()
        .filter_map(|r| Some((r.path()?, r)));
    let router = own.fold(Router::new(), |router, (path, r)| {
        router.route(path, machine::handler(Kind::Flow(r)))
    });
    let shared = [
        ("/idp/idx/identify", Kind::Identify),
        ("/idp/idx/challenge", Kind::Challenge),
        ("/idp/idx/challenge/answer", Kind::Answer),
        ("/idp/idx/challenge/poll", Kind::Poll),
        ("/idp/idx/authenticators/poll", Kind::Poll),
        ("/idp/idx/challenge/resend", Kind::Resend),
        ("/idp/idx/challenge/send", Kind::Send),
        ("/idp/idx/credential/enroll", Kind::Enroll),
        ("/idp/idx/cancel", Kind::Cancel),
        ("/idp/idx/recover", Kind::Recover),
        ("/idp/idx/authenticators/okta-verify/launch", Kind::Launch),
        ("/idp/idx/authenticators/poll/cancel", Kind::PollCancel),
    ];
    shared
        .into_iter()
        .fold(router, |router, (path, kind)| {
            router.route(path, machine::handler(kind))
        })
        .route("/idp/idx/introspect", post(machine::introspect))
}
