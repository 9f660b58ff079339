//! ID token signature verification through the `SignatureVerifier` trait,
//! with an RSA crate that is a dev-dependency only, against the recorded
//! token and JWKS (whose key id matches the token header).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use common::{RsaVerifier, decode};
use idx_core::{
    AccessToken, ClaimChecks, IdToken, TokenError, decode_id_token, parse_jwks,
    parse_token_response, verify_id_token,
};

/// Runs a future that never waits (the verifier above is synchronous).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[test]
fn recorded_token_verifies_and_tampering_fails() {
    let Some(dir) = common::fixtures_dir("recorded_token_verifies") else {
        return;
    };
    let tokens = parse_token_response(
        200,
        None,
        &common::fixture(&dir, "v3/oauth2/default/v1/token/default.json"),
    )
    .unwrap();
    let jwks = parse_jwks(
        200,
        None,
        &common::fixture(&dir, "v3/oauth2/default/v1/keys/default.json"),
    )
    .unwrap();
    let id_token = tokens.id_token.unwrap();
    let claims = decode_id_token(&id_token).unwrap().claims;
    // The recording expired in 2021: check it at its own issue time.
    // Okta states at_hash for the access token issued alongside: checked too.
    assert!(claims.at_hash.is_some(), "the recording states at_hash");
    let checks = ClaimChecks {
        issuer: &claims.iss,
        client_id: &claims.aud[0],
        nonce: None,
        access_token: Some(&tokens.access_token),
        now: claims.iat + 1,
        skew: 300,
    };
    let verified = block_on(verify_id_token(&id_token, &jwks, &RsaVerifier, &checks)).unwrap();
    assert_eq!(verified, claims);

    // Today it is expired.
    let late = ClaimChecks {
        now: claims.exp + 301,
        ..checks.clone()
    };
    assert!(matches!(
        block_on(verify_id_token(&id_token, &jwks, &RsaVerifier, &late)),
        Err(TokenError::Claim { claim: "exp", .. })
    ));

    // A changed payload breaks the signature.
    let parts: Vec<&str> = id_token.secret().split('.').collect();
    let mut payload = decode(parts[1]).unwrap();
    let at = payload.iter().position(|b| *b == b'"').unwrap() + 1;
    payload[at] ^= 1;
    use base64::Engine as _;
    let forged = IdToken::new(format!(
        "{}.{}.{}",
        parts[0],
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&payload),
        parts[2]
    ));
    let result = block_on(verify_id_token(&forged, &jwks, &RsaVerifier, &checks));
    assert!(
        matches!(
            result,
            Err(TokenError::BadSignature | TokenError::Malformed(_))
        ),
        "{result:?}"
    );

    // Another access token than the one issued with it fails at_hash.
    let swapped_at = AccessToken::new("an-access-token-from-elsewhere");
    let swapped = ClaimChecks {
        access_token: Some(&swapped_at),
        ..checks.clone()
    };
    assert!(matches!(
        block_on(verify_id_token(&id_token, &jwks, &RsaVerifier, &swapped)),
        Err(TokenError::Claim {
            claim: "at_hash",
            ..
        })
    ));

    // An unknown key id is refused before any crypto.
    let mut other = jwks.clone();
    other.keys[0].kid = Some("other".into());
    other.keys.push(other.keys[0].clone());
    assert!(matches!(
        block_on(verify_id_token(&id_token, &other, &RsaVerifier, &checks)),
        Err(TokenError::UnknownKey(_))
    ));
}

#[test]
fn alg_none_is_refused() {
    let token = IdToken::new(format!(
        "{}.{}.",
        "eyJhbGciOiJub25lIn0", "eyJpc3MiOiJpIiwic3ViIjoicyIsImF1ZCI6ImEiLCJleHAiOjIsImlhdCI6MX0"
    ));
    let checks = ClaimChecks {
        issuer: "i",
        client_id: "a",
        nonce: None,
        access_token: None,
        now: 1,
        skew: 0,
    };
    let result = block_on(verify_id_token(
        &token,
        &Default::default(),
        &RsaVerifier,
        &checks,
    ));
    assert_eq!(result, Err(TokenError::UnsupportedAlgorithm("none".into())));
}

#[test]
fn a_token_without_kid_needs_a_key_set_of_one() {
    let token = IdToken::new(format!(
        "{}.{}.c2ln",
        "eyJhbGciOiJSUzI1NiJ9", "eyJpc3MiOiJpIiwic3ViIjoicyIsImF1ZCI6ImEiLCJleHAiOjIsImlhdCI6MX0"
    ));
    let checks = ClaimChecks {
        issuer: "i",
        client_id: "a",
        nonce: None,
        access_token: None,
        now: 1,
        skew: 0,
    };
    let key = |kid: &str| {
        serde_json::from_value::<idx_core::Jwk>(serde_json::json!({
            "kty": "RSA", "kid": kid, "n": "AQAB", "e": "AQAB"
        }))
        .unwrap()
    };
    let two = idx_core::Jwks {
        keys: vec![key("k1"), key("k2")],
    };
    assert_eq!(
        block_on(verify_id_token(&token, &two, &RsaVerifier, &checks)),
        Err(TokenError::KeyIdRequired(2))
    );
}
