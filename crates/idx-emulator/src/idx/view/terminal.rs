//! Terminal bodies: messages only, with no remediation and no `cancel`, like
//! Okta's recorded terminal states (`terminal-polling-window-expired.json`,
//! `error-401-session-expired.json`).
//!
//! Invariants: a terminal body names the transaction (`stateHandle`,
//! `expiresAt`) but offers nothing to do in it.

use serde_json::{Value, json};

use crate::http::{iso8601, message, messages};
use crate::store::Transaction;

/// Okta's answer when a password cannot be recovered: the user has no
/// authenticator that can verify a recovery, or (where the org does not
/// reveal which users exist) there is no such user. The key is the one the
/// Sign-In Widget lists among its terminal keys (`idxConstants.ts`); the
/// text and the 403 are those of the widget's playground mock
/// `error-forgot-password.json` (not among the shared fixtures), and Okta's
/// own embedded-auth samples expect this text for an unknown email.
pub(crate) const RECOVERY_NOT_ALLOWED: (&str, &str) = (
    "oie.selfservice.reset.password.not.allowed",
    "Reset password is not allowed at this time. Please contact support for assistance.",
);

/// A terminal body with the one message `key`/`text`.
fn terminal(tx: &Transaction, key: &str, text: &str) -> Value {
    json!({
        "version": "1.0.0",
        "stateHandle": tx.state_handle,
        "expiresAt": iso8601(tx.expires_at),
        "intent": "LOGIN",
        "messages": messages(vec![message(key, text, "ERROR")]),
    })
}

/// [`Step::RecoveryNotAllowed`](crate::store::Step::RecoveryNotAllowed).
pub(super) fn recovery_not_allowed(tx: &Transaction) -> Value {
    let (key, text) = RECOVERY_NOT_ALLOWED;
    terminal(tx, key, text)
}

/// The body for an expired transaction (fixture `error-401-session-expired.json`).
pub(crate) fn expired(tx: &Transaction) -> Value {
    terminal(
        tx,
        "idx.session.expired",
        "You have been logged out due to inactivity. Refresh or return to the sign in screen.",
    )
}
