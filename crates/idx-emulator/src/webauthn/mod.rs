//! WebAuthn relying-party checks for the emulated org (W3C WebAuthn Level 2,
//! §7.1 "Registering a New Credential" and §7.2 "Verifying an
//! Authentication Assertion"): what Okta does with the `credentials` a
//! browser posts to `challenge/answer`.
//!
//! Invariants: a credential is registered only when the client data (type,
//! challenge, an allowed origin), the authenticator data (RP ID hash, user
//! present, user verified when the policy requires it) and the attestation
//! statement all check; an assertion counts only when one of the user's
//! registered keys verifies its signature over `authenticatorData ‖
//! SHA-256(clientDataJSON)`, and a signature counter that does not grow
//! (when either side is non-zero) is refused as a cloned authenticator.
//! The cryptography is `p256`'s and `rsa`'s; this module only decides what
//! to check. Nothing here logs.

mod attestation;
mod authdata;
mod cose;
pub mod device;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};

pub use authdata::AuthenticatorData;
pub use cose::{ES256, PublicKey, RS256};

/// Why a registration or an assertion was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebAuthnError {
    /// `clientDataJSON` is not JSON of the expected shape.
    #[error("client data: {0}")]
    ClientData(&'static str),
    /// The client data's `type` is not the ceremony's.
    #[error("client data type is not {0}")]
    WrongType(&'static str),
    /// The client data's challenge is not the one issued.
    #[error("challenge does not match")]
    Challenge,
    /// The client data's origin is not an allowed origin.
    #[error("origin not allowed")]
    Origin,
    /// Authenticator data too short or inconsistent.
    #[error("authenticator data: {0}")]
    AuthData(&'static str),
    /// The RP ID hash is not SHA-256 of this org's RP ID.
    #[error("RP ID hash does not match")]
    RpId,
    /// The user-present flag is not set.
    #[error("user not present")]
    UserPresence,
    /// The policy requires user verification and the UV flag is not set.
    #[error("user not verified")]
    UserVerification,
    /// A COSE key that is not ES256 or RS256, or malformed.
    #[error("public key: {0}")]
    Key(&'static str),
    /// The attestation object is malformed.
    #[error("attestation: {0}")]
    Attestation(&'static str),
    /// An attestation format this org does not accept.
    #[error("unsupported attestation format")]
    Format,
    /// No key verified the signature.
    #[error("signature does not verify")]
    Signature,
    /// The signature counter went backwards or stood still.
    #[error("signature counter did not increase")]
    Counter,
}

/// The org as a relying party.
#[derive(Debug, Clone, Copy)]
pub struct RelyingParty<'a> {
    /// The RP ID credentials are scoped to (a domain, no scheme or port).
    pub id: &'a str,
    /// Origins whose client data is accepted.
    pub origins: &'a [String],
}

/// A registered credential (what Okta keeps per enrollment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The credential id, as the authenticator chose it.
    pub id: Vec<u8>,
    /// Its public key.
    pub key: PublicKey,
    /// The last signature counter seen.
    pub sign_count: u32,
}

/// What a browser posts for an assertion (decoded from base64).
#[derive(Debug, Clone, Copy)]
pub struct Assertion<'a> {
    /// `response.clientDataJSON`.
    pub client_data_json: &'a [u8],
    /// `response.authenticatorData`.
    pub authenticator_data: &'a [u8],
    /// `response.signature`.
    pub signature: &'a [u8],
}

/// A fresh random challenge (32 bytes, more than WebAuthn's minimum of 16).
pub fn new_challenge() -> Vec<u8> {
    use rand::RngCore as _;
    let mut bytes = vec![0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// Base64url without padding: how Okta sends challenges and credential ids.
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Registers a credential (§7.1): `client_data_json` and
/// `attestation_object` as the browser returned them.
///
/// # Errors
/// The first check that failed.
pub fn register(
    rp: RelyingParty<'_>,
    challenge: &[u8],
    require_uv: bool,
    client_data_json: &[u8],
    attestation_object: &[u8],
) -> Result<Credential, WebAuthnError> {
    check_client_data(rp, "webauthn.create", challenge, client_data_json)?;
    let statement = attestation::parse(attestation_object)?;
    let auth = AuthenticatorData::parse(&statement.auth_data)?;
    check_auth_data(rp, &auth, require_uv)?;
    let attested = auth
        .attested
        .ok_or(WebAuthnError::AuthData("no attested credential data"))?;
    let client_data_hash = Sha256::digest(client_data_json);
    statement.verify(&attested.key, &client_data_hash)?;
    Ok(Credential {
        id: attested.credential_id,
        key: attested.key,
        sign_count: auth.sign_count,
    })
}

/// Verifies an assertion (§7.2) against the user's `credentials`; the body
/// carries no credential id (Okta's clients strip it), so every registered
/// key is tried, as Okta's error text says ("none of the WebAuthn
/// authenticators the user has enrolled ... was able to validate").
/// Returns the index of the credential that verified and its new counter.
///
/// # Errors
/// The first check that failed; [`WebAuthnError::Signature`] when no key verified.
pub fn authenticate(
    rp: RelyingParty<'_>,
    challenge: &[u8],
    require_uv: bool,
    assertion: Assertion<'_>,
    credentials: &[Credential],
) -> Result<(usize, u32), WebAuthnError> {
    check_client_data(rp, "webauthn.get", challenge, assertion.client_data_json)?;
    let auth = AuthenticatorData::parse(assertion.authenticator_data)?;
    check_auth_data(rp, &auth, require_uv)?;
    let mut signed = assertion.authenticator_data.to_vec();
    signed.extend_from_slice(&Sha256::digest(assertion.client_data_json));
    let index = credentials
        .iter()
        .position(|c| c.key.verify(&signed, assertion.signature))
        .ok_or(WebAuthnError::Signature)?;
    let stored = credentials[index].sign_count;
    if (stored != 0 || auth.sign_count != 0) && auth.sign_count <= stored {
        return Err(WebAuthnError::Counter);
    }
    Ok((index, auth.sign_count))
}

fn check_client_data(
    rp: RelyingParty<'_>,
    ceremony: &'static str,
    challenge: &[u8],
    client_data_json: &[u8],
) -> Result<(), WebAuthnError> {
    let data: serde_json::Value = serde_json::from_slice(client_data_json)
        .map_err(|_| WebAuthnError::ClientData("not JSON"))?;
    let text = |name: &str| data.get(name).and_then(serde_json::Value::as_str);
    if text("type") != Some(ceremony) {
        return Err(WebAuthnError::WrongType(ceremony));
    }
    let sent = text("challenge")
        .and_then(|c| URL_SAFE_NO_PAD.decode(c.trim_end_matches('=')).ok())
        .ok_or(WebAuthnError::ClientData("challenge is not base64url"))?;
    if sent != challenge {
        return Err(WebAuthnError::Challenge);
    }
    let origin = text("origin").ok_or(WebAuthnError::ClientData("no origin"))?;
    if !rp.origins.iter().any(|o| o == origin) {
        return Err(WebAuthnError::Origin);
    }
    Ok(())
}

fn check_auth_data(
    rp: RelyingParty<'_>,
    auth: &AuthenticatorData,
    require_uv: bool,
) -> Result<(), WebAuthnError> {
    if auth.rp_id_hash[..] != Sha256::digest(rp.id.as_bytes())[..] {
        return Err(WebAuthnError::RpId);
    }
    if !auth.user_present() {
        return Err(WebAuthnError::UserPresence);
    }
    if require_uv && !auth.user_verified() {
        return Err(WebAuthnError::UserVerification);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
