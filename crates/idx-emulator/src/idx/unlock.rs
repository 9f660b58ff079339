//! Self-service unlock (protocol reference 8.4): `unlock-account` at
//! identify → `select-authenticator-unlock-account` (who, and email) → the
//! emailed code → "you can now sign in" (terminal), or, where the user's
//! policy says so, straight on to the password with the email counted as
//! the second factor.
//!
//! Invariants: offered only when the org allows it; an unknown identifier
//! gets exactly the answer of a user who cannot unlock by email, so the
//! step does not reveal which users exist; a wrong code during an unlock
//! does not count towards the lockout (the account is locked already);
//! an unlock clears the failed attempts and a configured lockout, until a
//! reset.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::authenticators::EMAIL_ID;
use super::email;
use super::finish::factor_verified;
use super::outcome::{
    Notes, Outcome, bad_input, blank_field, invalid_code, not_offered, ok, username_required,
};
use crate::config::Config;
use crate::http::{message, str_field};
use crate::store::{Step, Store, Transaction};

/// `POST /idp/idx/unlock-account` at identify.
pub(super) fn start(config: &Config, tx: &mut Transaction) -> Outcome {
    if !config.org.unlock || tx.step != Step::Identify {
        return not_offered();
    }
    tx.username = None;
    tx.step = Step::UnlockAccount;
    ok()
}

/// `select-authenticator-unlock-account` (posted to `/idp/idx/challenge`):
/// `{"identifier", "authenticator": {"id", "methodType"?}}`.
pub(super) fn select(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    req: &Map<String, Value>,
) -> Outcome {
    let identifier = str_field(req, "identifier").unwrap_or("").trim();
    if identifier.is_empty() {
        return username_required();
    }
    let Some(auth) = req.get("authenticator").and_then(Value::as_object) else {
        return bad_input("'authenticator' is required.");
    };
    let method = auth.get("methodType").and_then(Value::as_str);
    if auth.get("id").and_then(Value::as_str) != Some(EMAIL_ID)
        || method.is_some_and(|m| m != "email")
    {
        return bad_input("Unknown authenticator.");
    }
    let Some(user) = store
        .user(config, identifier)
        .filter(|u| u.email_authenticator)
    else {
        // `error-400-unlock-account.json`: the message, the choice kept.
        return Outcome::Render(
            StatusCode::FORBIDDEN,
            Notes::global(message(
                "oie.selfservice.user.unlock.not.allowed",
                "Self Service Unlock is not allowed at this time. Please contact support for \
                 assistance.",
                "ERROR",
            )),
        );
    };
    tx.username = Some(user.username.clone());
    tx.flow.policy = user.policy.clone();
    tx.flow.unlock = Some(user.policy.unlock_lands_on_app);
    email::send_code(store, tx, &user);
    eprintln!("idx-emulator: account unlock started");
    ok()
}

/// The emailed code of an unlock (`challenge-authenticator`); compared
/// like a sign-in's, but a wrong one is not a failed attempt.
pub(super) fn answer(
    store: &mut Store,
    tx: &mut Transaction,
    req: &Map<String, Value>,
    now: u64,
) -> Outcome {
    let Some(code) = req
        .get("credentials")
        .and_then(|c| c.get("passcode"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return blank_field();
    };
    if tx.email_code.as_ref().is_none_or(|c| c.expose() != code) {
        return invalid_code();
    }
    if let Some(username) = &tx.username {
        store.last_email_code.remove(username);
    }
    factor_verified(store, tx, now, ["email", "mfa"]);
    ok()
}

/// The unlock's factor is verified: the account is unlocked, and the
/// transaction ends (terminal) or lands on the password challenge.
pub(super) fn unlocked(store: &mut Store, tx: &mut Transaction) {
    let lands = tx.flow.unlock.take().unwrap_or(false);
    let username = tx.username.clone().unwrap_or_default();
    store.failures.remove(&username);
    store.self_service.unlocked.insert(username);
    store.drop_pushes(&tx.interaction_handle);
    tx.email_code = None;
    if lands {
        tx.flow.unlocked = true;
        tx.step = Step::PasswordChallenge;
    } else {
        tx.step = Step::Unlocked;
    }
    eprintln!("idx-emulator: account unlocked (sign-in goes on: {lands})");
}
