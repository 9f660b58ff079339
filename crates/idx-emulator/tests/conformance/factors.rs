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
use crate::recordings::{Checked, fixtures_dir, load};
use crate::shape::{adjusted, keys};

/// Enrollment is required: the choice's `authenticator` is required, as in
/// `authenticator-enroll-select-authenticator-with-usage-info.json`; these
/// recordings come from an org where it was optional.
const REQUIRED_CHOICE: (&str, &str) = (
    "select-authenticator-enroll",
    "enrollment is required here, so `authenticator` is required",
);

/// Members of the Gen3 bodies the older playground recordings predate, as
/// every other emulated state has them.
const GEN3_TOP: &[&str] = &[
    "app",
    "authenticators",
    "authenticatorEnrollments",
    "enrollmentAuthenticator",
];

/// The security question recordings' error variants drop `secret` from the
/// answer fields; the emulator keeps it, as the enrollment recording has it.
const ANSWER_SECRET: (&str, &str) = (
    "enroll-authenticator",
    "the answer fields keep `secret`, as in authenticator-enroll-security-question.json",
);
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
            extra_top: &["app", "authenticators"],
            options_differ: OTHER_FACTORS,
            // The playground leaves `credentials` untyped; every Gen3
            // recording types it `object`.
            forms_differ: &[(
                "challenge-authenticator",
                "untyped `credentials` in the playground",
            )],
            // Gen3 enrollments carry `methods`, not `authenticatorId`.
            omit_current: &["authenticatorId"],
            extra_current: &["methods"],
            ..Allow::default()
        },
    );
    let enroll = emu.enrolling_factor(ENROLL_QUESTION, json!({})).await;
    c.case_adjusted(
        &dir,
        "question enroll",
        "../extra/authenticator-enroll-security-question.json",
        &enroll,
        StatusCode::OK,
        Allow {
            extra_top: GEN3_TOP,
            extra_current: &["methods"],
            forms_differ: &[(
                "enroll-authenticator",
                "the recorded org offers three of the questions; the error recordings, all of them",
            )],
            ..Allow::default()
        },
        // The playground's `cancel` lacks the state handle's flags.
        |theirs| theirs["cancel"]["value"][0] = json!({ "name": "stateHandle", "required": true, "value": "", "visible": false, "mutable": false }),
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
        Allow {
            extra_current: &["methods"],
            forms_differ: &[ANSWER_SECRET, REQUIRED_CHOICE],
            ..Allow::default()
        },
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
        Allow {
            forms_differ: &[ANSWER_SECRET, REQUIRED_CHOICE],
            // The recorded answer was also too short; this one is not.
            omit_messages: &["securityQuestion.answer.tooShort.arg"],
            ..Allow::default()
        },
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
        Allow {
            forms_differ: &[REQUIRED_CHOICE],
            ..Allow::default()
        },
    );
    // The QR code and secret, as recorded (plus the `method` every other
    // embedded QR code of Okta's carries).
    let theirs = load(
        &dir,
        "../extra/authenticator-enroll-google-authenticator.json",
    );
    let (ours_data, their_data) = (
        enroll.contextual_data(),
        &theirs["currentAuthenticator"]["value"]["contextualData"],
    );
    if keys(ours_data) != keys(their_data)
        || keys(&ours_data["qrcode"]) != adjusted(keys(&their_data["qrcode"]), &[], &["method"])
        || ours_data["qrcode"]["type"] != their_data["qrcode"]["type"]
    {
        c.failures.push(format!(
            "google contextualData differs: {:?}",
            keys(ours_data)
        ));
    }
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
        Allow {
            forms_differ: &[REQUIRED_CHOICE],
            ..Allow::default()
        },
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
