//! The transaction meta an app saves (e.g. in sessionStorage) to resume a
//! flow after a reload (protocol doc §7).
//!
//! Invariants: it holds everything needed to re-introspect and to redeem the
//! interaction code (issuer, client, PKCE verifier, state, nonce, interaction
//! handle) and nothing else; it serialises as camelCase JSON; its `Debug` is
//! redacted through the secret newtypes.

use serde::{Deserialize, Serialize};

use crate::config::ClientConfig;
use crate::pkce::CodeVerifier;
use crate::secret::{InteractionHandle, Nonce, OAuthState};

/// Saved state of one sign-in transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionMeta {
    /// Issuer the transaction belongs to.
    pub issuer: String,
    /// Client id.
    pub client_id: String,
    /// Redirect URI sent to `/interact` (and `/token`).
    pub redirect_uri: String,
    /// Scopes requested.
    pub scopes: Vec<String>,
    /// PKCE verifier.
    pub code_verifier: CodeVerifier,
    /// OAuth state.
    pub state: OAuthState,
    /// Nonce; the ID token must carry it.
    pub nonce: Nonce,
    /// The interaction handle from `/interact`.
    pub interaction_handle: InteractionHandle,
}

impl TransactionMeta {
    /// Whether this meta was made for `config` (same issuer, client and redirect
    /// URI); a meta for another configuration must not be resumed.
    pub fn matches(&self, config: &ClientConfig) -> bool {
        self.issuer.trim_end_matches('/') == config.issuer()
            && self.client_id == config.client_id
            && self.redirect_uri == config.redirect_uri
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_redacts() {
        let meta = TransactionMeta {
            issuer: "http://i/oauth2/default".into(),
            client_id: "demo-spa".into(),
            redirect_uri: "http://a/login/callback".into(),
            scopes: vec!["openid".into()],
            code_verifier: CodeVerifier::new("v".repeat(43)).unwrap(),
            state: OAuthState::new("st"),
            nonce: Nonce::new("no"),
            interaction_handle: InteractionHandle::new("ih-secret"),
        };
        let json = serde_json::to_string(&meta).unwrap();
        assert!(json.contains("\"interactionHandle\":\"ih-secret\""));
        let read = |text: &str| serde_json::from_str::<TransactionMeta>(text).ok();
        assert_eq!(read(&json), Some(meta.clone()));
        assert!(!format!("{meta:?}").contains("ih-secret"));
        // A tampered verifier is refused on load.
        assert_eq!(read(&json.replace(&"v".repeat(43), "short")), None);
    }
}
