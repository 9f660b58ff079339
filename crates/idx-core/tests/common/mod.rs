//! Shared helpers for the integration tests: locating the recorded fixtures.
//!
//! Invariant: the fixtures are read in place from `<workspace>/../shared/idx-fixtures`
//! and never copied into the repository. When the folder is missing, a test
//! fails under `CI=true` and otherwise says loudly that it skipped.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

/// The fixtures folder, or `None` (after printing SKIPPED) when it is missing
/// outside CI. Panics when it is missing and `CI=true`.
pub fn fixtures_dir(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/idx-fixtures");
    if dir.join("responses").is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "{test}: fixtures folder {} not found (CI=true)",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED: {test}: fixtures folder {} not found",
        dir.display()
    );
    None
}

/// Reads `responses/<name>` from the fixtures folder.
pub fn fixture(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join("responses").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Reads `extra/<name>` from the fixtures folder.
pub fn extra(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join("extra").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Parses an `extra/` fixture as an IDX transaction (panics if it is not one).
pub fn extra_transaction(dir: &Path, name: &str) -> idx_core::Transaction {
    match idx_core::parse_idx_response(200, Some(idx_core::ION_JSON), &extra(dir, name)) {
        Ok(idx_core::IdxOutcome::Transaction(t)) => *t,
        other => panic!("{name}: expected a transaction, got {other:?}"),
    }
}

/// Parses a fixture as an IDX transaction (panics if it is not one).
pub fn transaction(dir: &Path, name: &str) -> idx_core::Transaction {
    match idx_core::parse_idx_response(200, Some(idx_core::ION_JSON), &fixture(dir, name)) {
        Ok(idx_core::IdxOutcome::Transaction(t)) => *t,
        other => panic!("{name}: expected a transaction, got {other:?}"),
    }
}

/// RS256 with the `rsa` crate (a dev-dependency: the wasm bundle has no RSA).
pub struct RsaVerifier;

/// Unpadded base64url decoding.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|e| e.to_string())
}

impl idx_core::SignatureVerifier for RsaVerifier {
    async fn verify_rs256(
        &self,
        key: &idx_core::Jwk,
        input: &[u8],
        signature: &[u8],
    ) -> Result<bool, String> {
        use rsa::signature::Verifier as _;
        let n = rsa::BigUint::from_bytes_be(&decode(key.n.as_deref().ok_or("no n")?)?);
        let e = rsa::BigUint::from_bytes_be(&decode(key.e.as_deref().ok_or("no e")?)?);
        let public = rsa::RsaPublicKey::new(n, e).map_err(|e| e.to_string())?;
        let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
            return Ok(false);
        };
        Ok(rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(public)
            .verify(input, &signature)
            .is_ok())
    }
}
