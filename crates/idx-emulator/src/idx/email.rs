//! The email authenticator as a factor: a six-digit code sent by email,
//! typed back or carried by the magic link.
//!
//! Invariants: one code per transaction at a time (sending again replaces
//! it), kept as a [`Secret`] and shown only through the control API's inbox;
//! a code verifies once (it is forgotten on success); a wrong code counts
//! towards the lockout; logs show the address masked, never the code.

use super::authenticators::mask_email;
use super::finish::factor_verified;
use super::outcome::{Outcome, invalid_code, ok, suspended};
use crate::config::{Config, User};
use crate::secret::{Secret, random_digits};
use crate::store::{Step, Store, Transaction};

/// Email a fresh code to `user` for `tx`; the transaction waits at
/// [`Step::EmailChallenge`].
pub(super) fn send_code(store: &mut Store, tx: &mut Transaction, user: &User) {
    let code = random_digits(6);
    store
        .last_email_code
        .insert(user.username.clone(), code.clone());
    tx.email_code = Some(Secret::new(code));
    tx.step = Step::EmailChallenge;
    eprintln!(
        "idx-emulator: email code sent to {}",
        mask_email(&user.email)
    );
}

/// `code` typed (or carried by the magic link) for `user` at
/// [`Step::EmailChallenge`] (not blank, the user not locked out): the factor
/// is verified, or the code is wrong and counts as a failed attempt.
pub(super) fn verify_code(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    code: &str,
    now: u64,
) -> Outcome {
    if tx.email_code.as_ref().is_some_and(|c| c.expose() == code) {
        store.last_email_code.remove(&user.username);
        factor_verified(store, tx, now, ["email", "mfa"]);
        return ok();
    }
    if store.fail(config, &user.username) {
        return suspended();
    }
    invalid_code()
}
