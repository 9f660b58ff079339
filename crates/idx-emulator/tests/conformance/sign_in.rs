//! The sign-in states: identify, the factor choice, Okta Verify (code,
//! push, number challenge, rejection), email, success, and the error
//! answers (expired, unknown state handle, bad request); and the password
//! as a challenge when the org asks for the username first.
//!
//! Invariants: each case names its recording and expected status, and each
//! allowed difference its reason; the wrong codes used are never the
//! current ones, so a wrong-code case cannot pass by luck.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir};

#[tokio::test]
async fn idx_responses_match_recorded_okta_shapes() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let mut c = Checked::default();

    // identify (introspect of a new transaction).
    let start = emu.started("openid profile email").await;
    c.case(
        &dir,
        "identify",
        "v3/idp/idx/introspect/default.json",
        &start,
        StatusCode::OK,
        Allow {
            // Self-service registration is not emulated; the recorded org had
            // no third-party IdP (see `identify_with_idps_matches_okta`).
            omit_remediations: &["select-enroll-profile"],
            extra_remediations: &["redirect-idp"],
            ..Allow::default()
        },
    );

    // Wrong password.
    let wrong = emu.identify(&start, DEMO, "nope").await;
    c.case(
        &dir,
        "wrong password",
        "v3/idp/idx/identify/error-wrong-password.json",
        &wrong,
        StatusCode::UNAUTHORIZED,
        Allow {
            // FastPass, registration and unlock are not emulated, and a failed
            // identify does not reveal the user (`user`) to the client.
            omit_top: &["authenticatorChallenge", "user"],
            omit_remediations: &[
                "launch-authenticator",
                "select-enroll-profile",
                "unlock-account",
            ],
            // The demo org's IdP; the recorded org had none.
            extra_remediations: &["redirect-idp"],
            ..Allow::default()
        },
    );

    // Select authenticator.
    let select = emu.signed_in_with_password(DEMO).await;
    c.case(
        &dir,
        "select authenticator",
        "v3/idp/idx/identify/verify-ov-mfa.json",
        &select,
        StatusCode::OK,
        Allow::default(),
    );
    let ov = select.okta_verify_id();

    // Okta Verify method choice (two-step selection).
    let data = emu.chose(DEMO, json!({ "id": ov })).await;
    c.case(
        &dir,
        "OV verification data",
        "v3/idp/idx/challenge/verify-ov-select-method.json",
        &data,
        StatusCode::OK,
        Allow {
            // Resending needs a chosen method first; the emulator offers no resend here.
            omit_current: &["resend"],
            ..Allow::default()
        },
    );

    // TOTP challenge, wrong code.
    let totp = emu.chose_okta_verify(DEMO, "totp").await;
    // `send` asks the server to push instead; the emulator's TOTP state does not offer it.
    let no_send = || Allow {
        omit_current: &["send"],
        ..Allow::default()
    };
    c.case(
        &dir,
        "TOTP challenge",
        "v3/idp/idx/challenge/verify-ov-code-mfa.json",
        &totp,
        StatusCode::OK,
        no_send(),
    );
    let current = emu.totp(DEMO).await;
    let bad = if current == "000000" {
        "111111"
    } else {
        "000000"
    };
    let wrong_code = emu.enter_totp(&totp, bad).await;
    c.case(
        &dir,
        "TOTP wrong code",
        "error-okta-verify-totp.json",
        &wrong_code,
        StatusCode::UNAUTHORIZED,
        no_send(),
    );

    // Success.
    let ok = emu.enter_totp(&totp, &current).await;
    c.case(
        &dir,
        "success",
        "v3/idp/idx/challenge/answer/default.json",
        &ok,
        StatusCode::OK,
        Allow::default(),
    );

    // Push sent / waiting; number challenge.
    let push = emu.chose_okta_verify(DEMO, "push").await;
    c.case(
        &dir,
        "push waiting",
        "v3/idp/idx/challenge/verify-ov-send-push.json",
        &push,
        StatusCode::OK,
        Allow::default(),
    );
    let push_nc = emu.chose_okta_verify(PUSH, "push").await;
    c.case(&dir, "push number challenge", "v3/idp/idx/challenge/verify-ov-push-manual.json", &push_nc, StatusCode::OK, Allow {
        options_differ: "push@example.com has Okta Verify push only; the recorded user also had TOTP",
        ..Allow::default()
    });
    if push_nc.correct_answer().is_none() {
        c.failures
            .push("push number challenge: no correctAnswer".into());
    }

    // Push rejected.
    let waiting = emu.pushes(DEMO).await.remove(0);
    emu.deny_push(&waiting).await;
    let rejected = emu.poll(&push).await;
    c.case(
        &dir,
        "push rejected",
        "authenticator-verification-okta-verify-reject-push.json",
        &rejected,
        StatusCode::OK,
        Allow::default(),
    );

    // Email: verification data, challenge, wrong code.
    let email_id = select.email_id();
    let edata = emu.chose(DEMO, json!({ "id": email_id })).await;
    c.case(
        &dir,
        "email verification data",
        "authenticator-verification-data-email.json",
        &edata,
        StatusCode::OK,
        Allow::default(),
    );
    let email = emu
        .chose(DEMO, json!({ "id": email_id, "methodType": "email" }))
        .await;
    // That older recording lists no `authenticators`; the Gen3 ones do, and the
    // emulator lists them in every factor state.
    let email_allow = || Allow {
        extra_top: &["authenticators"],
        ..Allow::default()
    };
    c.case(
        &dir,
        "email challenge",
        "authenticator-verification-email.json",
        &email,
        StatusCode::OK,
        email_allow(),
    );
    let wrong_email = emu.enter_passcode(&email, "not-a-code").await;
    c.case(
        &dir,
        "email wrong code",
        "error-401-invalid-email-otp-passcode.json",
        &wrong_email,
        StatusCode::UNAUTHORIZED,
        email_allow(),
    );

    // Expired transaction, and an unknown state handle.
    emu.expire_transactions().await;
    let expired = emu.enter_passcode(&email, "x").await;
    c.case(
        &dir,
        "expired",
        "error-401-session-expired.json",
        &expired,
        StatusCode::UNAUTHORIZED,
        Allow::default(),
    );
    let unknown = emu
        .idx(
            "/idp/idx/challenge/answer",
            json!({ "stateHandle": "02nope" }),
        )
        .await;
    c.case(
        &dir,
        "unknown state handle",
        "v3/idp/idx/identify/error-session-expired.json",
        &unknown,
        StatusCode::UNAUTHORIZED,
        Allow::default(),
    );

    // Bad request.
    let bad_req = emu.raw("/idp/idx/identify", ION, "{oops").await;
    c.case(
        &dir,
        "bad request",
        "error-400-bad-request.json",
        &bad_req,
        StatusCode::BAD_REQUEST,
        Allow {
            // An unreadable body cannot be tied to a transaction.
            omit_top: &["stateHandle", "expiresAt", "intent"],
            ..Allow::default()
        },
    );

    assert!(c.cases >= 16);
    assert!(
        c.failures.is_empty(),
        "{} of {} cases drift from Okta's shapes:\n{}",
        c.failures.len(),
        c.cases,
        c.failures.join("\n")
    );
}

#[tokio::test]
async fn username_first_password_challenge_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::username_first();
    let start = emu.started("openid").await;
    let mut c = Checked::default();
    let unknown = emu.identify_username(&start, "nobody@example.com").await;
    c.case(
        &dir,
        "unknown user (username first)",
        "v3/idp/idx/identify/error-invalid-username.json",
        &unknown,
        StatusCode::OK,
        Allow {
            fields_differ: "the recording's org asks for the password in the identify form",
            // The emulator does not echo an unknown identifier back (`user`,
            // `authentication`); FastPass, registration and unlock are not emulated.
            omit_top: &[
                "currentAuthenticator",
                "authenticatorChallenge",
                "user",
                "authentication",
            ],
            omit_remediations: &[
                "launch-authenticator",
                "select-enroll-profile",
                "unlock-account",
            ],
            // The demo org's IdP; the recorded org had none.
            extra_remediations: &["redirect-idp"],
            ..Allow::default()
        },
    );
    let pw = emu.identify_username(&start, DEMO).await;
    assert_eq!(pw.remediations(), vec!["challenge-authenticator"]);
    let wrong = emu.enter_passcode(&pw, "nope").await;
    c.case(
        &dir,
        "password challenge, wrong password",
        "error-authenticator-verify-password.json",
        &wrong,
        StatusCode::UNAUTHORIZED,
        Allow {
            // The emulator's policy always asks for the password before any other
            // factor, so no authenticator switch (nor the enrollment list it
            // relates to) is offered in this state.
            omit_remediations: &["select-authenticator-authenticate"],
            omit_top: &["authenticatorEnrollments"],
            extra_top: &["app"],
            extra_current: &["methods"],
            ..Allow::default()
        },
    );
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}
