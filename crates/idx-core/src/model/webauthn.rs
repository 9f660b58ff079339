//! WebAuthn and passkeys (protocol-more doc §1): the `challengeData` and
//! `activationData` of a `webauthn` authenticator as typed data, and the
//! options for `navigator.credentials.get` / `create` built from them as
//! plain data. The browser's results become values in `crate::webauthn`.
//!
//! Invariants: binary values from the server (challenge, credential ids,
//! `user.id`) are base64url and decoded leniently, with or without padding,
//! in either alphabet, as `atob` after Okta's character swap accepts them;
//! binary values to the server are standard padded base64, as both Okta
//! clients send them (§1.4); the legacy `appid` extension is kept only for
//! a page on the org's own origin (§1.7); the credential id is never sent;
//! `userHandle` is sent only where the form declares it (§1.2).

use base64::Engine as _;
use base64::alphabet;
use base64::engine::general_purpose::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::Value as Json;

/// The `displayName` of Okta's default WebAuthn authenticator.
pub const DEFAULT_DISPLAY_NAME: &str = "Security Key or Biometric";
/// The `displayName` of the passkeys rebrand.
pub const PASSKEYS_DISPLAY_NAME: &str = "Passkeys";

/// Which wording the widget uses for a WebAuthn authenticator (§1.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebAuthnVariant {
    /// "Security Key or Biometric" (or no name at all).
    SecurityKey,
    /// "Passkeys".
    Passkeys,
    /// Any other admin-chosen name, shown as given.
    Custom(String),
}

impl WebAuthnVariant {
    /// The variant for an authenticator's `displayName`.
    pub fn from_display_name(name: Option<&str>) -> Self {
        match name.map(str::trim) {
            None | Some("" | DEFAULT_DISPLAY_NAME) => Self::SecurityKey,
            Some(PASSKEYS_DISPLAY_NAME) => Self::Passkeys,
            Some(other) => Self::Custom(other.to_owned()),
        }
    }
}

/// A credential to allow or exclude (`PublicKeyCredentialDescriptor`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialDescriptor {
    /// The credential id, decoded.
    pub id: Vec<u8>,
    /// Transport hints (`usb`, `nfc`, `internal`...), possibly empty.
    pub transports: Vec<String>,
}

/// `contextualData.challengeData` of a verify step, or the top-level
/// `webauthnAutofillUIChallenge.value.challengeData` at identify (§1.2, §1.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeData {
    /// The challenge, decoded.
    pub challenge: Vec<u8>,
    /// `required`, `preferred` or `discouraged`, when stated.
    pub user_verification: Option<String>,
    /// A custom RP ID, when the org has one.
    pub rp_id: Option<String>,
    /// The FIDO AppID extension value (the org origin), when sent.
    pub appid: Option<String>,
    /// WebAuthn L3 hints (`security-key`, `client-device`...).
    pub hints: Vec<String>,
    /// How long the browser may wait for the person (`timeout`, ms), when sent.
    pub timeout_ms: Option<u32>,
}

/// The relying party of an enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RelyingParty {
    /// Display name.
    pub name: String,
    /// A custom RP ID, when the org has one.
    pub id: Option<String>,
}

/// The user of an enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserEntity {
    /// The user handle: `user.id` base64url-decoded (§1.3: never its UTF-8).
    pub id: Vec<u8>,
    /// Login name.
    pub name: String,
    /// Display name.
    pub display_name: String,
}

/// `authenticatorSelection` of an enrollment, as given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthenticatorSelection {
    /// `required`, `preferred` or `discouraged`.
    pub user_verification: Option<String>,
    /// `platform` or `cross-platform`.
    pub authenticator_attachment: Option<String>,
    /// Legacy resident-key flag.
    pub require_resident_key: Option<bool>,
    /// `required`, `preferred` or `discouraged`.
    pub resident_key: Option<String>,
}

/// `contextualData.activationData` of an enrollment (§1.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivationData {
    /// The relying party.
    pub rp: RelyingParty,
    /// The user.
    pub user: UserEntity,
    /// The challenge, decoded.
    pub challenge: Vec<u8>,
    /// COSE algorithms offered, in the server's order (`-7`, `-257`).
    pub algorithms: Vec<i64>,
    /// Attestation conveyance (`direct` in the recordings).
    pub attestation: Option<String>,
    /// Authenticator selection.
    pub authenticator_selection: AuthenticatorSelection,
    /// WebAuthn L3 hints.
    pub hints: Vec<String>,
    /// How long the browser may wait for the person (`timeout`, ms), when sent.
    pub timeout_ms: Option<u32>,
}

/// What to pass to `navigator.credentials.get({publicKey})`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestOptions {
    /// The challenge.
    pub challenge: Vec<u8>,
    /// Allowed credentials; empty asks for a discoverable credential.
    pub allow_credentials: Vec<CredentialDescriptor>,
    /// User verification requirement, as given.
    pub user_verification: Option<String>,
    /// RP ID, when the org set a custom one.
    pub rp_id: Option<String>,
    /// Hints, as given.
    pub hints: Vec<String>,
    /// The `appid` extension, only for a page on the org's origin.
    pub appid: Option<String>,
    /// Timeout (ms), as given.
    pub timeout_ms: Option<u32>,
}

/// What to pass to `navigator.credentials.create({publicKey})`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreationOptions {
    /// The relying party.
    pub rp: RelyingParty,
    /// The user, with the decoded handle.
    pub user: UserEntity,
    /// The challenge.
    pub challenge: Vec<u8>,
    /// COSE algorithms, as `public-key` parameters.
    pub algorithms: Vec<i64>,
    /// Credentials already enrolled (empty when a resident key is required,
    /// so an existing non-resident key can hold one too).
    pub exclude_credentials: Vec<CredentialDescriptor>,
    /// Authenticator selection, as given.
    pub authenticator_selection: AuthenticatorSelection,
    /// Attestation conveyance, as given.
    pub attestation: Option<String>,
    /// Hints, as given.
    pub hints: Vec<String>,
    /// Timeout (ms), as given.
    pub timeout_ms: Option<u32>,
}

/// Decodes base64url as leniently as Okta's clients: padding optional, the
/// standard alphabet's `+` and `/` accepted, stray trailing bits ignored.
pub fn decode_base64url(text: &str) -> Option<Vec<u8>> {
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &alphabet::URL_SAFE,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let normalised: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    LENIENT.decode(normalised).ok()
}

/// Standard padded base64: what Okta expects for every binary result
/// (okta-auth-js's `bufferToBase64Url` is plain `btoa` despite its name).
pub fn encode_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

fn text(v: &Json, pointer: &str) -> Option<String> {
    v.pointer(pointer)
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn timeout(v: &Json) -> Option<u32> {
    v.get("timeout")
        .and_then(Json::as_u64)
        .and_then(|t| u32::try_from(t).ok())
}

fn texts(v: Option<&Json>) -> Vec<String> {
    match v {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_owned)
            .collect(),
        // okta-core may serialise a profile as a string map: "usb,nfc".
        Some(Json::String(list)) => list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

impl ChallengeData {
    /// Reads a `challengeData` object; `None` without a decodable challenge.
    pub(crate) fn from_json(v: &Json) -> Option<Self> {
        Some(Self {
            challenge: decode_base64url(v.get("challenge")?.as_str()?)?,
            user_verification: text(v, "/userVerification"),
            rp_id: text(v, "/rpId"),
            appid: text(v, "/extensions/appid"),
            hints: texts(v.get("hints")),
            timeout_ms: timeout(v),
        })
    }

    /// The options for `navigator.credentials.get` on a page at
    /// `page_origin` (`scheme://host[:port]`), allowing `enrolled`.
    pub fn request_options(
        &self,
        enrolled: &[CredentialDescriptor],
        page_origin: &str,
    ) -> RequestOptions {
        let same_origin =
            |appid: &String| appid.trim_end_matches('/') == page_origin.trim_end_matches('/');
        RequestOptions {
            challenge: self.challenge.clone(),
            allow_credentials: enrolled.to_vec(),
            user_verification: self.user_verification.clone(),
            rp_id: self.rp_id.clone(),
            hints: self.hints.clone(),
            appid: self.appid.clone().filter(same_origin),
            timeout_ms: self.timeout_ms,
        }
    }
}

impl ActivationData {
    /// Reads an `activationData` object; `None` without a decodable
    /// challenge and user handle.
    pub(crate) fn from_json(v: &Json) -> Option<Self> {
        let selection = v.get("authenticatorSelection");
        let sel = |p: &str| selection.and_then(|s| text(s, p));
        Some(Self {
            rp: RelyingParty {
                name: text(v, "/rp/name").unwrap_or_default(),
                id: text(v, "/rp/id"),
            },
            user: UserEntity {
                id: decode_base64url(v.pointer("/user/id")?.as_str()?)?,
                name: text(v, "/user/name").unwrap_or_default(),
                display_name: text(v, "/user/displayName").unwrap_or_default(),
            },
            challenge: decode_base64url(v.get("challenge")?.as_str()?)?,
            algorithms: v
                .get("pubKeyCredParams")
                .and_then(Json::as_array)
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p.get("type").and_then(Json::as_str) == Some("public-key"))
                        .filter_map(|p| p.get("alg").and_then(Json::as_i64))
                        .collect()
                })
                .unwrap_or_default(),
            attestation: text(v, "/attestation"),
            authenticator_selection: AuthenticatorSelection {
                user_verification: sel("/userVerification"),
                authenticator_attachment: sel("/authenticatorAttachment"),
                require_resident_key: selection
                    .and_then(|s| s.get("requireResidentKey"))
                    .and_then(Json::as_bool),
                resident_key: sel("/residentKey"),
            },
            hints: texts(v.get("hints")),
            timeout_ms: timeout(v),
        })
    }

    /// The options for `navigator.credentials.create`, excluding `enrolled`.
    pub fn creation_options(&self, enrolled: &[CredentialDescriptor]) -> CreationOptions {
        let resident = self.authenticator_selection.require_resident_key == Some(true);
        CreationOptions {
            rp: self.rp.clone(),
            user: self.user.clone(),
            challenge: self.challenge.clone(),
            algorithms: self.algorithms.clone(),
            exclude_credentials: if resident {
                Vec::new()
            } else {
                enrolled.to_vec()
            },
            authenticator_selection: self.authenticator_selection.clone(),
            attestation: self.attestation.clone(),
            hints: self.hints.clone(),
            timeout_ms: self.timeout_ms,
        }
    }
}

/// The `webauthn` entries of `authenticatorEnrollments`, as descriptors
/// (transports at the top of the entry or under `profile`).
pub(crate) fn enrolled_credentials(root: &Json) -> Vec<CredentialDescriptor> {
    root.pointer("/authenticatorEnrollments/value")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter(|e| e.get("key").and_then(Json::as_str) == Some("webauthn"))
        .filter_map(|e| {
            let id = decode_base64url(
                e.get("credentialId")
                    .or_else(|| e.pointer("/profile/credentialId"))?
                    .as_str()?,
            )?;
            let transports = texts(
                e.get("transports")
                    .or_else(|| e.pointer("/profile/transports")),
            );
            Some(CredentialDescriptor { id, transports })
        })
        .collect()
}
