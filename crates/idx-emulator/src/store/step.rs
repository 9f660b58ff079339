//! The states of the sign-in step machine, and what some of them carry.
//!
//! Each variant of [`Step`] is one IDX state the emulator can be in; the
//! routes in `idx` move a transaction between them and `idx::view` renders
//! each one. A new authenticator or flow (phone, WebAuthn, security
//! question, skip, registration, unlock, consent) adds its states here.
//!
//! Invariants: `Debug` never shows a secret a state carries (the
//! interaction code, the activation URI, the QR code): it prints the
//! state's name and shape only.

use super::challenges::{DeviceChallenge, GoogleEnrollment, PhoneCode};
use crate::config::ConsentKind;
use crate::secret::Secret;

/// Which authenticator a step is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Factor {
    /// Okta Verify (TOTP or push).
    OktaVerify,
    /// Email one-time code.
    Email,
    /// Phone: a code by SMS or voice call.
    Phone,
    /// A security question.
    SecurityQuestion,
    /// Google Authenticator (TOTP).
    GoogleOtp,
    /// A custom OTP token.
    CustomOtp,
    /// An RSA SecurID token.
    Rsa,
    /// A security key or passkey (WebAuthn).
    WebAuthn,
}

/// Where a transaction is in the sign-in policy (password, then one factor),
/// or in password recovery (who are you, one factor, a new password).
#[derive(Clone, PartialEq, Eq)]
pub enum Step {
    /// Who are you (with the password unless username-first).
    Identify,
    /// Password recovery: who are you (`identify-recovery`).
    IdentifyRecovery,
    /// Password recovery is not possible (no such user, or no authenticator
    /// that can verify a recovery): a terminal message, no remediation.
    RecoveryNotAllowed,
    /// Password recovery, factor verified: set a new password
    /// (`reset-authenticator`).
    ResetPassword,
    /// Username-first: the password as a challenge.
    PasswordChallenge,
    /// Choose Okta Verify or email.
    SelectAuthenticator,
    /// Choose a method for the authenticator (two-step selection).
    VerificationData(Factor),
    /// Enter the Okta Verify code.
    TotpChallenge,
    /// Waiting for a push to be answered.
    PushPoll {
        /// The outstanding push.
        push_id: String,
    },
    /// The push was rejected; resend offered.
    PushRejected,
    /// Enter the emailed code.
    EmailChallenge,
    /// Okta Verify must be enrolled (`select-authenticator-enroll`, no skip).
    SelectEnroll,
    /// Okta Verify enrollment by email: asks where to send the link
    /// (`enrollment-channel-data`).
    EnrollChannelData,
    /// Waiting for the phone to activate the enrollment (`enroll-poll`).
    EnrollPoll(Box<Enrollment>),
    /// The device falls short of the device assurance, within its grace
    /// period: `skip` to go on (`device-assurance-grace-period`).
    DeviceAssuranceGrace,
    /// The password expires soon: a new one, or `skip`
    /// (`reenroll-authenticator-warning`).
    PasswordExpiryWarning,
    /// The app asks for consent to the requested scopes.
    Consent(ConsentKind),
    /// Consent was denied: a terminal error.
    ConsentDenied,
    /// "Keep me signed in?" after authentication.
    KeepMeSignedIn,
    /// Sign-up: the profile form (`enroll-profile`).
    EnrollProfile,
    /// Sign-up or set-up: verify the email address with a code
    /// (`enroll-authenticator`, email).
    EnrollEmail,
    /// Sign-up or activation: choose a password (`enroll-authenticator`,
    /// password).
    EnrollPassword,
    /// Self-service unlock: who, and by which authenticator
    /// (`select-authenticator-unlock-account`).
    UnlockAccount,
    /// Unlocked: a terminal "you can now sign in".
    Unlocked,
    /// The activation token has expired: ask for a new email
    /// (`request-activation-email`).
    RequestActivation,
    /// A new activation email was requested: a terminal notice.
    ActivationRequested,
    /// Phone: a code was sent; type it back (`challenge-authenticator`,
    /// or `enroll-authenticator` for a number being enrolled).
    PhoneChallenge(Box<PhoneCode>),
    /// Too many text messages: the transaction ends (terminal).
    PhoneSmsLimited,
    /// Enroll a phone: its number and method (`authenticator-enrollment-data`).
    PhoneEnrollData,
    /// Answer the security question.
    QuestionChallenge,
    /// Enroll a security question (`enroll-authenticator`).
    QuestionEnroll,
    /// Type a Google Authenticator code.
    GoogleChallenge,
    /// Enroll Google Authenticator: scan the QR code, type a code.
    GoogleEnroll(Box<GoogleEnrollment>),
    /// Type a code from an OTP token ([`Factor::CustomOtp`], [`Factor::Rsa`]);
    /// `after`: the RSA asked for the next tokencode after this TOTP step.
    OtpChallenge {
        /// The token.
        factor: Factor,
        /// The step of the code that earned `errors.E0000113`, if any.
        after: Option<u64>,
    },
    /// The policy requires enrolling this authenticator
    /// (`select-authenticator-enroll`, no skip).
    EnrollRequired(Factor),
    /// Okta FastPass launched at identify (`device-challenge-poll`).
    DeviceChallengePoll(Box<DeviceChallenge>),
    /// Okta FastPass chosen as Okta Verify's method (`challenge-poll`).
    SignedNoncePoll(Box<DeviceChallenge>),
    /// Verify with a security key or passkey: the challenge issued.
    WebAuthnChallenge {
        /// The challenge the assertion must sign (single use).
        challenge: Vec<u8>,
    },
    /// Set up a security key or passkey: the challenge issued.
    WebAuthnEnroll {
        /// The challenge the attestation must carry (single use).
        challenge: Vec<u8>,
    },
    /// Done: the interaction code is ready.
    Success {
        /// The code to redeem at `/v1/token`.
        interaction_code: String,
    },
}

/// How an Okta Verify enrollment reaches the phone (`channel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// The phone scans the QR code shown on the page.
    QrCode,
    /// The phone opens a link sent by email.
    Email,
}

impl Channel {
    /// The wire value (`qrcode`, `email`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::QrCode => "qrcode",
            Channel::Email => "email",
        }
    }
}

/// An Okta Verify enrollment waiting for the phone (protocol reference 8.6).
#[derive(Clone, PartialEq, Eq)]
pub struct Enrollment {
    /// How the activation reaches the phone.
    pub channel: Channel,
    /// The address the link went to, as typed ([`Channel::Email`]).
    pub email: Option<String>,
    /// The activation URI (`oktaverify://...?t=<token>...`) in the QR code or
    /// the emailed link; the token makes it a secret.
    pub activation: Secret,
    /// The QR code of [`Enrollment::activation`] as a PNG `data:` URI
    /// ([`Channel::QrCode`]); made once so every poll shows the same image.
    pub qr_code: Option<Secret>,
    /// The phone has activated it; the next poll completes the sign-in.
    pub activated: bool,
}

// Codes and activation URIs are secrets: Debug shows shapes, never values.
impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::Identify => f.write_str("Identify"),
            Step::IdentifyRecovery => f.write_str("IdentifyRecovery"),
            Step::RecoveryNotAllowed => f.write_str("RecoveryNotAllowed"),
            Step::ResetPassword => f.write_str("ResetPassword"),
            Step::PasswordChallenge => f.write_str("PasswordChallenge"),
            Step::SelectAuthenticator => f.write_str("SelectAuthenticator"),
            Step::VerificationData(factor) => write!(f, "VerificationData({factor:?})"),
            Step::TotpChallenge => f.write_str("TotpChallenge"),
            Step::PushPoll { .. } => f.write_str("PushPoll"),
            Step::PushRejected => f.write_str("PushRejected"),
            Step::EmailChallenge => f.write_str("EmailChallenge"),
            Step::SelectEnroll => f.write_str("SelectEnroll"),
            Step::EnrollChannelData => f.write_str("EnrollChannelData"),
            Step::EnrollPoll(e) => write!(f, "EnrollPoll({e:?})"),
            Step::DeviceAssuranceGrace => f.write_str("DeviceAssuranceGrace"),
            Step::PasswordExpiryWarning => f.write_str("PasswordExpiryWarning"),
            Step::Consent(kind) => write!(f, "Consent({kind:?})"),
            Step::ConsentDenied => f.write_str("ConsentDenied"),
            Step::KeepMeSignedIn => f.write_str("KeepMeSignedIn"),
            Step::EnrollProfile => f.write_str("EnrollProfile"),
            Step::EnrollEmail => f.write_str("EnrollEmail"),
            Step::EnrollPassword => f.write_str("EnrollPassword"),
            Step::UnlockAccount => f.write_str("UnlockAccount"),
            Step::Unlocked => f.write_str("Unlocked"),
            Step::RequestActivation => f.write_str("RequestActivation"),
            Step::ActivationRequested => f.write_str("ActivationRequested"),
            Step::PhoneChallenge(c) => write!(f, "PhoneChallenge({c:?})"),
            Step::PhoneSmsLimited => f.write_str("PhoneSmsLimited"),
            Step::PhoneEnrollData => f.write_str("PhoneEnrollData"),
            Step::QuestionChallenge => f.write_str("QuestionChallenge"),
            Step::QuestionEnroll => f.write_str("QuestionEnroll"),
            Step::GoogleChallenge => f.write_str("GoogleChallenge"),
            Step::GoogleEnroll(_) => f.write_str("GoogleEnroll"),
            Step::OtpChallenge { factor, after } => {
                write!(f, "OtpChallenge({factor:?}, next: {})", after.is_some())
            }
            Step::EnrollRequired(factor) => write!(f, "EnrollRequired({factor:?})"),
            Step::DeviceChallengePoll(c) => write!(f, "DeviceChallengePoll({c:?})"),
            Step::SignedNoncePoll(c) => write!(f, "SignedNoncePoll({c:?})"),
            Step::WebAuthnChallenge { .. } => f.write_str("WebAuthnChallenge"),
            Step::WebAuthnEnroll { .. } => f.write_str("WebAuthnEnroll"),
            Step::Success { .. } => f.write_str("Success"),
        }
    }
}

impl std::fmt::Debug for Enrollment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrollment")
            .field("channel", &self.channel)
            .field("activated", &self.activated)
            .finish_non_exhaustive()
    }
}
