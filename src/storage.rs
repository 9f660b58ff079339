//! The only module that touches `sessionStorage`.
//!
//! Invariants: tokens live under exactly one versioned key ([`TOKENS_KEY`]),
//! the transaction meta under [`TRANSACTION_KEY`]; nothing is ever written to
//! localStorage or cookies. A value that no longer parses (older version,
//! tampering) is removed and reported as absent, so the app starts clean
//! instead of failing.

use serde::{Serialize, de::DeserializeOwned};

/// Key of the signed-in user's tokens.
pub const TOKENS_KEY: &str = "signin.tokens.v1";
/// Key of the in-progress transaction meta (PKCE verifier, state, handle).
pub const TRANSACTION_KEY: &str = "signin.transaction.v2";

/// Failures writing to storage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// sessionStorage is disabled (private mode settings, sandboxed frame).
    #[error("this browser does not allow the page to keep data for this tab")]
    Unavailable,
    /// The write was refused (quota exceeded).
    #[error("the browser refused to save data for this tab")]
    WriteFailed,
}

fn session() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

/// Reads and parses the JSON value under `key`. Unparseable values are removed.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let store = session().ok()?;
    let text = store.get_item(key).ok().flatten()?;
    match serde_json::from_str(&text) {
        Ok(value) => Some(value),
        Err(_) => {
            let _ = store.remove_item(key);
            None
        }
    }
}

/// The text under `key`, unparsed.
pub fn raw(key: &str) -> Option<String> {
    session().ok()?.get_item(key).ok().flatten()
}

/// Serialises `value` as JSON under `key`.
pub fn save<T: Serialize>(key: &str, value: &T) -> Result<(), StorageError> {
    let text = serde_json::to_string(value).map_err(|_| StorageError::WriteFailed)?;
    session()?
        .set_item(key, &text)
        .map_err(|_| StorageError::WriteFailed)
}

/// Removes `key`; a missing key or storage is not an error.
pub fn remove(key: &str) {
    if let Ok(store) = session() {
        let _ = store.remove_item(key);
    }
}

/// Forgets everything this app stored: used on sign-out and failed verification.
pub fn clear_all() {
    remove(TOKENS_KEY);
    remove(TRANSACTION_KEY);
}
