//! Success: redeem the interaction code at `/v1/token`, verify the ID token,
//! and turn the result into a [`StoredSession`] (protocol doc §3.11).
//!
//! Invariants: a session is returned only when the ID token's RS256
//! signature verifies with WebCrypto against a key from `{issuer}/v1/keys`
//! (no discovery call) whose `kid` matches, and its `iss`, `aud`, `exp`,
//! `iat` and `nonce` claims all hold; otherwise nothing is returned and the
//! caller stores nothing.

use idx_core::{InteractionCode, TokenError};
use serde::Deserialize;

use crate::config::AppConfig;
use crate::crypto::{self, base64url_decode};
use crate::flow::FlowError;
use crate::http::{self, Transport};
use crate::meta::TransactionMeta;
use crate::session::{Profile, StoredSession, now_secs};

/// Clock skew tolerated on `iat`/`exp`, as okta-auth-js does (300 s).
const SKEW_SECS: i64 = 300;

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    id_token: Option<String>,
    refresh_token: Option<String>,
    expires_in: Option<i64>,
    scope: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    #[serde(deserialize_with = "one_or_many")]
    aud: Vec<String>,
    exp: i64,
    iat: i64,
    nonce: Option<String>,
    sub: String,
    name: Option<String>,
    email: Option<String>,
    preferred_username: Option<String>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Aud {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Aud::deserialize(d)? {
        Aud::One(s) => vec![s],
        Aud::Many(v) => v,
    })
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    n: Option<String>,
    e: Option<String>,
    #[serde(rename = "use")]
    usage: Option<String>,
}

/// Exchanges `code` and verifies the result.
pub async fn exchange_and_verify(
    transport: &dyn Transport,
    config: &AppConfig,
    meta: &TransactionMeta,
    code: &InteractionCode,
) -> Result<StoredSession, FlowError> {
    let request = http::oauth_post(
        config.token_url(),
        &[
            ("client_id", &config.client_id),
            ("redirect_uri", &config.redirect_uri),
            ("grant_type", "interaction_code"),
            ("code_verifier", meta.code_verifier.secret()),
            ("interaction_code", code.secret()),
        ],
        Vec::new(),
    );
    let resp = transport.send(&request).await?;
    let parsed: TokenResponse = serde_json::from_str(&resp.body).map_err(|_| {
        if resp.status >= 500 {
            FlowError::Server(resp.status)
        } else {
            FlowError::Tokens("The sign-in service sent an unreadable token response.".into())
        }
    })?;
    if let Some(err) = parsed.error {
        return Err(FlowError::Tokens(format!(
            "Sign-in could not be completed: {}",
            parsed.error_description.unwrap_or(err)
        )));
    }
    let access_token = parsed
        .access_token
        .ok_or(TokenError::MissingToken("access_token"))
        .map_err(token_err)?;
    let id_token = parsed
        .id_token
        .ok_or(TokenError::MissingToken("id_token"))
        .map_err(token_err)?;
    let claims = verify_id_token(transport, config, meta.nonce.secret(), &id_token)
        .await
        .map_err(token_err)?;
    let now = now_secs();
    Ok(StoredSession {
        access_token,
        id_token,
        refresh_token: parsed.refresh_token,
        expires_at: now + parsed.expires_in.unwrap_or(3600),
        scope: parsed.scope.unwrap_or_default(),
        profile: Profile {
            sub: claims.sub,
            name: claims.name,
            email: claims.email,
            preferred_username: claims.preferred_username,
        },
    })
}

fn token_err(e: TokenError) -> FlowError {
    FlowError::Tokens(format!(
        "We could not verify your sign-in ({e}). You have not been signed in."
    ))
}

async fn verify_id_token(
    transport: &dyn Transport,
    config: &AppConfig,
    nonce: &str,
    id_token: &str,
) -> Result<Claims, TokenError> {
    let mut parts = id_token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed("not three parts".into()));
    };
    let header: Header = decode_json(h, "header")?;
    let claims: Claims = decode_json(p, "claims")?;
    let signature = base64url_decode(s).ok_or_else(|| TokenError::Malformed("signature".into()))?;
    if header.alg != "RS256" {
        return Err(TokenError::UnsupportedAlgorithm(header.alg));
    }
    check_claims(config, nonce, &claims, now_secs())?;

    let kid = header.kid.unwrap_or_default();
    let resp = transport
        .send(&http::json_get(config.keys_url()))
        .await
        .map_err(|e| TokenError::Verifier(e.to_string()))?;
    let jwks: Jwks = serde_json::from_str(&resp.body)
        .map_err(|_| TokenError::Verifier("the key set is unreadable".into()))?;
    let key = jwks
        .keys
        .iter()
        .find(|k| {
            k.kty == "RSA"
                && k.kid.as_deref().unwrap_or_default() == kid
                && k.usage.as_deref().is_none_or(|u| u == "sig")
        })
        .ok_or_else(|| TokenError::UnknownKey(kid.clone()))?;
    let (Some(n), Some(e)) = (&key.n, &key.e) else {
        return Err(TokenError::UnknownKey(kid));
    };
    let signed = &id_token[..h.len() + 1 + p.len()];
    let ok = crypto::verify_rs256(n, e, signed.as_bytes(), &signature)
        .await
        .map_err(|e| TokenError::Verifier(e.to_string()))?;
    if !ok {
        return Err(TokenError::BadSignature);
    }
    Ok(claims)
}

fn decode_json<T: serde::de::DeserializeOwned>(part: &str, what: &str) -> Result<T, TokenError> {
    let bytes = base64url_decode(part).ok_or_else(|| TokenError::Malformed(what.into()))?;
    serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed(what.into()))
}

fn check_claims(config: &AppConfig, nonce: &str, c: &Claims, now: i64) -> Result<(), TokenError> {
    let claim = |claim: &'static str, reason: &str| TokenError::Claim {
        claim,
        reason: reason.into(),
    };
    if c.iss != config.issuer {
        return Err(claim("iss", "not the configured issuer"));
    }
    if !c.aud.iter().any(|a| a == &config.client_id) {
        return Err(claim("aud", "not issued to this app"));
    }
    if c.exp + SKEW_SECS < now {
        return Err(claim("exp", "expired"));
    }
    if c.iat - SKEW_SECS > now || c.iat > c.exp {
        return Err(claim("iat", "issued in the future"));
    }
    if c.nonce.as_deref() != Some(nonce) {
        return Err(claim("nonce", "does not match this sign-in"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    fn cfg() -> AppConfig {
        parse_config(
            r#"{"issuer":"https://org.example/oauth2/default","clientId":"spa","redirectUri":"https://app.example/cb"}"#,
        )
        .unwrap()
    }

    fn claims() -> Claims {
        Claims {
            iss: "https://org.example/oauth2/default".into(),
            aud: vec!["spa".into()],
            exp: 2_000,
            iat: 1_000,
            nonce: Some("n1".into()),
            sub: "00u1".into(),
            name: None,
            email: None,
            preferred_username: None,
        }
    }

    #[test]
    fn accepts_matching_claims_and_names_each_bad_one() {
        assert!(check_claims(&cfg(), "n1", &claims(), 1_500).is_ok());
        type Edit = fn(&mut Claims);
        let cases: [(Edit, i64, &str); 5] = [
            (|c| c.iss = "https://evil.example".into(), 1_500, "iss"),
            (|c| c.aud = vec!["other".into()], 1_500, "aud"),
            (|_| {}, 2_301, "exp"),
            (|c| c.iat = 1_900, 1_500, "iat"),
            (|c| c.nonce = Some("n2".into()), 1_500, "nonce"),
        ];
        for (edit, now, name) in cases {
            let mut c = claims();
            edit(&mut c);
            match check_claims(&cfg(), "n1", &c, now) {
                Err(TokenError::Claim { claim, .. }) => assert_eq!(claim, name),
                other => panic!("{name}: {other:?}"),
            }
        }
    }
}
