//! Transactions started from an emailed link or with extra OAuth
//! parameters: `activation_token` (a staged user's set-up),
//! `recovery_token` (a new password), their OAuth errors, the expired
//! activation's new-email request, `max_age`/`acr_values`; and the org's
//! CAPTCHA on the forms that carry it.

mod common;

use axum::http::StatusCode;
use common::*;
use idx_emulator::config::Captcha;
use serde_json::json;

#[tokio::test]
async fn an_activation_token_sets_a_staged_user_up() {
    let emu = Emu::demo();
    // Staged: the configured password does not sign in.
    let start = emu.started("openid").await;
    assert_eq!(
        emu.identify(&start, STAGED, PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        emu.one_time_token(DEMO, "activation-token", false)
            .await
            .status,
        StatusCode::BAD_REQUEST,
        "only a staged user gets an activation token"
    );
    let token = emu.token_for(STAGED, "activation-token").await;
    let set_up = emu.started_with(&[("activation_token", &token)]).await;
    assert_eq!(set_up.remediations(), vec!["enroll-authenticator"]);
    assert_eq!(set_up.body["user"]["value"]["identifier"], STAGED);
    let answer = |pw: &'static str| {
        let (emu, s) = (emu.clone(), &set_up);
        async move {
            emu.submit(
                s,
                "enroll-authenticator",
                json!({ "credentials": { "passcode": pw } }),
            )
            .await
        }
    };
    assert_eq!(answer("weak").await.status, StatusCode::BAD_REQUEST);
    let enroll = answer("Fresh-Start-99").await;
    assert_eq!(enroll.remediations(), vec!["select-authenticator-enroll"]);
    // The token was used once.
    let reused = emu.interact_with(&[("activation_token", &token)]).await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST);
    // Activated: the new password signs in (then the required enrollment).
    let start = emu.started("openid").await;
    let next = emu.identify(&start, STAGED, "Fresh-Start-99").await;
    assert_eq!(next.remediations(), vec!["select-authenticator-enroll"]);
}

#[tokio::test]
async fn a_bad_token_is_an_oauth_error() {
    let emu = Emu::demo();
    for (param, what) in [
        ("activation_token", "activation"),
        ("recovery_token", "recovery"),
    ] {
        let r = emu.interact_with(&[(param, "no-such-token")]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            r.body,
            json!({
                "error": "invalid_request",
                "error_description": format!("The {what} token is invalid"),
            })
        );
    }
    // A recovery token is not an activation token.
    let recovery = emu.token_for(DEMO, "recovery-token").await;
    let r = emu.interact_with(&[("activation_token", &recovery)]).await;
    assert_eq!(
        r.body["error_description"],
        "The activation token is invalid"
    );
}

#[tokio::test]
async fn an_expired_activation_token_asks_for_a_new_email() {
    let emu = Emu::demo();
    let r = emu.one_time_token(STAGED, "activation-token", true).await;
    let token = r.body["token"].as_str().expect("token").to_owned();
    let expired = emu.started_with(&[("activation_token", &token)]).await;
    assert_eq!(expired.remediations(), vec!["request-activation-email"]);
    assert_eq!(expired.message_keys(), vec!["idx.expired.activation.token"]);
    let sent = emu
        .submit(&expired, "request-activation-email", json!({}))
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    assert_eq!(sent.message_keys(), vec!["idx.request.activation.email"]);
    assert!(sent.remediations().is_empty() && sent.body["cancel"].is_null());
}

#[tokio::test]
async fn a_recovery_token_leads_to_a_new_password() {
    let emu = Emu::demo();
    let token = emu.token_for(DEMO, "recovery-token").await;
    let reset = emu.started_with(&[("recovery_token", &token)]).await;
    assert_eq!(reset.remediations(), vec!["reset-authenticator"]);
    let done = emu.reset_password(&reset, "Recovered-Pass7", false).await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());
    let start = emu.started("openid").await;
    let r = emu.identify(&start, DEMO, "Recovered-Pass7").await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn max_age_and_acr_values_are_echoed() {
    let emu = Emu::demo();
    let start = emu
        .started_with(&[("max_age", "300"), ("acr_values", "urn:okta:loa:2fa:any")])
        .await;
    let request = &start.body["authentication"]["value"]["request"];
    assert_eq!(request["max_age"], 300);
    assert_eq!(request["acr_values"], "urn:okta:loa:2fa:any");
    // Without them, no `authentication` member: the bodies of before.
    assert!(
        emu.started("openid")
            .await
            .body
            .get("authentication")
            .is_none()
    );
    let bad = emu.interact_with(&[("max_age", "soon")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["error"], "invalid_request");
}

fn with_captcha(site_key: &str) -> Emu {
    let site_key = site_key.to_owned();
    Emu::configured(move |c| {
        c.org.captcha = Some(Captcha {
            id: "capEmulated0001".into(),
            name: "hCaptcha".into(),
            site_key,
            kind: "HCAPTCHA".into(),
        });
    })
}

#[tokio::test]
async fn the_captcha_guards_identify_with_single_use_tokens() {
    let emu = with_captcha("site-key-of-the-org");
    let start = emu.started("openid").await;
    assert_eq!(
        start.body["captcha"]["value"]["siteKey"],
        "site-key-of-the-org"
    );
    let verify = start.field("identify", "captchaVerify");
    assert_eq!(verify["form"]["value"][0]["value"], "capEmulated0001");
    let with = |token: &str| {
        json!({
            "identifier": DEMO,
            "credentials": { "passcode": PASSWORD },
            "captchaVerify": { "captchaId": "capEmulated0001", "captchaToken": token },
        })
    };
    let missing = emu
        .submit(
            &start,
            "identify",
            json!({ "identifier": DEMO, "credentials": { "passcode": PASSWORD } }),
        )
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.message_keys(), vec!["captcha.verification.failed"]);
    let token = emu.captcha_token().await;
    let ok = emu.submit(&start, "identify", with(&token)).await;
    assert_eq!(ok.remediations(), vec!["select-authenticator-authenticate"]);
    let start = emu.started("openid").await;
    let reused = emu.submit(&start, "identify", with(&token)).await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST);
    // The test pair works only with hCaptcha's test site key.
    let wrong_key = emu
        .submit(
            &start,
            "identify",
            with(idx_emulator::idx::HCAPTCHA_TEST_TOKEN),
        )
        .await;
    assert_eq!(wrong_key.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn hcaptchas_test_key_accepts_its_test_token_on_every_captcha_form() {
    let emu = with_captcha(idx_emulator::idx::HCAPTCHA_TEST_SITE_KEY);
    let test = json!({ "captchaId": "capEmulated0001", "captchaToken": idx_emulator::idx::HCAPTCHA_TEST_TOKEN });
    let start = emu.started("openid").await;
    let who = emu.recover(&start).await;
    assert!(who.field("identify-recovery", "captchaVerify").is_object());
    let refused = emu.identify_recovery(&who, DEMO).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let select = emu
        .submit(
            &who,
            "identify-recovery",
            json!({ "identifier": DEMO, "captchaVerify": test }),
        )
        .await;
    assert_eq!(
        select.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    let start = emu.started("openid").await;
    let form = emu.submit(&start, "select-enroll-profile", json!({})).await;
    assert!(form.body["captcha"].is_object());
    let profile =
        json!({ "firstName": "C", "lastName": "D", "email": "cd@example.com", "team": "sales" });
    let refused = emu
        .submit(&form, "enroll-profile", json!({ "userProfile": profile }))
        .await;
    assert_eq!(refused.message_keys(), vec!["captcha.verification.failed"]);
    let ok = emu
        .submit(
            &form,
            "enroll-profile",
            json!({ "userProfile": profile, "captchaVerify": test }),
        )
        .await;
    assert_eq!(
        ok.remediations(),
        vec!["enroll-authenticator"],
        "{}",
        ok.summary()
    );
}

#[tokio::test]
async fn the_stand_in_captcha_scripts_define_the_vendor_globals_and_mint_tokens() {
    let emu = with_captcha("site-key-of-the-org");
    for (file, global) in [("hcaptcha.js", "hcaptcha"), ("recaptcha.js", "grecaptcha")] {
        let script = emu.get(&format!("/emulator/captcha/{file}")).await;
        assert_eq!(script.status, StatusCode::OK, "{file}");
        assert!(
            script
                .header("content-type")
                .is_some_and(|t| t.starts_with("text/javascript")),
            "{file}"
        );
        assert!(
            script.text.contains(&format!("window.{global} = {{")),
            "{file}"
        );
        // Its answers are the control API's single-use tokens.
        assert!(script.text.contains("'/emulator/api/captcha'"), "{file}");
        assert!(!script.text.contains("__GLOBAL__"), "{file}");
    }
    assert_eq!(
        emu.get("/emulator/captcha/altcha.js").await.status,
        StatusCode::NOT_FOUND
    );
}
