//! Okta FastPass: `launch-authenticator` at identify, the
//! `device-challenge-poll` after a launch, and the signed-nonce
//! `challenge-poll` of Okta Verify's FastPass method (CUSTOM_URI).
//!
//! Invariants: each case names its recording and expected status, and each
//! allowed difference its reason.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir};

/// Members of the playground's mock server, not of Okta's responses.
const PLAYGROUND_TOP: &[&str] = &["context"];

#[tokio::test]
async fn fastpass_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let mut config = config();
    config.fastpass = true;
    config.username_first = true;
    config.idps.clear();
    let emu = Emu::new(config);
    let mut c = Checked::default();
    let start = emu.started("openid").await;
    c.case(
        &dir,
        "identify with FastPass",
        "../extra/identify-with-device-probing-loopback-challenge-not-received.json",
        &start,
        StatusCode::OK,
        Allow {
            omit_top: PLAYGROUND_TOP,
            extra_top: &["app"],
            // Self-service registration is not emulated.
            omit_remediations: &["select-enroll-profile"],
            forms_differ: &[(
                "identify",
                "the emulator's identify offers rememberMe, as the Gen3 recordings do",
            )],
            ..Allow::default()
        },
    );
    let waiting = emu.submit(&start, "launch-authenticator", json!({})).await;
    c.case(
        &dir,
        "device-challenge-poll",
        "../extra/identify-with-device-launch-authenticator.json",
        &waiting,
        StatusCode::OK,
        Allow {
            omit_top: PLAYGROUND_TOP,
            extra_top: &["app"],
            ..Allow::default()
        },
    );
    let emu = Emu::demo();
    let select = emu.signed_in_with_password(FASTPASS_USER).await;
    let nonce = emu
        .choose(
            &select,
            json!({ "id": select.okta_verify_id(), "methodType": "signed_nonce" }),
        )
        .await;
    c.case(
        &dir,
        "signed-nonce challenge-poll",
        "../extra/authenticator-verification-okta-verify-signed-nonce-custom-uri.json",
        &nonce,
        StatusCode::OK,
        Allow {
            options_differ: "the recording offers FastPass as an option of its own (and the \
                             password); the emulator's is Okta Verify's method choice, as in \
                             verify-ov-mfa.json",
            ..Allow::default()
        },
    );
    assert_eq!(c.cases, 3);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}
