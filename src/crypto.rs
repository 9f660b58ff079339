//! Browser cryptography: CSPRNG values, SHA-256 and RS256 signature checks,
//! all through WebCrypto so no crypto code ships in the wasm.
//!
//! Invariants: random values come only from `crypto.getRandomValues` (never
//! `Math.random`); a signature is accepted only when WebCrypto's
//! RSASSA-PKCS1-v1_5/SHA-256 `verify` returns `true` for a key imported from
//! the issuer's JWKS.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Failures of the browser crypto layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// `window.crypto` or `crypto.subtle` is missing (very old browser or an
    /// insecure context such as plain http on a non-loopback host).
    #[error("this browser does not offer the Web Crypto API here")]
    Unavailable,
    /// WebCrypto rejected an operation (bad key material, unsupported algorithm).
    #[error("the browser could not {0}")]
    Operation(&'static str),
}

fn crypto() -> Result<web_sys::Crypto, CryptoError> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(CryptoError::Unavailable)
}

/// `len` bytes from the browser's CSPRNG.
pub fn random_bytes(len: usize) -> Result<Vec<u8>, CryptoError> {
    let mut buf = vec![0u8; len];
    crypto()?
        .get_random_values_with_u8_array(&mut buf)
        .map_err(|_| CryptoError::Operation("generate random values"))?;
    Ok(buf)
}

/// A random URL-safe string carrying `bytes` bytes of entropy
/// (43 characters for 32 bytes: a valid RFC 7636 code verifier).
pub fn random_token(bytes: usize) -> Result<String, CryptoError> {
    Ok(base64url_encode(&random_bytes(bytes)?))
}

/// Verifies an RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature over
/// `signed` with the RSA public key given by its JWK members `n` and `e`
/// (base64url, as served by `{issuer}/v1/keys`).
///
/// Returns `Ok(false)` for a well-formed key whose signature does not match.
pub async fn verify_rs256(
    n: &str,
    e: &str,
    signed: &[u8],
    signature: &[u8],
) -> Result<bool, CryptoError> {
    const ALG: &str = "RSASSA-PKCS1-v1_5";
    let subtle = crypto()?.subtle();

    let jwk = Object::new();
    set(&jwk, "kty", &"RSA".into());
    set(&jwk, "n", &n.into());
    set(&jwk, "e", &e.into());
    set(&jwk, "alg", &"RS256".into());
    set(&jwk, "ext", &JsValue::TRUE);

    let hash = Object::new();
    set(&hash, "name", &"SHA-256".into());
    let algorithm = Object::new();
    set(&algorithm, "name", &ALG.into());
    set(&algorithm, "hash", &hash);

    let usages = Array::of1(&"verify".into());
    let key = subtle
        .import_key_with_object("jwk", &jwk, &algorithm, false, &usages)
        .map_err(|_| CryptoError::Operation("read the signing key"))?;
    let key: web_sys::CryptoKey = JsFuture::from(key)
        .await
        .map_err(|_| CryptoError::Operation("read the signing key"))?
        .unchecked_into();

    let verdict = subtle
        .verify_with_str_and_u8_array_and_u8_array(ALG, &key, signature, signed)
        .map_err(|_| CryptoError::Operation("check the token signature"))?;
    let verdict = JsFuture::from(verdict)
        .await
        .map_err(|_| CryptoError::Operation("check the token signature"))?;
    Ok(verdict.as_bool() == Some(true))
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Reflect::set only fails on frozen objects or proxies; ours are fresh.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Unpadded base64url (RFC 4648 section 5), as JOSE and PKCE use it
/// (the `base64` crate, already in the bundle through idx-core).
fn base64url_encode(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc4648_vectors() {
        let vectors: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
        ];
        for (raw, enc) in vectors {
            assert_eq!(base64url_encode(raw), enc);
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    }
}
