//! Success: redeem the interaction code at `/v1/token`, verify the ID token,
//! and turn the result into a [`StoredSession`] (protocol doc §3.11).
//!
//! Requests, parsing and claim rules come from idx-core; this module adds
//! the browser half: the WebCrypto [`SignatureVerifier`] and the clock.
//! Invariants: a session is returned only when the ID token's RS256
//! signature verifies against the key with its `kid` from `{issuer}/v1/keys`
//! (no discovery call) and `iss`, `aud`, `exp`, `iat` and `nonce` all hold;
//! otherwise nothing is returned and the caller stores nothing.

use idx_core::{
    ClaimChecks, DEFAULT_SKEW_SECS, InteractionCode, Jwk, ResponseError, SignatureVerifier,
    TokenError, TransactionMeta, parse_jwks, parse_token_response, token_exchange_request,
    verify_id_token,
};

use crate::config::AppConfig;
use crate::crypto;
use crate::flow::FlowError;
use crate::http::{self, Transport};
use crate::session::{Profile, StoredSession, now_secs};

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

/// Exchanges `code` and verifies the result.
pub async fn exchange_and_verify(
    transport: &dyn Transport,
    config: &AppConfig,
    meta: &TransactionMeta,
    code: &InteractionCode,
) -> Result<StoredSession, FlowError> {
    let client = config.client();
    let request = token_exchange_request(&client, code, &meta.code_verifier);
    let resp = transport.send(&request).await?;
    let tokens = parse_token_response(
        resp.status,
        resp.content_type.as_deref(),
        resp.body.as_bytes(),
    )
    .map_err(|e| match e {
        ResponseError::OAuth {
            description, error, ..
        } => FlowError::Tokens(format!(
            "Sign-in could not be completed: {}",
            description.unwrap_or(error)
        )),
        other => FlowError::from(other),
    })?;
    let id_token = tokens
        .id_token
        .clone()
        .ok_or(TokenError::MissingToken("id_token"))
        .map_err(token_err)?;

    let keys = transport.send(&http::json_get(client.keys_url())).await?;
    let jwks = parse_jwks(
        keys.status,
        keys.content_type.as_deref(),
        keys.body.as_bytes(),
    )
    .map_err(FlowError::from)?;
    let now = now_secs();
    let checks = ClaimChecks {
        issuer: &config.issuer,
        client_id: &config.client_id,
        nonce: Some(&meta.nonce),
        access_token: Some(&tokens.access_token),
        now,
        skew: DEFAULT_SKEW_SECS,
    };
    let claims = verify_id_token(&id_token, &jwks, &WebCryptoVerifier, &checks)
        .await
        .map_err(token_err)?;
    let lifetime = tokens
        .expires_in
        .map_or(3600, |s| i64::try_from(s).unwrap_or(3600));
    Ok(StoredSession {
        access_token: tokens.access_token.secret().to_owned(),
        id_token: id_token.secret().to_owned(),
        refresh_token: tokens.refresh_token.as_ref().map(|t| t.secret().to_owned()),
        expires_at: now + lifetime,
        scope: tokens.scope.clone().unwrap_or_default(),
        profile: Profile {
            sub: claims.sub,
            name: claims.name,
            email: claims.email,
            preferred_username: claims.preferred_username,
        },
    })
}

fn token_err(e: TokenError) -> FlowError {
    FlowError::Unverified(e.to_string())
}
