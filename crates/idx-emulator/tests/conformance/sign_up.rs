//! Sign-up: `select-enroll-profile` at identify, `enroll-profile` for the
//! recorded schemas (each recording's own attributes configured as the
//! org's, then rendered back and compared member by member), the
//! address-taken error, the new address's code and the first password.
//!
//! Invariants: the schema of a case is read from its recording, so the
//! rendering of every attribute kind is checked against Okta's, not against
//! a copy; the older playground `select-identify` (posting an identifier to
//! `/idp/idx/identify`) is replaced by the newer one the emulator follows,
//! once, by a named adjuster.

use axum::http::StatusCode;
use idx_emulator::config::{Attribute, Registration};
use serde_json::{Value, json};

use crate::common::*;
use crate::compare::Allow;
use crate::recordings::{Checked, fixtures_dir, gen3_state_handles, load};

/// Every emulated state names the app it signs in to; the playground's
/// mock server adds `context` (and `step`).
const APP: &[&str] = &["app"];
const PLAYGROUND: &[&str] = &["context", "step"];

/// The recording's `userProfile` attributes.
fn recorded_profile(recording: &Value) -> Vec<Value> {
    recording["remediation"]["value"][0]["value"][0]["form"]["value"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The org's schema as the recording shows it.
pub(crate) fn schema_of(recording: &Value, password: bool) -> Registration {
    let profile = recorded_profile(recording)
        .iter()
        .map(|f| {
            let display = &f["options"][0]["value"]["value"];
            let mut a = json!({
                "name": f["name"], "label": f["label"],
                "required": f["required"].as_bool().unwrap_or(false),
            });
            for (ours, theirs) in [
                ("type", &f["type"]),
                ("minLength", &f["minLength"]),
                ("maxLength", &f["maxLength"]),
                ("customLabel", &f["customLabel"]),
            ] {
                if !theirs.is_null() {
                    a[ours] = theirs.clone();
                }
            }
            if display.is_object() {
                a["inputType"] = display["inputType"].clone();
                if display["options"].is_array() {
                    a["options"] = display["options"].clone();
                }
            }
            serde_json::from_value::<Attribute>(a).expect("attribute")
        })
        .collect();
    Registration { password, profile }
}

/// The playground's older `select-identify` as the newer recordings have
/// it (`error-new-signup-email-exists.json`): `{stateHandle}` to
/// `/idp/idx/identify/select`.
pub(crate) fn newer_select_identify(theirs: &mut Value) {
    gen3_state_handles(theirs);
    for form in theirs["remediation"]["value"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        if form["name"] == "select-identify" {
            let href = form["href"]
                .as_str()
                .unwrap_or("")
                .replace("/idp/idx/identify", "/idp/idx/identify/select");
            form["href"] = Value::String(href.replace("/select/select", "/select"));
            if let Some(fields) = form["value"].as_array_mut() {
                fields.retain(|f| f["name"] == "stateHandle");
            }
        }
    }
}

/// Our `userProfile` attributes equal the recording's, member by member
/// (a recording that leaves `type` out means `string`).
fn same_profile(c: &mut Checked, name: &str, ours: &Reply, recording: &Value) {
    let ours: Vec<Value> = ours.field("enroll-profile", "userProfile")["form"]["value"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let theirs: Vec<Value> = recorded_profile(recording)
        .into_iter()
        .map(|mut f| {
            if f["type"].is_null() {
                f["type"] = json!("string");
            }
            f
        })
        .collect();
    if ours != theirs {
        c.failures.push(format!(
            "{name}: userProfile\n    ours {ours:?}\n    Okta {theirs:?}"
        ));
    }
}

#[tokio::test]
async fn sign_up_matches_okta() {
    let Some(dir) = fixtures_dir() else { return };
    let mut c = Checked::default();

    let emu = Emu::self_service();
    let start = emu.started("openid profile email").await;
    c.case(
        &dir,
        "identify with sign-up and unlock",
        "identify-with-password.json",
        &start,
        StatusCode::OK,
        Allow {
            omit_top: &["step"],
            extra_top: APP,
            // The demo org has an IdP and self-service unlock.
            extra_remediations: &["redirect-idp", "unlock-account"],
            ..Allow::default()
        },
    );

    for fixture in [
        "../extra/enroll-profile-new.json",
        "../extra/enroll-profile-new-boolean-fields.json",
        "../extra/profile-enrollment-string-fields-options.json",
        "../extra/enroll-profile-all-base-attributes.json",
        "../extra/enroll-profile-new-custom-labels.json",
    ] {
        let recording = load(&dir, fixture);
        let schema = schema_of(&recording, false);
        let emu = Emu::configured(|c| c.org.registration = Some(schema));
        let start = emu.started("openid").await;
        let form = emu.submit(&start, "select-enroll-profile", json!({})).await;
        c.case_adjusted(
            &dir,
            fixture,
            fixture,
            &form,
            StatusCode::OK,
            Allow {
                omit_top: PLAYGROUND,
                extra_top: &["app", "cancel"],
                ..Allow::default()
            },
            newer_select_identify,
        );
        same_profile(&mut c, fixture, &form, &recording);
    }

    let fixture = "../extra/error-new-signup-email-exists.json";
    let recording = load(&dir, fixture);
    let emu = Emu::configured(|c| c.org.registration = Some(schema_of(&recording, false)));
    let start = emu.started("openid").await;
    let form = emu.submit(&start, "select-enroll-profile", json!({})).await;
    let taken = emu
        .submit(
            &form,
            "enroll-profile",
            json!({ "userProfile": { "firstName": "Ada", "lastName": "Lovelace", "email": DEMO } }),
        )
        .await;
    c.case(
        &dir,
        "email exists",
        fixture,
        &taken,
        StatusCode::BAD_REQUEST,
        Allow {
            omit_top: PLAYGROUND,
            extra_top: APP,
            ..Allow::default()
        },
    );
    let verify = emu
        .submit(
            &form,
            "enroll-profile",
            json!({ "userProfile": { "firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com" } }),
        )
        .await;
    // The sign-up policy enrolls the email, then a password: nothing else
    // to choose, so no `select-authenticator-enroll`.
    const ONLY_ONE: &[&str] = &["select-authenticator-enroll"];
    c.case(
        &dir,
        "sign-up: the new address's code",
        "authenticator-enroll-email.json",
        &verify,
        StatusCode::OK,
        Allow {
            omit_remediations: ONLY_ONE,
            ..Allow::default()
        },
    );
    let code = emu.email_code("ada@example.com").await;
    let password = emu
        .submit(
            &verify,
            "enroll-authenticator",
            json!({ "credentials": { "passcode": code } }),
        )
        .await;
    c.case_adjusted(
        &dir,
        "sign-up: the first password",
        "authenticator-enroll-password.json",
        &password,
        StatusCode::OK,
        Allow {
            omit_remediations: ONLY_ONE,
            extra_top: APP,
            ..Allow::default()
        },
        gen3_state_handles,
    );

    let fixture = "../extra/enroll-profile-with-password.json";
    let recording = load(&dir, fixture);
    let emu = Emu::configured(|c| c.org.registration = Some(schema_of(&recording, true)));
    let start = emu.started("openid").await;
    let form = emu.submit(&start, "select-enroll-profile", json!({})).await;
    c.case(
        &dir,
        fixture,
        fixture,
        &form,
        StatusCode::OK,
        Allow::default(),
    );
    same_profile(&mut c, fixture, &form, &recording);

    assert_eq!(c.cases, 10);
    assert!(c.failures.is_empty(), "{}", c.failures.join("\n"));
}
