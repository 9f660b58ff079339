//! A virtual security key for tests: it plays the browser and the
//! authenticator together, producing exactly what
//! `navigator.credentials.create` / `get` hand to a page (client data JSON,
//! attestation object, authenticator data, signature), as the virtual
//! Okta Verify in `control` plays the phone.
//!
//! Invariants: keys are generated at run time (none is shipped); the
//! counter grows by one per ceremony, as a real authenticator's does; the
//! client data challenge is base64url without padding, as browsers write it.

use p256::ecdsa::signature::Signer as _;
use sha2::{Digest as _, Sha256};

use super::authdata::{AttestedCredential, AuthenticatorData};
use super::{PublicKey, b64url};

/// The key pair inside a virtual authenticator.
#[derive(Debug, Clone)]
enum Signer {
    Es256(p256::ecdsa::SigningKey),
    Rs256(Box<rsa::RsaPrivateKey>),
}

/// How a virtual key attests a new credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attest {
    /// `fmt: "none"` (what browsers send when attestation is not wanted).
    None,
    /// `fmt: "packed"` self attestation, signed by the new key itself.
    PackedSelf,
}

/// A new credential as the page receives it.
#[derive(Debug, Clone)]
pub struct Created {
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.attestationObject`.
    pub attestation_object: Vec<u8>,
}

/// An assertion as the page receives it.
#[derive(Debug, Clone)]
pub struct Asserted {
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.authenticatorData`.
    pub authenticator_data: Vec<u8>,
    /// `response.signature`.
    pub signature: Vec<u8>,
    /// `response.userHandle` (the `user.id` given at creation).
    pub user_handle: Vec<u8>,
}

/// A virtual authenticator holding one credential.
#[derive(Debug, Clone)]
pub struct VirtualKey {
    signer: Signer,
    /// The credential id.
    pub credential_id: Vec<u8>,
    /// Whether it performs user verification (sets UV).
    pub verifies_user: bool,
    sign_count: u32,
    user_handle: Vec<u8>,
}

impl VirtualKey {
    /// A key with a fresh P-256 credential.
    pub fn es256() -> Self {
        Self::with(Signer::Es256(p256::ecdsa::SigningKey::random(
            &mut rand::rngs::OsRng,
        )))
    }

    /// A key with a fresh 2048-bit RSA credential.
    ///
    /// # Panics
    /// If the OS random source fails.
    pub fn rs256() -> Self {
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).expect("RSA key");
        Self::with(Signer::Rs256(Box::new(key)))
    }

    fn with(signer: Signer) -> Self {
        Self {
            signer,
            credential_id: super::new_challenge(),
            verifies_user: true,
            sign_count: 0,
            user_handle: Vec::new(),
        }
    }

    /// The credential's public key.
    pub fn public_key(&self) -> PublicKey {
        match &self.signer {
            Signer::Es256(k) => PublicKey::Es256(*k.verifying_key()),
            Signer::Rs256(k) => PublicKey::Rs256(k.to_public_key()),
        }
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        match &self.signer {
            Signer::Es256(k) => {
                let sig: p256::ecdsa::Signature = k.sign(message);
                sig.to_der().as_bytes().to_vec()
            }
            Signer::Rs256(k) => k
                .sign(rsa::Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(message))
                .unwrap_or_default(),
        }
    }

    /// `navigator.credentials.create` on `origin` for RP `rp_id`.
    pub fn create(
        &mut self,
        rp_id: &str,
        origin: &str,
        challenge: &[u8],
        user_id: &[u8],
        attest: Attest,
    ) -> Created {
        self.user_handle = user_id.to_vec();
        self.sign_count += 1;
        let client_data_json = client_data("webauthn.create", challenge, origin);
        let auth = AuthenticatorData {
            rp_id_hash: Sha256::digest(rp_id.as_bytes()).into(),
            flags: AuthenticatorData::flags_for(self.verifies_user),
            sign_count: self.sign_count,
            attested: Some(AttestedCredential {
                aaguid: [0; 16],
                credential_id: self.credential_id.clone(),
                key: self.public_key(),
            }),
        }
        .to_bytes();
        let text = |t: &str| ciborium::Value::Text(t.into());
        let statement = match attest {
            Attest::None => ciborium::Value::Map(Vec::new()),
            Attest::PackedSelf => {
                let mut signed = auth.clone();
                signed.extend_from_slice(&Sha256::digest(&client_data_json));
                ciborium::Value::Map(vec![
                    (
                        text("alg"),
                        ciborium::Value::Integer(self.public_key().alg().into()),
                    ),
                    (text("sig"), ciborium::Value::Bytes(self.sign(&signed))),
                ])
            }
        };
        let format = if attest == Attest::None {
            "none"
        } else {
            "packed"
        };
        let object = ciborium::Value::Map(vec![
            (text("fmt"), text(format)),
            (text("attStmt"), statement),
            (text("authData"), ciborium::Value::Bytes(auth)),
        ]);
        let mut attestation_object = Vec::new();
        // Writing CBOR into a Vec cannot fail.
        let _ = ciborium::ser::into_writer(&object, &mut attestation_object);
        Created {
            client_data_json,
            attestation_object,
        }
    }

    /// `navigator.credentials.get` on `origin` for RP `rp_id`.
    pub fn get(&mut self, rp_id: &str, origin: &str, challenge: &[u8]) -> Asserted {
        self.sign_count += 1;
        let client_data_json = client_data("webauthn.get", challenge, origin);
        let authenticator_data = AuthenticatorData {
            rp_id_hash: Sha256::digest(rp_id.as_bytes()).into(),
            flags: AuthenticatorData::flags_for(self.verifies_user),
            sign_count: self.sign_count,
            attested: None,
        }
        .to_bytes();
        let mut signed = authenticator_data.clone();
        signed.extend_from_slice(&Sha256::digest(&client_data_json));
        Asserted {
            signature: self.sign(&signed),
            client_data_json,
            authenticator_data,
            user_handle: self.user_handle.clone(),
        }
    }
}

fn client_data(kind: &str, challenge: &[u8], origin: &str) -> Vec<u8> {
    serde_json::json!({
        "type": kind,
        "challenge": b64url(challenge),
        "origin": origin,
        "crossOrigin": false,
    })
    .to_string()
    .into_bytes()
}
