//! The org's directory entries: users with their authenticators, and the
//! third-party identity providers that sign in as one of them.
//!
//! Invariants: plain data read from a users file; secrets (the password, a
//! TOTP secret) are [`Secret`]s, redacted in `Debug`; an entry here is what
//! the file says, and what the process learned since (enrollments, new
//! passwords) lives in the store, never here. A new authenticator kind a
//! user can have adds its field to [`User`].

use serde::Deserialize;

use super::factors::{Enrollable, OtpSecret, Phone, SecurityQuestion};
use super::policy::{Policy, UserStatus};
use super::webauthn::WebAuthnPolicy;
use crate::secret::Secret;

/// An Okta Verify enrollment of a user.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OktaVerify {
    /// Base32 TOTP secret (RFC 4648 alphabet, no padding needed); `None`
    /// means the enrollment offers no "Enter a code" method.
    #[serde(default)]
    pub totp_secret: Option<Secret>,
    /// Whether push notifications are offered.
    #[serde(default)]
    pub push: bool,
    /// Whether a push carries a number challenge (`correctAnswer`).
    #[serde(default)]
    pub number_challenge: bool,
    /// Device name shown in the enrollment profile.
    #[serde(default = "default_device_name")]
    pub device_name: String,
    /// Whether Okta FastPass (`signed_nonce`) is offered.
    #[serde(default)]
    pub fast_pass: bool,
}

fn default_device_name() -> String {
    "Emulated phone".to_owned()
}

/// One user of the emulated org.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Login (Okta `identifier`), e.g. `demo@example.com`.
    pub username: String,
    /// Password (demo-only; redacted in `Debug`).
    pub password: Secret,
    /// Okta user id (`00u...`), the `sub` of tokens.
    pub id: String,
    /// Given name.
    #[serde(default)]
    pub first_name: String,
    /// Family name.
    #[serde(default)]
    pub last_name: String,
    /// Primary email.
    pub email: String,
    /// Okta Verify enrollment, if any (`null` or absent: none; a user with
    /// no authenticator at all must enroll Okta Verify after the password).
    #[serde(default)]
    pub okta_verify: Option<OktaVerify>,
    /// Whether the email authenticator is enrolled.
    #[serde(default)]
    pub email_authenticator: bool,
    /// The sign-on policy beyond password and one factor (absent: none).
    #[serde(default)]
    pub policy: Policy,
    /// Lifecycle status (absent: `ACTIVE`).
    #[serde(default)]
    pub status: UserStatus,
    /// Phone (SMS, voice), if enrolled.
    #[serde(default)]
    pub phone: Option<Phone>,
    /// Security question, if enrolled.
    #[serde(default)]
    pub security_question: Option<SecurityQuestion>,
    /// Google Authenticator, if enrolled.
    #[serde(default)]
    pub google_authenticator: Option<OtpSecret>,
    /// A custom OTP token, if enrolled.
    #[serde(default)]
    pub custom_otp: Option<OtpSecret>,
    /// An RSA SecurID token, if enrolled.
    #[serde(default)]
    pub rsa_token: Option<OtpSecret>,
    /// What a user with no authenticator must enroll (absent: Okta Verify).
    #[serde(default)]
    pub must_enroll: Option<Enrollable>,
    /// The policy requires a security key or passkey (absent: it does not).
    #[serde(default)]
    pub webauthn: Option<WebAuthnPolicy>,
    /// The security keys and passkeys registered while the emulator runs
    /// (filled in by [`crate::store::Store::user`], never read from the file).
    #[serde(skip)]
    pub webauthn_credentials: Vec<crate::webauthn::Credential>,
}

impl User {
    /// The display name (`name` claim).
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }

    /// The decoded TOTP secret, when the user has Okta Verify TOTP.
    pub fn totp_key(&self) -> Option<Vec<u8>> {
        let ov = self.okta_verify.as_ref()?;
        let secret = ov.totp_secret.as_ref()?;
        crate::totp::decode_base32(secret.expose())
    }

    /// Whether the user can answer an Okta Verify push.
    pub fn has_push(&self) -> bool {
        self.okta_verify.as_ref().is_some_and(|ov| ov.push)
    }

    /// Whether the user's Okta Verify offers FastPass (`signed_nonce`).
    pub fn has_fast_pass(&self) -> bool {
        self.okta_verify.as_ref().is_some_and(|ov| ov.fast_pass)
    }
}

/// A third-party identity provider of the org (social or enterprise IdP),
/// offered as a `redirect-idp` remediation at the identify step (protocol
/// reference 3.12, fixture `identify-with-third-party-idps.json`).
///
/// The emulated provider has no accounts of its own: whoever continues on its
/// page is signed in as [`Idp::username`].
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Idp {
    /// Okta IdP id (`0oa...`); the last segment of `/sso/idps/{id}`.
    pub id: String,
    /// Display name, e.g. `Emulated IdP`.
    pub name: String,
    /// IdP type as Okta names it (`OIDC`, `SAML2`, `GOOGLE`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// Login of the org user this provider authenticates as.
    pub username: String,
    /// The org's policy wants one more factor after this provider: the
    /// return carries `error=interaction_required` and the transaction waits
    /// at the user's factor choice (protocol doc §3.12).
    #[serde(default)]
    pub mfa: bool,
}
