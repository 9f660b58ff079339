//! Self-service password recovery: `recover` (the password authenticator's
//! action), `identify-recovery`, and `reset-authenticator` after one factor.
//!
//! The transaction is marked as a recovery and runs on the same steps as a
//! sign-in: the user's factor choice and challenge, then, instead of
//! success, a new password under [`password::POLICY`].
//!
//! Invariants: an unknown identifier gets exactly the answer of a user who
//! cannot recover (no factor), so recovery does not reveal which users
//! exist; a recovery reaches success only through `reset-authenticator`,
//! with a factor verified and a new password the policy accepts; the new
//! password lives in the store only; passwords are never logged.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::authenticators::can_recover;
use super::finish::finish;
use super::outcome::{Notes, Outcome, blank_field, not_offered, ok, username_required};
use super::password;
use crate::config::{Config, User};
use crate::http::{message, str_field};
use crate::secret::Secret;
use crate::store::{Step, Store, Transaction};

/// `POST /idp/idx/recover` (the `recover` action of the password
/// authenticator): from the identify form that asks for the password, ask
/// who is recovering (`identify-recovery`); from the password challenge of
/// a known user, go straight to that user's recovery.
pub(super) fn recover(config: &Config, tx: &mut Transaction, user: Option<&User>) -> Outcome {
    match (&tx.step, user) {
        (Step::Identify, _) if !config.username_first => {
            tx.recovery = true;
            tx.username = None;
            tx.step = Step::IdentifyRecovery;
            eprintln!("idx-emulator: password recovery started");
            ok()
        }
        (Step::PasswordChallenge, Some(user)) => {
            tx.recovery = true;
            eprintln!("idx-emulator: password recovery started");
            recovery_for(tx, Some(user))
        }
        _ => not_offered(),
    }
}

/// The recovery of `user` (`None`: an identifier the org does not reveal as
/// unknown): a choice of the user's recovery authenticators, or, for a user
/// without one and for an unknown identifier alike, Okta's terminal "Reset
/// password is not allowed" (403; the message is `RECOVERY_NOT_ALLOWED` in
/// `view::terminal`).
fn recovery_for(tx: &mut Transaction, user: Option<&User>) -> Outcome {
    match user.filter(|u| can_recover(u)) {
        Some(user) => {
            tx.username = Some(user.username.clone());
            tx.step = Step::SelectAuthenticator;
            ok()
        }
        None => {
            tx.username = None;
            tx.step = Step::RecoveryNotAllowed;
            Outcome::Render(StatusCode::FORBIDDEN, Notes::default())
        }
    }
}

/// `identify-recovery` (posted to `/idp/idx/identify`): who forgot their
/// password. Only the identify form that asks for the password leads here,
/// and it does not reveal which users exist (a wrong password and an
/// unknown user both get `errors.E0000004`); so neither does this step: an
/// unknown identifier gets exactly the answer of a user who cannot recover.
/// (Username first, the password challenge already knows the user and skips
/// this step.)
pub(super) fn identify_recovery(
    store: &Store,
    config: &Config,
    tx: &mut Transaction,
    req: &Map<String, Value>,
) -> Outcome {
    let identifier = str_field(req, "identifier").unwrap_or("").trim();
    if identifier.is_empty() {
        return username_required();
    }
    recovery_for(tx, store.user(config, identifier).as_ref())
}

/// `reset-authenticator`: `new` becomes `user`'s password if the policy
/// accepts it, and the recovery completes like a sign-in (amr `pwd` plus the
/// factor that verified it); otherwise 400 with the state kept and Okta's
/// message on `credentials.passcode`.
pub(super) fn reset_password(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: Option<&Value>,
    now: u64,
) -> Outcome {
    let Some(new) = creds
        .and_then(|c| c.get("passcode"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    else {
        return blank_field();
    };
    let history = store.password_history(config, &user.username);
    if let Some(violation) = password::POLICY.check(new, user, &history) {
        return Outcome::Render(
            StatusCode::BAD_REQUEST,
            Notes::field(violation_message(violation)),
        );
    }
    store.set_password(&user.username, Secret::new(new));
    // A boolean in JSON; a string when the form was sent form-encoded.
    let revoke = creds
        .and_then(|c| c.get("revokeSessions"))
        .is_some_and(|v| v == &Value::Bool(true) || v == "true");
    if revoke {
        store.revoke_sessions(&user.username);
    }
    eprintln!("idx-emulator: password reset (other sessions revoked: {revoke})");
    tx.amr.insert(0, "pwd");
    tx.recovery = false;
    finish(store, tx, now);
    ok()
}

/// The field message for a rejected new password. Both keys carry
/// `i18n.params`, as the recorded `password.common` message does
/// (`error-authenticator-enroll-password-common.json`); Okta's
/// requirements message takes the requirements sentence as its parameter.
fn violation_message(violation: password::Violation) -> Value {
    let (key, text, param) = match violation {
        password::Violation::RequirementsNotMet => {
            let requirements = password::POLICY.requirements();
            (
                "password.passwordRequirementsNotMet",
                format!("Password requirements were not met. {requirements}"),
                requirements,
            )
        }
        password::Violation::Common => (
            "password.common",
            "This password was found in a list of commonly used passwords. Please try another \
             password."
                .to_owned(),
            String::new(),
        ),
    };
    let mut msg = message(key, &text, "ERROR");
    msg["i18n"]["params"] = Value::Array(vec![Value::String(param)]);
    msg
}
