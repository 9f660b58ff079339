//! The public transaction model: what the UI needs from an IDX state.
//!
//! Invariants: everything here is plain data (`Clone + Debug + PartialEq`);
//! names and statuses follow okta-auth-js (protocol doc §6.3, §6.4); no
//! secret is reachable through `Debug` (the state handle and the forms that
//! carry it live in [`Forms`], whose `Debug` prints form names only; the
//! interaction code is a redacted newtype).

use std::fmt;

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

macro_rules! step_names {
    ($($variant:ident => $wire:literal,)*) => {
        /// Remediation names of protocol doc §5.7, plus `Unknown` for anything
        /// else (rendered by the generic form).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum StepName {
            $(
                #[doc = concat!("`", $wire, "`")]
                $variant,
            )*
            /// A remediation this crate has no name for; the raw wire name.
            Unknown(String),
        }

        impl StepName {
            /// The wire name.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(name) => name,
                }
            }
        }

        impl From<&str> for StepName {
            fn from(name: &str) -> Self {
                match name {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }
    };
}

step_names! {
    Identify => "identify",
    SelectEnrollProfile => "select-enroll-profile",
    EnrollProfile => "enroll-profile",
    RedirectIdp => "redirect-idp",
    UnlockAccount => "unlock-account",
    SelectAuthenticatorUnlockAccount => "select-authenticator-unlock-account",
    IdentifyRecovery => "identify-recovery",
    SelectAuthenticatorAuthenticate => "select-authenticator-authenticate",
    SelectAuthenticatorEnroll => "select-authenticator-enroll",
    AuthenticatorVerificationData => "authenticator-verification-data",
    AuthenticatorEnrollmentData => "authenticator-enrollment-data",
    ChallengeAuthenticator => "challenge-authenticator",
    EnrollAuthenticator => "enroll-authenticator",
    EnrollAuthenticatorPromotion => "enroll-authenticator-promotion",
    ChallengeWebauthnAutofilluiAuthenticator => "challenge-webauthn-autofillui-authenticator",
    LaunchPasskeysAuthenticator => "launch-passkeys-authenticator",
    LaunchWebauthnAuthenticator => "launch-webauthn-authenticator",
    EnrollWebauthnResidentkey => "enroll-webauthn-residentkey",
    ChallengePoll => "challenge-poll",
    EnrollPoll => "enroll-poll",
    SelectEnrollmentChannel => "select-enrollment-channel",
    EnrollmentChannelData => "enrollment-channel-data",
    Resend => "resend",
    ReenrollAuthenticator => "reenroll-authenticator",
    ReenrollAuthenticatorWarning => "reenroll-authenticator-warning",
    ResetAuthenticator => "reset-authenticator",
    Skip => "skip",
    Poll => "poll",
    LaunchAuthenticator => "launch-authenticator",
    DeviceChallengePoll => "device-challenge-poll",
    CancelTransaction => "cancel-transaction",
    DeviceAppleSsoExtension => "device-apple-sso-extension",
    KeepMeSignedIn => "keep-me-signed-in",
    SuccessRedirect => "success-redirect",
    FailureRedirect => "failure-redirect",
}

impl From<String> for StepName {
    fn from(name: String) -> Self {
        Self::from(name.as_str())
    }
}

impl fmt::Display for StepName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Class of an IDX message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MessageClass {
    /// `ERROR`
    Error,
    /// `INFO`
    Info,
    /// `WARNING`
    Warning,
    /// Any other class, as sent.
    Other(String),
}

impl From<&str> for MessageClass {
    fn from(class: &str) -> Self {
        match class {
            "ERROR" => Self::Error,
            "INFO" => Self::Info,
            "WARNING" => Self::Warning,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// An IDX message, global or attached to an input (protocol doc §4.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// ERROR / INFO / WARNING.
    pub class: MessageClass,
    /// The stable i18n key (what code should switch on), e.g. `idx.session.expired`.
    pub i18n_key: Option<String>,
    /// Display text (English in every recording).
    pub text: String,
    /// i18n parameters, as text.
    pub params: Vec<String>,
}

/// The type of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// Text (the default when the wire says nothing).
    String,
    /// A checkbox.
    Boolean,
    /// A number.
    Number,
    /// An object with nested `inputs`.
    Object,
    /// Any other type, as sent.
    Other(String),
}

/// A current/default value of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputValue {
    /// Text (numbers are kept as their text).
    Text(String),
    /// A boolean.
    Bool(bool),
}

/// A choice of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputOption {
    /// Display label (may be empty).
    pub label: String,
    /// The value to submit for this choice.
    pub value: String,
}

/// One input of a step, under the SDK name users of okta-auth-js know
/// (`username`, `password`, `verificationCode`, `methodType`...; the raw
/// field name, dotted for nested fields, for steps without a mapping).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Name to use as the key in [`Values`](crate::Values).
    pub name: String,
    /// Display label.
    pub label: Option<String>,
    /// Type.
    pub kind: InputKind,
    /// Must have a value before the step is submitted.
    pub required: bool,
    /// Mask it (password, code).
    pub secret: bool,
    /// False for hidden inputs.
    pub visible: bool,
    /// Choices, when the input is a choice.
    pub options: Vec<InputOption>,
    /// Current or default value.
    pub value: Option<InputValue>,
    /// Minimum length, if stated.
    pub min_length: Option<u32>,
    /// Maximum length, if stated.
    pub max_length: Option<u32>,
    /// Field-level messages (e.g. `api.authn.error.PASSCODE_INVALID`).
    pub messages: Vec<Message>,
    /// Nested inputs of an [`InputKind::Object`] input. Empty for inputs of
    /// parsed steps: nested wire forms (`credentials.passcode`) are flattened
    /// into SDK-named inputs (`password`), or dotted names for unknown steps,
    /// so the UI renders one flat list.
    pub inputs: Vec<Input>,
}

/// An authenticator (protocol doc §5.6), with the contextual data the UI shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Authenticator {
    /// Authenticator id (or enrollment id for `currentAuthenticatorEnrollment`).
    pub id: Option<String>,
    /// Key, e.g. `okta_verify`, `okta_password`, `okta_email`.
    pub key: Option<String>,
    /// Type, e.g. `app`, `password`, `email`.
    pub kind: Option<String>,
    /// Display name.
    pub display_name: Option<String>,
    /// Method types, e.g. `push`, `totp`, `signed_nonce`.
    pub methods: Vec<String>,
    /// Okta Verify number challenge: the number to show (`contextualData.correctAnswer`, §8.4).
    pub correct_answer: Option<String>,
    /// Enrollment QR code as a `data:` URI (`contextualData.qrcode.href`, §8.6).
    pub qr_code: Option<String>,
    /// Selected enrollment channel (`contextualData.selectedChannel`).
    pub selected_channel: Option<String>,
    /// What a new password must meet (`settings.complexity` of the
    /// password authenticator), when stated.
    pub password_rules: Option<crate::password::PasswordRules>,
    /// Where the enrollment link went, for the selected channel
    /// (`contextualData.email` or `contextualData.phoneNumber`).
    pub channel_address: Option<String>,
    /// Masked profile data (email, phone number, device name...).
    pub profile: Vec<(String, String)>,
    /// The admin's instructions for this authenticator (`description`).
    pub description: Option<String>,
    /// WebAuthn verification data (`contextualData.challengeData`).
    pub challenge_data: Option<crate::webauthn::ChallengeData>,
    /// WebAuthn enrollment data (`contextualData.activationData`).
    pub activation_data: Option<crate::webauthn::ActivationData>,
}

/// A choice in a `select-authenticator-*` step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatorOption {
    /// Display label, e.g. `Okta Verify`.
    pub label: String,
    /// Authenticator key (`okta_verify`...), resolved through `relatesTo`.
    pub key: Option<String>,
    /// The fixed authenticator id sent when this option is chosen.
    pub id: Option<String>,
    /// The enrollment id, for options that name an enrollment.
    pub enrollment_id: Option<String>,
    /// Methods the user may pick in the same step (`push` / `totp` for Okta
    /// Verify); a single entry when the method is fixed; empty when the server
    /// asks for it in a later `authenticator-verification-data` step.
    pub methods: Vec<InputOption>,
    /// Enrollment channels the user may pick in the same step (Okta Verify:
    /// `qrcode`, `email`, `sms`), sent as `channel`; empty when not offered.
    pub channels: Vec<InputOption>,
    /// The resolved authenticator, if `relatesTo` pointed at one.
    pub authenticator: Option<Authenticator>,
}

/// Polling information of a poll step (protocol doc §3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Poll {
    /// Wait this many milliseconds before the next poll (4000 when absent).
    pub refresh_ms: u32,
}

/// A step the user can take: one remediation of the state.
///
/// `Debug` shows `href` without its query, which for `redirect-idp` carries
/// the state token.
#[derive(Clone, PartialEq, Eq)]
pub struct NextStep {
    /// The remediation name.
    pub name: StepName,
    /// Inputs, SDK-named (§6.5); fixed values and the state handle are not inputs.
    pub inputs: Vec<Input>,
    /// The authenticator this step is about (via `relatesTo` or `currentAuthenticator`).
    pub authenticator: Option<Authenticator>,
    /// Choices of a `select-authenticator-*` step.
    pub authenticator_options: Vec<AuthenticatorOption>,
    /// An action whose name contains `resend` exists.
    pub can_resend: bool,
    /// A `skip` remediation exists.
    pub can_skip: bool,
    /// Set on poll steps (`challenge-poll`, `enroll-poll`, `poll`).
    pub poll: Option<Poll>,
    /// Navigation target of a `redirect-idp` step (not a fetch).
    pub href: Option<String>,
    /// Identity provider name of a `redirect-idp` step.
    pub idp_name: Option<String>,
}

impl fmt::Debug for NextStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let href = self.href.as_deref().map(|h| match h.split_once('?') {
            Some((base, _)) => format!("{base}?[redacted]"),
            None => h.to_owned(),
        });
        f.debug_struct("NextStep")
            .field("name", &self.name)
            .field("inputs", &self.inputs)
            .field("authenticator", &self.authenticator)
            .field("authenticator_options", &self.authenticator_options)
            .field("can_resend", &self.can_resend)
            .field("can_skip", &self.can_skip)
            .field("poll", &self.poll)
            .field("href", &href)
            .field("idp_name", &self.idp_name)
            .finish()
    }
}

impl NextStep {
    /// The input with this name, if any.
    pub fn input(&self, name: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.name == name)
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
    /// False when the response had a 4xx/5xx status (the state still applies).
    pub request_succeeded: bool,
    /// HTTP status of the response.
    pub http_status: u16,
    /// The user's WebAuthn credentials (`webauthn` entries of
    /// `authenticatorEnrollments`): allowed at verify, excluded at enroll.
    pub webauthn_credentials: Vec<crate::webauthn::CredentialDescriptor>,
    /// The passkey challenge offered at identify
    /// (`webauthnAutofillUIChallenge`), for autofill and the passkey button.
    pub autofill_challenge: Option<crate::webauthn::ChallengeData>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_names_round_trip() {
        for name in [
            "identify",
            "select-authenticator-authenticate",
            "authenticator-verification-data",
            "challenge-authenticator",
            "challenge-poll",
            "resend",
            "skip",
            "keep-me-signed-in",
            "failure-redirect",
        ] {
            let step = StepName::from(name);
            assert!(!matches!(step, StepName::Unknown(_)), "{name}");
            assert_eq!(step.as_str(), name);
        }
        assert_eq!(
            StepName::from("brand-new"),
            StepName::Unknown("brand-new".into())
        );
        assert_eq!(StepName::from("brand-new").as_str(), "brand-new");
        assert_eq!(
            MessageClass::from("NOTICE"),
            MessageClass::Other("NOTICE".into())
        );
    }
}
