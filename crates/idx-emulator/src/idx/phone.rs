//! Phone as a factor and as an enrollment (protocol reference §2): a
//! six-digit code sent by SMS or voice call to the virtual phone, typed
//! back; the number to enroll; and Okta's rate limits on sending.
//!
//! Invariants: one code per transaction at a time (sending again replaces
//! it), kept in the step as a [`Secret`] and shown only through the control
//! API's phone inbox; a code verifies once; a wrong code counts towards the
//! lockout; at most [`SENDS_PER_WINDOW`] codes per user and method in
//! [`WINDOW_SECS`]: past it SMS ends the transaction (`errors.E0000150`, no
//! remediation) and voice keeps the method choice (`errors.E0000151`); a
//! number is enrolled only once a code sent to it is typed back; logs show
//! numbers masked, never codes.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::answer::credential;
use super::authenticators::mask_phone;
use super::finish::factor_verified;
use super::outcome::{Notes, Outcome, bad_input, blank_field, invalid_code, ok, suspended};
use crate::config::{Config, Phone, User, is_e164};
use crate::http::{message, now_unix};
use crate::secret::{Secret, random_digits};
use crate::store::{Factor, PhoneCode, PhoneMessage, PhoneMethod, Step, Store, Transaction};

/// Codes one user may be sent by one method per window.
pub const SENDS_PER_WINDOW: u32 = 5;
/// The rate-limit window (seconds).
pub const WINDOW_SECS: u64 = 60;

/// Counts one more code to `username` by `method` at `now`; false (and not
/// counted) past the limit.
fn within_limit(store: &mut Store, username: &str, method: PhoneMethod, now: u64) -> bool {
    let entry = store
        .phone_sends
        .entry((username.to_owned(), method))
        .or_insert((now, 0));
    if now >= entry.0 + WINDOW_SECS {
        *entry = (now, 0);
    }
    if entry.1 >= SENDS_PER_WINDOW {
        return false;
    }
    entry.1 += 1;
    true
}

/// The rate limit's answer (fixtures `error-authenticator-phone-sms-ratelimit.json`,
/// `error-authenticator-phone-voice-ratelimit.json`): SMS ends the
/// transaction, voice goes back to the method choice (or the number, when
/// enrolling).
fn limited(tx: &mut Transaction, method: PhoneMethod, enrolling: bool) -> Outcome {
    let msg = match method {
        PhoneMethod::Sms => {
            tx.step = Step::PhoneSmsLimited;
            message(
                "errors.E0000150",
                "You have reached the limit of sms requests, please try again later.",
                "ERROR",
            )
        }
        PhoneMethod::Voice => {
            tx.step = if enrolling {
                Step::PhoneEnrollData
            } else {
                Step::VerificationData(Factor::Phone)
            };
            message(
                "errors.E0000151",
                "You have reached the limit of call requests, please try again later.",
                "ERROR",
            )
        }
    };
    Outcome::Render(StatusCode::TOO_MANY_REQUESTS, Notes::global(msg))
}

/// Send a fresh code by `method` to `number` for `user`: the transaction
/// waits at [`Step::PhoneChallenge`], or the rate limit answers.
fn send_code(
    store: &mut Store,
    tx: &mut Transaction,
    user: &User,
    method: PhoneMethod,
    number: &str,
    enrolling: bool,
) -> Outcome {
    if !within_limit(store, &user.username, method, now_unix()) {
        return limited(tx, method, enrolling);
    }
    let code = random_digits(6);
    store.phone_inbox.insert(
        user.username.clone(),
        PhoneMessage {
            method,
            to: number.to_owned(),
            code: Secret::new(code.clone()),
        },
    );
    tx.step = Step::PhoneChallenge(Box::new(PhoneCode {
        method,
        number: number.to_owned(),
        code: Secret::new(code),
        enrolling,
    }));
    eprintln!(
        "idx-emulator: phone code sent by {} to {}",
        method.as_str(),
        mask_phone(number)
    );
    ok()
}

/// The methods `user`'s phone takes codes by, in Okta's order (SMS, voice).
pub(crate) fn methods(user: &User) -> Vec<PhoneMethod> {
    let Some(p) = &user.phone else {
        return Vec::new();
    };
    let mut v = Vec::new();
    if p.sms {
        v.push(PhoneMethod::Sms);
    }
    if p.voice {
        v.push(PhoneMethod::Voice);
    }
    v
}

/// `methodType` chosen for `user`'s phone (select or verification data):
/// a method the phone has sends a code, anything else is a bad request.
pub(super) fn choose_method(
    store: &mut Store,
    tx: &mut Transaction,
    user: &User,
    method: &str,
) -> Outcome {
    let (Some(phone), Some(m)) = (&user.phone, PhoneMethod::parse(method)) else {
        return bad_input("Unsupported methodType for Phone.");
    };
    if !methods(user).contains(&m) {
        return bad_input("Unsupported methodType for Phone.");
    }
    let number = phone.number.clone();
    send_code(store, tx, user, m, &number, false)
}

/// `resend` while a code is awaited: a new code, same method and number.
pub(super) fn resend(store: &mut Store, tx: &mut Transaction, user: &User) -> Outcome {
    let Step::PhoneChallenge(c) = &tx.step else {
        return super::outcome::not_offered();
    };
    let (method, number, enrolling) = (c.method, c.number.clone(), c.enrolling);
    send_code(store, tx, user, method, &number, enrolling)
}

/// The code typed at [`Step::PhoneChallenge`]: verifies the factor (and,
/// enrolling, gives the user this phone), or counts as a failed attempt.
pub(super) fn answer(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: Option<&Value>,
    now: u64,
) -> Outcome {
    let Step::PhoneChallenge(c) = tx.step.clone() else {
        return super::outcome::not_offered();
    };
    let Some(code) = credential(creds, "passcode") else {
        return blank_field();
    };
    if store.locked(config, &user.username) {
        return suspended();
    }
    if code != c.code.expose() {
        if store.fail(config, &user.username) {
            return suspended();
        }
        return invalid_code();
    }
    store.phone_inbox.remove(&user.username);
    if c.enrolling {
        store
            .learned
            .entry(user.username.clone())
            .or_default()
            .phone = Some(Phone {
            number: c.number.clone(),
            sms: true,
            voice: true,
        });
        eprintln!("idx-emulator: phone {} enrolled", mask_phone(&c.number));
    }
    let amr = match c.method {
        PhoneMethod::Sms => "sms",
        PhoneMethod::Voice => "tel",
    };
    factor_verified(store, tx, now, [amr, "mfa"]);
    ok()
}

/// 400 with `api.factors.error.sms.invalid_phone` (fixture
/// `error-authenticator-enroll-phone-invalid-number.json`); the number's
/// form stays.
fn invalid_number(tx: &mut Transaction) -> Outcome {
    tx.step = Step::PhoneEnrollData;
    Outcome::Render(
        StatusCode::BAD_REQUEST,
        Notes::global(message(
            "api.factors.error.sms.invalid_phone",
            "Invalid Phone Number.",
            "ERROR",
        )),
    )
}

/// `authenticator-enrollment-data` (or a `select-authenticator-enroll`
/// that already carries them): `{"id", "methodType", "phoneNumber"}`. A
/// valid E.164 number (voice may add `x<extension>`) gets a code; anything
/// else re-serves the form with Okta's invalid-number error.
pub(super) fn enrollment_data(
    store: &mut Store,
    tx: &mut Transaction,
    user: &User,
    auth: &Map<String, Value>,
) -> Outcome {
    let method = auth.get("methodType").and_then(Value::as_str).unwrap_or("");
    let Some(method) = PhoneMethod::parse(method) else {
        tx.step = Step::PhoneEnrollData;
        return bad_input("'methodType' must be sms or voice.");
    };
    let number = auth
        .get("phoneNumber")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if !is_e164(number, method == PhoneMethod::Voice) {
        return invalid_number(tx);
    }
    send_code(store, tx, user, method, number, true)
}
