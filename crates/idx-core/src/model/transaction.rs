//! A transaction as a whole: its status, the user and app it is about, the
//! raw forms kept for the next request, and what an IDX response means for
//! the caller ([`IdxOutcome`]).
//!
//! Invariants: plain data; the forms (which carry the state handle) are
//! reachable only inside the crate and their `Debug` prints form names only;
//! the interaction code is a redacted newtype.

use std::fmt;

use super::message::{Message, MessageClass};
use super::step::{NextStep, StepName};
use crate::secret::InteractionCode;
use crate::wire::WireForm;

/// Transaction status with okta-auth-js semantics (protocol doc §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// The state still has remediations: show `next_step`.
    Pending,
    /// The state holds an interaction code: exchange it for tokens.
    Success,
    /// No remediation and no interaction code: show the messages, offer a restart.
    Terminal,
    /// The `cancel` action ran; start a new transaction next time.
    Canceled,
    /// Declared for parity with okta-auth-js; this crate reports failures as errors instead.
    Failure,
}

impl Status {
    /// The okta-auth-js spelling (`PENDING`, `SUCCESS`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Success => "SUCCESS",
            Self::Terminal => "TERMINAL",
            Self::Canceled => "CANCELED",
            Self::Failure => "FAILURE",
        }
    }
}

/// The signed-in (or identified) user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct User {
    /// User id.
    pub id: Option<String>,
    /// Identifier (login), when the server shares it.
    pub identifier: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
}

/// The OIDC app the user is signing in to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct App {
    /// App id.
    pub id: Option<String>,
    /// Internal name.
    pub name: Option<String>,
    /// Display label.
    pub label: Option<String>,
    /// The app's logo (`logo.href`), shown on consent (protocol doc §8.5).
    pub logo: Option<String>,
    /// The app's home page (`clientUri.href`).
    pub client_uri: Option<String>,
    /// Terms of service (`termsOfService.href`).
    pub terms_of_service: Option<String>,
    /// Privacy policy (`privacyPolicy.href`).
    pub privacy_policy: Option<String>,
}

/// The raw forms needed to build the next requests. Opaque; its `Debug`
/// lists form names only because the forms carry the state handle.
#[derive(Clone, PartialEq, Default)]
pub struct Forms {
    pub(crate) remediations: Vec<WireForm>,
    pub(crate) actions: Vec<(String, WireForm)>,
}

impl fmt::Debug for Forms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Forms")
            .field(
                "remediations",
                &self
                    .remediations
                    .iter()
                    .map(|r| &r.name)
                    .collect::<Vec<_>>(),
            )
            .field(
                "actions",
                &self.actions.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// One IDX state, as the UI sees it (protocol doc §6.4).
#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    /// Status (okta-auth-js semantics).
    pub status: Status,
    /// What to show now: for PENDING the first remediation (okta-auth-js 8.x
    /// step mode); after a failed request, the driver prefers the step that
    /// was submitted (see [`Transaction::step`]). `None` otherwise.
    pub next_step: Option<NextStep>,
    /// Every remediation of the state, in server order.
    pub available_steps: Vec<NextStep>,
    /// Names of the actions (`cancel`, `currentAuthenticator-resend`, ...).
    pub actions: Vec<String>,
    /// Global messages, de-duplicated by key and text.
    pub messages: Vec<Message>,
    /// The user, once known.
    pub user: Option<User>,
    /// The app.
    pub app: Option<App>,
    /// The interaction code, on SUCCESS.
    pub interaction_code: Option<InteractionCode>,
    /// Expiry of the state handle (ISO-8601), when sent.
    pub expires_at: Option<String>,
    /// The server's `intent` (`LOGIN`...), when sent.
    pub intent: Option<String>,
    /// Where a `success` (`success-redirect`) form sends the browser, when the
    /// state has one (protocol doc §8.9): Okta signed the person in and the
    /// app continues there.
    pub success_redirect: Option<String>,
    /// The authorization server that asks (`authentication.issuer.uri`),
    /// shown on admin consent.
    pub issuer_uri: Option<String>,
    /// False when the response had a 4xx/5xx status (the state still applies).
    pub request_succeeded: bool,
    /// HTTP status of the response.
    pub http_status: u16,
    /// The user's WebAuthn credentials (`webauthn` entries of
    /// `authenticatorEnrollments`): allowed at verify, excluded at enroll.
    pub webauthn_credentials: Vec<super::webauthn::CredentialDescriptor>,
    /// The passkey challenge offered at identify
    /// (`webauthnAutofillUIChallenge`), for autofill and the passkey button.
    pub autofill_challenge: Option<super::webauthn::ChallengeData>,
    /// The org's CAPTCHA, when the state has one (steps that need its
    /// answer have the [`CAPTCHA_TOKEN_INPUT`](super::CAPTCHA_TOKEN_INPUT) input).
    pub captcha: Option<super::Captcha>,
    pub(crate) forms: Forms,
}

impl Transaction {
    /// The available step with this name, if any.
    pub fn step(&self, name: &StepName) -> Option<&NextStep> {
        self.available_steps.iter().find(|s| &s.name == name)
    }

    /// Whether an action with this name exists.
    pub fn has_action(&self, name: &str) -> bool {
        self.actions.iter().any(|a| a == name)
    }

    /// Whether any global or field message is an ERROR.
    pub fn has_errors(&self) -> bool {
        self.messages.iter().any(|m| m.class == MessageClass::Error)
            || self.available_steps.iter().any(|s| {
                s.inputs
                    .iter()
                    .any(|i| i.messages.iter().any(|m| m.class == MessageClass::Error))
            })
    }

    /// Rate limited: HTTP 429 or a `tooManyRequests` message (protocol doc
    /// §4.5). Back off (the widget waits 60 s) before polling again.
    pub fn is_rate_limited(&self) -> bool {
        self.http_status == 429 || self.has_message("tooManyRequests")
    }

    /// A failed request whose answer is not a new state to show: rate limited
    /// (429 / `tooManyRequests`) or a 5xx, with no remediation and no
    /// interaction code. Okta answers such requests with a terminal-shaped
    /// body, yet the transaction itself lives on (fixture notes for
    /// `error-429-too-many-request.json`: "saved transaction kept"). Callers
    /// keep the previous state, say what happened, and let the user (or the
    /// poll loop) try again, instead of ending the sign-in.
    pub fn is_transient_failure(&self) -> bool {
        !self.request_succeeded
            && (self.is_rate_limited() || self.http_status >= 500)
            && self.available_steps.is_empty()
            && self.interaction_code.is_none()
    }

    /// Whether a global message has this i18n key.
    pub fn has_message(&self, key: &str) -> bool {
        self.messages
            .iter()
            .any(|m| m.i18n_key.as_deref() == Some(key))
    }

    /// The same transaction marked CANCELED (what the `cancel` action reports).
    pub fn into_canceled(mut self) -> Self {
        self.status = Status::Canceled;
        self.next_step = None;
        self
    }
}

/// What an IDX response means for the caller.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum IdxOutcome {
    /// An IDX state: PENDING, SUCCESS or TERMINAL.
    Transaction(Box<Transaction>),
    /// `idx.session.expired` with nothing to remediate: the transaction is dead.
    /// Delete the saved meta and start again with `/interact` (protocol doc §4.4).
    Expired {
        /// The messages that came with it (for display).
        messages: Vec<Message>,
    },
}

impl IdxOutcome {
    /// The transaction, unless the outcome is [`IdxOutcome::Expired`].
    pub fn transaction(self) -> Option<Transaction> {
        match self {
            Self::Transaction(t) => Some(*t),
            Self::Expired { .. } => None,
        }
    }
}
