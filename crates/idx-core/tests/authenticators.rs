//! The authenticators beyond Okta Verify, email and password, over Okta's
//! recorded responses (`extra/` and `responses/`): what the model gives
//! the UI (masked phone, questions, shared secret, FastPass challenge,
//! Duo's frame) and the golden bodies sent (protocol doc part 2 §2–§7).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{extra_transaction, fixtures_dir, transaction};
use idx_core::{
    ChallengeMethod, InputError, Method, PollCancel, StepName, Transaction, Values,
    loopback_challenge_request, loopback_probe_request,
};
use serde_json::{Value, json};

/// The body as JSON, with the state handle replaced by `SH`.
fn body(request: &idx_core::Request) -> Value {
    let mut v: Value = serde_json::from_str(request.body.as_deref().expect("body")).expect("json");
    if let Some(sh) = v.get_mut("stateHandle") {
        *sh = json!("SH");
    }
    v
}

fn extra(name: &str) -> Option<Transaction> {
    let dir = fixtures_dir(name)?;
    Some(extra_transaction(&dir, name))
}

fn step(t: &Transaction) -> &idx_core::NextStep {
    t.next_step.as_ref().expect("a next step")
}

#[test]
fn phone_verification_names_the_masked_number_and_offers_both_methods() {
    let Some(t) = extra("authenticator-verification-data-phone-voice-then-sms.json") else {
        return;
    };
    let s = step(&t);
    assert_eq!(s.name, StepName::AuthenticatorVerificationData);
    assert_eq!(s.authenticator_key(), Some("phone_number"));
    let phone = s.authenticator.as_ref().unwrap().phone.clone().unwrap();
    assert_eq!(phone.number.as_deref(), Some("+1 XXX-XXX-2342"));
    let methods: Vec<_> = s
        .input("methodType")
        .unwrap()
        .options
        .iter()
        .map(|o| o.value.as_str())
        .collect();
    assert_eq!(methods, ["voice", "sms"], "the server's order");
    let r = t
        .proceed_request(&s.name, &Values::new().text("methodType", "sms"))
        .unwrap();
    assert_eq!(
        body(&r),
        json!({"authenticator": {"id": "id-phone-authenticator", "methodType": "sms"}, "stateHandle": "SH"})
    );

    let Some(t) = extra("authenticator-verification-phone-sms-no-profile.json") else {
        return;
    };
    let a = step(&t).authenticator.clone().unwrap();
    assert_eq!(a.phone.unwrap().number, None, "no profile: no number");
    assert_eq!(a.methods, ["sms"]);
}

#[test]
fn phone_enrollment_sends_the_number_with_a_voice_extension() {
    let Some(t) = extra("authenticator-enroll-data-phone-voice.json") else {
        return;
    };
    let s = step(&t);
    assert_eq!(s.name, StepName::AuthenticatorEnrollmentData);
    assert!(s.input("phoneNumber").unwrap().required);
    let number = idx_core::e164_phone_number("1", "415 555 0123", Some("123")).unwrap();
    let r = t
        .proceed_request(
            &s.name,
            &Values::new()
                .text("methodType", "voice")
                .text("phoneNumber", number),
        )
        .unwrap();
    assert!(r.url.ends_with("/idp/idx/credential/enroll"));
    assert_eq!(
        body(&r),
        json!({"authenticator": {"id": "aid568g3mXgtID0X1SLH", "methodType": "voice",
            "phoneNumber": "+14155550123x123"}, "stateHandle": "SH"})
    );
    // SMS is not offered by this state.
    assert!(matches!(
        t.proceed_request(
            &s.name,
            &Values::new()
                .text("methodType", "sms")
                .text("phoneNumber", "+14155550123")
        ),
        Err(InputError::UnknownOption { .. })
    ));
}

#[test]
fn phone_rate_limits_and_invalid_numbers_are_messages_by_key() {
    let Some(dir) = fixtures_dir("phone_rate_limits") else {
        return;
    };
    let t = transaction(&dir, "error-authenticator-phone-sms-ratelimit.json");
    assert!(t.has_message("errors.E0000150"));
    let t = transaction(&dir, "error-authenticator-phone-voice-ratelimit.json");
    assert!(t.has_message("errors.E0000151"));
    assert!(
        t.step(&StepName::AuthenticatorVerificationData).is_some(),
        "can switch to SMS"
    );
    let t = transaction(&dir, "error-authenticator-enroll-phone-invalid-number.json");
    assert!(t.has_message("api.factors.error.sms.invalid_phone"));
    assert!(
        step(&t).input("phoneNumber").is_some(),
        "the form is served again"
    );
}

#[test]
fn security_question_verify_shows_the_question_and_echoes_its_key() {
    let Some(t) = extra("authenticator-verification-security-question.json") else {
        return;
    };
    let s = step(&t);
    let q = s
        .authenticator
        .as_ref()
        .unwrap()
        .enrolled_question
        .clone()
        .unwrap();
    assert_eq!(q.key, "favorite_vacation_location");
    assert_eq!(q.text, "Where did you go for your favorite vacation?");
    assert!(s.input("questionKey").is_none(), "fixed: never an input");
    let r = t
        .proceed_request(&s.name, &Values::new().text("answer", "Lisbon"))
        .unwrap();
    assert_eq!(
        body(&r),
        json!({"credentials": {"questionKey": "favorite_vacation_location", "answer": "Lisbon"},
            "stateHandle": "SH"})
    );
}

#[test]
fn security_question_enroll_offers_okta_questions_or_your_own() {
    let Some(t) = extra("authenticator-enroll-security-question.json") else {
        return;
    };
    let s = step(&t);
    let a = s.authenticator.as_ref().unwrap();
    let keys: Vec<_> = a.questions.iter().map(|q| q.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "disliked_food",
            "name_of_first_plush_toy",
            "favorite_vacation_location"
        ]
    );
    let names: Vec<_> = s.inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["questionKey", "answer", "question"]);
    assert!(s.input("answer").unwrap().required);
    assert!(!s.input("question").unwrap().required, "only in one option");

    let chosen = t
        .proceed_request(
            &s.name,
            &Values::new()
                .text("questionKey", "disliked_food")
                .text("answer", "okra"),
        )
        .unwrap();
    assert_eq!(
        body(&chosen),
        json!({"credentials": {"questionKey": "disliked_food", "answer": "okra"}, "stateHandle": "SH"})
    );
    let own = t
        .proceed_request(
            &s.name,
            &Values::new()
                .text("question", "First concert?")
                .text("answer", "Blur"),
        )
        .unwrap();
    assert_eq!(
        body(&own),
        json!({"credentials": {"questionKey": "custom", "question": "First concert?", "answer": "Blur"},
            "stateHandle": "SH"})
    );
    // Saying "custom" is the same; a predefined key with a question of one's own is not.
    let own_again = t
        .proceed_request(
            &s.name,
            &Values::new()
                .text("questionKey", "custom")
                .text("question", "First concert?")
                .text("answer", "Blur"),
        )
        .unwrap();
    assert_eq!(body(&own_again), body(&own));
    assert!(
        t.proceed_request(
            &s.name,
            &Values::new()
                .text("questionKey", "disliked_food")
                .text("question", "First concert?")
                .text("answer", "Blur"),
        )
        .is_err()
    );
    assert!(matches!(
        t.proceed_request(&s.name, &Values::new().text("questionKey", "disliked_food")),
        Err(InputError::Missing { name }) if name == "answer"
    ));
}

#[test]
fn security_question_errors_come_back_on_the_answer() {
    for name in [
        "error-authenticator-enroll-security-question.json",
        "enroll-security-question-with-character-limit-error.json",
    ] {
        let Some(t) = extra(name) else { return };
        let answer = step(&t).input("answer").unwrap();
        assert!(
            answer
                .messages
                .iter()
                .any(|m| m.i18n_key.as_deref() == Some("securityQuestion.answer.tooShort.arg")),
            "{name}"
        );
    }
}

#[test]
fn google_authenticator_enrollment_has_the_qr_code_and_the_key() {
    for name in [
        "authenticator-enroll-google-authenticator.json",
        "authenticator-reset-google.json",
    ] {
        let Some(t) = extra(name) else { return };
        let s = step(&t);
        let a = s.authenticator.as_ref().unwrap();
        assert_eq!(a.key.as_deref(), Some("google_otp"), "{name}");
        assert!(
            a.qr_code
                .as_deref()
                .unwrap()
                .starts_with("data:image/png;base64,")
        );
        let secret = a.shared_secret.clone().unwrap();
        assert!(!secret.secret().is_empty());
        assert!(!format!("{a:?}").contains(secret.secret()), "redacted");
        let r = t
            .proceed_request(&s.name, &Values::new().text("verificationCode", "123456"))
            .unwrap();
        assert_eq!(
            body(&r),
            json!({"credentials": {"passcode": "123456"}, "stateHandle": "SH"})
        );
    }
}

#[test]
fn rsa_and_on_prem_enrollment_echo_id_method_and_user_name() {
    for (name, id) in [
        ("authenticator-enroll-rsa.json", "autx7fdyRt87txnAs0g3"),
        ("authenticator-enroll-on-prem.json", ""),
    ] {
        let Some(t) = extra(name) else { return };
        let s = step(&t);
        let user = s.input("clientData").unwrap();
        assert!(user.value.is_some(), "{name}: pre-filled user name");
        let r = t
            .proceed_request(&s.name, &Values::new().text("verificationCode", "12345678"))
            .unwrap();
        let b = body(&r);
        assert_eq!(b["credentials"]["methodType"], "otp", "{name}");
        assert_eq!(b["credentials"]["passcode"], "12345678");
        assert!(b["credentials"]["clientData"].is_string());
        if !id.is_empty() {
            assert_eq!(b["credentials"]["id"], id);
            assert_eq!(b["credentials"]["clientData"], "rsa_username");
        }
    }
    let Some(t) = extra("error-authenticator-verification-passcode-change-rsa.json") else {
        return;
    };
    assert!(t.has_message("errors.E0000113"), "next-code state");
    assert!(step(&t).input("verificationCode").is_some());
}

#[test]
fn symantec_enrollment_sends_the_credential_and_two_codes() {
    let Some(t) = extra("authenticator-enroll-symantec-vip.json") else {
        return;
    };
    let s = step(&t);
    let names: Vec<_> = s.inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["credentialId", "verificationCode", "nextPasscode"]);
    let r = t
        .proceed_request(
            &s.name,
            &Values::new()
                .text("credentialId", "VSMT12345678")
                .text("verificationCode", "111111")
                .text("nextPasscode", "222222"),
        )
        .unwrap();
    assert_eq!(
        body(&r),
        json!({"credentials": {"credentialId": "VSMT12345678", "passcode": "111111",
            "nextPasscode": "222222"}, "stateHandle": "SH"})
    );
}

#[test]
fn the_otp_family_is_named_by_its_own_authenticator() {
    for (name, key) in [
        ("authenticator-verification-custom-otp.json", "custom_otp"),
        ("authenticator-verification-rsa.json", "rsa_token"),
        ("authenticator-verification-on-prem.json", "onprem_mfa"),
        (
            "authenticator-verification-symantec-vip.json",
            "symantec_vip",
        ),
        ("authenticator-verification-yubikey.json", "yubikey_token"),
        ("authenticator-enroll-yubikey.json", "yubikey_token"),
        ("authenticator-verification-tac.json", "tac"),
    ] {
        let Some(t) = extra(name) else { return };
        let s = step(&t);
        assert_eq!(s.authenticator_key(), Some(key), "{name}");
        assert!(
            s.authenticator.as_ref().unwrap().display_name.is_some(),
            "{name}"
        );
        let r = t
            .proceed_request(
                &s.name,
                &Values::new().text("verificationCode", "cccjgjgkhcbb"),
            )
            .unwrap();
        assert_eq!(
            body(&r)["credentials"]["passcode"],
            "cccjgjgkhcbb",
            "{name}"
        );
    }
}

#[test]
fn fastpass_challenges_are_typed_and_cancelled_with_a_reason() {
    let Some(t) = extra("identify-with-device-probing-loopback.json") else {
        return;
    };
    let s = step(&t);
    assert_eq!(s.name, StepName::DeviceChallengePoll);
    assert_eq!(s.poll.unwrap().refresh_ms, 2000);
    let c = s
        .authenticator
        .as_ref()
        .unwrap()
        .device_challenge
        .clone()
        .unwrap();
    assert_eq!(c.method, ChallengeMethod::Loopback);
    assert_eq!(c.ports, [2000, 6511, 6512, 6513]);
    assert!(c.challenge_request.is_some());
    assert_eq!(c.loopback_bases()[0], "http://localhost:2000");
    let probe = loopback_probe_request(&c.loopback_bases()[1]);
    assert_eq!(
        (probe.method, probe.url.as_str()),
        (Method::Get, "http://localhost:6511/probe")
    );
    assert!(!probe.with_credentials);
    let relay = loopback_challenge_request(
        "http://localhost:6511",
        c.challenge_request.as_ref().unwrap(),
    );
    assert_eq!(relay.url, "http://localhost:6511/challenge");
    assert!(relay.body.unwrap().contains("\"challengeRequest\":\"eyJ"));
    assert!(t.can_cancel_polling());
    let cancel = t.cancel_polling_request(PollCancel::Unreachable).unwrap();
    assert!(cancel.url.ends_with("/idp/idx/authenticators/poll/cancel"));
    assert_eq!(
        body(&cancel),
        json!({"stateHandle": "SH", "reason": "OV_UNREACHABLE_BY_LOOPBACK", "statusCode": null})
    );
    assert_eq!(
        body(
            &t.cancel_polling_request(PollCancel::ReturnedError(400))
                .unwrap()
        )["statusCode"],
        400
    );

    let Some(t) = extra("authenticator-verification-okta-verify-signed-nonce-custom-uri.json")
    else {
        return;
    };
    let s = step(&t);
    assert_eq!(s.name, StepName::ChallengePoll);
    let a = s.authenticator.as_ref().unwrap();
    assert_eq!(a.methods, ["signed_nonce"]);
    let c = a.device_challenge.clone().unwrap();
    assert_eq!(c.method, ChallengeMethod::CustomUri);
    assert!(
        c.download_href
            .unwrap()
            .starts_with("https://apps.apple.com/")
    );
    assert_eq!(
        body(&t.cancel_polling_request(PollCancel::UserCanceled).unwrap()),
        json!({"stateHandle": "SH", "reason": "USER_CANCELED", "statusCode": null})
    );

    for (name, method) in [
        (
            "identify-with-universal-link.json",
            ChallengeMethod::UniversalLink,
        ),
        ("identify-with-app-link.json", ChallengeMethod::AppLink),
        (
            "identify-with-device-launch-authenticator.json",
            ChallengeMethod::CustomUri,
        ),
        (
            "authenticator-verification-okta-verify-signed-nonce-app-link.json",
            ChallengeMethod::AppLink,
        ),
    ] {
        let Some(t) = extra(name) else { return };
        let c = step(&t)
            .authenticator
            .as_ref()
            .and_then(|a| a.device_challenge.clone());
        assert_eq!(c.map(|c| c.method), Some(method), "{name}");
    }
}

#[test]
fn launch_authenticator_is_a_step_of_its_own() {
    let Some(t) = extra("smart-probing-required.json") else {
        return;
    };
    let s = step(&t);
    assert_eq!(s.name, StepName::LaunchAuthenticator);
    let r = t.proceed_request(&s.name, &Values::new()).unwrap();
    assert!(
        r.url
            .ends_with("/idp/idx/authenticators/okta-verify/launch")
    );
}

#[test]
fn duo_and_piv_say_where_to_go() {
    let Some(t) = extra("authenticator-verification-duo.json") else {
        return;
    };
    let duo = step(&t)
        .authenticator
        .as_ref()
        .unwrap()
        .duo
        .clone()
        .unwrap();
    assert_eq!(duo.integration.as_deref(), Some("IFRAME"));
    assert!(duo.host.is_some() && duo.signed_token.is_some());
    assert!(
        t.step(&StepName::SelectAuthenticatorAuthenticate).is_some(),
        "another way"
    );

    let Some(t) = extra("identify-with-piv-only.json") else {
        return;
    };
    let s = step(&t);
    assert!(s.is_piv());
    assert!(
        s.href
            .as_deref()
            .unwrap()
            .starts_with("https://okta.mtls.okta.com/")
    );
    assert!(
        !format!("{s:?}").contains("stateToken=ey"),
        "href query redacted"
    );
    let Some(t) = extra("identify-with-many-idps.json") else {
        return;
    };
    assert!(
        t.step(&StepName::PivIdp)
            .is_some_and(idx_core::NextStep::is_piv)
    );
}

#[test]
fn device_assurance_lines_carry_their_links() {
    let Some(t) = extra(
        "end-user-remediation-adp-remediation-message-fallback-multiple-options-with-grace-period.json",
    ) else {
        return;
    };
    let line = t
        .messages
        .iter()
        .find(|m| {
            m.i18n_key.as_deref()
                == Some("idx.error.code.access_denied.device_assurance.remediation.android.upgrade_os_version")
        })
        .expect("the upgrade line");
    let urls: Vec<&str> = line.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(urls, ["https://okta.com/android-upgrade-os"]);
    assert!(
        t.messages.iter().any(|m| m.links.is_empty()),
        "lines without a link have none"
    );
}
