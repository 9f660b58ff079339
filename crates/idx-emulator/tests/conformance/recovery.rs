//! Self-service password recovery: the `recover` actions, the recovery's
//! factor choice and challenge, `reset-authenticator` with the policy and
//! its field message, and the terminal "not allowed".
//!
//! Invariants: each case names its recording and expected status; a
//! recording fixed up before comparing says which quirk and why; the
//! password messages are compared with the recorded one, key by key.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir, load};
use crate::shape::keys;

/// Self-service password recovery: the `recover` action where the password
/// is current, the recovery's authenticator choice and challenge, the
/// `reset-authenticator` state with the password policy, its field message,
/// and the terminal answer when recovery is not possible.
#[tokio::test]
async fn password_recovery_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let mut c = Checked::default();
    // Okta names the authenticator being recovered in every recovery state
    // once the user is known (recorded in `authenticator-expired-password.json`);
    // the recordings below predate or lack it.
    const RECOVERING: &[&str] = &["recoveryAuthenticator"];

    // The recover action on the identify form that asks for the password.
    let start = emu.started("openid").await;
    c.case(
        &dir,
        "identify with password (playground)",
        "identify-with-password.json",
        &start,
        StatusCode::OK,
        Allow {
            // `step` is a member of the playground's mock server; registration is
            // not emulated; the demo org has an IdP; every emulated state names its app.
            omit_top: &["step"],
            extra_top: &["app"],
            omit_remediations: &["select-enroll-profile"],
            extra_remediations: &["redirect-idp"],
            ..Allow::default()
        },
    );

    // The recover action on the password challenge (username first).
    let uf = Emu::username_first();
    let uf_start = uf.started("openid").await;
    let challenge = uf.identify_username(&uf_start, DEMO).await;
    c.case(
        &dir,
        "password challenge (playground)",
        "authenticator-verification-password.json",
        &challenge,
        StatusCode::OK,
        Allow {
            // As in `username_first_password_challenge_matches_okta`: the policy
            // asks for the password first, so no authenticator switch is offered.
            omit_remediations: &["select-authenticator-authenticate"],
            omit_top: &["authenticatorEnrollments"],
            extra_top: &["app"],
            omit_current: &["profile"],
            extra_current: &["methods"],
            forms_differ: &[(
                "challenge-authenticator",
                "the playground's credentials field has no type and is not required; \
                 compared with error-authenticator-verify-password.json",
            )],
            ..Allow::default()
        },
    );

    // The recovery's choice of authenticator and its email challenge.
    let select = emu.recovering(DEMO).await;
    c.case(
        &dir,
        "recovery: select authenticator",
        "v3/idp/idx/identify/verify-ov-mfa.json",
        &select,
        StatusCode::OK,
        Allow {
            extra_top: RECOVERING,
            ..Allow::default()
        },
    );
    let email = emu
        .choose(
            &select,
            json!({ "id": select.email_id(), "methodType": "email" }),
        )
        .await;
    c.case(
        &dir,
        "recovery: email challenge",
        "authenticator-verification-email.json",
        &email,
        StatusCode::OK,
        Allow {
            // As in the sign-in's email challenge, plus the recovery member.
            extra_top: &["authenticators", "recoveryAuthenticator"],
            ..Allow::default()
        },
    );

    // reset-authenticator, and the same state rejecting a weak password.
    let code = emu.email_code(DEMO).await;
    let reset = emu.enter_passcode(&email, &code).await;
    let fixture = "authenticator-reset-password.json";
    // The playground's stateHandle field lacks `required` and `mutable`, which
    // every Gen3 recording (and this recording's own `cancel`) has.
    let gen3_state_handle = |theirs: &mut Value| {
        for f in theirs["remediation"]["value"][0]["value"]
            .as_array_mut()
            .expect("fields")
        {
            if f["name"] == "stateHandle" {
                f["required"] = json!(true);
                f["mutable"] = json!(false);
            }
        }
    };
    let reset_allow = |extra_messages| Allow {
        // A playground placeholder (`__embeddedContract`), not an Okta member.
        omit_top: &["enrollmentAuthenticator"],
        extra_top: RECOVERING,
        extra_messages,
        ..Allow::default()
    };
    c.case_adjusted(
        &dir,
        "reset-authenticator",
        fixture,
        &reset,
        StatusCode::OK,
        reset_allow(&[]),
        gen3_state_handle,
    );
    let theirs = load(&dir, fixture);
    let (ours_settings, their_settings) = (
        &reset.body["currentAuthenticator"]["value"]["settings"],
        &theirs["currentAuthenticator"]["value"]["settings"],
    );
    for member in ["complexity", "age"] {
        if keys(&ours_settings[member]) != keys(&their_settings[member]) {
            c.failures.push(format!(
                "reset-authenticator settings.{member}: ours {:?} vs Okta {:?}",
                keys(&ours_settings[member]),
                keys(&their_settings[member])
            ));
        }
    }
    if keys(ours_settings) != keys(their_settings) {
        c.failures
            .push("reset-authenticator settings members differ".into());
    }

    let weak = emu.reset_password(&reset, "short", false).await;
    c.case_adjusted(
        &dir,
        "reset-authenticator, requirements not met",
        fixture,
        &weak,
        StatusCode::BAD_REQUEST,
        reset_allow(&["password.passwordRequirementsNotMet"]),
        gen3_state_handle,
    );
    // The field message sits where, and is shaped as, the recorded password
    // rejection's (`password.common` on `credentials.passcode`).
    let recorded = load(&dir, "error-authenticator-enroll-password-common.json");
    let passcode_message = |body: &Value| -> Value {
        body["remediation"]["value"][0]["value"][0]["form"]["value"][0]["messages"]["value"][0]
            .clone()
    };
    let (ours_msg, their_msg) = (passcode_message(&weak.body), passcode_message(&recorded));
    if their_msg.is_null() || keys(&ours_msg) != keys(&their_msg) {
        c.failures.push(format!(
            "passcode field message members: ours {:?} vs Okta {:?}",
            keys(&ours_msg),
            keys(&their_msg)
        ));
    }
    if keys(&ours_msg["i18n"]) != keys(&their_msg["i18n"])
        || ours_msg["class"] != their_msg["class"]
    {
        c.failures
            .push("passcode field message i18n members or class differ".into());
    }
    let common = emu.reset_password(&reset, "Passw0rd", false).await;
    if passcode_message(&common.body) != their_msg {
        c.failures.push(format!(
            "password.common message: ours {} vs Okta {}",
            passcode_message(&common.body),
            their_msg
        ));
    }

    // No recovery possible: a terminal body, as Okta's terminal states are.
    let denied = emu.recovering(NEW).await;
    c.case(
        &dir,
        "recovery not allowed",
        "terminal-polling-window-expired.json",
        &denied,
        StatusCode::FORBIDDEN,
        Allow {
            omit_messages: &["E0000010"],
            extra_messages: &["oie.selfservice.reset.password.not.allowed"],
            ..Allow::default()
        },
    );

    assert_eq!(c.cases, 7);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}
