//! `identify` (posted to `/idp/idx/identify` at [`Step::Identify`]): who is
//! signing in, with the password in the same form, or alone when the org
//! asks for the username first.
//!
//! Invariants: with the password in the form, an unknown user and a wrong
//! password get the same answer (`errors.E0000004`), so the form does not
//! reveal which users exist; username first, an unknown user gets Okta's
//! `idx.unknown.user` warning, as recorded; a locked-out user gets 403
//! before any password is compared; a wrong password counts towards the
//! lockout; after the password the policy always asks for one more factor.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::finish::after_password;
use super::outcome::{Notes, Outcome, not_offered, ok, suspended, username_required};
use crate::config::Config;
use crate::http::{message, str_field};
use crate::store::{Step, Store, Transaction};

/// `idx.unknown.user`, as the username-first identify answers an unknown
/// identifier (fixture `v3/idp/idx/identify/error-invalid-username.json`).
fn unknown_user() -> Notes {
    Notes::global(message(
        "idx.unknown.user",
        "There is no account with that username.",
        "WARNING",
    ))
}

/// `POST /idp/idx/identify` at [`Step::Identify`].
pub(super) fn identify(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    req: &Map<String, Value>,
) -> Outcome {
    if tx.step != Step::Identify {
        return not_offered();
    }
    let identifier = str_field(req, "identifier").unwrap_or("").trim();
    if identifier.is_empty() {
        return username_required();
    }
    let user = store.user(config, identifier);
    if config.username_first {
        let Some(user) = user else {
            return Outcome::Render(StatusCode::OK, unknown_user());
        };
        if store.locked(config, &user.username) {
            return suspended();
        }
        tx.username = Some(user.username.clone());
        tx.step = Step::PasswordChallenge;
        return ok();
    }
    let passcode = req
        .get("credentials")
        .and_then(|c| c.get("passcode"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let failed = || {
        Outcome::Render(
            StatusCode::UNAUTHORIZED,
            Notes::global(message("errors.E0000004", "Authentication failed", "ERROR")),
        )
    };
    let Some(user) = user else {
        return failed();
    };
    if store.locked(config, &user.username) {
        return suspended();
    }
    if passcode != user.password.expose() {
        if store.fail(config, &user.username) {
            return suspended();
        }
        return failed();
    }
    tx.username = Some(user.username.clone());
    after_password(tx, &user);
    ok()
}
