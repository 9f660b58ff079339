//! Transaction meta: what must survive a reload in the middle of a flow
//! (protocol doc §7). The protocol part (issuer, client, redirect URI,
//! scopes, PKCE verifier, state, nonce, interaction handle) is idx-core's
//! [`TransactionMeta`]; the app adds only the page to return to and when the
//! flow started.
//!
//! Invariants: saved only after `/v1/interact` answered; deleted on success,
//! cancel, restart and expiry; a meta made for another issuer, client id or
//! redirect URI is ignored (and deleted), so a config change never resumes a
//! foreign flow. Stored in sessionStorage only (see SECURITY.md).

use idx_core::TransactionMeta;
use serde::{Deserialize, Serialize};

use crate::config::AppConfig;
use crate::storage::{self, TRANSACTION_KEY};

/// The saved state of one sign-in flow. `Debug` is redacted by the secret
/// newtypes inside [`TransactionMeta`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFlow {
    /// What idx-core needs to resume and finish the transaction (nested,
    /// not flattened: serde's flatten buffers the whole value and costs the
    /// first screen's wasm about 9 KB).
    pub tx: TransactionMeta,
    /// Same-origin path to open after sign-in.
    pub return_to: String,
    /// Creation time, seconds since the Unix epoch.
    pub created_at: i64,
}

/// The saved flow, if it belongs to this configuration.
pub fn load(config: &AppConfig) -> Option<SavedFlow> {
    let saved: SavedFlow = storage::load(TRANSACTION_KEY)?;
    if !saved.tx.matches(&config.client()) {
        clear();
        return None;
    }
    Some(saved)
}

/// Saves the current flow.
pub fn save(saved: &SavedFlow) -> Result<(), storage::StorageError> {
    storage::save(TRANSACTION_KEY, saved)
}

/// Forgets the current transaction.
pub fn clear() {
    storage::remove(TRANSACTION_KEY);
}
