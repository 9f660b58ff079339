//! Success: redeem the interaction code and turn the verified tokens into a
//! [`StoredSession`] (protocol doc §3.11).
//!
//! The sequence (exchange at `/v1/token`, keys from `{issuer}/v1/keys`, ID
//! token check) is idx-core's [`Driver::redeem`]; this module adds the
//! browser half: the WebCrypto [`SignatureVerifier`] and the clock.
//! Invariants: a session is returned only when the ID token's RS256
//! signature verifies against the key with its `kid` (no discovery call)
//! and `iss`, `aud`, `exp`, `iat` and `nonce` all hold; otherwise nothing is
//! returned and the caller stores nothing.

use idx_core::{
    Driver, DriverError, InteractionCode, Jwk, SignatureVerifier, TransactionMeta, Transport,
};

use crate::crypto;
use crate::session::{Profile, StoredSession, now_secs};

/// The access token's lifetime when the token response does not say.
const DEFAULT_LIFETIME_SECS: i64 = 3600;

/// RS256 verification with the browser's WebCrypto
/// (`RSASSA-PKCS1-v1_5` + SHA-256, key imported as a JWK).
#[derive(Debug, Clone, Copy, Default)]
pub struct WebCryptoVerifier;

impl SignatureVerifier for WebCryptoVerifier {
    async fn verify_rs256(
        &self,
        key: &Jwk,
        signing_input: &[u8],
        signature: &[u8],
    ) -> Result<bool, String> {
        if key.kty != "RSA" || key.use_.as_deref().is_some_and(|u| u != "sig") {
            return Err("the signing key is not an RSA signature key".into());
        }
        let (Some(n), Some(e)) = (&key.n, &key.e) else {
            return Err("the signing key has no modulus or exponent".into());
        };
        crypto::verify_rs256(n, e, signing_input, signature)
            .await
            .map_err(|e| e.to_string())
    }
}

/// Redeems `code` for the transaction `meta` and returns the session to keep.
///
/// # Errors
/// Whatever [`Driver::redeem`] reports: transport failures, OAuth errors
/// from `/token`, and every failed check of the ID token.
pub async fn redeem<T: Transport>(
    driver: &Driver<T>,
    meta: &TransactionMeta,
    code: &InteractionCode,
) -> Result<StoredSession, DriverError<T::Error>> {
    let now = now_secs();
    let tokens = driver.redeem(meta, code, &WebCryptoVerifier, now).await?;
    let lifetime = tokens.expires_in.map_or(DEFAULT_LIFETIME_SECS, |s| {
        i64::try_from(s).unwrap_or(DEFAULT_LIFETIME_SECS)
    });
    let claims = tokens.claims;
    Ok(StoredSession {
        access_token: tokens.access_token,
        id_token: tokens.id_token,
        refresh_token: tokens.refresh_token,
        expires_at: now + lifetime,
        scope: tokens.scope.unwrap_or_default(),
        profile: Profile {
            sub: claims.sub,
            name: claims.name,
            email: claims.email,
            preferred_username: claims.preferred_username,
        },
    })
}
