//! ID token checks: decoding the compact JWS, claim validation
//! (OpenID Connect Core §3.1.3.7, protocol doc §3.11) and signature
//! verification through a caller-supplied [`SignatureVerifier`], against the
//! key that [`Jwks::signing_key`] picks.
//!
//! Invariants: this module holds no RSA code, so the wasm bundle carries
//! none (the app verifies with WebCrypto, native tests with an RSA crate);
//! its one hash is the SHA-256 behind `at_hash`, the same `sha2` that PKCE
//! already puts in the bundle; "now" comes from the caller; only RS256 is
//! accepted, so an `alg: none` or HMAC token can never pass; `azp` and
//! `at_hash` are checked whenever they are present (and an access token came
//! with the ID token, for `at_hash`); claims are returned only after the
//! signature and every claim check passed.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::encoding::{base64url, base64url_decode};
use crate::error::TokenError;
use crate::jwks::{Jwk, Jwks};
use crate::secret::{AccessToken, IdToken, Nonce};

/// The signing algorithm accepted (Okta signs ID tokens with RS256).
pub const ACCEPTED_ALG: &str = "RS256";

/// Default clock skew allowance for `exp`/`iat`, in seconds (okta-auth-js uses 300).
pub const DEFAULT_SKEW_SECS: i64 = 300;

/// The JOSE header of a JWS (RFC 7515 §4).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct JwsHeader {
    /// Algorithm, e.g. `RS256`.
    pub alg: String,
    /// Key id, matched against the JWKS.
    #[serde(default)]
    pub kid: Option<String>,
}

/// The claims of an ID token this client uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdTokenClaims {
    /// Issuer.
    pub iss: String,
    /// Subject (user id).
    pub sub: String,
    /// Audience(s).
    #[serde(deserialize_with = "one_or_many")]
    pub aud: Vec<String>,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
    /// Nonce echoed from `/interact`.
    #[serde(default)]
    pub nonce: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Login name.
    #[serde(default)]
    pub preferred_username: Option<String>,
    /// When the user authenticated.
    #[serde(default)]
    pub auth_time: Option<i64>,
    /// Authorized party: the client the token was issued to, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    /// Access token hash (OpenID Connect Core §3.1.3.8), when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_hash: Option<String>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// A decoded (not yet verified) compact JWS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedIdToken {
    /// The header.
    pub header: JwsHeader,
    /// The claims.
    pub claims: IdTokenClaims,
    /// `base64url(header) + "." + base64url(payload)`: the bytes that were signed.
    pub signing_input: String,
    /// The raw signature.
    pub signature: Vec<u8>,
}

/// Splits and decodes an ID token without checking anything.
///
/// # Errors
/// [`TokenError::Malformed`] when it is not a JWS with JSON header and claims.
pub fn decode_id_token(token: &IdToken) -> Result<DecodedIdToken, TokenError> {
    let mut parts = token.secret().split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed(
            "not three dot-separated parts".into(),
        ));
    };
    let decode = |part: &str, what: &str| {
        base64url_decode(part)
            .ok_or_else(|| TokenError::Malformed(format!("{what} is not base64url")))
    };
    let header: JwsHeader = serde_json::from_slice(&decode(h, "header")?)
        .map_err(|e| TokenError::Malformed(format!("header: {e}")))?;
    let claims: IdTokenClaims = serde_json::from_slice(&decode(p, "payload")?)
        .map_err(|e| TokenError::Malformed(format!("claims: {e}")))?;
    Ok(DecodedIdToken {
        header,
        claims,
        signing_input: format!("{h}.{p}"),
        signature: decode(s, "signature")?,
    })
}

/// What the claims must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimChecks<'a> {
    /// Expected `iss` (the configured issuer).
    pub issuer: &'a str,
    /// Expected member of `aud` (the client id).
    pub client_id: &'a str,
    /// Expected `nonce`, when one was sent to `/interact`.
    pub nonce: Option<&'a Nonce>,
    /// The access token issued with the ID token, for the `at_hash` check.
    pub access_token: Option<&'a AccessToken>,
    /// Current time, seconds since the epoch (from the caller's clock).
    pub now: i64,
    /// Allowed clock skew in seconds.
    pub skew: i64,
}

/// Validates `iss`, `aud`, `azp` (when present), `exp`, `iat` (with skew),
/// `nonce`, and `at_hash` (when present and an access token is given).
///
/// # Errors
/// [`TokenError::Claim`] naming the first claim that fails.
pub fn validate_claims(claims: &IdTokenClaims, checks: &ClaimChecks<'_>) -> Result<(), TokenError> {
    let fail = |claim: &'static str, reason: &str| {
        Err(TokenError::Claim {
            claim,
            reason: reason.into(),
        })
    };
    if claims.iss.trim_end_matches('/') != checks.issuer.trim_end_matches('/') {
        return fail("iss", "does not match the configured issuer");
    }
    if !claims.aud.iter().any(|a| a == checks.client_id) {
        return fail("aud", "does not contain the client id");
    }
    // OpenID Connect Core §3.1.3.7 item 5: a stated authorized party must be us.
    if claims
        .azp
        .as_deref()
        .is_some_and(|azp| azp != checks.client_id)
    {
        return fail("azp", "names another client");
    }
    if claims.iat > claims.exp {
        return fail("iat", "is after exp");
    }
    if claims.exp + checks.skew < checks.now {
        return fail("exp", "the token has expired");
    }
    if claims.iat - checks.skew > checks.now {
        return fail("iat", "the token was issued in the future");
    }
    if let Some(nonce) = checks.nonce
        && claims.nonce.as_deref() != Some(nonce.secret())
    {
        return fail("nonce", "does not match the nonce sent to /interact");
    }
    if let (Some(stated), Some(access_token)) = (&claims.at_hash, checks.access_token)
        && *stated != at_hash(access_token)
    {
        return fail("at_hash", "does not match the access token");
    }
    Ok(())
}

/// `at_hash` for RS256 (OpenID Connect Core §3.1.3.8): base64url of the left
/// half of SHA-256 over the access token's ASCII octets.
pub fn at_hash(access_token: &AccessToken) -> String {
    let digest = Sha256::digest(access_token.secret().as_bytes());
    base64url(&digest[..digest.len() / 2])
}

/// Verifies an RS256 signature. The app implements it with WebCrypto
/// (`RSASSA-PKCS1-v1_5`, SHA-256); native tests with an RSA crate.
///
/// Not `Send`: browser futures are not.
#[allow(
    async_fn_in_trait,
    reason = "implemented for single-threaded wasm; no Send bound wanted"
)]
pub trait SignatureVerifier {
    /// Returns `Ok(true)` when `signature` is valid for `signing_input` under `key`.
    ///
    /// # Errors
    /// A description when verification could not run (bad key, crypto failure).
    async fn verify_rs256(
        &self,
        key: &Jwk,
        signing_input: &[u8],
        signature: &[u8],
    ) -> Result<bool, String>;
}

/// Decodes, verifies the signature of, and validates an ID token; returns its claims.
///
/// # Errors
/// [`TokenError`] for a malformed token, another algorithm than RS256, an
/// unknown `kid` (or none where the key set has several keys), a bad
/// signature, or a failed claim.
pub async fn verify_id_token<V: SignatureVerifier>(
    token: &IdToken,
    jwks: &Jwks,
    verifier: &V,
    checks: &ClaimChecks<'_>,
) -> Result<IdTokenClaims, TokenError> {
    let decoded = decode_id_token(token)?;
    if decoded.header.alg != ACCEPTED_ALG {
        return Err(TokenError::UnsupportedAlgorithm(decoded.header.alg));
    }
    let key = jwks.signing_key(decoded.header.kid.as_deref())?;
    match verifier
        .verify_rs256(key, decoded.signing_input.as_bytes(), &decoded.signature)
        .await
    {
        Ok(true) => {}
        Ok(false) => return Err(TokenError::BadSignature),
        Err(e) => return Err(TokenError::Verifier(e)),
    }
    validate_claims(&decoded.claims, checks)?;
    Ok(decoded.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::base64url;

    fn token(claims: &str) -> IdToken {
        IdToken::new(format!(
            "{}.{}.{}",
            base64url(br#"{"alg":"RS256","kid":"k1"}"#),
            base64url(claims.as_bytes()),
            base64url(b"sig")
        ))
    }

    fn checks(now: i64) -> ClaimChecks<'static> {
        ClaimChecks {
            issuer: "http://i/oauth2/default",
            client_id: "demo-spa",
            nonce: None,
            access_token: None,
            now,
            skew: DEFAULT_SKEW_SECS,
        }
    }

    const CLAIMS: &str = r#"{"iss":"http://i/oauth2/default","sub":"u1","aud":"demo-spa","exp":2000,"iat":1000,"nonce":"n1"}"#;

    #[test]
    fn claim_checks() {
        let d = decode_id_token(&token(CLAIMS)).unwrap();
        assert_eq!(d.header.kid.as_deref(), Some("k1"));
        assert_eq!(d.signature, b"sig");
        assert!(validate_claims(&d.claims, &checks(1500)).is_ok());
        // Skew: slightly before iat and slightly after exp still pass.
        assert!(validate_claims(&d.claims, &checks(1000 - 299)).is_ok());
        assert!(validate_claims(&d.claims, &checks(2000 + 299)).is_ok());
        let claim = |r: Result<(), TokenError>| match r {
            Err(TokenError::Claim { claim, .. }) => claim,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            claim(validate_claims(&d.claims, &checks(2000 + 301))),
            "exp"
        );
        assert_eq!(
            claim(validate_claims(&d.claims, &checks(1000 - 301))),
            "iat"
        );
        let mut c = checks(1500);
        c.issuer = "http://other";
        assert_eq!(claim(validate_claims(&d.claims, &c)), "iss");
        let mut c = checks(1500);
        c.client_id = "other";
        assert_eq!(claim(validate_claims(&d.claims, &c)), "aud");
        let good = Nonce::new("n1");
        let bad = Nonce::new("n2");
        let mut c = checks(1500);
        c.nonce = Some(&good);
        assert!(validate_claims(&d.claims, &c).is_ok());
        c.nonce = Some(&bad);
        assert_eq!(claim(validate_claims(&d.claims, &c)), "nonce");
    }

    #[test]
    fn at_hash_matches_the_openid_connect_example() {
        // OpenID Connect Core, Appendix A.3: this access token's at_hash.
        let at = AccessToken::new("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y");
        assert_eq!(at_hash(&at), "77QmUPtjPfzWtF2AnpK9RQ");
    }

    #[test]
    fn at_hash_is_checked_when_stated_and_an_access_token_came() {
        let stated = format!(
            r#"{{"iss":"http://i/oauth2/default","sub":"u1","aud":"demo-spa","exp":2000,"iat":1000,"at_hash":"{}"}}"#,
            at_hash(&AccessToken::new("AT-1"))
        );
        let claims = decode_id_token(&token(&stated)).unwrap().claims;
        let right = AccessToken::new("AT-1");
        let wrong = AccessToken::new("AT-2");
        let mut c = checks(1500);
        assert!(
            validate_claims(&claims, &c).is_ok(),
            "no access token given"
        );
        c.access_token = Some(&right);
        assert!(validate_claims(&claims, &c).is_ok());
        c.access_token = Some(&wrong);
        assert!(matches!(
            validate_claims(&claims, &c),
            Err(TokenError::Claim {
                claim: "at_hash",
                ..
            })
        ));
        // Optional in the code flow: a token that states none still passes.
        let plain = decode_id_token(&token(CLAIMS)).unwrap().claims;
        assert!(validate_claims(&plain, &c).is_ok());
    }

    #[test]
    fn azp_must_name_this_client_when_present() {
        let with = |azp: &str| {
            let body = format!(
                r#"{{"iss":"http://i/oauth2/default","sub":"u1","aud":["demo-spa","api"],"exp":2000,"iat":1000,"azp":"{azp}"}}"#
            );
            decode_id_token(&token(&body)).unwrap().claims
        };
        assert!(validate_claims(&with("demo-spa"), &checks(1500)).is_ok());
        assert!(matches!(
            validate_claims(&with("other-client"), &checks(1500)),
            Err(TokenError::Claim { claim: "azp", .. })
        ));
    }

    #[test]
    fn malformed_tokens() {
        for t in ["", "a.b", "a.b.c.d", "!!.!!.!!"] {
            assert!(
                matches!(
                    decode_id_token(&IdToken::new(t)),
                    Err(TokenError::Malformed(_))
                ),
                "{t}"
            );
        }
    }
}
