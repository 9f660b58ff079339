//! The flow controls of protocol doc §8 over Okta's recorded responses in
//! `extra/`: every file's remediations as its MANIFEST lists them, then skip,
//! registration, unlock, consent, keep-me-signed-in, grace periods and the
//! way each kind of end is told apart, with the bodies they send.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;

use idx_core::{Ending, IdxOutcome, InputKind, StepName, Transaction, Values, parse_idx_response};
use serde_json::{Value, json};

/// The JSON body of a request, with the state handle replaced by `SH`.
fn body(request: &idx_core::Request) -> Value {
    let mut v: Value = serde_json::from_str(request.body.as_deref().expect("body")).expect("json");
    if let Some(sh) = v.get_mut("stateHandle") {
        *sh = json!("SH");
    }
    v
}

fn tx(dir: &Path, name: &str) -> Transaction {
    common::extra_transaction(dir, name)
}

#[test]
fn every_extra_fixture_offers_the_remediations_its_manifest_lists() {
    let Some(dir) = common::fixtures_dir("extra manifest") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("extra/MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut checked = 0;
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, first, all) = (cols[0], cols[8], cols[9]);
        let bytes = common::extra(&dir, file);
        let Ok(IdxOutcome::Transaction(t)) = parse_idx_response(200, None, &bytes) else {
            // Non-IDX bodies and expired sessions carry no remediation.
            assert_eq!(all, "-", "{file}: listed remediations but did not parse");
            continue;
        };
        let names: Vec<&str> = t.available_steps.iter().map(|s| s.name.as_str()).collect();
        let want: Vec<&str> = if all == "-" {
            Vec::new()
        } else {
            all.split(',').collect()
        };
        assert_eq!(names, want, "{file}: remediations");
        if first != "-" {
            assert_eq!(
                t.next_step.as_ref().map(|s| s.name.as_str()),
                Some(first),
                "{file}: first step"
            );
        }
        // The steps this app routes by name are never `Unknown`.
        for step in &t.available_steps {
            if [
                "skip",
                "select-enroll-profile",
                "enroll-profile",
                "select-identify",
                "unlock-account",
                "select-authenticator-unlock-account",
                "admin-consent",
                "consent",
                "granular-consent",
                "email-challenge-consent",
                "keep-me-signed-in",
                "device-assurance-grace-period",
                "request-activation-email",
                "enroll-authenticator-promotion",
                "profile-update",
            ]
            .contains(&step.name.as_str())
            {
                assert!(!matches!(step.name, StepName::Unknown(_)), "{file}");
            }
        }
        checked += 1;
    }
    assert!(checked > 200, "only {checked} IDX files checked");
}

#[test]
fn skip_beside_an_optional_enrollment_posts_the_state_handle_to_skip() {
    let Some(dir) = common::fixtures_dir("skip") else {
        return;
    };
    for file in [
        "authenticator-enroll-grace-period-with-skip.json",
        "authenticator-expiry-warning-password-with-ad-req.json",
        "authenticator-enroll-passkey-promotion.json",
        "enroll-profile-update-params.json",
    ] {
        let t = tx(&dir, file);
        assert!(t.next_step.as_ref().unwrap().can_skip, "{file}");
        let r = t.skip_request().unwrap();
        assert!(r.url.ends_with("/idp/idx/skip"), "{file}: {}", r.url);
        assert_eq!(body(&r), json!({"stateHandle": "SH"}), "{file}");
    }
    let grace = tx(&dir, "device-assurance-grace-period-one-option.json");
    let r = grace
        .proceed_request(&StepName::DeviceAssuranceGracePeriod, &Values::new())
        .unwrap();
    assert!(r.url.ends_with("/idp/idx/skip"));
    // Its remediation lines carry their help links; the deadline is a param.
    let links: Vec<&str> = grace
        .messages
        .iter()
        .flat_map(|m| m.links.iter().map(|l| l.url.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            "https://okta.com/android-upgrade-os",
            "https://okta.com/android-biometric-lock",
            "https://okta.com/help"
        ]
    );
    assert_eq!(grace.messages[0].params, ["2024-09-05T00:00:00.000Z"]);
}

#[test]
fn registration_reads_every_attribute_kind_and_sends_typed_values() {
    let Some(dir) = common::fixtures_dir("registration") else {
        return;
    };
    let t = tx(&dir, "enroll-profile-new-boolean-fields.json");
    let step = t.next_step.clone().unwrap();
    assert_eq!(step.name, StepName::EnrollProfile);
    let pet = step.input("pet").unwrap();
    assert_eq!(pet.kind, InputKind::Boolean);
    assert_eq!(pet.control.as_deref(), Some("radio"));
    let labels: Vec<&str> = pet.options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels, ["Yes", "No"]);
    assert_eq!(
        step.input("required").unwrap().control.as_deref(),
        Some("checkbox")
    );
    assert!(step.input("required").unwrap().options.is_empty());
    let values = Values::new()
        .text("firstName", "Ada")
        .text("lastName", "Lovelace")
        .text("email", "ada@example.com")
        .text("pet", "true")
        .bool("required", true)
        .bool("optional", false);
    let r = t
        .proceed_request(&StepName::EnrollProfile, &values)
        .unwrap();
    assert!(r.url.ends_with("/idp/idx/enroll/new"));
    assert_eq!(
        body(&r),
        json!({"userProfile": {"firstName": "Ada", "lastName": "Lovelace",
            "email": "ada@example.com", "pet": true, "required": true, "optional": false},
            "stateHandle": "SH"})
    );

    let t = tx(&dir, "profile-enrollment-string-fields-options.json");
    let step = t.next_step.clone().unwrap();
    let colours = step.input("colores").unwrap();
    assert_eq!(colours.control.as_deref(), Some("select"));
    assert_eq!(colours.options.len(), 3);
    // A value that is not one of the choices is refused before sending.
    let bad = Values::new()
        .text("firstName", "A")
        .text("lastName", "B")
        .text("email", "a@b.c")
        .text("colores", "purple");
    assert!(t.proceed_request(&StepName::EnrollProfile, &bad).is_err());

    let t = tx(&dir, "enroll-profile-with-password.json");
    let step = t.next_step.clone().unwrap();
    let password = step.input("password").expect("the sign-up password");
    assert!(password.secret && password.required);
    let values = Values::new()
        .text("email", "ada@example.com")
        .text("firstName", "Ada")
        .text("lastName", "Lovelace")
        .text("password", "correct horse");
    let sent = body(
        &t.proceed_request(&StepName::EnrollProfile, &values)
            .unwrap(),
    );
    assert_eq!(sent["credentials"], json!({"passcode": "correct horse"}));
    // "Back to sign in" is its own step.
    let back = t
        .proceed_request(&StepName::SelectIdentify, &Values::new())
        .unwrap();
    assert!(back.url.ends_with("/idp/idx/identify/select"));
}

#[test]
fn unlock_takes_the_username_and_the_authenticator_with_its_method() {
    let Some(dir) = common::fixtures_dir("unlock") else {
        return;
    };
    let t = common::transaction(&dir, "identify-with-unlock-account-link.json");
    let r = t
        .proceed_request(&StepName::UnlockAccount, &Values::new())
        .unwrap();
    assert!(r.url.ends_with("/idp/idx/unlock-account"));
    assert_eq!(body(&r), json!({"stateHandle": "SH"}));

    let t = common::transaction(&dir, "user-unlock-account.json");
    let step = t.next_step.clone().unwrap();
    assert_eq!(step.name, StepName::SelectAuthenticatorUnlockAccount);
    assert!(step.input("username").is_some());
    let phone = step
        .authenticator_options
        .iter()
        .find(|o| o.key.as_deref() == Some("phone_number"))
        .unwrap();
    let values = Values::new()
        .text("username", "jane@example.com")
        .text("authenticator", phone.id.clone().unwrap())
        .text("methodType", "voice");
    let sent = body(
        &t.proceed_request(&StepName::SelectAuthenticatorUnlockAccount, &values)
            .unwrap(),
    );
    assert_eq!(sent["identifier"], "jane@example.com");
    assert_eq!(sent["authenticator"]["methodType"], "voice");
    // A method the option does not offer is refused before sending.
    let sms = values.clone().text("methodType", "sms");
    assert!(
        t.proceed_request(&StepName::SelectAuthenticatorUnlockAccount, &sms)
            .is_err()
    );

    let t = tx(&dir, "user-unlock-account-identifier-first.json");
    let sent = body(
        &t.proceed_request(
            &StepName::UnlockAccount,
            &Values::new().text("username", "jane"),
        )
        .unwrap(),
    );
    assert_eq!(sent, json!({"identifier": "jane", "stateHandle": "SH"}));
}

#[test]
fn consent_shows_scopes_and_app_and_sends_allow_or_refuse() {
    let Some(dir) = common::fixtures_dir("consent") else {
        return;
    };
    let t = tx(&dir, "consent-admin.json");
    let step = t.next_step.clone().unwrap();
    assert_eq!(step.name, StepName::AdminConsent);
    assert_eq!(step.scopes.len(), 2);
    assert_eq!(step.scopes[0].name, "okta.clients.manage");
    assert!(step.scopes[0].description.is_some());
    let app = t.app.clone().unwrap();
    assert_eq!(app.logo.as_deref(), Some("https://example.com/logo"));
    assert_eq!(
        app.terms_of_service.as_deref(),
        Some("https://example.com/tos")
    );
    assert_eq!(t.issuer_uri.as_deref(), Some("http://localhost:3000"));
    for allow in [true, false] {
        let r = t
            .proceed_request(
                &StepName::AdminConsent,
                &Values::new().bool("consent", allow),
            )
            .unwrap();
        assert!(r.url.ends_with("/idp/idx/consent"));
        assert_eq!(body(&r), json!({"consent": allow, "stateHandle": "SH"}));
    }

    let t = tx(&dir, "consent-granular.json");
    let step = t.next_step.clone().unwrap();
    let names: Vec<&str> = step.inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "consent",
            "custom1",
            "custom2",
            "custom3.custom4.custom5",
            "email"
        ]
    );
    assert!(!step.input("consent").unwrap().visible);
    assert!(step.input("custom1").unwrap().description.is_some());
    let values = Values::new()
        .bool("consent", true)
        .bool("custom1", false)
        .bool("custom2", true)
        .bool("custom3.custom4.custom5", true)
        .bool("email", true);
    let sent = body(
        &t.proceed_request(&StepName::GranularConsent, &values)
            .unwrap(),
    );
    // Dotted scope names stay flat keys; mandatory scopes are echoed.
    assert_eq!(
        sent,
        json!({"consent": true, "optedScopes": {"openid": true, "custom1": false,
            "custom2": true, "custom3.custom4.custom5": true, "email": true, "profile": true},
            "stateHandle": "SH"})
    );

    let t = tx(&dir, "email-challenge-consent.json");
    let step = t.next_step.clone().unwrap();
    let info: Vec<(&str, &str)> = step
        .request_info
        .iter()
        .map(|i| (i.name.as_str(), i.value.as_str()))
        .collect();
    assert_eq!(info, [("appName", "Info DyneX"), ("browser", "FIREFOX")]);
}

#[test]
fn keep_me_signed_in_sends_an_explicit_false() {
    let Some(dir) = common::fixtures_dir("kmsi") else {
        return;
    };
    let t = common::transaction(&dir, "post-auth-keep-me-signed-in.json");
    for keep in [true, false] {
        let r = t
            .proceed_request(
                &StepName::KeepMeSignedIn,
                &Values::new().bool("keepMeSignedIn", keep),
            )
            .unwrap();
        assert_eq!(
            body(&r),
            json!({"keepMeSignedIn": keep, "stateHandle": "SH"})
        );
    }
}

#[test]
fn each_end_is_told_apart_and_a_success_is_never_a_stop() {
    let Some(dir) = common::fixtures_dir("endings") else {
        return;
    };
    let cases: &[(&str, bool, Ending)] = &[
        ("success.json", false, Ending::SignedIn),
        ("success-with-app-user.json", true, Ending::SignedIn),
        ("terminal-return-email.json", false, Ending::EmailVerified),
        (
            "terminal-transfered-email.json",
            false,
            Ending::EmailVerified,
        ),
        (
            "terminal-return-email-consent.json",
            true,
            Ending::ConsentGiven,
        ),
        (
            "terminal-return-email-consent-denied.json",
            true,
            Ending::ConsentRefused,
        ),
        (
            "terminal-enduser-email-consent-denied.json",
            true,
            Ending::ConsentRefused,
        ),
        ("user-account-unlock-success.json", false, Ending::Unlocked),
        (
            "terminal-reset-password-success.json",
            true,
            Ending::PasswordReset,
        ),
        ("terminal-registration.json", true, Ending::CheckEmail),
        (
            "terminal-request-activation-email-submitted.json",
            true,
            Ending::ActivationEmailSent,
        ),
        (
            "terminal-invalid-reset-password-token.json",
            true,
            Ending::LinkInvalid,
        ),
        ("error-unlock-account.json", false, Ending::Stopped),
        ("error-with-failure-redirect.json", false, Ending::Stopped),
    ];
    for (file, extra, want) in cases {
        let t = if *extra {
            tx(&dir, file)
        } else {
            common::transaction(&dir, file)
        };
        assert_eq!(t.ending(), Some(*want), "{file}");
    }
    let success = common::transaction(&dir, "success.json");
    assert!(
        success
            .success_redirect
            .as_deref()
            .unwrap()
            .contains("/app/UserHome")
    );
    // A state with a step to show has no ending.
    let pending = common::transaction(&dir, "identify.json");
    assert_eq!(pending.ending(), None);
}
