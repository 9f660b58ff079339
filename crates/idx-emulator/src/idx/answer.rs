//! `challenge-authenticator` and `reset-authenticator` (posted to
//! `/idp/idx/challenge/answer`): the answer to the current challenge, which
//! the challenged authenticator verifies.
//!
//! Invariants: offered only in a challenge state of an identified user; a
//! blank answer is a message on the answer field (400) and changes nothing;
//! a locked-out user gets 403 before any answer is compared; each
//! authenticator's own module decides right or wrong. A new authenticator
//! with something to type adds its arm to [`answer`].

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::finish::after_password;
use super::outcome::{Notes, Outcome, blank_field, not_offered, ok, suspended};
use super::{email, google, okta_verify, otp, phone, recovery, security_question, webauthn};
use crate::config::{Config, User};
use crate::http::message;
use crate::store::{Step, Store, Transaction};

/// The credential `name` as typed, trimmed; `None` when blank.
pub(super) fn credential(creds: Option<&Value>, name: &str) -> Option<String> {
    creds
        .and_then(|c| c.get(name))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// `POST /idp/idx/challenge/answer` with `{"credentials": {...}}`
/// (`challenge-authenticator`, `enroll-authenticator`, `reset-authenticator`).
pub(super) fn answer(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: Option<&User>,
    req: &Map<String, Value>,
    now: u64,
) -> Outcome {
    let Some(user) = user else {
        return not_offered();
    };
    let creds = req.get("credentials");
    match tx.step {
        Step::PasswordChallenge => password_challenge(store, config, tx, user, creds),
        Step::TotpChallenge => {
            let Some(code) = credential(creds, "totp") else {
                return blank_field();
            };
            if store.locked(config, &user.username) {
                return suspended();
            }
            okta_verify::verify_code(store, config, tx, user, &code, now)
        }
        Step::EmailChallenge => {
            let Some(code) = credential(creds, "passcode") else {
                return blank_field();
            };
            if store.locked(config, &user.username) {
                return suspended();
            }
            email::verify_code(store, config, tx, user, &code, now)
        }
        Step::ResetPassword => recovery::reset_password(store, config, tx, user, creds, now),
        Step::PhoneChallenge(_) => phone::answer(store, config, tx, user, creds, now),
        Step::QuestionChallenge => security_question::verify(store, config, tx, user, creds, now),
        Step::QuestionEnroll => security_question::enroll(store, tx, user, creds, now),
        Step::GoogleChallenge | Step::GoogleEnroll(_) => {
            google::answer(store, config, tx, user, creds, now)
        }
        Step::OtpChallenge { .. } => otp::answer(store, config, tx, user, creds, now),
        Step::WebAuthnChallenge { .. } | Step::WebAuthnEnroll { .. } => {
            webauthn::answer(store, config, tx, user, creds, now)
        }
        _ => not_offered(),
    }
}

/// The password as a challenge (username first): right, and the policy asks
/// for one more factor; wrong, and it counts towards the lockout. The
/// password is compared as typed, never trimmed.
fn password_challenge(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: Option<&Value>,
) -> Outcome {
    let Some(pw) = creds
        .and_then(|c| c.get("passcode"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    else {
        return blank_field();
    };
    if store.locked(config, &user.username) {
        return suspended();
    }
    if pw != user.password.expose() {
        if store.fail(config, &user.username) {
            return suspended();
        }
        return Outcome::Render(
            StatusCode::UNAUTHORIZED,
            // A global message, as in `error-authenticator-verify-password.json`.
            Notes::global(message(
                "incorrectPassword",
                "Password is incorrect",
                "ERROR",
            )),
        );
    }
    after_password(store, tx, user);
    ok()
}
