//! Okta FastPass (Okta Verify `signed_nonce`, protocol reference §6) with
//! the CUSTOM_URI method: launched at identify (`launch-authenticator` →
//! `device-challenge-poll`) or chosen as Okta Verify's method
//! (`challenge-poll`); Okta Verify on the device answers through the
//! control API, and the next poll goes on; `/idp/idx/authenticators/poll/cancel`
//! gives up.
//!
//! Invariants: a launch is offered only at identify and only when the org
//! has FastPass on ([`Config::fastpass`]); the challenge request is random
//! per challenge and never logged; a challenge is answered only by a user
//! whose Okta Verify has FastPass, and a signed-nonce challenge only by the
//! user signing in; polling never changes an unanswered challenge; an
//! answered one is proof of possession and user presence (amr `mca` +
//! `mfa`); cancelling a launch returns to identify, cancelling the Okta
//! Verify method to the factor choice.

use serde_json::{Map, Value};

use super::okta_verify;
use super::outcome::{Outcome, bad_input, not_offered, ok};
use crate::config::{Config, User};
use crate::secret::{Secret, random_id};
use crate::store::{DeviceChallenge, Step, Store, Transaction};

fn challenge() -> Box<DeviceChallenge> {
    Box::new(DeviceChallenge {
        request: Secret::new(random_id("", 32)),
        answered_by: None,
    })
}

/// `POST /idp/idx/authenticators/okta-verify/launch` (`launch-authenticator`).
pub(super) fn launch(config: &Config, tx: &mut Transaction) -> Outcome {
    if !config.fastpass || tx.step != Step::Identify {
        return not_offered();
    }
    tx.step = Step::DeviceChallengePoll(challenge());
    eprintln!("idx-emulator: Okta FastPass launched");
    ok()
}

/// Okta Verify's `signed_nonce` method chosen: wait for the device.
pub(super) fn start_signed_nonce(store: &mut Store, tx: &mut Transaction) {
    store.drop_pushes(&tx.interaction_handle);
    tx.step = Step::SignedNoncePoll(challenge());
    eprintln!("idx-emulator: Okta FastPass challenge sent");
}

/// A poll while a FastPass challenge waits: the same state until Okta
/// Verify answered, then the sign-in goes on as that user.
pub(super) fn poll(store: &mut Store, tx: &mut Transaction, now: u64) -> Outcome {
    let answered = match &tx.step {
        Step::DeviceChallengePoll(c) | Step::SignedNoncePoll(c) => c.answered_by.clone(),
        _ => return not_offered(),
    };
    if let Some(username) = answered {
        tx.username = Some(username);
        okta_verify::confirmed(store, tx, now);
    }
    ok()
}

/// `POST /idp/idx/authenticators/poll/cancel` with `{"reason", "statusCode"}`.
pub(super) fn cancel(tx: &mut Transaction, req: &Map<String, Value>) -> Outcome {
    let back = match tx.step {
        Step::DeviceChallengePoll(_) => Step::Identify,
        Step::SignedNoncePoll(_) => Step::SelectAuthenticator,
        _ => return not_offered(),
    };
    if !req.get("reason").is_some_and(Value::is_string) {
        return bad_input("'reason' is required.");
    }
    if !req
        .get("statusCode")
        .is_none_or(|c| c.is_null() || c.is_u64())
    {
        return bad_input("'statusCode' must be a number or null.");
    }
    tx.step = back;
    eprintln!("idx-emulator: Okta FastPass cancelled");
    ok()
}

/// Whether `tx` waits for a FastPass answer `user` may give at `now`.
fn waits_for(tx: &Transaction, user: &User, now: u64) -> bool {
    tx.expires_at > now
        && match &tx.step {
            Step::SignedNoncePoll(c) => {
                c.answered_by.is_none() && tx.username.as_deref() == Some(&user.username)
            }
            Step::DeviceChallengePoll(c) => c.answered_by.is_none(),
            _ => false,
        }
}

/// Okta Verify on the device answers as `user` (control API): the user's
/// own signed-nonce challenge, else the newest launch waiting for any
/// device. False when nothing waits or the user has no FastPass.
pub fn answer(store: &mut Store, user: &User, now: u64) -> bool {
    if !user.has_fast_pass() {
        return false;
    }
    let pick = store
        .transactions
        .values()
        .filter(|tx| waits_for(tx, user, now))
        .max_by_key(|tx| (matches!(tx.step, Step::SignedNoncePoll(_)), tx.expires_at))
        .map(|tx| tx.interaction_handle.clone());
    let Some(ih) = pick else {
        return false;
    };
    if let Some(tx) = store.transactions.get_mut(&ih)
        && let Step::DeviceChallengePoll(c) | Step::SignedNoncePoll(c) = &mut tx.step
    {
        c.answered_by = Some(user.username.clone());
        // A launch at identify skipped the password, where the policy
        // snapshot is taken: take it now, so the steps the policy asks after
        // authentication follow this verification too.
        tx.flow.policy = user.policy.clone();
    }
    eprintln!("idx-emulator: Okta FastPass answered by the device");
    true
}

/// Whether a FastPass challenge `user` could answer is waiting.
pub fn pending(store: &Store, user: &User, now: u64) -> bool {
    user.has_fast_pass()
        && store
            .transactions
            .values()
            .any(|tx| waits_for(tx, user, now))
}
