//! Credential public keys: COSE_Key (RFC 9052 §7, RFC 9053 §2.1 and §7.1,
//! RFC 8230 §4) read into a verifying key, and signatures checked with it.
//!
//! Invariants: only the two algorithms Okta offers in `pubKeyCredParams` are
//! accepted, ES256 on P-256 and RS256 with a modulus of at least 2048 bits;
//! the key type, curve and algorithm must agree, so a key never verifies
//! under an algorithm it was not registered for; verification is done by
//! `p256` and `rsa`, never here.

use ciborium::Value as Cbor;
use p256::ecdsa::signature::Verifier as _;
use rsa::traits::PublicKeyParts as _;
use sha2::{Digest as _, Sha256};

use super::WebAuthnError;

/// COSE algorithm ES256 (ECDSA P-256 with SHA-256).
pub const ES256: i64 = -7;
/// COSE algorithm RS256 (RSASSA-PKCS1-v1_5 with SHA-256).
pub const RS256: i64 = -257;

/// A credential's public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// ECDSA on P-256 with SHA-256.
    Es256(p256::ecdsa::VerifyingKey),
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256(rsa::RsaPublicKey),
}

impl PublicKey {
    /// The COSE algorithm this key verifies.
    pub fn alg(&self) -> i64 {
        match self {
            Self::Es256(_) => ES256,
            Self::Rs256(_) => RS256,
        }
    }

    /// Reads a COSE_Key map.
    ///
    /// # Errors
    /// [`WebAuthnError::Key`] for anything but a well-formed ES256 or RS256 key.
    pub fn from_cose(key: &Cbor) -> Result<Self, WebAuthnError> {
        let map = key.as_map().ok_or(WebAuthnError::Key("not a CBOR map"))?;
        let int = |label: i64| -> Option<i128> {
            lookup(map, label)
                .and_then(Cbor::as_integer)
                .map(i128::from)
        };
        let bytes = |label: i64| lookup(map, label).and_then(Cbor::as_bytes);
        match (int(1), int(3)) {
            // kty EC2, alg ES256, crv P-256.
            (Some(2), Some(-7)) => {
                if int(-1) != Some(1) {
                    return Err(WebAuthnError::Key("ES256 key not on P-256"));
                }
                let (Some(x), Some(y)) = (bytes(-2), bytes(-3)) else {
                    return Err(WebAuthnError::Key("EC2 key without x and y"));
                };
                if x.len() != 32 || y.len() != 32 {
                    return Err(WebAuthnError::Key("P-256 coordinates are 32 bytes"));
                }
                let point = p256::EncodedPoint::from_affine_coordinates(
                    x.as_slice().into(),
                    y.as_slice().into(),
                    false,
                );
                p256::ecdsa::VerifyingKey::from_encoded_point(&point)
                    .map(Self::Es256)
                    .map_err(|_| WebAuthnError::Key("point not on P-256"))
            }
            // kty RSA, alg RS256.
            (Some(3), Some(-257)) => {
                let (Some(n), Some(e)) = (bytes(-1), bytes(-2)) else {
                    return Err(WebAuthnError::Key("RSA key without n and e"));
                };
                Self::rsa(n, e)
            }
            _ => Err(WebAuthnError::Key("unsupported key type or algorithm")),
        }
    }

    fn rsa(n: &[u8], e: &[u8]) -> Result<Self, WebAuthnError> {
        let key = rsa::RsaPublicKey::new(
            rsa::BigUint::from_bytes_be(n),
            rsa::BigUint::from_bytes_be(e),
        )
        .map_err(|_| WebAuthnError::Key("invalid RSA key"))?;
        if key.size() < 256 {
            return Err(WebAuthnError::Key("RSA key shorter than 2048 bits"));
        }
        Ok(Self::Rs256(key))
    }

    /// Reads a DER SubjectPublicKeyInfo (an attestation certificate's key).
    ///
    /// # Errors
    /// [`WebAuthnError::Key`] when it is neither a P-256 nor an RSA key.
    pub fn from_spki_der(der: &[u8]) -> Result<Self, WebAuthnError> {
        use p256::pkcs8::DecodePublicKey as _;
        if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(der) {
            return Ok(Self::Es256(key));
        }
        let key = rsa::RsaPublicKey::from_public_key_der(der)
            .map_err(|_| WebAuthnError::Key("certificate key is neither P-256 nor RSA"))?;
        Self::rsa(&key.n().to_bytes_be(), &key.e().to_bytes_be())
    }

    /// Checks `signature` over `message`: ES256 takes the DER signature
    /// WebAuthn specifies (§6.5.6), RS256 the PKCS#1 v1.5 signature.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            Self::Es256(key) => p256::ecdsa::Signature::from_der(signature)
                .is_ok_and(|sig| key.verify(message, &sig).is_ok()),
            Self::Rs256(key) => key
                .verify(
                    rsa::Pkcs1v15Sign::new::<Sha256>(),
                    &Sha256::digest(message),
                    signature,
                )
                .is_ok(),
        }
    }

    /// The key as a COSE_Key map (what an authenticator puts in its
    /// attested credential data).
    pub fn to_cose(&self) -> Cbor {
        let int = |n: i64| Cbor::Integer(n.into());
        match self {
            Self::Es256(key) => {
                let point = key.to_encoded_point(false);
                let coord = |c: Option<&p256::FieldBytes>| {
                    Cbor::Bytes(c.map(|b| b.to_vec()).unwrap_or_default())
                };
                Cbor::Map(vec![
                    (int(1), int(2)),
                    (int(3), int(ES256)),
                    (int(-1), int(1)),
                    (int(-2), coord(point.x())),
                    (int(-3), coord(point.y())),
                ])
            }
            Self::Rs256(key) => Cbor::Map(vec![
                (int(1), int(3)),
                (int(3), int(RS256)),
                (int(-1), Cbor::Bytes(key.n().to_bytes_be())),
                (int(-2), Cbor::Bytes(key.e().to_bytes_be())),
            ]),
        }
    }
}

fn lookup(map: &[(Cbor, Cbor)], label: i64) -> Option<&Cbor> {
    map.iter()
        .find(|(k, _)| k.as_integer().map(i128::from) == Some(i128::from(label)))
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn es256_key_round_trips_and_verifies() {
        use p256::ecdsa::signature::Signer as _;
        let signing = p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng);
        let key = PublicKey::Es256(*signing.verifying_key());
        let read = PublicKey::from_cose(&key.to_cose()).expect("own COSE key reads back");
        assert_eq!(read, key);
        let sig: p256::ecdsa::Signature = signing.sign(b"message");
        let der = sig.to_der();
        assert!(read.verify(b"message", der.as_bytes()));
        assert!(!read.verify(b"messagE", der.as_bytes()));
        // The raw r‖s form is not what WebAuthn sends.
        assert!(!read.verify(b"message", &sig.to_bytes()));
    }

    #[test]
    fn mismatched_or_unknown_keys_are_refused() {
        let int = |n: i64| Cbor::Integer(n.into());
        // EC2 key claiming RS256.
        let bad = Cbor::Map(vec![(int(1), int(2)), (int(3), int(RS256))]);
        assert!(PublicKey::from_cose(&bad).is_err());
        // EdDSA (-8) is not offered by Okta.
        let eddsa = Cbor::Map(vec![(int(1), int(1)), (int(3), int(-8))]);
        assert!(PublicKey::from_cose(&eddsa).is_err());
        // A point off the curve.
        let off = Cbor::Map(vec![
            (int(1), int(2)),
            (int(3), int(ES256)),
            (int(-1), int(1)),
            (int(-2), Cbor::Bytes(vec![1; 32])),
            (int(-3), Cbor::Bytes(vec![2; 32])),
        ]);
        assert!(PublicKey::from_cose(&off).is_err());
        assert!(PublicKey::from_cose(&Cbor::Null).is_err());
    }
}
