//! Enrolling the authenticator the policy requires of a user who has none,
//! when their `mustEnroll` names phone, the security question or Google
//! Authenticator, and the security key a WebAuthn policy requires of a user
//! who has none registered (Okta Verify has its own flow, `enroll`):
//! `select-authenticator-enroll` (posted to `/idp/idx/credential/enroll`)
//! starts the authenticator's own enrollment, where the same form stays
//! offered to start over.
//!
//! Invariants: only the required authenticator is accepted, and only in
//! its enrollment states; its enrollment completes the sign-in like a
//! verified factor (no skip); what is enrolled lives in the store, never in
//! the users file.

use serde_json::{Map, Value};

use super::authenticators::{GOOGLE_ID, PHONE_ID, QUESTION_ID, WEBAUTHN_ID, required_enrollment};
use super::outcome::{Outcome, bad_input, not_offered, ok};
use super::{google, phone, webauthn};
use crate::config::User;
use crate::store::{Factor, Step, Store, Transaction};

/// Whether `POST /idp/idx/credential/enroll` belongs to this flow in `step`.
pub(super) fn handles(step: &Step) -> bool {
    match step {
        Step::EnrollRequired(_)
        | Step::PhoneEnrollData
        | Step::QuestionEnroll
        | Step::GoogleEnroll(_)
        | Step::WebAuthnEnroll { .. } => true,
        Step::PhoneChallenge(c) => c.enrolling,
        _ => false,
    }
}

/// The id of an authenticator this flow enrolls.
fn factor_id(factor: Factor) -> Option<&'static str> {
    match factor {
        Factor::Phone => Some(PHONE_ID),
        Factor::SecurityQuestion => Some(QUESTION_ID),
        Factor::GoogleOtp => Some(GOOGLE_ID),
        Factor::WebAuthn => Some(WEBAUTHN_ID),
        _ => None,
    }
}

/// `POST /idp/idx/credential/enroll` with `{"authenticator": {"id", ...}}`:
/// `select-authenticator-enroll`, or the phone's
/// `authenticator-enrollment-data` (`methodType`, `phoneNumber`).
pub(super) fn enroll(
    store: &mut Store,
    tx: &mut Transaction,
    user: Option<&User>,
    req: &Map<String, Value>,
) -> Outcome {
    let Some((user, factor)) = user.and_then(|u| required_enrollment(u).map(|f| (u, f))) else {
        return not_offered();
    };
    let Some(auth) = req.get("authenticator").and_then(Value::as_object) else {
        return bad_input("'authenticator' is required.");
    };
    if auth.get("id").and_then(Value::as_str) != factor_id(factor) {
        return bad_input("Unknown authenticator.");
    }
    let has_number = auth
        .get("phoneNumber")
        .and_then(Value::as_str)
        .is_some_and(|n| !n.trim().is_empty());
    match factor {
        Factor::Phone if has_number || tx.step == Step::PhoneEnrollData => {
            phone::enrollment_data(store, tx, user, auth)
        }
        Factor::Phone => {
            tx.step = Step::PhoneEnrollData;
            ok()
        }
        Factor::SecurityQuestion => {
            tx.step = Step::QuestionEnroll;
            ok()
        }
        Factor::GoogleOtp => google::start_enrollment(store, tx, user),
        Factor::WebAuthn => {
            webauthn::start(store, tx, user);
            ok()
        }
        _ => not_offered(),
    }
}
