//! `challenge-poll`, `enroll-poll` and the email challenge's `poll`
//! (posted to `/idp/idx/challenge/poll` or `/idp/idx/authenticators/poll`):
//! has the phone or the inbox answered yet?
//!
//! Invariants: polling never changes a waiting state (it only reports the
//! answer once there is one); offered only in the waiting states; a poll
//! never counts as a failed attempt. A new out-of-band authenticator adds
//! its waiting state's arm to [`poll`].

use super::outcome::{Outcome, not_offered, ok};
use super::{enroll, okta_verify};
use crate::store::{Step, Store, Transaction};

/// `POST /idp/idx/challenge/poll` and `/idp/idx/authenticators/poll`.
pub(super) fn poll(store: &mut Store, tx: &mut Transaction, now: u64) -> Outcome {
    match tx.step.clone() {
        Step::PushPoll { push_id } => okta_verify::poll_push(store, tx, &push_id, now),
        // A magic link lands on the app, which submits its `otp` as the
        // passcode (protocol 3.12); until then the email poll keeps waiting.
        Step::EmailChallenge => ok(),
        Step::EnrollPoll(_) => enroll::poll(store, tx, now),
        _ => not_offered(),
    }
}
