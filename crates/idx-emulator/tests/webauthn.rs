//! Security keys and passkeys against the in-process emulator, with the
//! virtual key playing the browser: set one up on the first sign-in, verify
//! with it on the next, and the refusals (another key, a replayed answer,
//! base64url where Okta's clients send standard base64).

mod common;

use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use common::*;
use idx_emulator::webauthn::device::{Attest, VirtualKey};
use serde_json::{Value, json};

const KEY_USER: &str = "key@example.com";
const PAGE: &str = "http://localhost:8080";

fn emu() -> Emu {
    let mut config = config();
    config.allowed_origins = vec![ORIGIN.to_owned(), PAGE.to_owned()];
    Emu::new(config)
}

fn b64url(text: &Value) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(text.as_str().expect("a string"))
        .expect("base64url")
}

/// Signs in with the password and sets up `key` through the whole
/// enrollment; returns the success state.
async fn enroll(emu: &Emu, key: &mut VirtualKey) -> Reply {
    let select = emu.signed_in_with_password(KEY_USER).await;
    assert_eq!(select.remediations(), vec!["select-authenticator-enroll"]);
    let option = &select.form("select-authenticator-enroll")["value"][0]["options"][0];
    assert_eq!(option["label"], "Security Key or Biometric");
    let id = option["value"]["form"]["value"][0]["value"].clone();
    let setup = emu
        .submit(
            &select,
            "select-authenticator-enroll",
            json!({ "authenticator": { "id": id } }),
        )
        .await;
    assert_eq!(
        setup.remediations()[0],
        "enroll-authenticator",
        "{}",
        setup.summary()
    );
    let activation =
        &setup.body["currentAuthenticator"]["value"]["contextualData"]["activationData"];
    assert_eq!(activation["pubKeyCredParams"][0]["alg"], -7);
    assert_eq!(activation["user"]["name"], KEY_USER);
    let created = key.create(
        "localhost",
        PAGE,
        &b64url(&activation["challenge"]),
        &b64url(&activation["user"]["id"]),
        Attest::PackedSelf,
    );
    let done = emu
        .submit(
            &setup,
            "enroll-authenticator",
            json!({ "credentials": {
                "clientData": STANDARD.encode(&created.client_data_json),
                "attestation": STANDARD.encode(&created.attestation_object),
                "transports": "[\"usb\"]",
                "clientExtensions": "{}",
            } }),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    done
}

/// The next sign-in up to the WebAuthn challenge.
async fn to_challenge(emu: &Emu) -> Reply {
    let select = emu.signed_in_with_password(KEY_USER).await;
    let options = select.form("select-authenticator-authenticate")["value"][0]["options"]
        .as_array()
        .expect("options")
        .clone();
    let webauthn = options
        .iter()
        .find(|o| o["value"]["form"]["value"][1]["value"] == "webauthn")
        .expect("a WebAuthn option");
    let id = webauthn["value"]["form"]["value"][0]["value"].clone();
    emu.choose(&select, json!({ "id": id, "methodType": "webauthn" }))
        .await
}

fn answer(got: &idx_emulator::webauthn::device::Asserted) -> Value {
    json!({ "credentials": {
        "clientData": STANDARD.encode(&got.client_data_json),
        "authenticatorData": STANDARD.encode(&got.authenticator_data),
        "signatureData": STANDARD.encode(&got.signature),
    } })
}

#[tokio::test]
async fn a_security_key_is_set_up_then_verifies_the_next_sign_in() {
    let emu = emu();
    let mut key = VirtualKey::es256();
    let done = enroll(&emu, &mut key).await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());

    let challenge = to_challenge(&emu).await;
    assert_eq!(
        challenge.remediations(),
        vec![
            "challenge-authenticator",
            "select-authenticator-authenticate"
        ]
    );
    let current = &challenge.body["currentAuthenticator"]["value"];
    assert_eq!(current["key"], "webauthn");
    let data = &current["contextualData"]["challengeData"];
    assert_eq!(data["userVerification"], "preferred");
    assert_eq!(data["extensions"]["appid"], BASE);
    // The registered key is the one enrollment the page must allow.
    let enrolled: Vec<&Value> = challenge.body["authenticatorEnrollments"]["value"]
        .as_array()
        .expect("enrollments")
        .iter()
        .filter(|e| e["key"] == "webauthn")
        .collect();
    assert_eq!(enrolled.len(), 1);
    assert_eq!(b64url(&enrolled[0]["credentialId"]), key.credential_id);

    let got = key.get("localhost", PAGE, &b64url(&data["challenge"]));
    let signed_in = emu
        .submit(&challenge, "challenge-authenticator", answer(&got))
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    let code = signed_in.interaction_code().expect("interaction code");
    let tokens = emu.redeem(&code).await;
    let jwks = emu.get("/oauth2/default/v1/keys").await.body;
    let id = verify_jwt(&jwks, tokens.body["id_token"].as_str().expect("id_token"))
        .expect("ID token verifies");
    assert_eq!(id["amr"], json!(["pwd", "hwk", "mfa"]));
}

#[tokio::test]
async fn an_rs256_key_registers_and_verifies_too() {
    let emu = emu();
    let mut key = VirtualKey::rs256();
    enroll(&emu, &mut key).await;
    let challenge = to_challenge(&emu).await;
    let data = &challenge.body["currentAuthenticator"]["value"]["contextualData"]["challengeData"];
    let got = key.get("localhost", PAGE, &b64url(&data["challenge"]));
    let signed_in = emu
        .submit(&challenge, "challenge-authenticator", answer(&got))
        .await;
    assert!(signed_in.interaction_code().is_some(), "{}", signed_in.text);
}

#[tokio::test]
async fn refused_assertions_keep_the_challenge_with_okta_s_message() {
    let emu = emu();
    let mut key = VirtualKey::es256();
    enroll(&emu, &mut key).await;

    // Another key, never registered.
    let challenge = to_challenge(&emu).await;
    let data = &challenge.body["currentAuthenticator"]["value"]["contextualData"]["challengeData"];
    let mut stranger = VirtualKey::es256();
    let wrong = stranger.get("localhost", PAGE, &b64url(&data["challenge"]));
    let refused = emu
        .submit(&challenge, "challenge-authenticator", answer(&wrong))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.message_keys(),
        vec!["authfactor.webauthn.error.assertion_validation_failure"]
    );
    assert_eq!(refused.remediations()[0], "challenge-authenticator");
    // A fresh challenge: the refused one cannot be answered again.
    let fresh = &refused.body["currentAuthenticator"]["value"]["contextualData"]["challengeData"]["challenge"];
    assert_ne!(fresh, &data["challenge"]);
    let replay = key.get("localhost", PAGE, &b64url(&data["challenge"]));
    let stale = emu
        .submit(&refused, "challenge-authenticator", answer(&replay))
        .await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST);

    // Base64url (what a careless client might send) is not Okta's encoding.
    let current = &stale.body["currentAuthenticator"]["value"]["contextualData"]["challengeData"]["challenge"];
    let got = key.get("localhost", PAGE, &b64url(current));
    let mut urlsafe = answer(&got);
    // 37 bytes: unpadded base64url never reads as padded standard base64.
    assert_eq!(got.authenticator_data.len(), 37);
    urlsafe["credentials"]["authenticatorData"] =
        json!(URL_SAFE_NO_PAD.encode(&got.authenticator_data));
    let bad = emu.submit(&stale, "challenge-authenticator", urlsafe).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.interaction_code().is_none());
}

#[tokio::test]
async fn a_key_for_another_site_cannot_be_set_up() {
    let emu = emu();
    let select = emu.signed_in_with_password(KEY_USER).await;
    let option = &select.form("select-authenticator-enroll")["value"][0]["options"][0];
    let id = option["value"]["form"]["value"][0]["value"].clone();
    let setup = emu
        .submit(
            &select,
            "select-authenticator-enroll",
            json!({ "authenticator": { "id": id } }),
        )
        .await;
    let activation =
        &setup.body["currentAuthenticator"]["value"]["contextualData"]["activationData"];
    let mut key = VirtualKey::es256();
    let created = key.create(
        "evil.example",
        PAGE,
        &b64url(&activation["challenge"]),
        &b64url(&activation["user"]["id"]),
        Attest::None,
    );
    let refused = emu
        .submit(
            &setup,
            "enroll-authenticator",
            json!({ "credentials": {
                "clientData": STANDARD.encode(&created.client_data_json),
                "attestation": STANDARD.encode(&created.attestation_object),
                "transports": "[]",
                "clientExtensions": "{}",
            } }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.remediations()[0], "enroll-authenticator");
    // Nothing was registered: the next sign-in still has to set one up.
    let again = emu.signed_in_with_password(KEY_USER).await;
    assert_eq!(again.remediations(), vec!["select-authenticator-enroll"]);
}
