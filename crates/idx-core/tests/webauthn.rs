//! WebAuthn over Okta's recorded states (`extra/authenticator-*-webauthn*`,
//! the passkey promotion, identify with passkeys): the typed challenge and
//! activation data, the browser options built from them, and the bodies
//! that answer them.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;

use idx_core::{
    AssertionResult, AttestationResult, IdxOutcome, StepName, Transaction, WebAuthnVariant,
    decode_base64url,
};
use serde_json::{Value as Json, json};

fn extra(dir: &Path, name: &str) -> Transaction {
    let bytes =
        std::fs::read(dir.join("extra").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    match idx_core::parse_idx_response(200, Some(idx_core::ION_JSON), &bytes) {
        Ok(IdxOutcome::Transaction(t)) => *t,
        other => panic!("{name}: expected a transaction, got {other:?}"),
    }
}

fn body(request: &idx_core::Request) -> Json {
    serde_json::from_str(request.body.as_deref().expect("a body")).expect("JSON body")
}

fn assertion() -> AssertionResult {
    AssertionResult {
        client_data_json: br#"{"type":"webauthn.get"}"#.to_vec(),
        authenticator_data: vec![0xfb; 37],
        signature: vec![0x30, 0x44],
        user_handle: Some(decode_base64url("00u3odk7tZ2q0qnUN0g5").expect("id")),
    }
}

#[test]
fn verify_reads_challenge_and_the_enrolled_credentials() {
    let Some(dir) = common::fixtures_dir("verify_reads_challenge_and_the_enrolled_credentials")
    else {
        return;
    };
    let tx = extra(&dir, "authenticator-verification-webauthn.json");
    let step = tx.next_step.clone().expect("a step");
    assert_eq!(step.name, StepName::ChallengeAuthenticator);
    let auth = step.authenticator.clone().expect("current authenticator");
    assert_eq!(auth.key.as_deref(), Some("webauthn"));
    let data = auth.challenge_data.expect("challengeData");
    assert_eq!(
        data.challenge,
        decode_base64url("qjUCU0xoVe5QZ3-etDCD").unwrap()
    );
    assert_eq!(data.user_verification.as_deref(), Some("required"));
    assert_eq!(data.hints, ["security-key"]);
    assert_eq!(data.appid.as_deref(), Some("https://localhost:3000"));
    // Two webauthn enrollments among seven, transports kept.
    assert_eq!(tx.webauthn_credentials.len(), 2);
    assert_eq!(tx.webauthn_credentials[0].transports, ["usb", "nfc"]);
    assert_eq!(tx.webauthn_credentials[1].transports, ["internal"]);
    assert_eq!(tx.webauthn_credentials[1].id.len(), 64);

    let on_org = data.request_options(&tx.webauthn_credentials, "https://localhost:3000");
    assert_eq!(on_org.appid.as_deref(), Some("https://localhost:3000"));
    assert_eq!(on_org.allow_credentials, tx.webauthn_credentials);
    let elsewhere = data.request_options(&tx.webauthn_credentials, "https://app.example.com");
    assert_eq!(elsewhere.appid, None);

    // Standard padded base64, no userHandle (the form does not declare it).
    let request = tx
        .proceed_request(&step.name, &assertion().values(&step))
        .expect("a request");
    assert!(request.url.ends_with("/idp/idx/challenge/answer"));
    let sent = body(&request);
    assert_eq!(
        sent["credentials"],
        json!({
            "clientData": "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0=",
            "authenticatorData": "+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+w==",
            "signatureData": "MEQ=",
        })
    );
    assert!(sent["stateHandle"].is_string());
}

#[test]
fn variants_and_the_admin_note_follow_the_recordings() {
    let Some(dir) = common::fixtures_dir("variants_and_the_admin_note_follow_the_recordings")
    else {
        return;
    };
    for (name, variant, description) in [
        (
            "authenticator-verification-webauthn.json",
            WebAuthnVariant::SecurityKey,
            None,
        ),
        (
            "authenticator-verification-webauthn-passkeys.json",
            WebAuthnVariant::Passkeys,
            None,
        ),
        (
            "authenticator-verification-webauthn-custom.json",
            WebAuthnVariant::Custom("TouchID".into()),
            Some("Use your fingerprint to verify your identity."),
        ),
        (
            "authenticator-enroll-webauthn.json",
            WebAuthnVariant::SecurityKey,
            None,
        ),
        (
            "authenticator-enroll-webauthn-passkeys.json",
            WebAuthnVariant::Passkeys,
            None,
        ),
        (
            "authenticator-enroll-webauthn-custom.json",
            WebAuthnVariant::Custom("YubiKey".into()),
            Some("Insert your YubiKey and tap to authenticate."),
        ),
    ] {
        let tx = extra(&dir, name);
        let auth = tx.next_step.and_then(|s| s.authenticator).expect(name);
        assert_eq!(
            WebAuthnVariant::from_display_name(auth.display_name.as_deref()),
            variant,
            "{name}"
        );
        assert_eq!(auth.description.as_deref(), description, "{name}");
        assert!(
            auth.challenge_data.is_some() || auth.activation_data.is_some(),
            "{name}"
        );
    }
    // No enrollments in the passkeys recording: a discoverable request.
    let tx = extra(&dir, "authenticator-verification-webauthn-passkeys.json");
    assert!(tx.webauthn_credentials.is_empty());
}

#[test]
fn enroll_reads_activation_data_and_sends_json_text() {
    let Some(dir) = common::fixtures_dir("enroll_reads_activation_data_and_sends_json_text") else {
        return;
    };
    let tx = extra(&dir, "authenticator-enroll-webauthn.json");
    let step = tx.next_step.clone().expect("a step");
    assert_eq!(step.name, StepName::EnrollAuthenticator);
    let data = step
        .authenticator
        .as_ref()
        .and_then(|a| a.activation_data.clone())
        .expect("activationData");
    assert_eq!(data.rp.name, "idx");
    assert_eq!(data.rp.id, None);
    assert_eq!(data.user.name, "test@okta.com");
    assert_eq!(data.user.display_name, "test user");
    // The user id is base64url-decoded, not its UTF-8 bytes.
    assert_eq!(
        data.user.id,
        decode_base64url("00utjm1GstPjCF9Ad0g3").unwrap()
    );
    assert_eq!(data.user.id.len(), 15);
    assert_eq!(data.algorithms, [-7, -257]);
    assert_eq!(data.attestation.as_deref(), Some("direct"));
    assert_eq!(
        data.authenticator_selection.user_verification.as_deref(),
        Some("discouraged")
    );
    let options = data.creation_options(&tx.webauthn_credentials);
    assert_eq!(options.exclude_credentials.len(), 2);
    assert!(
        options
            .exclude_credentials
            .iter()
            .all(|c| c.transports.is_empty())
    );

    let result = AttestationResult {
        client_data_json: b"{}".to_vec(),
        attestation_object: vec![0xa3, 0x63],
        transports: Some(vec!["usb".into()]),
        client_extensions_json: r#"{"credProps":{"rk":false}}"#.into(),
    };
    let request = tx
        .proceed_request(&step.name, &result.values(&step))
        .expect("a request");
    assert_eq!(
        body(&request)["credentials"],
        json!({
            "clientData": "e30=",
            "attestation": "o2M=",
            "transports": "[\"usb\"]",
            "clientExtensions": "{\"credProps\":{\"rk\":false}}",
        })
    );
}

#[test]
fn the_promotion_offers_create_and_skip() {
    let Some(dir) = common::fixtures_dir("the_promotion_offers_create_and_skip") else {
        return;
    };
    for name in [
        "authenticator-enroll-passkey-promotion.json",
        "authenticator-enroll-passkey-promotion-security-key.json",
    ] {
        let tx = extra(&dir, name);
        let step = tx.next_step.clone().expect(name);
        assert_eq!(step.name, StepName::EnrollAuthenticatorPromotion, "{name}");
        assert!(step.can_skip, "{name}");
        let data = step
            .authenticator
            .as_ref()
            .and_then(|a| a.activation_data.clone())
            .expect(name);
        assert_eq!(
            data.user.id,
            decode_base64url("00u3odk7tZ2q0qnUN0g5").unwrap()
        );
        // Only a password is enrolled: nothing to exclude.
        assert!(tx.webauthn_credentials.is_empty());
        let result = AttestationResult {
            client_data_json: b"{}".to_vec(),
            attestation_object: vec![0xa0],
            transports: None,
            client_extensions_json: "{}".into(),
        };
        let request = tx
            .proceed_request(&step.name, &result.values(&step))
            .expect(name);
        assert!(
            request.url.ends_with("/idp/idx/credential/enroll"),
            "{name}"
        );
        assert_eq!(body(&request)["credentials"]["transports"], "[]", "{name}");
        let skip = tx.skip_request().expect(name);
        assert!(skip.url.ends_with("/idp/idx/skip"), "{name}");
    }
}

#[test]
fn identify_offers_a_passkey_challenge() {
    let Some(dir) = common::fixtures_dir("identify_offers_a_passkey_challenge") else {
        return;
    };
    for (name, launch) in [
        ("identify-with-webauthn-autofill.json", false),
        ("identify-with-passkeys-launch-authenticator.json", true),
    ] {
        let tx = extra(&dir, name);
        assert_eq!(
            tx.next_step.as_ref().map(|s| &s.name),
            Some(&StepName::Identify)
        );
        let challenge = tx.autofill_challenge.clone().expect(name);
        assert_eq!(challenge.user_verification.as_deref(), Some("preferred"));
        let options = challenge.request_options(&tx.webauthn_credentials, "http://localhost:3000");
        assert!(options.allow_credentials.is_empty(), "{name}: discoverable");
        assert_eq!(options.appid.as_deref(), Some("http://localhost:3000"));
        let autofill = tx
            .step(&StepName::ChallengeWebauthnAutofilluiAuthenticator)
            .expect(name);
        assert_eq!(
            tx.step(&StepName::LaunchPasskeysAuthenticator).is_some(),
            launch,
            "{name}"
        );
        let request = tx
            .proceed_request(&autofill.name, &assertion().values(autofill))
            .expect(name);
        assert!(
            request
                .url
                .ends_with("/idp/idx/challenge/answer/webauthn-autofillui")
        );
        let sent = body(&request);
        assert_eq!(
            sent["credentials"]["userHandle"], "00u3odk7tZ2q0qnUN0g5",
            "{name}"
        );
        assert_eq!(sent["credentials"]["signatureData"], "MEQ=", "{name}");
    }
    // The older resident-key flow: a launch button, then a discoverable
    // challenge that declares `userHandle`.
    let tx = extra(&dir, "identify-with-webauthn-residentkey.json");
    assert!(tx.step(&StepName::LaunchWebauthnAuthenticator).is_some());
    let tx = extra(&dir, "identify-with-webauthn-launch-authenticator.json");
    let step = tx.next_step.clone().expect("a step");
    assert!(tx.webauthn_credentials.is_empty());
    assert!(tx.step(&StepName::EnrollWebauthnResidentkey).is_some());
    let values = assertion().values(&step);
    assert!(values.get_text("userHandle").is_some());
}

#[test]
fn a_rejected_assertion_keeps_the_challenge_with_the_server_message() {
    let Some(dir) = common::fixtures_dir("a_rejected_assertion_keeps_the_challenge") else {
        return;
    };
    let tx = extra(&dir, "error-authenticator-webauthn-failure.json");
    assert!(tx.has_message("authfactor.webauthn.error.assertion_validation_failure"));
    assert!(tx.has_errors());
    let step = tx.next_step.clone().expect("a step");
    assert_eq!(step.name, StepName::ChallengeAuthenticator);
    let data = step
        .authenticator
        .and_then(|a| a.challenge_data)
        .expect("challengeData");
    // A 27-character challenge (20 bytes) decodes without padding.
    assert_eq!(data.challenge.len(), 20);
    assert!(
        tx.step(&StepName::SelectAuthenticatorAuthenticate)
            .is_some()
    );
}
