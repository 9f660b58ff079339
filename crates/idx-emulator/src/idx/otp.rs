//! The one-time-password tokens as factors (protocol reference §5): a
//! custom OTP token and an RSA SecurID token, each an RFC 6238 generator
//! whose secret is in the users file; the control API reads the token.
//!
//! Invariants: a code is accepted once per user and token; wrong codes are
//! global errors (`api.authn.error.PASSCODE_INVALID`), as recorded for
//! these tokens, and count towards the lockout; an RSA token marked
//! `nextCode` answers its first right code with `errors.E0000113` (next
//! tokencode) and accepts only a code of a later time step after it.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::answer::credential;
use super::finish::factor_verified;
use super::outcome::{Notes, Outcome, blank_field, not_offered, ok, suspended};
use crate::config::{Config, OtpSecret, User};
use crate::http::message;
use crate::store::{Factor, Step, Store, Transaction};

/// The token of `user` for `factor`, with its key in the store's used codes.
pub(crate) fn token(user: &User, factor: Factor) -> Option<(&'static str, &OtpSecret)> {
    match factor {
        Factor::CustomOtp => user.custom_otp.as_ref().map(|t| ("custom_otp", t)),
        Factor::Rsa => user.rsa_token.as_ref().map(|t| ("rsa_token", t)),
        _ => None,
    }
}

/// Start the token's challenge.
pub(super) fn start(tx: &mut Transaction, factor: Factor) {
    tx.step = Step::OtpChallenge {
        factor,
        after: None,
    };
}

/// 401 with the global PASSCODE_INVALID (fixtures
/// `X/error-authenticator-verification-custom-otp.json`,
/// `X/error-authenticator-verification-rsa.json`).
fn invalid() -> Outcome {
    Outcome::Render(
        StatusCode::UNAUTHORIZED,
        Notes::global(message(
            "api.authn.error.PASSCODE_INVALID",
            "Invalid code. Try again.",
            "ERROR",
        )),
    )
}

/// 401 with `errors.E0000113`, its text also as `params[0]` (fixture
/// `X/error-authenticator-verification-passcode-change-rsa.json`).
fn next_tokencode() -> Outcome {
    const TEXT: &str = "Pin accepted, Wait for token to change, then enter new passcode";
    let mut msg = message("errors.E0000113", TEXT, "ERROR");
    msg["i18n"]["params"] = json!([TEXT]);
    Outcome::Render(StatusCode::UNAUTHORIZED, Notes::global(msg))
}

/// The code typed at [`Step::OtpChallenge`].
pub(super) fn answer(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: Option<&Value>,
    now: u64,
) -> Outcome {
    let Step::OtpChallenge { factor, after } = tx.step.clone() else {
        return not_offered();
    };
    let Some((key_name, token)) = token(user, factor) else {
        return not_offered();
    };
    let Some(code) = credential(creds, "passcode") else {
        return blank_field();
    };
    if store.locked(config, &user.username) {
        return suspended();
    }
    let step = token
        .key()
        .and_then(|k| crate::totp::matching_step(&k, &code, now))
        .filter(|s| after.is_none_or(|a| *s > a));
    let fresh = step.filter(|s| store.used_otp.insert((user.username.clone(), key_name, *s)));
    let Some(step) = fresh else {
        if store.fail(config, &user.username) {
            return suspended();
        }
        return invalid();
    };
    if factor == Factor::Rsa && token.next_code && after.is_none() {
        tx.step = Step::OtpChallenge {
            factor,
            after: Some(step),
        };
        return next_tokencode();
    }
    factor_verified(store, tx, now, ["otp", "mfa"]);
    ok()
}
