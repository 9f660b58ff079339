//! Why a request did not produce a new state, and what that means to the
//! user.
//!
//! Invariants: `Display` is a short description for developers (logs,
//! tests); what the user reads comes only from the i18n table through
//! [`FlowError::message`]. Driver failures map here in one place:
//! an IDX answer of HTTP 5xx that is not a state, or a 429/5xx state
//! without a next step, is a transient failure that keeps the previous
//! state (protocol doc §4.5); an OAuth error from `/token` means the
//! sign-in cannot be completed; a failed ID token check means no session.

use idx_core::{DriverError, IdxOutcome, ResponseError};

use crate::http::NetworkError;
use crate::i18n::I18n;

/// Why a request did not produce a new state.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FlowError {
    /// No response at all.
    #[error("no response (network)")]
    Network,
    /// Rate limited.
    #[error("rate limited")]
    RateLimited,
    /// A 5xx or a body that is not a sign-in state.
    #[error("server failure (HTTP {0})")]
    Server(u16),
    /// The org or app is set up wrongly (OAuth error from `/interact`).
    #[error("OAuth error at start: {0}")]
    Setup(String),
    /// The values did not fit the step (caught before sending).
    #[error("values refused before sending: {0}")]
    Input(String),
    /// The token endpoint refused the interaction code.
    #[error("token request refused: {0}")]
    Tokens(String),
    /// Tokens arrived but failed verification (the reason is technical).
    #[error("tokens failed verification: {0}")]
    Unverified(String),
    /// The browser cannot do what is needed (storage, crypto).
    #[error("browser feature unavailable: {0}")]
    Browser(String),
    /// Okta refused an activation or reset link's token at `/interact`
    /// (expired, used): holds Okta's reason.
    #[error("link refused: {0}")]
    LinkRefused(String),
    /// The answer named a URL the app will not use (idx-core's URL policy);
    /// nothing in it was used. Holds the log-safe refusal.
    #[error("untrusted answer: {0}")]
    Untrusted(String),
}

impl FlowError {
    /// What to tell the user, in the page's language.
    pub fn message(&self, i18n: &I18n) -> String {
        match self {
            Self::Network => i18n.t("error.network"),
            Self::RateLimited => i18n.t("error.rate_limited"),
            Self::Server(status) => i18n.f("error.server", &[("status", &status.to_string())]),
            Self::Setup(reason) => i18n.f("error.setup", &[("reason", reason)]),
            // A value the form let through but idx-core refused: a mismatch
            // between screen and step, nothing the user can fix by typing.
            Self::Input(_) => i18n.t("error.unknown"),
            Self::Tokens(reason) => i18n.f("tokens.failed", &[("reason", reason)]),
            Self::Unverified(reason) => i18n.f("tokens.invalid", &[("reason", reason)]),
            Self::Browser(_) => i18n.t("error.browser"),
            Self::LinkRefused(reason) => i18n.f("link.invalid", &[("reason", reason)]),
            Self::Untrusted(_) => i18n.t("error.untrusted"),
        }
    }

    /// Whether trying the same request again can help.
    pub fn retryable(&self) -> bool {
        matches!(self, Self::Network | Self::RateLimited | Self::Server(_))
    }

    /// The outcome of an IDX call (introspect, proceed, poll, resend,
    /// action, cancel), with transient failures as errors.
    pub(super) fn idx(
        result: Result<IdxOutcome, DriverError<NetworkError>>,
    ) -> Result<IdxOutcome, Self> {
        let outcome = result.map_err(|e| match e {
            DriverError::Response(e) => match e.status() {
                Some(status) if status >= 500 => Self::Server(status),
                _ => Self::from(e),
            },
            other => Self::from(other),
        })?;
        match &outcome {
            IdxOutcome::Transaction(t) if t.is_transient_failure() => {
                Err(if t.http_status == 429 {
                    Self::RateLimited
                } else {
                    Self::Server(t.http_status)
                })
            }
            _ => Ok(outcome),
        }
    }

    /// A failed [`Driver::redeem`](idx_core::Driver::redeem): an OAuth error
    /// from `/token` means this sign-in cannot be completed.
    pub(super) fn redeem(error: DriverError<NetworkError>) -> Self {
        match error {
            DriverError::Response(ResponseError::OAuth {
                error, description, ..
            }) => Self::Tokens(description.unwrap_or(error)),
            other => Self::from(other),
        }
    }
}

impl From<ResponseError> for FlowError {
    fn from(e: ResponseError) -> Self {
        if e.is_rate_limited() {
            return Self::RateLimited;
        }
        match e {
            ResponseError::OAuth {
                error, description, ..
            } => Self::Setup(description.unwrap_or(error)),
            ResponseError::UntrustedUrl(refusal) => {
                // For whoever runs the org: which URL, by origin or scheme
                // only (the refusal never holds a path or query).
                web_sys::console::warn_1(&format!("sign-in: {refusal}").into());
                Self::Untrusted(refusal.to_string())
            }
            other => Self::Server(other.status().unwrap_or(0)),
        }
    }
}

impl From<DriverError<NetworkError>> for FlowError {
    fn from(e: DriverError<NetworkError>) -> Self {
        match e {
            DriverError::Transport(_) => Self::Network,
            DriverError::Input(e) => Self::Input(e.to_string()),
            DriverError::Response(e) => Self::from(e),
            DriverError::Token(e) => Self::Unverified(e.to_string()),
            // A kind of failure this app does not know yet.
            _ => Self::Server(0),
        }
    }
}
