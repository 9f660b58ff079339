//! Okta Verify enrollment: the required choice, the QR code and emailed-link
//! channels, compared with the Gen3 recording and the older playground ones.
//!
//! Invariants: the Gen3 recording sets the shape; what the older
//! playground recordings differ in is listed once, with its reason, and
//! applied to each of them alike.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir, load};
use crate::shape::keys;

/// Okta Verify enrollment (protocol reference 8.6) for the user with no
/// authenticator. The newest recording (`enroll-okta-verify-mfa.json`, Gen3)
/// sets the shape; the older playground recordings are compared too, minus
/// their mock-server members.
#[tokio::test]
async fn okta_verify_enrollment_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let mut c = Checked::default();
    // SMS enrollment is not emulated.
    const NO_SMS: &[(&str, &str)] = &[("channel", "sms")];
    // Gen3 members the older recordings predate.
    const GEN3_TOP: &[&str] = &["app", "authenticatorEnrollments", "enrollmentAuthenticator"];
    // Members of the playground's mock server, not of Okta's responses.
    const PLAYGROUND_TOP: &[&str] = &["step", "context"];
    // The older recordings name the authenticator by instance id; Gen3 by
    // id, displayName and methods, as every other emulated state does.
    const OLD_CURRENT: &[&str] = &["authenticatorInstanceId"];
    const GEN3_CURRENT: &[&str] = &["id", "displayName", "methods"];
    const OLD_CHANNEL_FORM: (&str, &str) = (
        "select-enrollment-channel",
        "the playground's form has other flags and labels (visible id, required channel, \
         \"Email\"); compared with the Gen3 recording",
    );
    // What every older (playground) enrollment recording differs in.
    let playground = || Allow {
        omit_choices: NO_SMS,
        omit_top: PLAYGROUND_TOP,
        extra_top: GEN3_TOP,
        omit_current: OLD_CURRENT,
        extra_current: GEN3_CURRENT,
        forms_differ: &[OLD_CHANNEL_FORM],
        ..Allow::default()
    };

    let select = emu.signed_in_with_password(NEW).await;
    c.case(
        &dir,
        "select-authenticator-enroll",
        "authenticator-enroll-select-authenticator-with-usage-info.json",
        &select,
        StatusCode::OK,
        Allow {
            omit_choices: NO_SMS,
            extra_top: &["app", "authenticatorEnrollments"],
            ..Allow::default()
        },
    );

    let qr = emu.enrolling(NEW, "qrcode").await;
    let gen3 = "v3/idp/idx/credential/enroll/enroll-okta-verify-mfa.json";
    c.case(
        &dir,
        "enroll-poll (QR code)",
        gen3,
        &qr,
        StatusCode::OK,
        Allow {
            omit_choices: NO_SMS,
            forms_differ: &[(
                "select-authenticator-enroll",
                "enrollment is required: `authenticator` is required, as in \
                 authenticator-enroll-select-authenticator-with-usage-info.json",
            )],
            ..Allow::default()
        },
    );
    c.case(
        &dir,
        "enroll-poll (QR code, playground)",
        "authenticator-enroll-ov-qr.json",
        &qr,
        StatusCode::OK,
        playground(),
    );
    // The QR code's members and values, as recorded.
    let theirs = load(&dir, gen3);
    let (ours_data, their_data) = (
        qr.contextual_data(),
        &theirs["currentAuthenticator"]["value"]["contextualData"],
    );
    if keys(ours_data) != keys(their_data)
        || keys(&ours_data["qrcode"]) != keys(&their_data["qrcode"])
    {
        c.failures.push(format!(
            "QR contextualData members: ours {:?}/{:?} vs Okta {:?}/{:?}",
            keys(ours_data),
            keys(&ours_data["qrcode"]),
            keys(their_data),
            keys(&their_data["qrcode"])
        ));
    }
    for k in ["method", "type"] {
        if ours_data["qrcode"][k] != their_data["qrcode"][k] {
            c.failures.push(format!("QR qrcode.{k} differs"));
        }
    }
    if ours_data["selectedChannel"] != their_data["selectedChannel"] {
        c.failures.push("QR selectedChannel differs".into());
    }

    let data = emu.enrolling(NEW, "email").await;
    c.case(
        &dir,
        "enrollment-channel-data",
        "authenticator-enroll-ov-via-email.json",
        &data,
        StatusCode::OK,
        Allow {
            omit_top: &["step"],
            forms_differ: &[
                OLD_CHANNEL_FORM,
                (
                    "select-authenticator-enroll",
                    "this recording's channel choice is required and visible, unlike the \
                     other three; compared with them",
                ),
            ],
            ..playground()
        },
    );
    let sent = emu
        .submit(
            &data,
            "enrollment-channel-data",
            json!({ "email": "joy@okta.com" }),
        )
        .await;
    let fixture = "authenticator-enroll-ov-email.json";
    c.case(
        &dir,
        "enroll-poll (email)",
        fixture,
        &sent,
        StatusCode::OK,
        playground(),
    );
    let theirs = load(&dir, fixture);
    if sent.contextual_data() != &theirs["currentAuthenticator"]["value"]["contextualData"] {
        c.failures.push(format!(
            "email contextualData: ours {} vs Okta {}",
            sent.contextual_data(),
            theirs["currentAuthenticator"]["value"]["contextualData"]
        ));
    }

    assert_eq!(c.cases, 5);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}
