//! Google Authenticator: a real RFC 6238 secret in a real QR code at
//! enrollment, codes read off the virtual app, Okta's soft-token errors.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;
use crate::redeemed_amr;

#[tokio::test]
async fn an_enrolled_app_s_codes_verify_once() {
    let emu = Emu::demo();
    let challenge = emu.chose_factor(GOOGLE_USER, "google_otp", json!({})).await;
    assert_eq!(challenge.remediations()[0], "challenge-authenticator");
    let current = &challenge.body["currentAuthenticator"]["value"];
    assert_eq!(current["key"], "google_otp");
    assert!(current.get("contextualData").is_none());
    let shown = emu.google_code(GOOGLE_USER).await;
    let code = shown.body["code"].as_str().expect("code").to_owned();
    let wrong = emu.enter_passcode(&challenge, Emu::other_code(&code)).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let msg =
        &wrong.field("challenge-authenticator", "credentials")["form"]["value"][0]["messages"];
    assert_eq!(
        msg["value"][0]["i18n"]["key"],
        "authfactor.challenge.soft_token.invalid_passcode"
    );
    let done = emu.enter_passcode(&wrong, &code).await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "otp", "mfa"]);

    // The same code again, in a new sign-in: used.
    let again = emu.chose_factor(GOOGLE_USER, "google_otp", json!({})).await;
    let used = emu.enter_passcode(&again, &code).await;
    assert_eq!(used.status, StatusCode::UNAUTHORIZED);
    let msg = &used.field("challenge-authenticator", "credentials")["form"]["value"][0]["messages"];
    assert_eq!(
        msg["value"][0]["i18n"]["key"],
        "authfactor.challenge.soft_token.used_passcode"
    );
}

#[tokio::test]
async fn enrolling_shows_a_real_secret_in_a_real_qr_code() {
    let emu = Emu::demo();
    assert_eq!(
        emu.google_code(ENROLL_GOOGLE).await.status,
        StatusCode::NOT_FOUND
    );
    let enroll = emu.enrolling_factor(ENROLL_GOOGLE, json!({})).await;
    assert_eq!(enroll.status, StatusCode::OK, "{}", enroll.summary());
    assert_eq!(
        enroll.remediations(),
        vec!["enroll-authenticator", "select-authenticator-enroll"]
    );
    let data = enroll.contextual_data();
    assert_eq!(data["qrcode"]["method"], "embedded");
    assert_eq!(data["qrcode"]["type"], "image/png");
    let secret = data["sharedSecret"]
        .as_str()
        .expect("sharedSecret")
        .to_owned();
    assert_eq!(secret.len(), 32);
    let uri = decode_qr(data["qrcode"]["href"].as_str().expect("href"));
    assert_eq!(
        uri,
        format!(
            "otpauth://totp/Okta%20Emulator:enroll-google%40example.com?secret={secret}&issuer=Okta%20Emulator"
        )
    );
    // A second enrollment gets another secret.
    let other = emu.enrolling_factor(ENROLL_GOOGLE, json!({})).await;
    assert_ne!(other.contextual_data()["sharedSecret"], secret.as_str());

    // The app scanned the newest QR code.
    let code = emu.google_code(ENROLL_GOOGLE).await.body["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let wrong = emu
        .credentials(
            &other,
            "enroll-authenticator",
            json!({ "passcode": Emu::other_code(&code) }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.field("enroll-authenticator", "credentials")["form"]["value"][0]["messages"]["value"]
            [0]["i18n"]["key"],
        "api.authn.error.PASSCODE_INVALID"
    );
    let done = emu
        .credentials(&wrong, "enroll-authenticator", json!({ "passcode": code }))
        .await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "otp", "mfa"]);
    let next = emu.signed_in_with_password(ENROLL_GOOGLE).await;
    assert!(next.option_for("google_otp").is_object());
}
