//! Transaction meta: what must survive a reload in the middle of a flow
//! (protocol doc §7): PKCE verifier, state, nonce, interaction handle, and
//! the page to return to.
//!
//! Invariants: saved only after `/v1/interact` answered; deleted on success,
//! cancel, restart and expiry; a meta made for another issuer or client id is
//! ignored (and deleted), so a config change never resumes a foreign flow.

use idx_core::{CodeVerifier, InteractionHandle, Nonce, OAuthState};
use serde::{Deserialize, Serialize};

use crate::config::AppConfig;
use crate::storage::{self, TRANSACTION_KEY};

/// The saved state of one sign-in transaction. `Debug` is redacted by the
/// secret newtypes it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionMeta {
    /// Issuer the transaction belongs to.
    pub issuer: String,
    /// Client id the transaction belongs to.
    pub client_id: String,
    /// PKCE verifier, redeemed at `/v1/token`.
    pub code_verifier: CodeVerifier,
    /// OAuth state sent to `/v1/interact`.
    pub state: OAuthState,
    /// Nonce sent to `/v1/interact`; the ID token must carry it.
    pub nonce: Nonce,
    /// Handle naming the transaction at Okta.
    pub interaction_handle: InteractionHandle,
    /// Same-origin path to open after sign-in.
    pub return_to: String,
    /// Creation time, seconds since the Unix epoch.
    pub created_at: i64,
}

/// The saved meta, if it belongs to this configuration.
pub fn load(config: &AppConfig) -> Option<TransactionMeta> {
    let meta: TransactionMeta = storage::load(TRANSACTION_KEY)?;
    if meta.issuer != config.issuer || meta.client_id != config.client_id {
        clear();
        return None;
    }
    Some(meta)
}

/// Saves the meta of the current transaction.
pub fn save(meta: &TransactionMeta) -> Result<(), storage::StorageError> {
    storage::save(TRANSACTION_KEY, meta)
}

/// Forgets the current transaction.
pub fn clear() {
    storage::remove(TRANSACTION_KEY);
}
