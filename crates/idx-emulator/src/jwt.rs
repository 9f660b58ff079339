//! RS256 signing key, JWKS and JWT minting.
//!
//! The RSA arithmetic is the `rsa` crate's; the compact JWS around it (three
//! base64url parts) is written here, because a JWT crate would bring its own
//! crypto backend and hide the header, while the tamper switches need a
//! chosen `kid` and a signature altered after signing.
//!
//! Invariants: one 2048-bit RSA key per process, generated lazily on a
//! background thread (generation takes seconds in debug builds, so it starts
//! when the first router is built and handlers wait for it off the async
//! runtime); the key id is the RFC 7638 thumbprint of the public key, so the
//! JWKS and every token header always agree.

use std::sync::{Arc, OnceLock};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The process-wide signing key.
#[derive(Debug)]
pub struct KeyPair {
    signer: SigningKey<Sha256>,
    public: RsaPublicKey,
    kid: String,
}

static KEY: OnceLock<Arc<KeyPair>> = OnceLock::new();

fn generate() -> Arc<KeyPair> {
    let mut rng = rand::rngs::OsRng;
    // 2048-bit generation only fails on RNG failure, which is unrecoverable here.
    #[allow(clippy::expect_used)]
    let private = RsaPrivateKey::new(&mut rng, 2048).expect("RSA key generation");
    let public = RsaPublicKey::from(&private);
    let kid = thumbprint(&public);
    Arc::new(KeyPair {
        signer: SigningKey::<Sha256>::new(private),
        public,
        kid,
    })
}

/// Start generating the key in the background (idempotent).
pub fn warm_up() {
    if KEY.get().is_none() {
        std::thread::spawn(|| {
            KEY.get_or_init(generate);
        });
    }
}

/// The key, blocking until generated. Call from `spawn_blocking` or a thread.
pub fn key_blocking() -> Arc<KeyPair> {
    KEY.get_or_init(generate).clone()
}

/// The key, awaiting generation without blocking the async runtime.
pub async fn key() -> Arc<KeyPair> {
    if let Some(k) = KEY.get() {
        return k.clone();
    }
    match tokio::task::spawn_blocking(key_blocking).await {
        Ok(k) => k,
        // The blocking task only panics if generation panicked; try inline.
        Err(_) => key_blocking(),
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// RFC 7638 JWK thumbprint of an RSA public key.
fn thumbprint(public: &RsaPublicKey) -> String {
    let canonical = format!(
        r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
        b64(&public.e().to_bytes_be()),
        b64(&public.n().to_bytes_be())
    );
    b64(&Sha256::digest(canonical.as_bytes()))
}

impl KeyPair {
    /// The key id used in JWT headers and the JWKS.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as a JWK.
    pub fn jwk(&self) -> Value {
        json!({
            "kty": "RSA",
            "alg": "RS256",
            "kid": self.kid,
            "use": "sig",
            "e": b64(&self.public.e().to_bytes_be()),
            "n": b64(&self.public.n().to_bytes_be()),
        })
    }

    /// The JWKS document served at `/v1/keys`.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk()] })
    }

    /// Sign `claims` as a compact RS256 JWS.
    pub fn sign(&self, claims: &Value) -> String {
        self.sign_with_kid(claims, &self.kid)
    }

    /// Sign `claims` with this key but name `kid` in the header (tests use a
    /// kid absent from the JWKS to check that clients refuse such tokens).
    pub fn sign_with_kid(&self, claims: &Value, kid: &str) -> String {
        let header = json!({ "kid": kid, "alg": "RS256" });
        let signing_input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let signature = self.signer.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", b64(&signature.to_bytes()))
    }

    /// Verify a compact JWS made by [`KeyPair::sign`] and return its claims.
    pub fn verify(&self, token: &str) -> Option<Value> {
        use rsa::pkcs1v15::{Signature, VerifyingKey};
        use rsa::signature::Verifier;
        let mut parts = token.split('.');
        let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).ok()?).ok()?;
        if header["alg"] != "RS256" || header["kid"] != self.kid.as_str() {
            return None;
        }
        let sig = Signature::try_from(URL_SAFE_NO_PAD.decode(s).ok()?.as_slice()).ok()?;
        VerifyingKey::<Sha256>::new(self.public.clone())
            .verify(format!("{h}.{p}").as_bytes(), &sig)
            .ok()?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).ok()?).ok()
    }
}

/// `at_hash` (OpenID Connect Core 3.1.3.6): left half of SHA-256 of the token.
pub fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    b64(&digest[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_verifies_and_rejects_tampering() {
        let key = key_blocking();
        let token = key.sign(&json!({"sub": "x", "n": 1}));
        assert_eq!(key.verify(&token).expect("verifies")["sub"], "x");
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = b64(br#"{"sub":"y","n":1}"#);
        parts[1] = &forged;
        assert!(key.verify(&parts.join(".")).is_none());
        assert_eq!(key.jwks()["keys"][0]["kid"], key.kid());
    }
}
