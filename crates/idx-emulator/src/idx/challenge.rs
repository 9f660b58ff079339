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

use super::authenticators::{EMAIL_ID, OV_ID};
use super::outcome::{Outcome, bad_input, not_offered, ok, suspended};
use super::{email, okta_verify};
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
    )
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
        _ => bad_input("Unknown authenticator."),
    }
}
