//! Authenticators: the one a step is about, with the contextual data the UI
//! shows (number challenge, QR code, password rules), and the choices of a
//! `select-authenticator-*` step.
//!
//! Invariants: plain data; [`Authenticator::from_json`] reads any JSON
//! object without failing (a member of the wrong type is left out), so an
//! odd authenticator never hides the step it belongs to.

use serde_json::Value as Json;

use super::contextual::{Contextual, DeviceChallenge, DuoFrame, PhoneProfile, SecurityQuestion};
use super::input::InputOption;
use crate::password::PasswordRules;
use crate::secret::SharedSecret;

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
    pub password_rules: Option<PasswordRules>,
    /// Where the enrollment link went, for the selected channel
    /// (`contextualData.email` or `contextualData.phoneNumber`).
    pub channel_address: Option<String>,
    /// Masked profile data (email, phone number, device name...).
    pub profile: Vec<(String, String)>,
    /// Phone (`phone_number`): the masked number and nickname of the profile.
    pub phone: Option<PhoneProfile>,
    /// Security question being verified (`contextualData.enrolledQuestion`,
    /// else the profile's).
    pub enrolled_question: Option<SecurityQuestion>,
    /// Security questions offered for enrollment (`contextualData.questions`).
    pub questions: Vec<SecurityQuestion>,
    /// Authenticator app enrollment: the base32 seed for manual entry.
    pub shared_secret: Option<SharedSecret>,
    /// Okta FastPass: the challenge for Okta Verify.
    pub device_challenge: Option<DeviceChallenge>,
    /// Duo: the frame Okta describes.
    pub duo: Option<DuoFrame>,
    /// The admin's instructions for this authenticator (`description`).
    pub description: Option<String>,
    /// WebAuthn verification data (`contextualData.challengeData`).
    pub challenge_data: Option<super::webauthn::ChallengeData>,
    /// WebAuthn enrollment data (`contextualData.activationData`).
    pub activation_data: Option<super::webauthn::ActivationData>,
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

impl Authenticator {
    /// Builds the public authenticator from its JSON object (§5.6).
    pub(crate) fn from_json(v: &Json) -> Self {
        let extra = Contextual::from_json(v);
        let text = |p: &str| {
            v.pointer(p).and_then(|x| match x {
                Json::String(s) => Some(s.clone()),
                Json::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        Authenticator {
            id: text("/id"),
            key: text("/key"),
            kind: text("/type"),
            display_name: text("/displayName"),
            methods: v
                .get("methods")
                .and_then(Json::as_array)
                .map(|ms| {
                    ms.iter()
                        .filter_map(|m| m.get("type").and_then(Json::as_str))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            correct_answer: text("/contextualData/correctAnswer"),
            qr_code: text("/contextualData/qrcode/href"),
            selected_channel: text("/contextualData/selectedChannel"),
            password_rules: PasswordRules::from_settings(v),
            channel_address: text("/contextualData/email")
                .or_else(|| text("/contextualData/phoneNumber")),
            profile: v
                .get("profile")
                .and_then(Json::as_object)
                .map(|p| {
                    p.iter()
                        .filter_map(|(k, x)| x.as_str().map(|s| (k.clone(), s.to_owned())))
                        .collect()
                })
                .unwrap_or_default(),
            phone: extra.phone,
            enrolled_question: extra.enrolled_question,
            questions: extra.questions,
            shared_secret: extra.shared_secret,
            device_challenge: extra.challenge,
            duo: extra.duo,
            description: text("/description"),
            challenge_data: v
                .pointer("/contextualData/challengeData")
                .and_then(super::webauthn::ChallengeData::from_json),
            activation_data: v
                .pointer("/contextualData/activationData")
                .and_then(super::webauthn::ActivationData::from_json),
        }
    }

    /// The name to title a screen with: the display name Okta sent, else
    /// `fallback`.
    pub fn name_or<'a>(&'a self, fallback: &'a str) -> &'a str {
        self.display_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(fallback)
    }
}
