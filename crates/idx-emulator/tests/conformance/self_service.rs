//! Self-service unlock, the activation's states and the token errors of
//! `/v1/interact`, and the CAPTCHA on the forms that carry it.
//!
//! Invariants: each case names its recording and expected status; what a
//! recording differs in by nature (the playground's mock members, a
//! recorded org with other authenticators) is listed once with its reason.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir, gen3_state_handles, load};
use crate::sign_up::{newer_select_identify, schema_of};

/// Members of the playground's mock server, not of Okta's responses.
const PLAYGROUND_TOP: &[&str] = &["step", "context"];

/// An org CAPTCHA with hCaptcha's test site key.
fn org_captcha() -> idx_emulator::config::Captcha {
    idx_emulator::config::Captcha {
        id: "capEmulated0001".into(),
        name: "hCaptcha".into(),
        site_key: idx_emulator::idx::HCAPTCHA_TEST_SITE_KEY.into(),
        kind: "HCAPTCHA".into(),
    }
}

#[tokio::test]
async fn unlock_activation_and_captcha_match_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let emu = Emu::self_service();
    let mut c = Checked::default();

    let start = emu.started("openid").await;
    let select = emu.submit(&start, "unlock-account", json!({})).await;
    c.case(
        &dir,
        "unlock: choose",
        "user-unlock-account.json",
        &select,
        StatusCode::OK,
        Allow::default(),
    );
    let id = select.form("select-authenticator-unlock-account")["value"][1]["options"][0]["value"]
        ["form"]["value"][0]["value"]
        .clone();
    let unlock = |user: &'static str| {
        let (emu, s, id) = (emu.clone(), &select, id.clone());
        async move {
            emu.submit(
                s,
                "select-authenticator-unlock-account",
                json!({ "identifier": user, "authenticator": { "id": id, "methodType": "email" } }),
            )
            .await
        }
    };
    let challenge = unlock(LOCKED).await;
    c.case(
        &dir,
        "unlock: challenge",
        "../extra/user-account-unlock-challenge-direct-landing-after-unlock.json",
        &challenge,
        StatusCode::OK,
        Allow::default(),
    );
    let code = emu.email_code(LOCKED).await;
    let done = emu.enter_passcode(&challenge, &code).await;
    c.case(
        &dir,
        "unlock: success",
        "user-account-unlock-success.json",
        &done,
        StatusCode::OK,
        Allow::default(),
    );

    let start = emu.started("openid").await;
    let select = emu.submit(&start, "unlock-account", json!({})).await;
    let id = select.form("select-authenticator-unlock-account")["value"][1]["options"][0]["value"]
        ["form"]["value"][0]["value"]
        .clone();
    let challenge = emu
        .submit(
            &select,
            "select-authenticator-unlock-account",
            json!({ "identifier": UNLOCK_APP, "authenticator": { "id": id } }),
        )
        .await;
    let code = emu.email_code(UNLOCK_APP).await;
    let landed = emu.enter_passcode(&challenge, &code).await;
    c.case(
        &dir,
        "unlock: landing on the sign-in",
        "../extra/user-account-unlock-success-land-on-app.json",
        &landed,
        StatusCode::OK,
        Allow {
            // The emulated password challenge is the username-first one
            // (compared in sign_in): the password is the policy's first
            // factor, so no switch is offered and no list is shown, and
            // the enrollment names its authenticator (`authenticatorId`).
            omit_remediations: &["select-authenticator-authenticate"],
            omit_top: &["authenticators", "authenticatorEnrollments"],
            extra_current: &["authenticatorId"],
            ..Allow::default()
        },
    );

    let r = emu.one_time_token(STAGED, "activation-token", true).await;
    let token = r.body["token"].as_str().expect("token").to_owned();
    let expired = emu.started_with(&[("activation_token", &token)]).await;
    c.case(
        &dir,
        "expired activation",
        "../extra/request-activation-email.json",
        &expired,
        StatusCode::OK,
        Allow::default(),
    );
    let sent = emu
        .submit(&expired, "request-activation-email", json!({}))
        .await;
    c.case(
        &dir,
        "activation email requested",
        "../extra/terminal-request-activation-email-submitted.json",
        &sent,
        StatusCode::OK,
        Allow::default(),
    );

    for (param, fixture) in [
        (
            "activation_token",
            "oauth2/error-activation-token-invalid.json",
        ),
        ("recovery_token", "oauth2/error-recovery-token-invalid.json"),
    ] {
        c.cases += 1;
        let r = emu.interact_with(&[(param, "not-a-token")]).await;
        if r.status != StatusCode::BAD_REQUEST || r.body != load(&dir, fixture) {
            c.failures
                .push(format!("{param}: {} {} vs {fixture}", r.status, r.body));
        }
    }

    let captcha = Emu::configured(|c| {
        c.org.captcha = Some(org_captcha());
        c.idps.clear();
        c.org.unlock = false;
    });
    // The playground's identifier lacks `required`, which the Gen3
    // identify recordings (compared in sign_in) have.
    let playground = |theirs: &mut Value| {
        gen3_state_handles(theirs);
        for form in theirs["remediation"]["value"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            for f in form["value"].as_array_mut().into_iter().flatten() {
                if f["name"] == "identifier" {
                    f["required"] = json!(true);
                }
            }
        }
    };
    let playground_allow = || Allow {
        omit_top: PLAYGROUND_TOP,
        extra_top: &["app"],
        ..Allow::default()
    };
    let start = captcha.started("openid").await;
    c.case_adjusted(
        &dir,
        "identify with CAPTCHA",
        "../extra/identify-with-password-with-hcaptcha.json",
        &start,
        StatusCode::OK,
        playground_allow(),
        playground,
    );
    let who = captcha.recover(&start).await;
    c.case_adjusted(
        &dir,
        "identify-recovery with CAPTCHA",
        "../extra/identify-recovery-with-hcaptcha.json",
        &who,
        StatusCode::OK,
        playground_allow(),
        playground,
    );
    let fixture = "../extra/enroll-profile-new-with-hcaptcha.json";
    let schema = schema_of(&load(&dir, fixture), false);
    let captcha = Emu::configured(|c| {
        c.org.captcha = Some(org_captcha());
        c.org.registration = Some(schema);
    });
    let start = captcha.started("openid").await;
    let form = captcha
        .submit(&start, "select-enroll-profile", json!({}))
        .await;
    c.case_adjusted(
        &dir,
        "enroll-profile with CAPTCHA",
        fixture,
        &form,
        StatusCode::OK,
        Allow {
            omit_top: PLAYGROUND_TOP,
            extra_top: &["app", "cancel"],
            ..Allow::default()
        },
        newer_select_identify,
    );
    // The CAPTCHA member is Okta's, member for member.
    let recorded = load(&dir, fixture);
    if crate::shape::keys(&form.body["captcha"]["value"])
        != crate::shape::keys(&recorded["captcha"]["value"])
    {
        c.failures.push("captcha members differ".into());
    }

    assert_eq!(c.cases, 11);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}
