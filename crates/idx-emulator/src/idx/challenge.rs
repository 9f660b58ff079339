//! `select-authenticator-authenticate` and `authenticator-verification-data`
//! (posted to `/idp/idx/challenge`): the user picks one of their factors,
//! and possibly its method, which starts that factor's challenge.
//!
//! Invariants: offered in every factor state (the choice stays available
//! while a challenge is in progress) and nowhere else; only a factor the
//! user has, and a method that factor offers, is accepted, otherwise
//! `400 E0000020` with the state kept; choosing anything drops the
//! transaction's outstanding push; a locked-out user gets 403. A new
//! authenticator adds its arm to [`challenge`], starting its own challenge.

use serde_json::{Map, Value};

use super::authenticators::{
    CUSTOM_OTP_ID, EMAIL_ID, GOOGLE_ID, OV_ID, PHONE_ID, QUESTION_ID, RSA_ID, WEBAUTHN_ID,
    can_verify_webauthn,
};
use super::outcome::{Outcome, bad_input, not_offered, ok, suspended};
use super::{email, fastpass, okta_verify, otp, phone, webauthn};
use crate::config::{Config, User};
use crate::store::{Factor, Step, Store, Transaction};

/// Whether the authenticator choice is offered in `step`.
fn can_select(step: &Step) -> bool {
    matches!(
        step,
        Step::SelectAuthenticator
            | Step::VerificationData(_)
            | Step::TotpChallenge
            | Step::PushPoll { .. }
            | Step::PushRejected
            | Step::EmailChallenge
            | Step::QuestionChallenge
            | Step::GoogleChallenge
            | Step::OtpChallenge { .. }
            | Step::SignedNoncePoll(_)
            | Step::WebAuthnChallenge { .. }
    ) || matches!(step, Step::PhoneChallenge(c) if !c.enrolling)
}

/// `POST /idp/idx/challenge` with `{"authenticator": {"id", "methodType"?}}`:
/// without a method, the factor's method choice; with one, its challenge.
pub(super) fn challenge(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: Option<&User>,
    req: &Map<String, Value>,
) -> Outcome {
    let Some(user) = user.filter(|_| can_select(&tx.step)) else {
        return not_offered();
    };
    if store.locked(config, &user.username) {
        return suspended();
    }
    let Some(auth) = req.get("authenticator").and_then(Value::as_object) else {
        return bad_input("'authenticator' is required.");
    };
    let id = auth.get("id").and_then(Value::as_str).unwrap_or("");
    let method = auth.get("methodType").and_then(Value::as_str);
    match (id, method) {
        (OV_ID, _) if user.okta_verify.is_none() => bad_input("Unknown authenticator."),
        (OV_ID, None) => {
            store.drop_pushes(&tx.interaction_handle);
            tx.step = Step::VerificationData(Factor::OktaVerify);
            ok()
        }
        (OV_ID, Some("totp")) if user.totp_key().is_some() => {
            store.drop_pushes(&tx.interaction_handle);
            tx.step = Step::TotpChallenge;
            ok()
        }
        (OV_ID, Some("push")) if user.has_push() => {
            okta_verify::start_push(store, tx, user);
            ok()
        }
        (OV_ID, Some("signed_nonce")) if user.has_fast_pass() => {
            fastpass::start_signed_nonce(store, tx);
            ok()
        }
        (OV_ID, Some(_)) => bad_input("Unsupported methodType for Okta Verify."),
        (EMAIL_ID, _) if !user.email_authenticator => bad_input("Unknown authenticator."),
        (EMAIL_ID, None) => {
            store.drop_pushes(&tx.interaction_handle);
            tx.step = Step::VerificationData(Factor::Email);
            ok()
        }
        (EMAIL_ID, Some("email")) => {
            store.drop_pushes(&tx.interaction_handle);
            email::send_code(store, tx, user);
            ok()
        }
        (EMAIL_ID, Some(_)) => bad_input("Unsupported methodType for Email."),
        _ => other(store, tx, user, id, method),
    }
}

/// The choice of one of the other authenticators (phone, security
/// question, Google Authenticator, OTP tokens, a security key), each starting its own
/// challenge; the phone without a method asks for one.
fn other(
    store: &mut Store,
    tx: &mut Transaction,
    user: &User,
    id: &str,
    method: Option<&str>,
) -> Outcome {
    let factor = match id {
        PHONE_ID if user.phone.is_some() => Factor::Phone,
        QUESTION_ID if user.security_question.is_some() => Factor::SecurityQuestion,
        GOOGLE_ID if user.google_authenticator.is_some() => Factor::GoogleOtp,
        CUSTOM_OTP_ID if user.custom_otp.is_some() => Factor::CustomOtp,
        RSA_ID if user.rsa_token.is_some() => Factor::Rsa,
        WEBAUTHN_ID if can_verify_webauthn(user) => Factor::WebAuthn,
        _ => return bad_input("Unknown authenticator."),
    };
    if factor == Factor::WebAuthn {
        // A security key has one method: the choice names it or nothing.
        if method.is_some_and(|m| m != "webauthn") {
            return bad_input("Unsupported methodType for WebAuthn.");
        }
        webauthn::start(store, tx, user);
        return ok();
    }
    store.drop_pushes(&tx.interaction_handle);
    match (factor, method) {
        (Factor::Phone, None) => tx.step = Step::VerificationData(Factor::Phone),
        (Factor::Phone, Some(m)) => return phone::choose_method(store, tx, user, m),
        (Factor::SecurityQuestion, _) => tx.step = Step::QuestionChallenge,
        (Factor::GoogleOtp, _) => tx.step = Step::GoogleChallenge,
        (f, _) => otp::start(tx, f),
    }
    ok()
}
