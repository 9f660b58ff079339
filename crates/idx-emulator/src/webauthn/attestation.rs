//! Attestation objects (W3C WebAuthn Level 2 §6.5.4, §8.2 `packed`, §8.7
//! `none`): the CBOR map `{fmt, authData, attStmt}` a browser returns from
//! `navigator.credentials.create`.
//!
//! Invariants: `none` carries an empty statement; `packed` self attestation
//! is signed by the new credential's own key under its own algorithm;
//! `packed` with `x5c` is signed by the leaf certificate's key. Like an org
//! that admits any authenticator model, the emulator trusts no attestation
//! root, so a certificate proves only that the statement is consistent, not
//! who made the authenticator. Other formats are refused, never accepted
//! unchecked.

use ciborium::Value as Cbor;

use super::{PublicKey, WebAuthnError};

/// A parsed attestation object.
#[derive(Debug, Clone)]
pub(super) struct Statement {
    pub(super) auth_data: Vec<u8>,
    format: Format,
}

#[derive(Debug, Clone)]
enum Format {
    None,
    Packed {
        alg: i64,
        sig: Vec<u8>,
        leaf: Option<Vec<u8>>,
    },
}

/// Reads the attestation object.
pub(super) fn parse(bytes: &[u8]) -> Result<Statement, WebAuthnError> {
    let value: Cbor =
        ciborium::de::from_reader(bytes).map_err(|_| WebAuthnError::Attestation("not CBOR"))?;
    let map = value
        .as_map()
        .ok_or(WebAuthnError::Attestation("not a map"))?;
    let get = |key: &str| {
        map.iter()
            .find(|(k, _)| k.as_text() == Some(key))
            .map(|(_, v)| v)
    };
    let fmt = get("fmt")
        .and_then(Cbor::as_text)
        .ok_or(WebAuthnError::Attestation("no fmt"))?;
    let auth_data = get("authData")
        .and_then(Cbor::as_bytes)
        .ok_or(WebAuthnError::Attestation("no authData"))?
        .clone();
    let statement = get("attStmt")
        .and_then(Cbor::as_map)
        .ok_or(WebAuthnError::Attestation("no attStmt"))?;
    let member = |key: &str| {
        statement
            .iter()
            .find(|(k, _)| k.as_text() == Some(key))
            .map(|(_, v)| v)
    };
    let format = match fmt {
        "none" if statement.is_empty() => Format::None,
        "none" => return Err(WebAuthnError::Attestation("none with a statement")),
        "packed" => {
            let alg = member("alg")
                .and_then(Cbor::as_integer)
                .and_then(|a| i64::try_from(a).ok())
                .ok_or(WebAuthnError::Attestation("packed without alg"))?;
            let sig = member("sig")
                .and_then(Cbor::as_bytes)
                .ok_or(WebAuthnError::Attestation("packed without sig"))?
                .clone();
            let leaf = match member("x5c") {
                None => None,
                Some(chain) => Some(
                    chain
                        .as_array()
                        .and_then(|c| c.first())
                        .and_then(Cbor::as_bytes)
                        .ok_or(WebAuthnError::Attestation("x5c without a certificate"))?
                        .clone(),
                ),
            };
            Format::Packed { alg, sig, leaf }
        }
        _ => return Err(WebAuthnError::Format),
    };
    Ok(Statement { auth_data, format })
}

impl Statement {
    /// Checks the statement's signature over `authData ‖ clientDataHash`.
    pub(super) fn verify(
        &self,
        credential_key: &PublicKey,
        client_data_hash: &[u8],
    ) -> Result<(), WebAuthnError> {
        let Format::Packed { alg, sig, leaf } = &self.format else {
            return Ok(());
        };
        let mut signed = self.auth_data.clone();
        signed.extend_from_slice(client_data_hash);
        let key = match leaf {
            None => {
                if *alg != credential_key.alg() {
                    return Err(WebAuthnError::Attestation(
                        "self attestation under another algorithm",
                    ));
                }
                credential_key.clone()
            }
            Some(der) => certificate_key(der)?,
        };
        if *alg != key.alg() {
            return Err(WebAuthnError::Attestation("alg does not match the key"));
        }
        if key.verify(&signed, sig) {
            Ok(())
        } else {
            Err(WebAuthnError::Signature)
        }
    }
}

fn certificate_key(der: &[u8]) -> Result<PublicKey, WebAuthnError> {
    use x509_cert::der::{Decode as _, Encode as _};
    let cert = x509_cert::Certificate::from_der(der)
        .map_err(|_| WebAuthnError::Attestation("x5c certificate is not DER X.509"))?;
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|_| WebAuthnError::Attestation("certificate key"))?;
    PublicKey::from_spki_der(&spki)
}
