//! End-to-end flows against the in-process emulator, written from the
//! protocol reference (not from the emulator's code): TOTP, push, number
//! challenge, email, cancel, expiry, lockout, rate limit, tokens.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn totp_sign_in_end_to_end_with_verifiable_tokens() {
    let emu = Emu::demo();
    let disco = emu
        .get("/oauth2/default/.well-known/openid-configuration")
        .await;
    assert_eq!(disco.body["issuer"], format!("{BASE}/oauth2/default"));
    assert_eq!(
        disco.body["code_challenge_methods_supported"],
        json!(["S256"])
    );

    let ih = emu.interact("openid profile email offline_access").await;
    let start = emu.introspect(&ih).await;
    assert_eq!(start.status, StatusCode::OK);
    assert_eq!(start.header("content-type"), Some(ION));
    // The demo org offers its one third-party IdP next to the identify form.
    assert_eq!(start.remediations(), vec!["identify", "redirect-idp"]);
    assert!(
        start.body["expiresAt"]
            .as_str()
            .expect("expiresAt")
            .ends_with('Z')
    );
    let identify_href = start.form("identify")["href"]
        .as_str()
        .expect("href")
        .to_owned();
    assert_eq!(identify_href, format!("{BASE}/idp/idx/identify"));

    let select = emu.identify(&start, DEMO, PASSWORD).await;
    assert_eq!(
        select.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    let options = &select.form("select-authenticator-authenticate")["value"][0]["options"];
    assert_eq!(options[0]["label"], "Okta Verify");
    let methods = &options[0]["value"]["form"]["value"][1]["options"];
    assert_eq!(
        methods,
        &json!([{ "label": "Enter a code", "value": "totp" }, { "label": "Get a push notification", "value": "push" }])
    );
    let ov_id = select.okta_verify_id();

    let challenge = emu
        .choose(&select, json!({ "id": ov_id, "methodType": "totp" }))
        .await;
    assert_eq!(challenge.remediations()[0], "challenge-authenticator");
    assert_eq!(
        challenge.form("challenge-authenticator")["value"][0]["form"]["value"][0]["name"],
        "totp"
    );

    // Wrong code: 401, same state, field message on `totp`.
    let wrong = emu.enter_totp(&challenge, "000000").await;
    let code = emu.totp(DEMO).await;
    if code != "000000" {
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        let field = &wrong.form("challenge-authenticator")["value"][0]["form"]["value"][0];
        assert_eq!(
            field["messages"]["value"][0]["i18n"]["key"],
            "api.authn.error.PASSCODE_INVALID"
        );
    }

    let success = emu.enter_totp(&challenge, &code).await;
    assert_eq!(success.status, StatusCode::OK, "{}", success.text);
    let ic = success.interaction_code().expect("interaction code");
    assert_eq!(
        success.body["successWithInteractionCode"]["href"],
        format!("{BASE}/oauth2/default/v1/token")
    );

    let tokens = emu.redeem(&ic).await;
    assert_eq!(tokens.status, StatusCode::OK, "{}", tokens.text);
    assert_eq!(tokens.header("cache-control"), Some("no-store"));
    assert_eq!(tokens.body["token_type"], "Bearer");
    assert!(tokens.body["refresh_token"].is_string());
    let jwks = emu.get("/oauth2/default/v1/keys").await.body;
    let id = verify_jwt(&jwks, tokens.body["id_token"].as_str().expect("id_token"))
        .expect("ID token verifies against the JWKS");
    assert_eq!(id["iss"], format!("{BASE}/oauth2/default"));
    assert_eq!(id["aud"], "demo-spa");
    assert_eq!(id["nonce"], "nonce-123");
    assert_eq!(id["email"], DEMO);
    assert_eq!(id["preferred_username"], DEMO);
    assert_eq!(id["name"], "Demo User");
    assert_eq!(id["amr"], json!(["pwd", "otp", "mfa"]));
    assert!(id["exp"].as_u64() > id["iat"].as_u64());
    let at = tokens.body["access_token"].as_str().expect("access_token");
    verify_jwt(&jwks, at).expect("access token verifies");

    // The same TOTP code is not accepted twice, even in a new transaction.
    let again = emu.chose_okta_verify(DEMO, "totp").await;
    let replay = emu.enter_totp(&again, &code).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);

    // The interaction code is single-use.
    let reuse = emu.redeem(&ic).await;
    assert_eq!(reuse.status, StatusCode::BAD_REQUEST);
    assert_eq!(reuse.body["error"], "invalid_grant");
}

#[tokio::test]
async fn two_step_selection_goes_through_authenticator_verification_data() {
    let emu = Emu::demo();
    let select = emu.signed_in_with_password(DEMO).await;
    let ov_id = select.okta_verify_id();
    let data = emu.choose(&select, json!({ "id": ov_id })).await;
    assert_eq!(
        data.remediations(),
        vec![
            "authenticator-verification-data",
            "select-authenticator-authenticate"
        ]
    );
    let ch = emu
        .submit(
            &data,
            "authenticator-verification-data",
            json!({ "authenticator": { "id": ov_id, "methodType": "totp" } }),
        )
        .await;
    assert_eq!(ch.remediations()[0], "challenge-authenticator");
    assert_eq!(
        ch.body["currentAuthenticator"]["value"]["key"],
        "okta_verify"
    );
}

#[tokio::test]
async fn push_is_pending_until_approved() {
    let emu = Emu::demo();
    let waiting = emu.chose_okta_verify(DEMO, "push").await;
    assert_eq!(
        waiting.remediations(),
        vec!["challenge-poll", "select-authenticator-authenticate"]
    );
    let poll = waiting.form("challenge-poll");
    assert_eq!(poll["refresh"], 4000);
    assert_eq!(poll["href"], format!("{BASE}/idp/idx/authenticators/poll"));
    assert!(waiting.body["currentAuthenticator"]["value"]["resend"].is_object());

    let still = emu.poll(&waiting).await;
    assert_eq!(still.status, StatusCode::OK);
    assert_eq!(still.remediations()[0], "challenge-poll");

    let pushes = emu.pushes(DEMO).await;
    assert_eq!(pushes.len(), 1);
    assert_eq!(pushes[0]["correct_answer"], serde_json::Value::Null);
    let ok = emu.approve_push(&pushes[0], None).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);

    let done = emu.poll(&waiting).await;
    let ic = done.interaction_code().expect("success after approval");
    let tokens = emu.redeem(&ic).await;
    assert_eq!(tokens.status, StatusCode::OK);
    assert!(emu.pushes(DEMO).await.is_empty());
}

#[tokio::test]
async fn number_challenge_wrong_number_rejects_then_resend_and_right_number_succeeds() {
    let emu = Emu::demo();
    let waiting = emu.chose_okta_verify(PUSH, "push").await;
    let answer = waiting
        .correct_answer()
        .expect("correctAnswer shown to the user");
    let push = emu.pushes(PUSH).await.remove(0);
    assert_eq!(push["correct_answer"], answer);
    let choices: Vec<String> = push["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .map(|c| c.as_str().expect("str").to_owned())
        .collect();
    assert_eq!(choices.len(), 3);
    assert!(choices.contains(&answer));
    let wrong = choices
        .iter()
        .find(|c| **c != answer)
        .expect("a wrong choice");
    let id = push["id"].as_str().expect("id");

    // A number challenge needs an answer.
    let missing = emu
        .raw(
            &format!("/emulator/api/pushes/{id}/approve"),
            "application/json",
            "{}",
        )
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    emu.approve_push(&push, Some(wrong)).await;

    let rejected = emu.poll(&waiting).await;
    assert_eq!(
        rejected.message_keys(),
        vec!["api.authn.poll.error.push_rejected"]
    );
    assert_eq!(
        rejected.remediations(),
        vec!["resend", "select-authenticator-authenticate"]
    );
    let resend = rejected.form("resend");
    let fixed = &resend["value"][0]["value"]["form"]["value"];
    let body =
        json!({ "authenticator": { "id": fixed[0]["value"], "methodType": fixed[1]["value"] } });
    let again = emu.submit(&rejected, "resend", body).await;
    assert_eq!(again.remediations()[0], "challenge-poll");
    let answer = again.correct_answer().expect("new correctAnswer");
    let push = emu.pushes(PUSH).await.remove(0);
    emu.approve_push(&push, Some(&answer)).await;
    let done = emu.poll(&again).await;
    assert!(done.interaction_code().is_some(), "{}", done.text);
}

#[tokio::test]
async fn denied_push_offers_resend_and_resend_action_sends_a_new_push() {
    let emu = Emu::demo();
    let waiting = emu.chose_okta_verify(DEMO, "push").await;
    let first = emu.pushes(DEMO).await.remove(0)["id"].clone();
    // The resend action on currentAuthenticator replaces the push.
    let resent = emu
        .action(&waiting, "/currentAuthenticator/value/resend")
        .await;
    assert_eq!(resent.remediations()[0], "challenge-poll");
    let pushes = emu.pushes(DEMO).await;
    assert_eq!(pushes.len(), 1);
    assert_ne!(pushes[0]["id"], first);
    emu.deny_push(&pushes[0]).await;
    let rejected = emu.poll(&resent).await;
    assert_eq!(rejected.status, StatusCode::OK);
    assert_eq!(
        rejected.message_keys(),
        vec!["api.authn.poll.error.push_rejected"]
    );
    assert_eq!(rejected.remediations()[0], "resend");
}

#[tokio::test]
async fn email_code_with_resend() {
    let emu = Emu::demo();
    let select = emu.signed_in_with_password(DEMO).await;
    let email = &select.form("select-authenticator-authenticate")["value"][0]["options"][1];
    assert_eq!(email["label"], "Email");
    let id = select.email_id();
    let ch = emu
        .choose(&select, json!({ "id": id, "methodType": "email" }))
        .await;
    assert_eq!(ch.remediations()[0], "challenge-authenticator");
    let first = emu.email_code(DEMO).await;
    let resent = emu
        .action(&ch, "/currentAuthenticatorEnrollment/value/resend")
        .await;
    assert_eq!(resent.status, StatusCode::OK);
    let second = emu.email_code(DEMO).await;
    if first != second {
        let stale = emu.enter_passcode(&ch, &first).await;
        assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    }
    let ok = emu.enter_passcode(&ch, &second).await;
    assert!(ok.interaction_code().is_some(), "{}", ok.text);
    let none = emu
        .get(&format!("/emulator/api/users/{DEMO}/email-code"))
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cancel_restarts_with_a_new_state_handle() {
    let emu = Emu::demo();
    let start = emu.started("openid").await;
    let old = start.body["stateHandle"].as_str().expect("sh").to_owned();
    let cancelled = emu.action(&start, "/cancel").await;
    assert_eq!(cancelled.status, StatusCode::OK);
    assert_eq!(cancelled.remediations(), vec!["identify", "redirect-idp"]);
    assert_ne!(cancelled.body["stateHandle"], old);
    let stale = emu
        .idx(
            "/idp/idx/identify",
            json!({ "identifier": DEMO, "stateHandle": old }),
        )
        .await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    assert_eq!(stale.message_keys(), vec!["idx.session.expired"]);
}

#[tokio::test]
async fn expiry_through_control_api_and_through_lifetime() {
    let emu = Emu::demo();
    let ih = emu.interact("openid").await;
    let start = emu.introspect(&ih).await;
    let r = emu.expire_transactions().await;
    assert_eq!(r.status, StatusCode::OK);
    let dead = emu.identify(&start, DEMO, PASSWORD).await;
    assert_eq!(dead.status, StatusCode::UNAUTHORIZED);
    assert_eq!(dead.message_keys(), vec!["idx.session.expired"]);
    assert!(dead.remediations().is_empty());
    let intro = emu.introspect(&ih).await;
    assert_eq!(intro.status, StatusCode::UNAUTHORIZED);
    assert_eq!(intro.message_keys(), vec!["idx.session.expired"]);

    let mut cfg = config();
    cfg.state_lifetime = Duration::from_secs(1);
    let short = Emu::new(cfg);
    let ih = short.interact("openid").await;
    let start = short.introspect(&ih).await;
    assert_eq!(start.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let late = short.introspect(&ih).await;
    assert_eq!(late.status, StatusCode::UNAUTHORIZED);
    assert_eq!(late.message_keys(), vec!["idx.session.expired"]);
}

#[tokio::test]
async fn lockout_after_configured_failures() {
    let mut cfg = config();
    cfg.lockout_attempts = 3;
    let emu = Emu::new(cfg);
    let start = emu.started("openid").await;
    for _ in 0..2 {
        let r = emu.identify(&start, DEMO, "nope").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.message_keys(), vec!["errors.E0000004"]);
        assert_eq!(r.remediations(), vec!["identify", "redirect-idp"]);
    }
    let third = emu.identify(&start, DEMO, "nope").await;
    assert_eq!(third.status, StatusCode::FORBIDDEN);
    assert_eq!(
        third.message_keys(),
        vec!["authfactor.challenge.suspended_factor"]
    );
    // Even the right password is refused now.
    let good = emu.identify(&start, DEMO, PASSWORD).await;
    assert_eq!(good.status, StatusCode::FORBIDDEN);
    // Reset clears the lockout.
    emu.raw("/emulator/api/reset", "application/json", "").await;
    let fresh = emu.signed_in_with_password(DEMO).await;
    assert_eq!(
        fresh.remediations(),
        vec!["select-authenticator-authenticate"]
    );
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let mut cfg = config();
    cfg.rate_limit_per_minute = 3;
    let emu = Emu::new(cfg);
    for _ in 0..3 {
        let r = emu.introspect("x").await;
        assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS);
    }
    let r = emu.introspect("x").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.message_keys(), vec!["tooManyRequests"]);
    let retry: u64 = r
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry));
    let t = emu
        .form("/oauth2/default/v1/token", &[("grant_type", "x")])
        .await;
    assert_eq!(t.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(t.body["errorCode"], "E0000047");
    // The control API is not rate limited.
    assert_eq!(emu.get("/emulator/api/users").await.status, StatusCode::OK);
}

#[tokio::test]
async fn username_first_asks_password_as_a_challenge() {
    let emu = Emu::username_first();
    let start = emu.started("openid").await;
    let fields: Vec<_> = start.form("identify")["value"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["name"].as_str().expect("name").to_owned())
        .collect();
    assert_eq!(fields, vec!["identifier", "rememberMe", "stateHandle"]);
    let unknown = emu.identify_username(&start, "nobody@example.com").await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(unknown.message_keys(), vec!["idx.unknown.user"]);
    let pw = emu.identify_username(&start, DEMO).await;
    assert_eq!(pw.remediations(), vec!["challenge-authenticator"]);
    let wrong = emu.enter_passcode(&pw, "x").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let ok = emu.enter_passcode(&pw, PASSWORD).await;
    assert_eq!(ok.remediations(), vec!["select-authenticator-authenticate"]);
}

#[tokio::test]
async fn refresh_revocation_userinfo_and_logout() {
    let emu = Emu::demo();
    let ok = emu.succeeded_with_totp(DEMO).await;
    let tokens = emu.redeem(&ok.interaction_code().expect("ic")).await.body;
    let at = tokens["access_token"].as_str().expect("at").to_owned();
    let rt = tokens["refresh_token"].as_str().expect("rt").to_owned();

    let info = emu.userinfo(&at).await;
    assert_eq!(info.status, StatusCode::OK);
    assert_eq!(info.body["email"], DEMO);

    let refreshed = emu.refresh(&rt).await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.text);
    let rt2 = refreshed.body["refresh_token"]
        .as_str()
        .expect("rotated")
        .to_owned();
    assert_ne!(rt2, rt);
    // Rotation: the old refresh token is spent.
    let old = emu.refresh(&rt).await;
    assert_eq!(old.body["error"], "invalid_grant");

    // Revoke (auth-js style: Basic base64(client_id)) and it sticks.
    use base64::Engine;
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("demo-spa")
    );
    for token in [&rt2, &at] {
        let r = emu
            .send(
                axum::http::Request::post("/oauth2/default/v1/revoke")
                    .header("authorization", &basic)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(axum::body::Body::from(format!("token={token}")))
                    .expect("req"),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let after = emu.refresh(&rt2).await;
    assert_eq!(after.body["error"], "invalid_grant");
    let info = emu.userinfo(&at).await;
    assert_eq!(info.status, StatusCode::UNAUTHORIZED);

    let id_token = refreshed.body["id_token"].as_str().expect("id");
    let logout = emu
        .get(&format!(
            "/oauth2/default/v1/logout?id_token_hint={id_token}&post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Flogin&state=s1"
        ))
        .await;
    assert_eq!(logout.status, StatusCode::FOUND);
    assert_eq!(
        logout.header("location"),
        Some("http://127.0.0.1:8080/login?state=s1")
    );
    let evil = emu
        .get(&format!(
            "/oauth2/default/v1/logout?id_token_hint={id_token}&post_logout_redirect_uri=http%3A%2F%2Fevil.test%2F"
        ))
        .await;
    assert_eq!(evil.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn spawn_binds_port_zero_and_serves_over_tcp() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let running = idx_emulator::spawn(([127, 0, 0, 1], 0).into(), |c| {
        c.allowed_origins = vec!["http://127.0.0.1:9999".into()];
    })
    .await
    .expect("bind");
    assert_ne!(running.addr.port(), 0);
    assert_eq!(
        running.issuer(),
        format!("http://{}/oauth2/default", running.addr)
    );
    let mut s = tokio::net::TcpStream::connect(running.addr)
        .await
        .expect("connect");
    s.write_all(
        b"GET /oauth2/default/.well-known/openid-configuration HTTP/1.0\r\nHost: x\r\n\r\n",
    )
    .await
    .expect("write");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.expect("read");
    let text = String::from_utf8_lossy(&buf);
    assert!(
        text.starts_with("HTTP/1.0 200") || text.starts_with("HTTP/1.1 200"),
        "{text}"
    );
    assert!(text.contains(&format!("\"issuer\":\"{}\"", running.issuer())));
    running.handle.abort();
}
