//! Okta Verify as a factor: the push (with its optional number challenge)
//! and the six-digit code (TOTP).
//!
//! Invariants: a transaction has at most one outstanding push (a new one
//! replaces it); a number challenge offers three distinct two-digit numbers,
//! one of them correct; a TOTP step is accepted once per user (replay
//! protection in the store), and a wrong code counts towards the lockout;
//! the phone's confirmation (approved push, activated enrollment) is proof
//! of possession and user presence (amr `mca` + `mfa`).

use rand::Rng;
use rand::seq::SliceRandom;

use super::finish::factor_verified;
use super::outcome::{Outcome, invalid_code, ok, suspended};
use crate::config::{Config, User};
use crate::secret::random_id;
use crate::store::{Push, PushStatus, Step, Store, Transaction};

/// Send a push to `user`'s phone for `tx`, replacing the transaction's
/// outstanding one; the transaction waits at [`Step::PushPoll`].
pub(super) fn start_push(store: &mut Store, tx: &mut Transaction, user: &User) {
    store.drop_pushes(&tx.interaction_handle);
    let number = user
        .okta_verify
        .as_ref()
        .is_some_and(|o| o.number_challenge);
    let mut rng = rand::rngs::OsRng;
    let (correct, choices) = if number {
        let mut nums: Vec<u32> = Vec::new();
        while nums.len() < 3 {
            let n = rng.gen_range(10..100);
            if !nums.contains(&n) {
                nums.push(n);
            }
        }
        let correct = nums[0].to_string();
        nums.shuffle(&mut rng);
        (Some(correct), nums.iter().map(u32::to_string).collect())
    } else {
        (None, Vec::new())
    };
    let id = random_id("push", 16);
    store.pushes.insert(
        id.clone(),
        Push {
            id: id.clone(),
            username: user.username.clone(),
            interaction_handle: tx.interaction_handle.clone(),
            correct_answer: correct,
            choices,
            status: PushStatus::Pending,
        },
    );
    tx.step = Step::PushPoll { push_id: id };
    eprintln!("idx-emulator: Okta Verify push sent");
}

/// The phone confirmed Okta Verify (an approved push, or an activated
/// enrollment): the factor is verified with out-of-band proof.
pub(super) fn confirmed(store: &mut Store, tx: &mut Transaction, now: u64) {
    factor_verified(store, tx, now, ["mca", "mfa"]);
}

/// `code` typed from Okta Verify for `user` at [`Step::TotpChallenge`]
/// (not blank, the user not locked out): the factor is verified, or the
/// code is wrong (or already used) and counts as a failed attempt.
pub(super) fn verify_code(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    code: &str,
    now: u64,
) -> Outcome {
    let accepted = user.totp_key().and_then(|key| {
        let step = crate::totp::matching_step(&key, code, now)?;
        store
            .used_totp
            .insert((user.username.clone(), step))
            .then_some(step)
    });
    if accepted.is_some() {
        factor_verified(store, tx, now, ["otp", "mfa"]);
        return ok();
    }
    if store.fail(config, &user.username) {
        return suspended();
    }
    invalid_code()
}

/// A poll while push `push_id` is outstanding: the same state while it is
/// pending, the factor verified once approved, [`Step::PushRejected`] once
/// denied (or gone).
pub(super) fn poll_push(
    store: &mut Store,
    tx: &mut Transaction,
    push_id: &str,
    now: u64,
) -> Outcome {
    match store.pushes.get(push_id).map(|p| p.status) {
        Some(PushStatus::Pending) => ok(),
        Some(PushStatus::Approved) => {
            confirmed(store, tx, now);
            ok()
        }
        Some(PushStatus::Denied) | None => {
            store.drop_pushes(&tx.interaction_handle);
            tx.step = Step::PushRejected;
            ok()
        }
    }
}
