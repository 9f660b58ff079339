//! Encodings, option building and result values (the recorded states are
//! covered by `tests/webauthn.rs`).

use serde_json::json;

use super::*;
use crate::model::webauthn::*;
use crate::model::{Input, InputKind, NextStep, StepName};

fn hidden(name: &str, required: bool) -> Input {
    Input {
        name: name.into(),
        label: None,
        kind: InputKind::String,
        required,
        secret: false,
        visible: false,
        options: Vec::new(),
        value: None,
        min_length: None,
        max_length: None,
        messages: Vec::new(),
        inputs: Vec::new(),
        control: None,
        description: None,
    }
}

fn step(name: &str, inputs: &[&str]) -> NextStep {
    NextStep {
        name: StepName::from(name),
        inputs: inputs.iter().map(|n| hidden(n, true)).collect(),
        authenticator: None,
        authenticator_options: Vec::new(),
        can_resend: false,
        can_skip: false,
        poll: None,
        href: None,
        idp_name: None,
        idp_type: None,
        scopes: Vec::new(),
        request_info: Vec::new(),
    }
}

#[test]
fn base64url_decodes_leniently_and_results_encode_padded() {
    // Okta's ids are 20 base64url characters: 15 bytes, no padding.
    assert_eq!(
        decode_base64url("00utjm1GstPjCF9Ad0g3").map(|b| b.len()),
        Some(15)
    );
    assert_eq!(decode_base64url("-_8"), Some(vec![0xfb, 0xff]));
    assert_eq!(decode_base64url("+/8="), Some(vec![0xfb, 0xff]));
    // Trailing bits that `atob` ignores.
    assert_eq!(decode_base64url("-_9"), Some(vec![0xfb, 0xff]));
    assert_eq!(decode_base64url("not base64!"), None);
    // Standard alphabet with padding, never the URL-safe one.
    assert_eq!(encode_base64(&[0xfb, 0xff]), "+/8=");
    assert_eq!(encode_base64(b"{\"a\":1}"), "eyJhIjoxfQ==");
}

#[test]
fn variants_follow_the_display_name() {
    use WebAuthnVariant::*;
    assert_eq!(WebAuthnVariant::from_display_name(None), SecurityKey);
    assert_eq!(
        WebAuthnVariant::from_display_name(Some("Security Key or Biometric")),
        SecurityKey
    );
    assert_eq!(
        WebAuthnVariant::from_display_name(Some("Passkeys")),
        Passkeys
    );
    assert_eq!(
        WebAuthnVariant::from_display_name(Some("YubiKey")),
        Custom("YubiKey".into())
    );
}

#[test]
fn appid_is_kept_only_on_the_org_origin() {
    let data = ChallengeData::from_json(&json!({
        "challenge": "qjUCU0xoVe5QZ3-etDCD",
        "userVerification": "required",
        "hints": ["security-key"],
        "timeout": 60000,
        "extensions": {"appid": "https://acme.okta.com"}
    }))
    .expect("challenge data");
    assert_eq!(data.timeout_ms, Some(60000));
    assert_eq!(data.user_verification.as_deref(), Some("required"));
    assert_eq!(data.hints, ["security-key"]);
    let enrolled = [CredentialDescriptor {
        id: vec![1, 2],
        transports: vec!["usb".into()],
    }];
    let on_org = data.request_options(&enrolled, "https://acme.okta.com");
    assert_eq!(on_org.appid.as_deref(), Some("https://acme.okta.com"));
    assert_eq!(on_org.allow_credentials, enrolled);
    let elsewhere = data.request_options(&enrolled, "https://app.example.com");
    assert_eq!(elsewhere.appid, None);
    assert_eq!(elsewhere.challenge, on_org.challenge);
    assert_eq!(elsewhere.timeout_ms, Some(60000));
    assert!(ChallengeData::from_json(&json!({"userVerification": "required"})).is_none());
}

#[test]
fn a_required_resident_key_excludes_nothing() {
    let mut v = json!({
        "rp": {"name": "idx"},
        "user": {"id": "00utjm1GstPjCF9Ad0g3", "name": "a@b", "displayName": "A B"},
        "challenge": "zrTo0mMXyCt90mweh2HL",
        "pubKeyCredParams": [{"type": "public-key", "alg": -7}, {"type": "other", "alg": 1},
                             {"type": "public-key", "alg": -257}],
        "attestation": "direct",
        "authenticatorSelection": {"userVerification": "discouraged"}
    });
    let enrolled = [CredentialDescriptor {
        id: vec![9],
        transports: Vec::new(),
    }];
    let data = ActivationData::from_json(&v).expect("activation data");
    assert_eq!(data.algorithms, [-7, -257]);
    assert_eq!(
        data.user.id,
        decode_base64url("00utjm1GstPjCF9Ad0g3").unwrap()
    );
    assert_eq!(
        data.creation_options(&enrolled).exclude_credentials,
        enrolled
    );
    v["authenticatorSelection"]["requireResidentKey"] = json!(true);
    let data = ActivationData::from_json(&v).expect("activation data");
    assert!(
        data.creation_options(&enrolled)
            .exclude_credentials
            .is_empty()
    );
}

#[test]
fn enrollments_give_descriptors_with_either_transport_shape() {
    let root = json!({"authenticatorEnrollments": {"value": [
        {"key": "okta_password", "id": "x"},
        {"key": "webauthn", "credentialId": "AQI", "transports": ["usb", "nfc"]},
        {"key": "webauthn", "credentialId": "AwQ", "profile": {"transports": "internal, hybrid"}},
        {"key": "webauthn"}
    ]}});
    assert_eq!(
        enrolled_credentials(&root),
        [
            CredentialDescriptor {
                id: vec![1, 2],
                transports: vec!["usb".into(), "nfc".into()]
            },
            CredentialDescriptor {
                id: vec![3, 4],
                transports: vec!["internal".into(), "hybrid".into()]
            },
        ]
    );
}

#[test]
fn assertion_values_send_the_user_handle_only_where_declared() {
    let result = AssertionResult {
        client_data_json: b"{}".to_vec(),
        authenticator_data: vec![0xfb],
        signature: vec![0xff, 0xfe],
        user_handle: None,
    };
    let plain = result.values(&step(
        "challenge-authenticator",
        &["clientData", "authenticatorData", "signatureData"],
    ));
    assert_eq!(plain.get_text("clientData"), Some("e30="));
    assert_eq!(plain.get_text("authenticatorData"), Some("+w=="));
    assert_eq!(plain.get_text("signatureData"), Some("//4="));
    assert_eq!(plain.get_text("userHandle"), None);
    assert!(!result.has_user_handle());

    let autofill = AssertionResult {
        user_handle: Some(vec![1]),
        ..result
    }
    .values(&step(
        "challenge-webauthn-autofillui-authenticator",
        &[
            "credentials.authenticatorData",
            "credentials.clientData",
            "credentials.signatureData",
            "credentials.userHandle",
        ],
    ));
    assert_eq!(autofill.get_text("credentials.userHandle"), Some("AQ=="));
    assert_eq!(autofill.get_text("credentials.clientData"), Some("e30="));
}

#[test]
fn attestation_values_carry_json_text() {
    let result = AttestationResult {
        client_data_json: b"{}".to_vec(),
        attestation_object: vec![0xa0],
        transports: Some(vec!["usb".into(), "nfc".into()]),
        client_extensions_json: r#"{"credProps":{"rk":true}}"#.into(),
    };
    let values = result.values(&step(
        "enroll-authenticator",
        &[
            "clientData",
            "attestation",
            "transports",
            "clientExtensions",
        ],
    ));
    assert_eq!(values.get_text("attestation"), Some("oA=="));
    assert_eq!(values.get_text("transports"), Some(r#"["usb","nfc"]"#));
    assert_eq!(
        values.get_text("clientExtensions"),
        Some(r#"{"credProps":{"rk":true}}"#)
    );
    let unknown = AttestationResult {
        transports: None,
        ..result
    }
    .values(&step(
        "enroll-authenticator",
        &["clientData", "attestation", "transports"],
    ));
    assert_eq!(unknown.get_text("transports"), Some("[]"));
    assert_eq!(unknown.get_text("clientExtensions"), None);
}
