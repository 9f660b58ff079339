//! Security keys: the WebAuthn set-up, verify and refused-assertion states
//! against the Sign-In Widget's recordings in `extra/`, with the emulator's
//! virtual key playing the browser.
//!
//! Invariants: each case names its recording and expected status, and each
//! allowed difference its reason; the refused assertion is signed by a key
//! that was never registered, so it cannot pass by luck.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use idx_emulator::webauthn::device::{Attest, VirtualKey};
use serde_json::{Value, json};

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir, load};
use crate::shape::{adjusted, keys};

/// The security-key user of the demo file.
const KEY_USER: &str = "key@example.com";
/// A page on the RP ID's domain (`localhost`).
const PAGE: &str = "http://localhost:8080";

/// The recorded users could enroll or verify with other authenticators
/// (password, phone, security question) than the emulated one has.
const LISTS: &str = "the recorded user may enroll or verify with other authenticators \
                     (password, phone, security question) than the emulated user has";

fn decode(v: &Value) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(v.as_str().unwrap_or(""))
        .expect("base64url")
}

#[tokio::test]
async fn webauthn_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let mut config = config();
    config.allowed_origins = vec![ORIGIN.to_owned(), PAGE.to_owned()];
    let emu = Emu::new(config);
    let mut c = Checked::default();

    let select = emu.signed_in_with_password(KEY_USER).await;
    let option = &select.form("select-authenticator-enroll")["value"][0]["options"][0];
    let id = option["value"]["form"]["value"][0]["value"].clone();
    let setup = emu
        .enroll_with(&select, "select-authenticator-enroll", json!({ "id": id }))
        .await;
    c.case(
        &dir,
        "WebAuthn set-up",
        "../extra/authenticator-enroll-webauthn.json",
        &setup,
        StatusCode::OK,
        Allow {
            options_differ: LISTS,
            // Every emulated state names the app; this recording has none.
            extra_top: &["app"],
            ..Allow::default()
        },
    );
    let activation = &setup.contextual_data()["activationData"];
    let theirs = load(&dir, "../extra/authenticator-enroll-webauthn.json");
    let recorded = &theirs["currentAuthenticator"]["value"]["contextualData"]["activationData"];
    // `hints` is newer than the clients the emulator serves (and optional).
    if keys(activation) != adjusted(keys(recorded), &["hints"], &[]) {
        c.failures.push(format!(
            "activationData keys ours {:?} vs Okta {:?} (less hints)",
            keys(activation),
            keys(recorded)
        ));
    }

    let mut key = VirtualKey::es256();
    let created = key.create(
        "localhost",
        PAGE,
        &decode(&activation["challenge"]),
        &decode(&activation["user"]["id"]),
        Attest::None,
    );
    let done = emu
        .credentials(
            &setup,
            "enroll-authenticator",
            json!({
                "clientData": STANDARD.encode(&created.client_data_json),
                "attestation": STANDARD.encode(&created.attestation_object),
                "transports": "[]",
                "clientExtensions": "{}",
            }),
        )
        .await;
    assert!(done.interaction_code().is_some(), "{}", done.text);

    let challenge = emu.chose_factor(KEY_USER, "webauthn", json!({})).await;
    c.case_adjusted(
        &dir,
        "WebAuthn verify",
        "../extra/authenticator-verification-webauthn.json",
        &challenge,
        StatusCode::OK,
        Allow {
            options_differ: LISTS,
            ..Allow::default()
        },
        |theirs| {
            // The recording misspells `required` on the credentials object
            // (the failure recording of the same form spells it right).
            let credentials = &mut theirs["remediation"]["value"][0]["value"][0];
            credentials["required"] = json!(true);
            if let Some(m) = credentials.as_object_mut() {
                m.remove("requred");
            }
        },
    );
    let data = &challenge.contextual_data()["challengeData"];
    if keys(data)
        != BTreeSet::from(["challenge", "userVerification", "extensions"].map(String::from))
    {
        c.failures
            .push(format!("challengeData keys {:?}", keys(data)));
    }

    let mut stranger = VirtualKey::es256();
    let wrong = stranger.get("localhost", PAGE, &decode(&data["challenge"]));
    let refused = emu
        .credentials(
            &challenge,
            "challenge-authenticator",
            json!({
                "clientData": STANDARD.encode(&wrong.client_data_json),
                "authenticatorData": STANDARD.encode(&wrong.authenticator_data),
                "signatureData": STANDARD.encode(&wrong.signature),
            }),
        )
        .await;
    c.case(
        &dir,
        "WebAuthn refused",
        "../extra/error-authenticator-webauthn-failure.json",
        &refused,
        StatusCode::BAD_REQUEST,
        Allow {
            options_differ: LISTS,
            forms_differ: &[(
                "challenge-authenticator",
                "the failure recording lists authenticatorData before clientData; \
                 the emulator keeps the verify recording's order",
            )],
            ..Allow::default()
        },
    );

    assert_eq!(c.cases, 3);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}
