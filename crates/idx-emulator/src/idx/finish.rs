//! The end of a sign-in, and what each verification leads to: after the
//! password, one more factor; after that factor, success (or, in a
//! recovery, a new password).
//!
//! Invariants: the default policy is one password and one more factor, and
//! a user without a factor must enroll one (no skip); a user's own policy
//! may let the password suffice or make the enrollment optional, and what
//! it asks after authentication comes from `post_auth`; every successful sign-in
//! ends in [`finish`], from the IDX routes and from the IdP return alike:
//! one interaction code per transaction, valid [`INTERACTION_CODE_SECS`],
//! carrying the transaction's client, redirect URI, PKCE challenge, scopes,
//! nonce and `amr`; finishing clears the user's failed attempts and the
//! transaction's pushes and emailed code; a verified factor in a recovery
//! leads to a new password, never to success.

use super::authenticators::{has_factors, must_enroll_webauthn, required_enrollment};
use super::{post_auth, unlock};
use crate::config::User;
use crate::http::now_unix;
use crate::secret::random_id;
use crate::store::{Factor, IssuedCode, Step, Store, Transaction};

/// Lifetime of an interaction code (seconds).
const INTERACTION_CODE_SECS: u64 = 60;

/// After the password, the policy wants one more factor: the user picks one
/// they have, or, having none, must enroll Okta Verify, or the
/// authenticator their `mustEnroll` names (no skip); a WebAuthn policy
/// without a registered key sets one up before anything else. A user whose policy
/// lets the password suffice (or makes the enrollment optional), and one
/// who has just unlocked their account with email, is authenticated now and
/// goes on to what the policy asks after that.
pub(super) fn after_password(store: &mut Store, tx: &mut Transaction, user: &User) {
    tx.amr = vec!["pwd"];
    tx.flow.policy = user.policy.clone();
    let policy = &user.policy;
    let password_enough =
        policy.password_only || (!has_factors(user) && policy.optional_enrollment);
    if tx.flow.unlocked || password_enough {
        if tx.flow.unlocked {
            // The email that unlocked the account was the second factor.
            tx.amr.extend(["email", "mfa"]);
        }
        tx.flow.offer_enrollment = policy.optional_enrollment && user.okta_verify.is_none();
        post_auth::proceed(store, tx, now_unix());
        return;
    }
    tx.step = if must_enroll_webauthn(user) {
        // A policy that requires a security key sets one up first.
        Step::EnrollRequired(Factor::WebAuthn)
    } else if has_factors(user) {
        Step::SelectAuthenticator
    } else if let Some(factor) = required_enrollment(user) {
        Step::EnrollRequired(factor)
    } else {
        Step::SelectEnroll
    };
}

/// Complete `tx`: issue its interaction code and move it to [`Step::Success`].
/// Every successful sign-in ends here, in the IDX routes and in the IdP return.
pub(crate) fn finish(store: &mut Store, tx: &mut Transaction, now: u64) {
    let username = tx.username.clone().unwrap_or_default();
    let code = random_id("", 43);
    store.codes.insert(
        code.clone(),
        IssuedCode {
            client_id: tx.client_id.clone(),
            redirect_uri: tx.redirect_uri.clone(),
            code_challenge: tx.code_challenge.clone(),
            scopes: tx.scopes.clone(),
            nonce: tx.nonce.clone(),
            username: username.clone(),
            amr: tx.amr.clone(),
            idp: tx.idp.clone(),
            auth_time: now,
            expires_at: now + INTERACTION_CODE_SECS,
        },
    );
    store.failures.remove(&username);
    store.drop_pushes(&tx.interaction_handle);
    tx.email_code = None;
    tx.step = Step::Success {
        interaction_code: code,
    };
    eprintln!("idx-emulator: sign-in completed (amr {:?})", tx.amr);
}

/// A factor was verified (`amr` records how): a sign-in goes on to what the
/// policy asks after authentication (then completes), a recovery to
/// `reset-authenticator`, an unlock to its end.
pub(super) fn factor_verified(
    store: &mut Store,
    tx: &mut Transaction,
    now: u64,
    amr: [&'static str; 2],
) {
    tx.amr.extend(amr);
    if tx.flow.unlock.is_some() {
        unlock::unlocked(store, tx);
    } else if tx.recovery {
        store.drop_pushes(&tx.interaction_handle);
        tx.email_code = None;
        tx.step = Step::ResetPassword;
        eprintln!("idx-emulator: password recovery verified; new password requested");
    } else {
        post_auth::proceed(store, tx, now);
    }
}
