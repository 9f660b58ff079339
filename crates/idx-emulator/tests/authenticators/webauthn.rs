//! Security keys and passkeys, with the virtual key playing the browser:
//! set one up on the first sign-in, verify with it on the next, and the
//! refusals (another key, a replayed answer, base64url where Okta's clients
//! send standard base64, a key for another RP ID, a passkey that did not
//! verify the user where the policy requires it).

use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use idx_emulator::webauthn::device::{Asserted, Attest, VirtualKey};
use serde_json::{Value, json};

use crate::common::*;
use crate::redeemed_amr;

const KEY_USER: &str = "key@example.com";
const PASSKEY_USER: &str = "passkey@example.com";
/// A page the emulator allows, on the RP ID's domain.
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

/// Signs `user` in with the password up to the security key's set-up.
async fn to_setup(emu: &Emu, user: &str) -> Reply {
    let select = emu.signed_in_with_password(user).await;
    assert_eq!(select.remediations(), vec!["select-authenticator-enroll"]);
    let option = &select.form("select-authenticator-enroll")["value"][0]["options"][0];
    let id = option["value"]["form"]["value"][0]["value"].clone();
    let setup = emu
        .enroll_with(&select, "select-authenticator-enroll", json!({ "id": id }))
        .await;
    assert_eq!(
        setup.remediations(),
        vec!["enroll-authenticator", "select-authenticator-enroll"],
        "{}",
        setup.summary()
    );
    setup
}

/// `key` answers the set-up state `setup` on `rp_id`.
async fn register(emu: &Emu, setup: &Reply, key: &mut VirtualKey, rp_id: &str) -> Reply {
    let activation = &setup.contextual_data()["activationData"];
    let created = key.create(
        rp_id,
        PAGE,
        &b64url(&activation["challenge"]),
        &b64url(&activation["user"]["id"]),
        Attest::PackedSelf,
    );
    emu.credentials(
        setup,
        "enroll-authenticator",
        json!({
            "clientData": STANDARD.encode(&created.client_data_json),
            "attestation": STANDARD.encode(&created.attestation_object),
            "transports": "[\"usb\"]",
            "clientExtensions": "{}",
        }),
    )
    .await
}

/// Signs in with the password and sets up `key` through the whole
/// enrollment; returns the success state.
async fn enroll(emu: &Emu, user: &str, key: &mut VirtualKey) -> Reply {
    let setup = to_setup(emu, user).await;
    let activation = &setup.contextual_data()["activationData"];
    assert_eq!(activation["pubKeyCredParams"][0]["alg"], -7);
    assert_eq!(activation["pubKeyCredParams"][1]["alg"], -257);
    assert_eq!(activation["user"]["name"], user);
    let done = register(emu, &setup, key, "localhost").await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    done
}

/// The next sign-in of `user` up to the WebAuthn challenge, chosen
/// through the option whose `relatesTo` names the `webauthn` authenticator.
async fn to_challenge(emu: &Emu, user: &str) -> Reply {
    let challenge = emu.chose_factor(user, "webauthn", json!({})).await;
    assert_eq!(challenge.remediations()[0], "challenge-authenticator");
    challenge
}

fn answer(got: &Asserted) -> Value {
    json!({
        "clientData": STANDARD.encode(&got.client_data_json),
        "authenticatorData": STANDARD.encode(&got.authenticator_data),
        "signatureData": STANDARD.encode(&got.signature),
    })
}

#[tokio::test]
async fn a_security_key_is_set_up_then_verifies_the_next_sign_in() {
    let emu = emu();
    let mut key = VirtualKey::es256();
    let done = enroll(&emu, KEY_USER, &mut key).await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "hwk", "mfa"]);

    let challenge = to_challenge(&emu, KEY_USER).await;
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
        .credentials(&challenge, "challenge-authenticator", answer(&got))
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    assert_eq!(
        redeemed_amr(&emu, &signed_in).await,
        vec!["pwd", "hwk", "mfa"]
    );
}

#[tokio::test]
async fn an_rs256_key_registers_and_verifies_too() {
    let emu = emu();
    let mut key = VirtualKey::rs256();
    enroll(&emu, KEY_USER, &mut key).await;
    let challenge = to_challenge(&emu, KEY_USER).await;
    let data = &challenge.contextual_data()["challengeData"];
    let got = key.get("localhost", PAGE, &b64url(&data["challenge"]));
    let signed_in = emu
        .credentials(&challenge, "challenge-authenticator", answer(&got))
        .await;
    assert!(signed_in.interaction_code().is_some(), "{}", signed_in.text);
}

#[tokio::test]
async fn refused_assertions_keep_the_challenge_with_okta_s_message() {
    let emu = emu();
    let mut key = VirtualKey::es256();
    enroll(&emu, KEY_USER, &mut key).await;

    // Another key, never registered.
    let challenge = to_challenge(&emu, KEY_USER).await;
    let data = challenge.contextual_data()["challengeData"].clone();
    let mut stranger = VirtualKey::es256();
    let wrong = stranger.get("localhost", PAGE, &b64url(&data["challenge"]));
    let refused = emu
        .credentials(&challenge, "challenge-authenticator", answer(&wrong))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.message_keys(),
        vec!["authfactor.webauthn.error.assertion_validation_failure"]
    );
    assert_eq!(refused.remediations()[0], "challenge-authenticator");
    // A fresh challenge: the refused one cannot be answered again.
    let fresh = &refused.contextual_data()["challengeData"]["challenge"];
    assert_ne!(fresh, &data["challenge"]);
    let replay = key.get("localhost", PAGE, &b64url(&data["challenge"]));
    let stale = emu
        .credentials(&refused, "challenge-authenticator", answer(&replay))
        .await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST);
    assert!(stale.interaction_code().is_none());

    // Base64url (what a careless client might send) is not Okta's encoding.
    let current = &stale.contextual_data()["challengeData"]["challenge"];
    let got = key.get("localhost", PAGE, &b64url(current));
    let mut urlsafe = answer(&got);
    // 37 bytes: unpadded base64url never reads as padded standard base64.
    assert_eq!(got.authenticator_data.len(), 37);
    urlsafe["authenticatorData"] = json!(URL_SAFE_NO_PAD.encode(&got.authenticator_data));
    let bad = emu
        .credentials(&stale, "challenge-authenticator", urlsafe)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.interaction_code().is_none());

    // The other factor stays on offer: the email code still signs in.
    let sent = emu.choose(&bad, bad.choice_of("okta_email")).await;
    assert_eq!(sent.remediations()[0], "challenge-authenticator");
    assert_eq!(
        sent.body["currentAuthenticatorEnrollment"]["value"]["key"],
        "okta_email"
    );
}

#[tokio::test]
async fn a_key_for_another_site_cannot_be_set_up() {
    let emu = emu();
    let setup = to_setup(&emu, KEY_USER).await;
    let mut key = VirtualKey::es256();
    let refused = register(&emu, &setup, &mut key, "evil.example").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.message_keys(),
        vec!["authfactor.webauthn.error.attestation_validation_failure"]
    );
    assert_eq!(refused.remediations()[0], "enroll-authenticator");
    // Nothing was registered: the next sign-in still has to set one up.
    let again = emu.signed_in_with_password(KEY_USER).await;
    assert_eq!(again.remediations(), vec!["select-authenticator-enroll"]);
}

#[tokio::test]
async fn a_passkey_policy_requires_user_verification() {
    let emu = emu();
    let setup = to_setup(&emu, PASSKEY_USER).await;
    let activation = &setup.contextual_data()["activationData"];
    assert_eq!(
        activation["authenticatorSelection"]["userVerification"],
        "required"
    );
    assert_eq!(
        setup.body["currentAuthenticator"]["value"]["displayName"],
        "Passkeys"
    );
    let mut unverified = VirtualKey::es256();
    unverified.verifies_user = false;
    let refused = register(&emu, &setup, &mut unverified, "localhost").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);

    let mut passkey = VirtualKey::es256();
    let done = register(&emu, &refused, &mut passkey, "localhost").await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());
    // The passkey user has no other factor: the choice offers the passkey.
    let challenge = to_challenge(&emu, PASSKEY_USER).await;
    assert_eq!(
        challenge.contextual_data()["challengeData"]["userVerification"],
        "required"
    );
}

#[tokio::test]
async fn a_reset_forgets_registered_keys() {
    let emu = emu();
    let mut key = VirtualKey::es256();
    enroll(&emu, KEY_USER, &mut key).await;
    assert_eq!(
        emu.signed_in_with_password(KEY_USER).await.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    assert_eq!(emu.reset().await.status, StatusCode::OK);
    assert_eq!(
        emu.signed_in_with_password(KEY_USER).await.remediations(),
        vec!["select-authenticator-enroll"]
    );
}
