//! PKCE (RFC 7636) with the S256 method, from a verifier the caller generated.
//!
//! Invariant: a [`CodeVerifier`] always holds 43 to 128 characters from the
//! RFC 7636 §4.1 unreserved set, so its S256 challenge is well defined; the
//! crate never generates randomness itself (the caller passes CSPRNG output).

use std::fmt;

use sha2::{Digest, Sha256};

use crate::encoding::base64url;
use crate::error::InputError;

/// The PKCE code verifier (RFC 7636 §4.1). Secret: its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CodeVerifier(String);

impl CodeVerifier {
    /// Checks and wraps a verifier: 43-128 characters of `A-Z a-z 0-9 - . _ ~`.
    ///
    /// # Errors
    /// [`InputError::Invalid`] naming `code_verifier` when the value does not fit.
    pub fn new(value: impl Into<String>) -> Result<Self, InputError> {
        let value = value.into();
        let allowed = value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
        if !(43..=128).contains(&value.len()) || !allowed {
            return Err(InputError::Invalid {
                name: "code_verifier".into(),
                reason: "must be 43-128 characters from A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)".into(),
            });
        }
        Ok(Self(value))
    }

    /// Builds a verifier from random bytes (at least 32), base64url-encoded.
    ///
    /// # Errors
    /// [`InputError::Invalid`] when fewer than 32 or more than 96 bytes are given.
    pub fn from_random_bytes(bytes: &[u8]) -> Result<Self, InputError> {
        Self::new(base64url(bytes))
    }

    /// The verifier itself, for the token request.
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The S256 challenge: base64url(SHA-256(verifier)), unpadded (RFC 7636 §4.2).
    pub fn challenge_s256(&self) -> String {
        base64url(&Sha256::digest(self.0.as_bytes()))
    }
}

impl fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CodeVerifier([redacted])")
    }
}

impl TryFrom<String> for CodeVerifier {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<CodeVerifier> for String {
    fn from(value: CodeVerifier) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        let v = CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(
            v.challenge_s256(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(format!("{v:?}"), "CodeVerifier([redacted])");
    }

    #[test]
    fn rejects_bad_verifiers() {
        assert!(CodeVerifier::new("short").is_err());
        assert!(CodeVerifier::new("a".repeat(129)).is_err());
        assert!(CodeVerifier::new(format!("{}!", "a".repeat(50))).is_err());
        assert!(CodeVerifier::from_random_bytes(&[7; 32]).is_ok());
    }
}
