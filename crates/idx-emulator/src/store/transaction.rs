//! One sign-in transaction, from `/v1/interact` to its interaction code.
//!
//! Invariants: a transaction is named by its interaction handle for its
//! whole life, and by one state handle at a time (cancel rotates it, see
//! [`new_state_handle`]); `Debug` shows its step, user and scopes, never a
//! handle, nonce, OAuth state or code.

use super::step::Step;
use crate::secret::{Secret, random_id};

/// One sign-in transaction, created by `/v1/interact`.
#[derive(Clone)]
pub struct Transaction {
    /// Names the transaction (from `/v1/interact`).
    pub interaction_handle: String,
    /// The current state handle echoed in forms.
    pub state_handle: String,
    /// OAuth client that started it.
    pub client_id: String,
    /// Redirect URI given to `/v1/interact`.
    pub redirect_uri: String,
    /// Requested scopes.
    pub scopes: Vec<String>,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// Nonce to echo in the ID token.
    pub nonce: Option<String>,
    /// The OAuth `state` the client sent to `/v1/interact`, echoed on the
    /// redirects that end a flow outside the page (IdP return, magic link).
    pub oauth_state: Option<String>,
    /// Unix seconds after which the state handle is dead.
    pub expires_at: u64,
    /// Canonical username once identified.
    pub username: Option<String>,
    /// Authentication methods completed (RFC 8176 values).
    pub amr: Vec<&'static str>,
    /// The third-party IdP that identified the user, if any (`idp` claim).
    pub idp: Option<String>,
    /// The current step.
    pub step: Step,
    /// The emailed code while in [`Step::EmailChallenge`].
    pub email_code: Option<Secret>,
    /// This transaction recovers the password (`POST /idp/idx/recover`):
    /// a verified factor leads to [`Step::ResetPassword`], not to success.
    pub recovery: bool,
}

impl std::fmt::Debug for Transaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("step", &self.step)
            .field("username", &self.username)
            .field("scopes", &self.scopes)
            .field("recovery", &self.recovery)
            .finish_non_exhaustive()
    }
}

/// A fresh opaque state handle (Okta's look like `02` + 40 url-safe chars).
pub fn new_state_handle() -> String {
    random_id("02", 40)
}
