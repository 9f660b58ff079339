//! The security question, Google Authenticator and the OTP tokens: their
//! challenges, enrollments and errors, compared with the recordings
//! (most of them the Sign-In Widget's, in `extra/`).
//!
//! Invariants: each case names its recording and expected status, and each
//! allowed difference its reason; the wrong codes used are never the right
//! ones.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir};

/// The recorded select lists other authenticators than the demo user's.
const OTHER_FACTORS: &str = "the recorded user has other factors";

#[tokio::test]
async fn security_question_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let mut c = Checked::default();
    let challenge = emu
        .chose_factor(QUESTION_USER, "security_question", json!({}))
        .await;
    c.case(
        &dir,
        "question challenge",
        "../extra/authenticator-verification-security-question.json",
        &challenge,
        StatusCode::OK,
        Allow {
            options_differ: OTHER_FACTORS,
            ..Allow::default()
        },
    );
    let enroll = emu.enrolling_factor(ENROLL_QUESTION, json!({})).await;
    c.case(
        &dir,
        "question enroll",
        "../extra/authenticator-enroll-security-question.json",
        &enroll,
        StatusCode::OK,
        Allow::default(),
    );
    let short = emu
        .credentials(
            &enroll,
            "enroll-authenticator",
            json!({ "questionKey": "disliked_food", "answer": "abc" }),
        )
        .await;
    c.case(
        &dir,
        "question answer too short",
        "../extra/error-authenticator-enroll-security-question.json",
        &short,
        StatusCode::BAD_REQUEST,
        Allow::default(),
    );
    let tags = emu
        .credentials(
            &enroll,
            "enroll-authenticator",
            json!({ "questionKey": "custom", "question": "<i>Why</i>?", "answer": "because" }),
        )
        .await;
    c.case(
        &dir,
        "question with markup",
        "../extra/error-authenticator-enroll-security-question-html-tags.json",
        &tags,
        StatusCode::BAD_REQUEST,
        Allow::default(),
    );
    assert_eq!(c.cases, 4);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}

#[tokio::test]
async fn google_authenticator_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let mut c = Checked::default();
    let challenge = emu.chose_factor(GOOGLE_USER, "google_otp", json!({})).await;
    c.case(
        &dir,
        "google challenge",
        "authenticator-verification-google-authenticator.json",
        &challenge,
        StatusCode::OK,
        Allow {
            options_differ: OTHER_FACTORS,
            ..Allow::default()
        },
    );
    let code = emu.google_code(GOOGLE_USER).await.body["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let wrong = emu.enter_passcode(&challenge, Emu::other_code(&code)).await;
    c.case(
        &dir,
        "google wrong code",
        "error-authenticator-verification-on-google-otp-invalid-passcode.json",
        &wrong,
        StatusCode::UNAUTHORIZED,
        Allow {
            options_differ: OTHER_FACTORS,
            ..Allow::default()
        },
    );
    let done = emu.enter_passcode(&wrong, &code).await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());
    let again = emu.chose_factor(GOOGLE_USER, "google_otp", json!({})).await;
    let used = emu.enter_passcode(&again, &code).await;
    c.case(
        &dir,
        "google used code",
        "error-authenticator-verification-on-google-otp-used-passcode.json",
        &used,
        StatusCode::UNAUTHORIZED,
        Allow {
            options_differ: OTHER_FACTORS,
            ..Allow::default()
        },
    );
    let enroll = emu.enrolling_factor(ENROLL_GOOGLE, json!({})).await;
    c.case(
        &dir,
        "google enroll",
        "../extra/authenticator-enroll-google-authenticator.json",
        &enroll,
        StatusCode::OK,
        Allow::default(),
    );
    let code = emu.google_code(ENROLL_GOOGLE).await.body["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let wrong = emu
        .credentials(
            &enroll,
            "enroll-authenticator",
            json!({ "passcode": Emu::other_code(&code) }),
        )
        .await;
    c.case(
        &dir,
        "google enroll wrong code",
        "../extra/error-authenticator-enroll-google-invalid-otp.json",
        &wrong,
        StatusCode::UNAUTHORIZED,
        Allow::default(),
    );
    assert_eq!(c.cases, 5);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}

#[tokio::test]
async fn otp_tokens_match_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let mut c = Checked::default();
    let custom = emu.chose_factor(OTP_USER, "custom_otp", json!({})).await;
    c.case(
        &dir,
        "custom OTP challenge",
        "../extra/authenticator-verification-custom-otp.json",
        &custom,
        StatusCode::OK,
        Allow {
            options_differ: OTHER_FACTORS,
            ..Allow::default()
        },
    );
    let code = emu.token_code(OTP_USER, "custom_otp").await.body["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let wrong = emu.enter_passcode(&custom, Emu::other_code(&code)).await;
    c.case(
        &dir,
        "custom OTP wrong code",
        "../extra/error-authenticator-verification-custom-otp.json",
        &wrong,
        StatusCode::UNAUTHORIZED,
        Allow {
            options_differ: OTHER_FACTORS,
            ..Allow::default()
        },
    );
    let rsa = emu.chose_factor(OTP_USER, "rsa_token", json!({})).await;
    c.case(
        &dir,
        "RSA challenge",
        "../extra/authenticator-verification-rsa.json",
        &rsa,
        StatusCode::OK,
        Allow {
            options_differ: OTHER_FACTORS,
            ..Allow::default()
        },
    );
    let code = emu.token_code(OTP_USER, "rsa_token").await.body["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let next = emu.enter_passcode(&rsa, &code).await;
    c.case(
        &dir,
        "RSA next tokencode",
        "../extra/error-authenticator-verification-passcode-change-rsa.json",
        &next,
        StatusCode::UNAUTHORIZED,
        Allow {
            options_differ: OTHER_FACTORS,
            ..Allow::default()
        },
    );
    assert_eq!(c.cases, 4);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}
