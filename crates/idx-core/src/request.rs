//! Requests as plain values, and the builders for the calls that do not come
//! from a form: `/v1/interact` and `/idp/idx/introspect`.
//!
//! Invariant: a [`Request`] is complete (absolute URL, every header, encoded
//! body, credentials mode) so a transport only copies it onto the wire; its
//! `Debug` never shows the body, which may hold a password or a code.

use std::fmt;

use crate::config::ClientConfig;
use crate::encoding::form_encode;
use crate::pkce::CodeVerifier;
use crate::secret::{
    ActivationToken, InteractionHandle, Nonce, OAuthState, RecoveryToken, StateHandle,
};

/// Content type and Accept of IDX calls (protocol doc §3.5).
pub const ION_JSON: &str = "application/ion+json; okta-version=1.0.0";
/// Content type of OAuth form posts.
pub const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";
/// Plain JSON.
pub const JSON: &str = "application/json";

/// HTTP method of a [`Request`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl Method {
    /// The method as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// One HTTP request, described completely; the transport sends it as is.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Headers in order (`Content-Type`, `Accept`, `Authorization`...).
    pub headers: Vec<(String, String)>,
    /// Encoded body, if any. May contain secrets: never log it.
    pub body: Option<String>,
    /// Whether the browser should send and accept cookies (`credentials: 'include'`).
    /// True for IDX and `/interact`, false for `/token`, `/revoke`, JWKS (protocol doc §2).
    pub with_credentials: bool,
}

impl Request {
    /// The value of a header (case-insensitive name), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn post_form(url: String, pairs: &[(&str, &str)], with_credentials: bool) -> Self {
        Self {
            method: Method::Post,
            url,
            headers: vec![
                ("Content-Type".into(), FORM_URLENCODED.into()),
                ("Accept".into(), JSON.into()),
            ],
            body: Some(form_encode(pairs.iter().copied())),
            with_credentials,
        }
    }

    pub(crate) fn post_idx(url: String, body: &serde_json::Value) -> Self {
        Self {
            method: Method::Post,
            url,
            headers: vec![
                ("Content-Type".into(), ION_JSON.into()),
                ("Accept".into(), ION_JSON.into()),
            ],
            body: Some(body.to_string()),
            with_credentials: true,
        }
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("[{} bytes]", b.len())),
            )
            .field("with_credentials", &self.with_credentials)
            .finish()
    }
}

/// The optional `/v1/interact` parameters (protocol doc §8.8, okta-auth-js
/// `interact.ts`): each is sent only when set. Kept in the transaction meta,
/// so a link with a different token can be told from the saved transaction.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractParams {
    /// A user activation link's token: the transaction starts with setting
    /// up the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation_token: Option<ActivationToken>,
    /// A password-reset link's token: the transaction starts with choosing
    /// a new password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_token: Option<RecoveryToken>,
    /// Seconds since the last authentication beyond which the person must
    /// authenticate again (OIDC `max_age`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    /// Requested assurance (`acr_values`, e.g. `urn:okta:2fa:any:ifpossible`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr_values: Option<String>,
}

impl InteractParams {
    /// True when nothing is set (a plain sign-in).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Builds `POST {base}/v1/interact`, the start of a transaction (protocol doc §3.4).
///
/// The PKCE challenge is S256 of `verifier` (RFC 7636 §4.2); `state` and
/// `nonce` are random values the caller made with a CSPRNG and keeps in the
/// transaction meta.
pub fn interact_request(
    config: &ClientConfig,
    verifier: &CodeVerifier,
    state: &OAuthState,
    nonce: &Nonce,
) -> Request {
    interact_request_with(config, verifier, state, nonce, &InteractParams::default())
}

/// [`interact_request`] with the optional parameters of `params` after the
/// required ones (protocol doc §8.8).
pub fn interact_request_with(
    config: &ClientConfig,
    verifier: &CodeVerifier,
    state: &OAuthState,
    nonce: &Nonce,
    params: &InteractParams,
) -> Request {
    let challenge = verifier.challenge_s256();
    let scope = config.scope_string();
    let max_age = params.max_age.map(|s| s.to_string());
    let mut pairs: Vec<(&str, &str)> = vec![
        ("client_id", &config.client_id),
        ("scope", &scope),
        ("redirect_uri", &config.redirect_uri),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
        ("state", state.secret()),
        ("nonce", nonce.secret()),
    ];
    let optional = [
        (
            "activation_token",
            params
                .activation_token
                .as_ref()
                .map(ActivationToken::secret),
        ),
        (
            "recovery_token",
            params.recovery_token.as_ref().map(RecoveryToken::secret),
        ),
        ("max_age", max_age.as_deref()),
        ("acr_values", params.acr_values.as_deref()),
    ];
    pairs.extend(
        optional
            .into_iter()
            .filter_map(|(name, value)| Some((name, value.filter(|v| !v.is_empty())?))),
    );
    Request::post_form(config.interact_url(), &pairs, true)
}

/// Builds `POST {domain}/idp/idx/introspect {"interactionHandle"}`: the first
/// state of a new transaction, or the current one after a reload (protocol doc §3.5).
pub fn introspect_request(config: &ClientConfig, handle: &InteractionHandle) -> Request {
    Request::post_idx(
        config.introspect_url(),
        &serde_json::json!({ "interactionHandle": handle.secret() }),
    )
}

/// Builds `POST {domain}/idp/idx/introspect {"stateToken"}`: resume from a
/// state handle alone (protocol doc §3.5; note the key is `stateToken`).
pub fn introspect_state_request(config: &ClientConfig, state_handle: &StateHandle) -> Request {
    Request::post_idx(
        config.introspect_url(),
        &serde_json::json!({ "stateToken": state_handle.secret() }),
    )
}
