//! Authenticator data (W3C WebAuthn Level 2 §6.1): RP ID hash, flags,
//! signature counter and, at registration, the attested credential data.
//!
//! Invariants: parsing never panics on short or inconsistent input; the
//! attested credential's key is read as exactly one CBOR item, so
//! extension data after it is neither mistaken for the key nor required.

use std::io::Cursor;

use super::{PublicKey, WebAuthnError};

const FLAG_UP: u8 = 0x01;
const FLAG_UV: u8 = 0x04;
const FLAG_AT: u8 = 0x40;

/// The parsed authenticator data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatorData {
    /// SHA-256 of the RP ID the authenticator scoped the credential to.
    pub rp_id_hash: [u8; 32],
    /// The flags byte.
    pub flags: u8,
    /// The signature counter.
    pub sign_count: u32,
    /// The new credential, at registration.
    pub attested: Option<AttestedCredential>,
}

/// Attested credential data (§6.5.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttestedCredential {
    /// The authenticator model's AAGUID.
    pub aaguid: [u8; 16],
    /// The credential id.
    pub credential_id: Vec<u8>,
    /// The credential's public key.
    pub key: PublicKey,
}

impl AuthenticatorData {
    /// Whether the user was present (UP).
    pub fn user_present(&self) -> bool {
        self.flags & FLAG_UP != 0
    }

    /// Whether the user was verified (UV: PIN, biometrics).
    pub fn user_verified(&self) -> bool {
        self.flags & FLAG_UV != 0
    }

    /// Parses authenticator data bytes.
    ///
    /// # Errors
    /// [`WebAuthnError::AuthData`] or [`WebAuthnError::Key`].
    pub fn parse(bytes: &[u8]) -> Result<Self, WebAuthnError> {
        let short = WebAuthnError::AuthData("too short");
        let head = bytes.get(..37).ok_or(short.clone())?;
        let mut rp_id_hash = [0_u8; 32];
        rp_id_hash.copy_from_slice(&head[..32]);
        let flags = head[32];
        let sign_count = u32::from_be_bytes([head[33], head[34], head[35], head[36]]);
        let attested = if flags & FLAG_AT == 0 {
            None
        } else {
            let rest = &bytes[37..];
            let fixed = rest.get(..18).ok_or(short.clone())?;
            let mut aaguid = [0_u8; 16];
            aaguid.copy_from_slice(&fixed[..16]);
            let id_len = usize::from(u16::from_be_bytes([fixed[16], fixed[17]]));
            let credential_id = rest.get(18..18 + id_len).ok_or(short)?.to_vec();
            let mut cursor = Cursor::new(&rest[18 + id_len..]);
            let cose: ciborium::Value = ciborium::de::from_reader(&mut cursor)
                .map_err(|_| WebAuthnError::Key("credential key is not CBOR"))?;
            Some(AttestedCredential {
                aaguid,
                credential_id,
                key: PublicKey::from_cose(&cose)?,
            })
        };
        Ok(Self {
            rp_id_hash,
            flags,
            sign_count,
            attested,
        })
    }

    /// Serialises authenticator data (what an authenticator signs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.rp_id_hash.to_vec();
        let at = if self.attested.is_some() { FLAG_AT } else { 0 };
        out.push((self.flags & !FLAG_AT) | at);
        out.extend_from_slice(&self.sign_count.to_be_bytes());
        if let Some(att) = &self.attested {
            out.extend_from_slice(&att.aaguid);
            let len = u16::try_from(att.credential_id.len()).unwrap_or(u16::MAX);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(&att.credential_id[..usize::from(len)]);
            // Writing CBOR into a Vec cannot fail.
            let _ = ciborium::ser::into_writer(&att.key.to_cose(), &mut out);
        }
        out
    }

    /// Flags for a ceremony with user presence, and verification if `uv`.
    pub fn flags_for(uv: bool) -> u8 {
        FLAG_UP | if uv { FLAG_UV } else { 0 }
    }
}
