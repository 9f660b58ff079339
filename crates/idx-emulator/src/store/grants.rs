//! What the authorization server has issued: interaction codes waiting to
//! be redeemed, and the grants behind access and refresh tokens.
//!
//! Invariants: an issued code carries everything `/v1/token` needs (client,
//! redirect URI, PKCE challenge, scopes, nonce, user, how they signed in),
//! so redeeming it never looks at the transaction again; a grant's
//! `expires_at` bounds the token it backs.

/// A redeemable interaction code.
#[derive(Clone, Debug)]
pub struct IssuedCode {
    /// Client it was issued to.
    pub client_id: String,
    /// Redirect URI of the transaction.
    pub redirect_uri: String,
    /// PKCE challenge of the transaction.
    pub code_challenge: String,
    /// Scopes granted.
    pub scopes: Vec<String>,
    /// Nonce to echo.
    pub nonce: Option<String>,
    /// Canonical username.
    pub username: String,
    /// Methods used.
    pub amr: Vec<&'static str>,
    /// Third-party IdP that authenticated the user, if any.
    pub idp: Option<String>,
    /// Unix seconds of authentication.
    pub auth_time: u64,
    /// Unix seconds after which the code is dead.
    pub expires_at: u64,
}

/// What a token (access or refresh) grants.
#[derive(Clone, Debug)]
pub struct Grant {
    /// Client id.
    pub client_id: String,
    /// Canonical username.
    pub username: String,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Methods used at sign-in.
    pub amr: Vec<&'static str>,
    /// Third-party IdP that authenticated the user, if any.
    pub idp: Option<String>,
    /// Unix seconds of authentication.
    pub auth_time: u64,
    /// Unix seconds after which the token is dead.
    pub expires_at: u64,
}
