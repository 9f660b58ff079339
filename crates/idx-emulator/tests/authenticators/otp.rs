//! The OTP tokens: a custom OTP token's code, and the RSA token's
//! next-tokencode request, with the codes read off the virtual tokens.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;
use crate::redeemed_amr;

fn code_of(r: &Reply, which: &str) -> String {
    r.body[which].as_str().expect("code").to_owned()
}

#[tokio::test]
async fn a_custom_otp_code_verifies_and_a_wrong_one_is_a_global_error() {
    let emu = Emu::demo();
    let challenge = emu.chose_factor(OTP_USER, "custom_otp", json!({})).await;
    assert_eq!(challenge.remediations()[0], "challenge-authenticator");
    let current = &challenge.body["currentAuthenticatorEnrollment"]["value"];
    assert_eq!(current["key"], "custom_otp");
    let code = code_of(&emu.token_code(OTP_USER, "custom_otp").await, "code");
    let wrong = emu.enter_passcode(&challenge, Emu::other_code(&code)).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.message_keys(),
        vec!["api.authn.error.PASSCODE_INVALID"]
    );
    let done = emu.enter_passcode(&wrong, &code).await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "otp", "mfa"]);
    assert_eq!(
        emu.token_code(OTP_USER, "yubikey_token").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn rsa_asks_for_the_next_tokencode_before_signing_in() {
    let emu = Emu::demo();
    let challenge = emu.chose_factor(OTP_USER, "rsa_token", json!({})).await;
    let current = &challenge.body["currentAuthenticatorEnrollment"]["value"];
    assert_eq!(current["key"], "rsa_token");
    let token = emu.token_code(OTP_USER, "rsa_token").await;
    let (now, next) = (code_of(&token, "code"), code_of(&token, "next_code"));
    let change = emu.enter_passcode(&challenge, &now).await;
    assert_eq!(change.status, StatusCode::UNAUTHORIZED);
    assert_eq!(change.message_keys(), vec!["errors.E0000113"]);
    let msg = &change.body["messages"]["value"][0];
    assert_eq!(msg["i18n"]["params"][0], msg["message"]);
    assert_eq!(change.remediations()[0], "challenge-authenticator");
    // The same code again is not the next one.
    if now != next {
        let same = emu.enter_passcode(&change, &now).await;
        assert_eq!(
            same.message_keys(),
            vec!["api.authn.error.PASSCODE_INVALID"]
        );
    }
    let done = emu.enter_passcode(&change, &next).await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "otp", "mfa"]);
}
