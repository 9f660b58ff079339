//! Okta Verify enrollment for a user who has no authenticator yet (protocol
//! reference 8.6): `select-authenticator-enroll` → `POST
//! /idp/idx/credential/enroll` with a `channel` → either `enroll-poll` with a
//! QR code, or `enrollment-channel-data` → `POST /idp/idx/challenge/send` →
//! `enroll-poll` for an emailed link → the phone activates it (control API)
//! → the next poll completes the sign-in like an approved push.
//!
//! Invariants: an activation URI carries a fresh random token per enrollment
//! and is never logged (only the control API reveals it, as the phone's
//! camera or the inbox would see it); an enrollment completes only once
//! activated, and only while its transaction is live; activation gives the
//! user Okta Verify (a fresh TOTP secret, push) in the store, for the rest of
//! the process or until reset, never in the users file.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::view::{Notes, OV_ID, mask_email};
use super::{Outcome, bad_input, blank_field, not_offered, ok, okta_verify_confirmed};
use crate::config::{OktaVerify, User};
use crate::http::{message, url_encode};
use crate::secret::{Secret, random_base32, random_id};
use crate::store::{Channel, Enrollment, Step, Store, Transaction};

/// Device name of every Okta Verify enrolled through the emulator.
pub const ENROLLED_DEVICE_NAME: &str = "New Phone";

/// The activation URI the QR code or the emailed link carries:
/// `oktaverify://<username>/?t=<token>&f=<authenticator id>&s=<org URL>`,
/// with a fresh random token.
fn activation_uri(base: &str, user: &User) -> Secret {
    let who = url_encode(&user.username).replace("%40", "@");
    Secret::new(format!(
        "oktaverify://{who}/?t={}&f={OV_ID}&s={}",
        random_id("", 32),
        url_encode(base)
    ))
}

/// Whether the Okta Verify enrollment routes are offered in `step`.
fn enrolling(step: &Step) -> bool {
    match step {
        Step::SelectEnroll | Step::EnrollChannelData => true,
        Step::EnrollPoll(e) => !e.activated,
        _ => false,
    }
}

/// `POST /idp/idx/credential/enroll` (`select-authenticator-enroll`,
/// `select-enrollment-channel`): `{"authenticator": {"id", "channel"?}}`, a
/// missing channel meaning `qrcode`.
pub(super) fn enroll(
    base: &str,
    tx: &mut Transaction,
    user: Option<&User>,
    req: &Map<String, Value>,
) -> Outcome {
    let Some(user) = user.filter(|_| enrolling(&tx.step)) else {
        return not_offered();
    };
    let Some(auth) = req.get("authenticator").and_then(Value::as_object) else {
        return bad_input("'authenticator' is required.");
    };
    // A policy that requires a security key offers only that.
    if user.webauthn.is_some() {
        if tx.step == Step::SelectEnroll
            && auth.get("id").and_then(Value::as_str) == Some(super::view::WEBAUTHN_ID)
        {
            super::webauthn::select(tx, user);
            return ok();
        }
        return bad_input("Unknown authenticator.");
    }
    if auth.get("id").and_then(Value::as_str) != Some(OV_ID) {
        return bad_input("Unknown authenticator.");
    }
    let channel = match auth.get("channel") {
        None | Some(Value::Null) => Channel::QrCode,
        Some(Value::String(c)) if c == "qrcode" => Channel::QrCode,
        Some(Value::String(c)) if c == "email" => Channel::Email,
        Some(_) => return bad_input("Unsupported channel for Okta Verify."),
    };
    match channel {
        Channel::Email => tx.step = Step::EnrollChannelData,
        Channel::QrCode => {
            let activation = activation_uri(base, user);
            let Some(qr) = crate::qr::png_data_uri(activation.expose()) else {
                return bad_input("The username is too long for an activation QR code.");
            };
            tx.step = Step::EnrollPoll(Box::new(Enrollment {
                channel,
                email: None,
                activation,
                qr_code: Some(Secret::new(qr)),
                activated: false,
            }));
            eprintln!("idx-emulator: Okta Verify enrollment QR code shown");
        }
    }
    ok()
}

/// A plausible address: one `@`, something before it, a dotted domain after
/// it, no spaces.
fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
        && text.len() <= 254
}

/// `POST /idp/idx/challenge/send` (`enrollment-channel-data`): `{"email"}`.
/// A blank or malformed address is a message on the `email` field and the
/// state stays.
pub(super) fn send(
    base: &str,
    tx: &mut Transaction,
    user: Option<&User>,
    req: &Map<String, Value>,
) -> Outcome {
    let Some(user) = user.filter(|_| tx.step == Step::EnrollChannelData) else {
        return not_offered();
    };
    let email = req
        .get("email")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if email.is_empty() {
        return blank_field();
    }
    if !looks_like_email(email) {
        return Outcome::Render(
            StatusCode::BAD_REQUEST,
            Notes::field(message(
                "model.validation.field.invalid.email",
                "Enter a valid email address.",
                "ERROR",
            )),
        );
    }
    tx.step = Step::EnrollPoll(Box::new(Enrollment {
        channel: Channel::Email,
        email: Some(email.to_owned()),
        activation: activation_uri(base, user),
        qr_code: None,
        activated: false,
    }));
    eprintln!(
        "idx-emulator: Okta Verify enrollment link sent to {}",
        mask_email(email)
    );
    ok()
}

/// A poll while enrolling: the same state until the phone has activated the
/// enrollment, then success, as when a push is approved.
pub(super) fn poll(store: &mut Store, tx: &mut Transaction, now: u64) -> Outcome {
    match &tx.step {
        Step::EnrollPoll(e) if e.activated => {
            okta_verify_confirmed(store, tx, now);
            ok()
        }
        Step::EnrollPoll(_) => ok(),
        _ => not_offered(),
    }
}

/// The `resend` action of an emailed enrollment link: the same link again.
pub(super) fn resend(tx: &Transaction) -> Outcome {
    match &tx.step {
        Step::EnrollPoll(e) if !e.activated && e.channel == Channel::Email => {
            let to = e.email.as_deref().map(mask_email).unwrap_or_default();
            eprintln!("idx-emulator: Okta Verify enrollment link resent to {to}");
            ok()
        }
        _ => not_offered(),
    }
}

/// What the control API shows of `username`'s pending enrollment: channel,
/// email and activation URI.
pub fn pending(
    store: &Store,
    username: &str,
    now: u64,
) -> Option<(Channel, Option<String>, String)> {
    let tx = store.pending_enrollment(username, now)?;
    match &tx.step {
        Step::EnrollPoll(e) => Some((e.channel, e.email.clone(), e.activation.expose().to_owned())),
        _ => None,
    }
}

/// The phone activates `username`'s pending enrollment (scanned the QR code
/// or opened the link): the user has Okta Verify from now on and the
/// transaction's next poll succeeds. False when nothing is pending.
pub fn activate(store: &mut Store, username: &str, now: u64) -> bool {
    let Some(ih) = store
        .pending_enrollment(username, now)
        .map(|tx| tx.interaction_handle.clone())
    else {
        return false;
    };
    if let Some(Step::EnrollPoll(e)) = store.transactions.get_mut(&ih).map(|tx| &mut tx.step) {
        e.activated = true;
    }
    store.enrolled.insert(
        username.to_owned(),
        OktaVerify {
            totp_secret: Some(Secret::new(random_base32(32))),
            push: true,
            number_challenge: false,
            device_name: ENROLLED_DEVICE_NAME.to_owned(),
        },
    );
    eprintln!("idx-emulator: Okta Verify enrollment activated");
    true
}
