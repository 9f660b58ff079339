//! What the steps of phone, Google Authenticator and FastPass carry, the
//! virtual phone's inbox entry, and the authenticators a user enrolled
//! while the process runs ([`Learned`]).
//!
//! Invariants: a one-time code, a TOTP secret, its QR code and a FastPass
//! challenge are [`Secret`]s, and `Debug` shows none of them; what a user
//! learned adds to the configured user ([`Learned::apply`]) and is never
//! written back to the users file.

use crate::config::{OtpSecret, Phone, SecurityQuestion, User};
use crate::secret::Secret;

/// How a phone code is delivered (`methodType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhoneMethod {
    /// A text message.
    Sms,
    /// A voice call reading the code.
    Voice,
}

impl PhoneMethod {
    /// The wire value (`sms`, `voice`).
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneMethod::Sms => "sms",
            PhoneMethod::Voice => "voice",
        }
    }

    /// The method named `s` on the wire.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sms" => Some(PhoneMethod::Sms),
            "voice" => Some(PhoneMethod::Voice),
            _ => None,
        }
    }
}

/// A code sent to a phone and waiting to be typed back.
#[derive(Clone, PartialEq, Eq)]
pub struct PhoneCode {
    /// How it was sent.
    pub method: PhoneMethod,
    /// The number it went to (E.164).
    pub number: String,
    /// The code.
    pub code: Secret,
    /// Enrolling this number (`enroll-authenticator`), not verifying it.
    pub enrolling: bool,
}

/// The last message the virtual phone received, as the control API shows it.
#[derive(Clone, Debug)]
pub struct PhoneMessage {
    /// How it came.
    pub method: PhoneMethod,
    /// The number it went to.
    pub to: String,
    /// The code it carried (revealed by the control API only).
    pub code: Secret,
}

/// A Google Authenticator enrollment waiting for its first code.
// Debug is safe: both members are `Secret`s, redacted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoogleEnrollment {
    /// The fresh base32 secret (`sharedSecret`).
    pub secret: Secret,
    /// Its `otpauth://totp/...` URI as a PNG `data:` URI, made once.
    pub qr_code: Secret,
}

/// An Okta FastPass challenge waiting for Okta Verify on the device.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceChallenge {
    /// The opaque challenge request the launch URI carries.
    pub request: Secret,
    /// Okta Verify answered it as this user (control API); the next poll
    /// goes on.
    pub answered_by: Option<String>,
}

/// Authenticators enrolled since start (or reset), added to the configured
/// user.
#[derive(Clone, Debug, Default)]
pub struct Learned {
    /// An enrolled phone.
    pub phone: Option<Phone>,
    /// An enrolled security question.
    pub security_question: Option<SecurityQuestion>,
    /// An enrolled Google Authenticator.
    pub google_authenticator: Option<OtpSecret>,
    /// Security keys and passkeys registered, oldest first (their sign
    /// counters kept up to date).
    pub webauthn: Vec<crate::webauthn::Credential>,
}

impl Learned {
    /// `user` with these enrollments in place of the configured ones.
    pub fn apply(&self, user: &mut User) {
        if let Some(p) = &self.phone {
            user.phone = Some(p.clone());
        }
        if let Some(q) = &self.security_question {
            user.security_question = Some(q.clone());
        }
        if let Some(g) = &self.google_authenticator {
            user.google_authenticator = Some(g.clone());
        }
        user.webauthn_credentials.clone_from(&self.webauthn);
    }
}

impl std::fmt::Debug for PhoneCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhoneCode")
            .field("method", &self.method)
            .field("enrolling", &self.enrolling)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for DeviceChallenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceChallenge")
            .field("answered", &self.answered_by.is_some())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Factor, Step};

    #[test]
    fn debug_output_hides_codes_secrets_and_challenges() {
        let steps = [
            Step::PhoneChallenge(Box::new(PhoneCode {
                method: PhoneMethod::Voice,
                number: "+14155550123".into(),
                code: Secret::new("CODE-SECRET"),
                enrolling: true,
            })),
            Step::GoogleEnroll(Box::new(GoogleEnrollment {
                secret: Secret::new("TOTP-SECRET"),
                qr_code: Secret::new("data:image/png;base64,QR-SECRET"),
            })),
            Step::SignedNoncePoll(Box::new(DeviceChallenge {
                request: Secret::new("NONCE-SECRET"),
                answered_by: Some("someone@example.com".into()),
            })),
            Step::OtpChallenge {
                factor: Factor::Rsa,
                after: Some(7),
            },
        ];
        let text = format!("{steps:?}");
        assert!(
            !text.contains("SECRET") && !text.contains("4155550123"),
            "{text}"
        );
        assert!(!text.contains("someone"), "{text}");
        assert!(text.contains("PhoneChallenge") && text.contains("Voice"));
    }
}
