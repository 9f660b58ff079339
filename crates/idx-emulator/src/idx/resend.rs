//! `resend` (posted to `/idp/idx/challenge` or `/idp/idx/challenge/resend`):
//! the same challenge again, through the same channel.
//!
//! Invariants: a resend replaces what was sent (a new push, a new emailed
//! code) so only the newest can be answered, except an enrollment link,
//! which stays the same; offered only where the rendered state carries a
//! `resend` action.

use super::outcome::{Outcome, not_offered, ok};
use super::{email, enroll, okta_verify};
use crate::config::User;
use crate::store::{Factor, Step, Store, Transaction};

/// `POST /idp/idx/challenge/resend` (and the push's `resend` form).
pub(super) fn resend(store: &mut Store, tx: &mut Transaction, user: Option<&User>) -> Outcome {
    let Some(user) = user else {
        return not_offered();
    };
    match tx.step {
        Step::PushPoll { .. } | Step::PushRejected => {
            okta_verify::start_push(store, tx, user);
            ok()
        }
        // The email verification-data state also carries a resend action
        // (fixture `authenticator-verification-data-email.json`): it sends.
        Step::EmailChallenge | Step::VerificationData(Factor::Email) => {
            email::send_code(store, tx, user);
            ok()
        }
        Step::EnrollPoll(_) => enroll::resend(tx),
        _ => not_offered(),
    }
}
