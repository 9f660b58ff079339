//! The transaction meta an app saves (e.g. in sessionStorage) to resume a
//! flow after a reload (protocol doc §7).
//!
//! Invariants: it holds everything needed to re-introspect and to redeem the
//! interaction code (issuer, client, PKCE verifier, state, nonce, interaction
//! handle) and the optional `/v1/interact` parameters it was started with
//! (so a link carrying another token is known to need a new transaction),
//! and nothing else; it serialises as camelCase JSON; its `Debug` is
//! redacted through the secret newtypes.

use serde::{Deserialize, Serialize};

use crate::config::ClientConfig;
use crate::pkce::CodeVerifier;
use crate::request::InteractParams;
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
    /// The optional `/v1/interact` parameters sent (activation or recovery
    /// token, `max_age`, `acr_values`); empty for a plain sign-in.
    #[serde(default, skip_serializing_if = "InteractParams::is_empty")]
    pub interact: InteractParams,
}

impl TransactionMeta {
    /// Whether this meta was made for `config` (same issuer, client and redirect
    /// URI); a meta for another configuration must not be resumed.
    pub fn matches(&self, config: &ClientConfig) -> bool {
        self.issuer.trim_end_matches('/') == config.issuer()
            && self.client_id == config.client_id
            && self.redirect_uri == config.redirect_uri
    }

    /// Whether this transaction was started with `params`: a link with
    /// another activation or recovery token (or none where one was used)
    /// must start a new transaction instead of resuming this one, as
    /// okta-auth-js checks its saved meta (protocol doc §8.8).
    pub fn started_with(&self, params: &InteractParams) -> bool {
        self.interact == *params
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A meta for one sign-in, with `handle` and the interact parameters.
    fn meta(handle: &str, interact: InteractParams) -> TransactionMeta {
        TransactionMeta {
            issuer: "http://i/oauth2/default".into(),
            client_id: "demo-spa".into(),
            redirect_uri: "http://a/login/callback".into(),
            scopes: vec!["openid".into()],
            code_verifier: CodeVerifier::new("v".repeat(43)).unwrap(),
            state: OAuthState::new("st"),
            nonce: Nonce::new("no"),
            interaction_handle: InteractionHandle::new(handle),
            interact,
        }
    }

    #[test]
    fn round_trips_and_redacts() {
        let meta = meta("ih-secret", InteractParams::default());
        let json = serde_json::to_string(&meta).unwrap();
        // A plain sign-in's meta reads as before the parameters existed.
        assert!(!json.contains("\"interact\""));
        assert!(json.contains("\"interactionHandle\":\"ih-secret\""));
        let read = |text: &str| serde_json::from_str::<TransactionMeta>(text).ok();
        assert_eq!(read(&json), Some(meta.clone()));
        assert!(!format!("{meta:?}").contains("ih-secret"));
        // A tampered verifier is refused on load.
        assert_eq!(read(&json.replace(&"v".repeat(43), "short")), None);
    }

    #[test]
    fn keeps_the_link_token_redacted_and_tells_another_token_apart() {
        let params = InteractParams {
            recovery_token: Some(crate::RecoveryToken::new("rt-secret")),
            ..InteractParams::default()
        };
        let meta = meta("ih", params.clone());
        let json = serde_json::to_string(&meta).unwrap();
        let back: TransactionMeta = serde_json::from_str(&json).unwrap();
        assert!(back.started_with(&params));
        assert!(!back.started_with(&InteractParams::default()));
        let other = InteractParams {
            recovery_token: Some(crate::RecoveryToken::new("rt-other")),
            ..InteractParams::default()
        };
        assert!(!back.started_with(&other));
        assert!(!format!("{back:?}").contains("rt-secret"));
    }
}
