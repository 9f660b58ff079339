//! A step the user can take: the remediation names ([`StepName`], closed
//! with an `Unknown` escape hatch), the step as the UI sees it
//! ([`NextStep`]) and its polling information.
//!
//! Invariants: every wire name maps to one [`StepName`] and back
//! (`StepName::from(name).as_str() == name`, unknown names included);
//! `Debug` of a step never shows the query of its `href` (a `redirect-idp`
//! link carries the state token there).

use std::fmt;

use super::authenticator::{Authenticator, AuthenticatorOption};
use super::consent::{RequestInfo, Scope};
use super::input::Input;

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
    PivIdp => "piv-idp",
    UnlockAccount => "unlock-account",
    SelectAuthenticatorUnlockAccount => "select-authenticator-unlock-account",
    IdentifyRecovery => "identify-recovery",
    SelectAuthenticatorAuthenticate => "select-authenticator-authenticate",
    SelectAuthenticatorEnroll => "select-authenticator-enroll",
    AuthenticatorVerificationData => "authenticator-verification-data",
    AuthenticatorEnrollmentData => "authenticator-enrollment-data",
    ChallengeAuthenticator => "challenge-authenticator",
    EnrollAuthenticator => "enroll-authenticator",
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
    SelectIdentify => "select-identify",
    ProfileUpdate => "profile-update",
    EnrollAuthenticatorPromotion => "enroll-authenticator-promotion",
    AdminConsent => "admin-consent",
    Consent => "consent",
    GranularConsent => "granular-consent",
    EmailChallengeConsent => "email-challenge-consent",
    DeviceAssuranceGracePeriod => "device-assurance-grace-period",
    RequestActivationEmail => "request-activation-email",
    ChallengeWebauthnAutofilluiAuthenticator => "challenge-webauthn-autofillui-authenticator",
    LaunchPasskeysAuthenticator => "launch-passkeys-authenticator",
    LaunchWebauthnAuthenticator => "launch-webauthn-authenticator",
    EnrollWebauthnResidentkey => "enroll-webauthn-residentkey",
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
    /// Identity provider type of a `redirect-idp` step (`X509` for a smart
    /// card / PIV, protocol doc part 2 §7.2; `SAML2`, `OIDC`...).
    pub idp_type: Option<String>,
    /// The scopes an `admin-consent` or `consent` step asks for (§8.5).
    pub scopes: Vec<Scope>,
    /// What an `email-challenge-consent` step says about the sign-in
    /// (`appName`, `browser`; §8.5).
    pub request_info: Vec<RequestInfo>,
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
            .field("idp_type", &self.idp_type)
            .field("scopes", &self.scopes)
            .field("request_info", &self.request_info)
            .finish()
    }
}

impl NextStep {
    /// Whether submitting this step needs the org's CAPTCHA answer (the
    /// [`CAPTCHA_TOKEN_INPUT`](super::CAPTCHA_TOKEN_INPUT) input, protocol doc §8.7).
    pub fn needs_captcha(&self) -> bool {
        self.input(super::CAPTCHA_TOKEN_INPUT).is_some()
    }

    /// The input with this name, if any.
    pub fn input(&self, name: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.name == name)
    }

    /// The key of the authenticator this step is about (`phone_number`...).
    pub fn authenticator_key(&self) -> Option<&str> {
        self.authenticator.as_ref().and_then(|a| a.key.as_deref())
    }

    /// A smart card / PIV sign-in: a `piv-idp`, or a `redirect-idp` of type
    /// `X509` (protocol doc part 2 §7.2).
    pub fn is_piv(&self) -> bool {
        self.name == StepName::PivIdp
            || self.name == StepName::RedirectIdp && self.idp_type.as_deref() == Some("X509")
    }
}
