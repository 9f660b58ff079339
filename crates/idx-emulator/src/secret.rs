//! Secret strings and random identifiers.
//!
//! Invariants: a [`Secret`] never shows its content through `Debug` or
//! `Display`; every handle, code and token the emulator hands out comes from
//! [`random_id`], i.e. from the operating system's CSPRNG.

use rand::Rng;
use rand::distributions::Alphanumeric;
use serde::Deserialize;

/// A string that must not appear in logs (passwords, TOTP secrets, handles).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wrap a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value; call sites are the places that really need it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// A random identifier of `len` characters from `[A-Za-z0-9]`, with an
/// optional prefix (Okta ids look like `00u...`, `aut...`).
pub(crate) fn random_id(prefix: &str, len: usize) -> String {
    let mut rng = rand::rngs::OsRng;
    let tail: String = (&mut rng)
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect();
    format!("{prefix}{tail}")
}

/// A random base32 string (RFC 4648 alphabet, no padding) of `len`
/// characters, e.g. a TOTP secret (32 characters = 160 bits).
pub(crate) fn random_base32(len: usize) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut rng = rand::rngs::OsRng;
    (0..len)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..32usize)]))
        .collect()
}

/// A random string of `len` decimal digits (one-time codes).
pub(crate) fn random_digits(len: usize) -> String {
    let mut rng = rand::rngs::OsRng;
    (0..len)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn random_ids_are_distinct_and_shaped() {
        let a = random_id("02", 40);
        let b = random_id("02", 40);
        assert_ne!(a, b);
        assert_eq!(a.len(), 42);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        let s = random_base32(32);
        assert_ne!(s, random_base32(32));
        assert!(crate::totp::decode_base32(&s).is_some_and(|k| k.len() == 20));
        let d = random_digits(6);
        assert_eq!(d.len(), 6);
        assert!(d.chars().all(|c| c.is_ascii_digit()));
    }
}
