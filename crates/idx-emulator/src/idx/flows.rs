//! Where the policy steps and self-service flows meet the step machine:
//! their own routes ([`Route::Skip`] ... [`Route::RequestActivation`]), and
//! the shared routes they answer in their own steps (the unlock's choice
//! posts to `/idp/idx/challenge`, the new passwords and codes to
//! `/idp/idx/challenge/answer`, ...), plus the CAPTCHA in front of the
//! forms that carry one.
//!
//! Invariants: [`dispatch`] answers only in the flows' own steps (and, for
//! the CAPTCHA, only refuses), leaving every other request to the shared
//! routes exactly as before; a flow's own route in a step that does not
//! offer it is `400 E0000020`.

use serde_json::{Map, Value};

use super::outcome::{Outcome, not_offered, ok};
use super::{activation, captcha, post_auth, register, unlock};
use crate::config::{Config, User};
use crate::store::{Step, Store, Transaction};

/// A route the flows answer on.
#[derive(Clone, Copy, Debug)]
pub(super) enum Route {
    /// Shared: `/idp/idx/identify`.
    Identify,
    /// Shared: `/idp/idx/challenge`.
    Challenge,
    /// Shared: `/idp/idx/challenge/answer`.
    Answer,
    /// Shared: the poll routes.
    Poll,
    /// Shared: `/idp/idx/challenge/resend`.
    Resend,
    /// `/idp/idx/skip`.
    Skip,
    /// `/idp/idx/enroll` (`select-enroll-profile`).
    SelectEnrollProfile,
    /// `/idp/idx/enroll/new` (`enroll-profile`).
    EnrollProfile,
    /// `/idp/idx/identify/select` (`select-identify`).
    SelectIdentify,
    /// `/idp/idx/unlock-account`.
    UnlockAccount,
    /// `/idp/idx/consent`.
    Consent,
    /// `/idp/idx/keep-me-signed-in`.
    KeepMeSignedIn,
    /// `/idp/idx/request-activation`.
    RequestActivation,
}

impl Route {
    /// The path of a flow's own route (`None` for the shared ones).
    pub(super) fn path(self) -> Option<&'static str> {
        Some(match self {
            Route::Skip => "/idp/idx/skip",
            Route::SelectEnrollProfile => "/idp/idx/enroll",
            Route::EnrollProfile => "/idp/idx/enroll/new",
            Route::SelectIdentify => "/idp/idx/identify/select",
            Route::UnlockAccount => "/idp/idx/unlock-account",
            Route::Consent => "/idp/idx/consent",
            Route::KeepMeSignedIn => "/idp/idx/keep-me-signed-in",
            Route::RequestActivation => "/idp/idx/request-activation",
            _ => return None,
        })
    }

    /// The flows' own routes.
    pub(super) const OWN: [Route; 8] = [
        Route::Skip,
        Route::SelectEnrollProfile,
        Route::EnrollProfile,
        Route::SelectIdentify,
        Route::UnlockAccount,
        Route::Consent,
        Route::KeepMeSignedIn,
        Route::RequestActivation,
    ];
}

/// The flows' answer to `route` in the transaction's step, or `None` to
/// leave it to the shared routes.
pub(super) fn dispatch(
    route: Route,
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: Option<&User>,
    req: &Map<String, Value>,
    now: u64,
) -> Option<Outcome> {
    let step = tx.step.clone();
    Some(match (route, &step, user) {
        (Route::Identify, Step::Identify | Step::IdentifyRecovery, _) => {
            return captcha::check(store, config, req);
        }
        (Route::Challenge, Step::UnlockAccount, _) => unlock::select(store, config, tx, req),
        (Route::Answer, Step::EmailChallenge, Some(_)) if tx.flow.unlock.is_some() => {
            unlock::answer(store, tx, req, now)
        }
        (Route::Answer, Step::PasswordExpiryWarning, Some(u)) => {
            post_auth::new_password(store, config, tx, u, req, now)
        }
        (Route::Answer, Step::EnrollEmail, Some(u)) => {
            register::answer_email(store, tx, u, req, now)
        }
        (Route::Answer, Step::EnrollPassword, Some(u)) => {
            register::answer_password(store, config, tx, u, req, now)
        }
        (Route::Resend, Step::EnrollEmail, Some(u)) => register::resend(store, tx, u),
        (Route::Poll, Step::EnrollEmail, _) => ok(),
        (Route::Identify | Route::Challenge | Route::Answer | Route::Poll | Route::Resend, ..) => {
            return None;
        }
        (Route::Skip, ..) => post_auth::skip(store, tx, now),
        (Route::SelectEnrollProfile, ..) => register::select(config, tx),
        (Route::EnrollProfile, Step::EnrollProfile, _) => {
            match captcha::check(store, config, req) {
                Some(refused) => refused,
                None => register::submit(store, config, tx, req),
            }
        }
        (Route::EnrollProfile, ..) => not_offered(),
        (Route::SelectIdentify, ..) => register::back(tx),
        (Route::UnlockAccount, ..) => unlock::start(config, tx),
        (Route::Consent, ..) => post_auth::consent(store, tx, req, now),
        (Route::KeepMeSignedIn, ..) => post_auth::keep_me_signed_in(store, tx, req, now),
        (Route::RequestActivation, ..) => activation::request(tx),
    })
}
