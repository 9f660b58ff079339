//! The steps a user's policy adds around authentication: the device
//! assurance grace period, the optional enrollment with `skip`, the password-expiry warning, consent (granular,
//! end user, admin, denied) and "keep me signed in".
//!
//! Invariants: each case names its recording and expected status; a
//! playground recording's quirks are fixed up by one named adjuster; the
//! demo client asks only standard scopes, so the recording's custom scopes
//! are left out of the comparison, nothing else.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir, gen3_state_handles};

/// Every emulated state names the app it signs in to.
const APP: &[&str] = &["app"];

#[tokio::test]
async fn policy_steps_match_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::demo();
    let mut c = Checked::default();

    let select = emu.signed_in_with_password(OPTIONAL).await;
    c.case(
        &dir,
        "optional enrollment with skip",
        "authenticator-enroll-select-authenticator-with-skip.json",
        &select,
        StatusCode::OK,
        Allow {
            extra_top: APP,
            options_differ: "the recorded org offers other authenticators to enroll; \
                             Okta Verify's option is compared in enroll.rs",
            ..Allow::default()
        },
    );

    let warning = emu.signed_in_with_password(EXPIRING).await;
    c.case(
        &dir,
        "password expiry warning",
        "authenticator-expiry-warning-password.json",
        &warning,
        StatusCode::OK,
        Allow::default(),
    );

    let grace_emu = Emu::configured(|c| {
        let u = c
            .users
            .iter_mut()
            .find(|u| u.username == EXPIRING)
            .expect("user");
        u.policy.device_assurance_grace_days = Some(7);
    });
    let grace = grace_emu.signed_in_with_password(EXPIRING).await;
    c.case(
        &dir,
        "device assurance grace period",
        "../extra/device-assurance-grace-period-one-option.json",
        &grace,
        StatusCode::OK,
        Allow {
            // The emulated device breaks no named rule (Android's OS
            // version, its lock screen): only the deadline and the help line.
            omit_messages: &[
                "idx.error.code.access_denied.device_assurance.remediation.android.upgrade_os_version",
                "idx.error.code.access_denied.device_assurance.remediation.android.use_biometric_lock_screen",
            ],
            extra_top: &["user"],
            ..Allow::default()
        },
    );

    // Granular consent for the recording's standard scopes, in its order.
    let start = emu.started("openid email profile").await;
    let consent = emu.identify(&start, CONSENT, PASSWORD).await;
    let custom_scopes_left_out = |theirs: &mut Value| {
        gen3_state_handles(theirs);
        let opted = &mut theirs["remediation"]["value"][0]["value"][1]["form"]["value"];
        if let Some(fields) = opted.as_array_mut() {
            fields.retain(|f| !f["name"].as_str().unwrap_or("").starts_with("custom"));
        }
    };
    c.case_adjusted(
        &dir,
        "granular consent",
        "../extra/consent-granular.json",
        &consent,
        StatusCode::OK,
        Allow::default(),
        custom_scopes_left_out,
    );
    let kmsi = emu
        .submit(&consent, "granular-consent", json!({ "consent": true }))
        .await;
    c.case(
        &dir,
        "keep me signed in",
        "post-auth-keep-me-signed-in.json",
        &kmsi,
        StatusCode::OK,
        Allow::default(),
    );
    let consent = emu.signed_in_with_password(CONSENT).await;
    let denied = emu
        .submit(&consent, "granular-consent", json!({ "consent": false }))
        .await;
    c.case(
        &dir,
        "consent denied",
        "../extra/terminal-enduser-email-consent-denied.json",
        &denied,
        StatusCode::FORBIDDEN,
        Allow::default(),
    );

    for (kind, fixture) in [
        (
            idx_emulator::config::ConsentKind::EndUser,
            "../extra/consent-enduser.json",
        ),
        (
            idx_emulator::config::ConsentKind::Admin,
            "../extra/consent-admin.json",
        ),
    ] {
        let emu = Emu::configured(|c| {
            let u = c
                .users
                .iter_mut()
                .find(|u| u.username == CONSENT)
                .expect("user");
            u.policy.consent = Some(kind);
        });
        let consent = emu.signed_in_with_password(CONSENT).await;
        c.case_adjusted(
            &dir,
            fixture,
            fixture,
            &consent,
            StatusCode::OK,
            Allow::default(),
            gen3_state_handles,
        );
        let scopes = &consent.body["remediation"]["value"][0]["scopes"][0];
        let recorded = crate::recordings::load(&dir, fixture);
        let recorded = &recorded["remediation"]["value"][0]["scopes"][0];
        if crate::shape::keys(scopes) != crate::shape::keys(recorded) {
            c.failures.push(format!("{fixture}: scope members differ"));
        }
        let app = &consent.body["app"]["value"];
        let recorded_app = &crate::recordings::load(&dir, fixture)["app"]["value"];
        if crate::shape::keys(app) != crate::shape::keys(recorded_app) {
            c.failures.push(format!(
                "{fixture}: app members ours {:?} vs Okta {:?}",
                crate::shape::keys(app),
                crate::shape::keys(recorded_app)
            ));
        }
    }

    assert_eq!(c.cases, 8);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}
