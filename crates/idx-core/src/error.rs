//! Error types, one per concern.
//!
//! Invariant: messages that IDX itself returns (wrong code, expired session,
//! rate limits inside an IDX body) are data in the [`Transaction`](crate::Transaction),
//! never one of these errors; these are for values refused before a request
//! ([`InputError`]), bodies that are not an IDX state ([`ResponseError`]) and
//! tokens that fail validation ([`TokenError`]). No variant carries a secret.

/// A value the caller passed does not fit the step; no request was built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// A required input has no value.
    #[error("`{name}` is required")]
    Missing {
        /// The input's name (SDK name, e.g. `username`).
        name: String,
    },
    /// The value is not one of the input's options.
    #[error("`{name}` has no option `{value}`")]
    UnknownOption {
        /// The input's name.
        name: String,
        /// The value that was given (never a secret: options are public choices).
        value: String,
    },
    /// The step has no input with this name.
    #[error("step `{step}` has no input `{name}`")]
    UnknownInput {
        /// The step that was being submitted.
        step: String,
        /// The unexpected input name.
        name: String,
    },
    /// The value has the wrong type or shape (e.g. text for a boolean).
    #[error("`{name}` is invalid: {reason}")]
    Invalid {
        /// The input's name.
        name: String,
        /// Why it was refused.
        reason: String,
    },
    /// The transaction offers no step or action with this name.
    #[error("no step or action `{0}` is available in this transaction")]
    NotAvailable(String),
}

/// The response is not an IDX state (or not the expected OAuth document).
///
/// Covers the three error shapes of protocol doc §4.1 besides IDX messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// OAuth error `{error, error_description}` (RFC 6749 §5.2).
    #[error("OAuth error `{error}` (HTTP {status}): {}", description.as_deref().unwrap_or(""))]
    OAuth {
        /// HTTP status.
        status: u16,
        /// The `error` code, e.g. `invalid_grant`.
        error: String,
        /// The `error_description`, if any.
        description: Option<String>,
    },
    /// Okta's classic API error `{errorCode, errorSummary, ...}` (e.g. `E0000047` rate limit).
    #[error("Okta API error `{code}` (HTTP {status}): {summary}")]
    Api {
        /// HTTP status.
        status: u16,
        /// `errorCode`, e.g. `E0000047`.
        code: String,
        /// `errorSummary`.
        summary: String,
        /// `errorCauses[].errorSummary`.
        causes: Vec<String>,
    },
    /// An empty body (5xx answers often have none, protocol doc §4.1).
    #[error("empty response body (HTTP {status})")]
    Empty {
        /// HTTP status.
        status: u16,
    },
    /// A body that is not JSON, or JSON of no known shape.
    #[error("unexpected response (HTTP {status}): {detail}")]
    Unexpected {
        /// HTTP status.
        status: u16,
        /// A short description, e.g. a proxy's `message`; never the raw body.
        detail: String,
    },
    /// An IDX body with a `version` other than `1.0.0` (protocol doc §3.5).
    #[error("unsupported IDX version `{0}`")]
    UnsupportedVersion(String),
    /// An IDX state that names a URL the client must not use (a form posting
    /// to another origin, a `javascript:` identity-provider link...); nothing
    /// in it may be used.
    #[error("the server sent a URL this client will not use: {0}")]
    UntrustedUrl(crate::url_policy::UrlRefusal),
}

impl ResponseError {
    /// The HTTP status of the response, when the error came from one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::OAuth { status, .. }
            | Self::Api { status, .. }
            | Self::Empty { status }
            | Self::Unexpected { status, .. } => Some(*status),
            Self::UnsupportedVersion(_) | Self::UntrustedUrl(_) => None,
        }
    }

    /// True for rate limiting (HTTP 429 or classic `E0000047`); back off before retrying.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429) || matches!(self, Self::Api { code, .. } if code == "E0000047")
    }
}

/// A token response or ID token failed validation (OpenID Connect Core §3.1.3.7).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The ID token is not a three-part compact JWS with JSON header and claims.
    #[error("malformed ID token: {0}")]
    Malformed(String),
    /// A claim did not match (names the claim: `iss`, `aud`, `azp`, `exp`,
    /// `iat`, `nonce`, `at_hash`).
    #[error("ID token claim `{claim}` is invalid: {reason}")]
    Claim {
        /// The claim name.
        claim: &'static str,
        /// Why it failed (no secret values).
        reason: String,
    },
    /// The algorithm in the header is not one this client accepts.
    #[error("unsupported signing algorithm `{0}`")]
    UnsupportedAlgorithm(String),
    /// No key in the JWKS matches the token's `kid`.
    #[error("no signing key matches kid `{0}`")]
    UnknownKey(String),
    /// The token names no `kid`, and the JWKS does not hold exactly one key
    /// (it holds this many), so which key signed it cannot be known.
    #[error("the ID token names no signing key and the key set holds {0} keys")]
    KeyIdRequired(usize),
    /// The signature did not verify.
    #[error("ID token signature is invalid")]
    BadSignature,
    /// The verifier itself failed (e.g. WebCrypto rejected the key).
    #[error("signature verification failed: {0}")]
    Verifier(String),
    /// A required token is missing from the token response.
    #[error("token response has no `{0}`")]
    MissingToken(&'static str),
}
