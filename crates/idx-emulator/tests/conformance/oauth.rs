//! The OAuth side and the rate limit: discovery, interact, JWKS, the token
//! response and its claims, the PKCE error, and the 429 bodies of both
//! route families.
//!
//! Invariants: OAuth bodies are compared by member names (values are
//! tokens, times and ids), except the PKCE error, which must be Okta's body
//! exactly; token claims may only add to the recorded ones where listed.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir, load};
use crate::shape::{adjusted, keys, path_part};

#[tokio::test]
async fn rate_limit_bodies_match_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let mut cfg = config();
    cfg.rate_limit_per_minute = 1;
    let emu = Emu::new(cfg);
    emu.idx("/idp/idx/introspect", json!({})).await;
    let idx429 = emu.idx("/idp/idx/introspect", json!({})).await;
    let mut c = Checked::default();
    c.case(
        &dir,
        "429 idx",
        "error-429-too-many-request.json",
        &idx429,
        StatusCode::TOO_MANY_REQUESTS,
        Allow::default(),
    );
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
    let oauth429 = emu.form("/oauth2/default/v1/token", &[]).await;
    assert_eq!(oauth429.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        keys(&oauth429.body),
        keys(&load(&dir, "error-429-api-limit-exceeded.json"))
    );
}

#[tokio::test]
async fn oauth_responses_match_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let disco = emu
        .get("/oauth2/default/.well-known/openid-configuration")
        .await;
    let theirs = load(&dir, "oauth2/well-known-openid-configuration.json");
    assert_eq!(keys(&disco.body), keys(&theirs), "discovery keys");
    for k in [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "revocation_endpoint",
        "end_session_endpoint",
        "introspection_endpoint",
    ] {
        assert_eq!(
            path_part(disco.body[k].as_str().expect(k)),
            path_part(theirs[k].as_str().expect(k)),
            "{k} path"
        );
    }

    let ih_reply = emu
        .form(
            "/oauth2/default/v1/interact",
            &[
                ("client_id", "demo-spa"),
                ("scope", "openid email profile"),
                ("redirect_uri", REDIRECT),
                ("code_challenge", &s256(VERIFIER)),
                ("code_challenge_method", "S256"),
            ],
        )
        .await;
    assert_eq!(
        keys(&ih_reply.body),
        keys(&load(&dir, "oauth2/interact.json"))
    );

    let jwks = emu.get("/oauth2/default/v1/keys").await.body;
    let their_jwks = load(&dir, "v3/oauth2/default/v1/keys/default.json");
    assert_eq!(
        keys(&jwks["keys"][0]),
        keys(&their_jwks["keys"][0]),
        "JWK members"
    );
    assert_eq!(jwks["keys"][0]["alg"], their_jwks["keys"][0]["alg"]);

    // A full sign-in without offline_access, to compare the token response.
    let ih = ih_reply.body["interaction_handle"].as_str().expect("ih");
    let start = emu.introspect(ih).await;
    let select = emu.identify(&start, DEMO, PASSWORD).await;
    let email_id = select.email_id();
    let ch = emu
        .choose(&select, json!({ "id": email_id, "methodType": "email" }))
        .await;
    let code = emu.email_code(DEMO).await;
    let ok = emu.enter_passcode(&ch, &code).await;
    let ic = ok.interaction_code().expect("ic");

    // Wrong verifier: exactly Okta's body.
    let wrong = emu
        .token(&[
            ("client_id", "demo-spa"),
            ("grant_type", "interaction_code"),
            ("interaction_code", &ic),
            ("code_verifier", &"b".repeat(43)),
        ])
        .await;
    assert_eq!(
        wrong.body,
        load(&dir, "oauth2/error-token-invalid-grant-pkce.json")
    );

    let tokens = emu.redeem(&ic).await;
    let their_tokens = load(&dir, "v3/oauth2/default/v1/token/default.json");
    assert_eq!(
        keys(&tokens.body),
        keys(&their_tokens),
        "token response members"
    );

    // Claims: ours ⊇ Okta's recorded ones (we add `nonce` when one was sent,
    // and `auth_time` on the access token).
    let payload = |t: &str| -> Value {
        use base64::Engine;
        let p = t.split('.').nth(1).expect("payload");
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .expect("b64"),
        )
        .expect("json")
    };
    for (k, extra) in [("id_token", vec![]), ("access_token", vec!["auth_time"])] {
        let ours = keys(&payload(tokens.body[k].as_str().expect(k)));
        let theirs = keys(&payload(their_tokens[k].as_str().expect(k)));
        let ours_adj = adjusted(ours, &extra, &[]);
        assert_eq!(ours_adj, theirs, "{k} claim names");
    }
    let id = payload(tokens.body["id_token"].as_str().expect("id"));
    assert_eq!(id["amr"], json!(["pwd", "email", "mfa"]));
}
