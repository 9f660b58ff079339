//! Hostile and malformed requests get Okta's error shapes, never a 500.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn idx_routes_reject_bad_bodies_with_idx_error_shapes() {
    let emu = Emu::demo();
    let start = emu.started("openid").await;
    let sh = start.body["stateHandle"].as_str().expect("sh").to_owned();

    let malformed = emu.raw("/idp/idx/identify", ION, "{\"identifier\": ").await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.body["version"], "1.0.0");
    assert_eq!(malformed.message_keys(), vec!["E0000020"]);

    let missing = emu
        .idx("/idp/idx/identify", json!({ "identifier": DEMO }))
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.message_keys(), vec!["E0000020"]);

    let wrong_type = emu.raw("/idp/idx/identify", "text/plain", "hello").await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(wrong_type.header("content-type"), Some(ION));
    assert_eq!(wrong_type.message_keys(), vec!["E0000020"]);

    let not_object = emu.raw("/idp/idx/identify", ION, "[1,2,3]").await;
    assert_eq!(not_object.status, StatusCode::BAD_REQUEST);

    let unknown_user = emu
        .idx(
            "/idp/idx/identify",
            json!({ "identifier": "nobody@example.com", "credentials": { "passcode": "x" }, "stateHandle": sh }),
        )
        .await;
    assert_eq!(unknown_user.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_user.message_keys(), vec!["errors.E0000004"]);
    assert_eq!(
        unknown_user.remediations(),
        vec!["identify", "redirect-idp"]
    );

    // A step that the current state does not offer.
    let early = emu
        .idx(
            "/idp/idx/challenge/answer",
            json!({ "credentials": { "totp": "123456" }, "stateHandle": sh }),
        )
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    assert_eq!(early.body["version"], "1.0.0");

    // Wrong JSON types inside an otherwise valid body.
    let odd = emu
        .idx(
            "/idp/idx/identify",
            json!({ "identifier": 42, "credentials": "x", "stateHandle": sh }),
        )
        .await;
    assert!(odd.status.is_client_error(), "{}", odd.status);

    let unknown_handle = emu
        .idx(
            "/idp/idx/introspect",
            json!({ "interactionHandle": "nope" }),
        )
        .await;
    assert_eq!(unknown_handle.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_handle.message_keys(), vec!["idx.session.expired"]);

    let neither = emu.idx("/idp/idx/introspect", json!({})).await;
    assert_eq!(neither.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn introspect_accepts_state_token_and_form_encoding() {
    let emu = Emu::demo();
    let ih = emu.interact("openid").await;
    let first = emu.introspect(&ih).await;
    let sh = first.body["stateHandle"].as_str().expect("sh").to_owned();
    let by_token = emu
        .idx("/idp/idx/introspect", json!({ "stateToken": sh }))
        .await;
    assert_eq!(by_token.status, StatusCode::OK);
    assert_eq!(by_token.body["stateHandle"], sh);
    let form = emu
        .form("/idp/idx/introspect", &[("interaction_handle", &ih)])
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.body["stateHandle"], sh);
    let json_plain = emu
        .raw(
            "/idp/idx/introspect",
            "application/json",
            &json!({ "interactionHandle": ih }).to_string(),
        )
        .await;
    assert_eq!(json_plain.status, StatusCode::OK);
}

#[tokio::test]
async fn interact_enforces_client_redirect_and_pkce() {
    let emu = Emu::demo();
    let challenge = s256(VERIFIER);
    let ok: Vec<(&str, &str)> = vec![
        ("client_id", "demo-spa"),
        ("scope", "openid"),
        ("redirect_uri", REDIRECT),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ];
    let with = |k: &str, v: &'static str| -> Vec<(String, String)> {
        ok.iter()
            .map(|(a, b)| {
                (
                    a.to_string(),
                    if *a == k { v.to_owned() } else { b.to_string() },
                )
            })
            .collect()
    };
    let post = |pairs: Vec<(String, String)>| {
        let emu = emu.clone();
        async move {
            let body = serde_urlencoded::to_string(&pairs).expect("enc");
            emu.raw(
                "/oauth2/default/v1/interact",
                "application/x-www-form-urlencoded",
                &body,
            )
            .await
        }
    };
    let r = post(with("client_id", "someone-else")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["error"], "invalid_client");
    let r = post(with("redirect_uri", "http://evil.test/cb")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "invalid_request");
    let r = post(with("code_challenge_method", "plain")).await;
    assert_eq!(r.body["error"], "invalid_request");
    let r = post(with("scope", "openid superpowers")).await;
    assert_eq!(r.body["error"], "invalid_scope");
    let no_challenge: Vec<(String, String)> = ok
        .iter()
        .filter(|(k, _)| *k != "code_challenge")
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let r = post(no_challenge).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = emu
        .raw("/oauth2/default/v1/interact", "application/json", "{}")
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "invalid_request");
}

#[tokio::test]
async fn token_endpoint_errors() {
    let emu = Emu::demo();
    let r = emu
        .token(&[
            ("client_id", "demo-spa"),
            ("grant_type", "interaction_code"),
            ("interaction_code", "nope"),
            ("code_verifier", VERIFIER),
        ])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "invalid_grant");
    let r = emu
        .token(&[("client_id", "demo-spa"), ("grant_type", "password")])
        .await;
    assert_eq!(r.body["error"], "unsupported_grant_type");
    let r = emu
        .token(&[("client_id", "other"), ("grant_type", "interaction_code")])
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["error"], "invalid_client");

    // Wrong PKCE verifier on a real code: invalid_grant, and the code still
    // works with the right verifier afterwards (not burnt by a bad attempt).
    let ok = emu.succeeded_with_totp(DEMO).await;
    let ic = ok.interaction_code().expect("ic");
    let wrong_verifier = "a".repeat(43);
    let r = emu
        .token(&[
            ("client_id", "demo-spa"),
            ("grant_type", "interaction_code"),
            ("interaction_code", &ic),
            ("code_verifier", &wrong_verifier),
        ])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.body,
        json!({ "error": "invalid_grant", "error_description": "PKCE verification failed." })
    );
    let r = emu.redeem(&ic).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = emu.redeem(&ic).await;
    assert_eq!(r.body["error"], "invalid_grant");
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let emu = Emu::demo();
    let preflight = |origin: &'static str| {
        let emu = emu.clone();
        async move {
            emu.send(
                axum::http::Request::builder()
                    .method("OPTIONS")
                    .uri("/idp/idx/introspect")
                    .header("origin", origin)
                    .header("access-control-request-method", "POST")
                    .header(
                        "access-control-request-headers",
                        "content-type,x-okta-user-agent-extended",
                    )
                    .body(axum::body::Body::empty())
                    .expect("req"),
            )
            .await
        }
    };
    let ok = preflight(ORIGIN).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(ok.header("access-control-allow-credentials"), Some("true"));
    let allowed = ok.header("access-control-allow-headers").expect("headers");
    for h in [
        "accept",
        "content-type",
        "authorization",
        "x-okta-user-agent-extended",
        "dpop",
    ] {
        assert!(allowed.contains(h), "{h} missing from {allowed}");
    }
    assert!(
        ok.header("access-control-allow-methods")
            .expect("methods")
            .contains("POST")
    );

    let evil = preflight("http://evil.test").await;
    assert_eq!(evil.status, StatusCode::FORBIDDEN);
    assert_eq!(evil.header("access-control-allow-origin"), None);

    // Real requests echo the allowed origin only.
    let ih = emu.interact("openid").await;
    let r = emu.introspect(&ih).await;
    assert_eq!(r.header("access-control-allow-origin"), Some(ORIGIN));
    let r = emu
        .send(
            axum::http::Request::post("/idp/idx/introspect")
                .header("origin", "http://evil.test")
                .header("content-type", ION)
                .body(axum::body::Body::from(
                    json!({ "interactionHandle": ih }).to_string(),
                ))
                .expect("req"),
        )
        .await;
    assert_eq!(r.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn unknown_paths_get_okta_404_and_the_verify_page_is_served() {
    let emu = Emu::demo();
    let r = emu.get("/api/v1/nothing-here").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.body["errorCode"], "E0000007");
    // `recover` is a remediation route like the others: an unknown state
    // handle is an expired session.
    let recover = emu
        .idx("/idp/idx/recover", json!({ "stateHandle": "x" }))
        .await;
    assert_eq!(recover.status, StatusCode::UNAUTHORIZED);
    assert_eq!(recover.message_keys(), vec!["idx.session.expired"]);
    let page = emu.get("/emulator/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.header("content-type")
            .expect("ct")
            .starts_with("text/html")
    );
    assert!(page.text.contains("Virtual Okta Verify"));
    // The page builds its DOM with textContent only.
    assert!(!page.text.contains("innerHTML"));
    let users = emu.get("/emulator/api/users").await.body;
    let demo = users
        .as_array()
        .expect("list")
        .iter()
        .find(|u| u["username"] == DEMO)
        .expect("demo user")
        .clone();
    assert_eq!(demo["totp_code"].as_str().expect("code").len(), 6);
    assert_eq!(demo["pending_pushes"], json!([]));
    assert_eq!(demo["last_email_code"], serde_json::Value::Null);
    assert!(demo.get("password").is_none());
}

/// Every IDX route, in every step a transaction can be in, answers odd bodies
/// with an IDX body and a 4xx/2xx status: never a 5xx, never a panic.
#[tokio::test]
async fn odd_bodies_never_cause_server_errors() {
    // Unlimited rate, so every request reaches the handlers (not the 429 path).
    let mut cfg = config();
    cfg.rate_limit_per_minute = 0;
    let emu = Emu::new(cfg);
    let routes = [
        "/idp/idx/introspect",
        "/idp/idx/identify",
        "/idp/idx/challenge",
        "/idp/idx/challenge/answer",
        "/idp/idx/challenge/poll",
        "/idp/idx/authenticators/poll",
        "/idp/idx/challenge/resend",
        "/idp/idx/cancel",
    ];
    // Transactions parked in different steps.
    let select = emu.signed_in_with_password(DEMO).await;
    let sh_select = select.body["stateHandle"].as_str().expect("sh").to_owned();
    let push = emu.chose_okta_verify(PUSH, "push").await;
    let sh_push = push.body["stateHandle"].as_str().expect("sh").to_owned();
    let long = "x".repeat(100_000);
    let shs = [sh_select.as_str(), sh_push.as_str(), "", "02unknown"];
    for sh in shs {
        let bodies = vec![
            json!({ "stateHandle": sh }),
            json!({ "stateHandle": sh, "identifier": null, "credentials": [] }),
            json!({ "stateHandle": sh, "identifier": long, "credentials": { "passcode": long } }),
            json!({ "stateHandle": sh, "identifier": "\u{0000}<script>é🙂", "credentials": { "passcode": 7 } }),
            json!({ "stateHandle": sh, "authenticator": "okta_verify" }),
            json!({ "stateHandle": sh, "authenticator": { "id": 5, "methodType": ["push"] } }),
            json!({ "stateHandle": sh, "authenticator": { "id": "autOktaVerify0000001", "methodType": "sms" } }),
            json!({ "stateHandle": sh, "credentials": { "totp": "12345678901234567890" } }),
            json!({ "stateHandle": sh, "credentials": { "totp": { "nested": true } } }),
            json!({ "stateHandle": 42 }),
            json!({ "stateToken": sh, "interactionHandle": [1] }),
        ];
        for route in routes {
            for body in &bodies {
                let r = emu.idx(route, body.clone()).await;
                assert!(r.status.as_u16() < 500, "{route} {body} -> {}", r.status);
                assert_eq!(
                    r.body["version"], "1.0.0",
                    "{route}: not an IDX body: {}",
                    r.text
                );
            }
            for (ct, raw) in [
                (ION, "null"),
                (ION, "\"str\""),
                (ION, "{\"a\":"),
                ("application/x-www-form-urlencoded", "%%%&&=="),
                ("text/html", "<p>"),
            ] {
                let r = emu.raw(route, ct, raw).await;
                assert!(r.status.is_client_error(), "{route} {raw} -> {}", r.status);
                assert_eq!(r.body["version"], "1.0.0", "{route}: {}", r.text);
            }
        }
    }
}
