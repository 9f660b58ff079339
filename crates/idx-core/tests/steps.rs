//! Golden request bodies for each step kind beyond identify and selection,
//! built from recorded states: method choice, code challenges (Okta Verify
//! `totp` vs `passcode`), polling, resend (remediation and action), skip,
//! cancel, enrollment channel, and an unknown step through the raw names.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;

use idx_core::{
    IdxOutcome, InputError, InputKind, MessageClass, PasswordRule, Request, StepName, Values,
    parse_idx_response,
};
use serde_json::{Value, json};

/// The request body as JSON, after checking that it carries the state handle
/// of a recorded form with the request's `href` (recordings do not always
/// agree with the top-level `stateHandle`; the form's own value is the one to
/// send). The handle is replaced by `SH` to keep the expectations short.
fn body(dir: &Path, file: &str, request: &Request) -> Value {
    let raw: Value = serde_json::from_slice(&common::fixture(dir, file)).unwrap();
    let mut handles = Vec::new();
    form_handles(&raw, &request.url, &mut handles);
    let mut v: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert!(
        handles.contains(&&v["stateHandle"]),
        "{file}: the state handle must come from the submitted form"
    );
    v["stateHandle"] = json!("SH");
    v
}

/// State handle values of every form in `v` whose `href` is `href`.
fn form_handles<'a>(v: &'a Value, href: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(map) => {
            if map.get("href").and_then(Value::as_str) == Some(href) {
                for field in map
                    .get("value")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if field["name"] == "stateHandle" {
                        out.push(&field["value"]);
                    }
                }
            }
            map.values().for_each(|x| form_handles(x, href, out));
        }
        Value::Array(items) => items.iter().for_each(|x| form_handles(x, href, out)),
        _ => {}
    }
}

#[test]
fn verification_data_method_type() {
    let Some(dir) = common::fixtures_dir("verification_data_method_type") else {
        return;
    };
    let file = "authenticator-verification-data-ov-only-with-device-known.json";
    let t = common::transaction(&dir, file);
    let step = t.next_step.as_ref().unwrap();
    let input = step.input("methodType").unwrap();
    assert!(input.required);
    let opts: Vec<_> = input.options.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(opts, ["push", "totp", "signed_nonce"]);
    assert_eq!(
        step.authenticator.as_ref().unwrap().key.as_deref(),
        Some("okta_verify")
    );
    let r = t
        .proceed_request(
            &StepName::AuthenticatorVerificationData,
            &Values::new().text("methodType", "totp"),
        )
        .unwrap();
    assert!(r.url.ends_with("/idp/idx/challenge"));
    assert_eq!(
        body(&dir, file, &r),
        json!({"authenticator": {"id": "aut13qrZReYpIib7R0g4", "methodType": "totp"}, "stateHandle": "SH"})
    );
    let err = t
        .proceed_request(&StepName::AuthenticatorVerificationData, &Values::new())
        .unwrap_err();
    assert_eq!(
        err,
        InputError::Missing {
            name: "methodType".into()
        }
    );
    let err = t
        .proceed_request(
            &StepName::AuthenticatorVerificationData,
            &Values::new().text("methodType", "sms"),
        )
        .unwrap_err();
    assert_eq!(
        err,
        InputError::UnknownOption {
            name: "methodType".into(),
            value: "sms".into()
        }
    );
}

#[test]
fn verification_data_auto_challenge() {
    let Some(dir) = common::fixtures_dir("verification_data_auto_challenge") else {
        return;
    };
    let file = "v3/idp/idx/challenge/verify-ov-select-method.json";
    let t = common::transaction(&dir, file);
    let step = t.next_step.as_ref().unwrap();
    assert_eq!(
        step.input("autoChallenge").unwrap().kind,
        InputKind::Boolean
    );
    let r = t
        .proceed_request(
            &StepName::AuthenticatorVerificationData,
            &Values::new()
                .text("methodType", "push")
                .bool("autoChallenge", true),
        )
        .unwrap();
    let b = body(&dir, file, &r);
    assert_eq!(b["authenticator"]["methodType"], json!("push"));
    assert_eq!(b["authenticator"]["autoChallenge"], json!(true));
    assert!(b["authenticator"]["id"].is_string());
}

#[test]
fn okta_verify_code_goes_as_totp() {
    let Some(dir) = common::fixtures_dir("okta_verify_code_goes_as_totp") else {
        return;
    };
    let file = "authenticator-verification-okta-verify-totp.json";
    let t = common::transaction(&dir, file);
    let step = t.next_step.as_ref().unwrap();
    assert_eq!(step.name, StepName::ChallengeAuthenticator);
    let input = step.input("verificationCode").unwrap();
    assert!(input.required);
    let r = t
        .proceed_request(
            &StepName::ChallengeAuthenticator,
            &Values::new().text("verificationCode", "123456"),
        )
        .unwrap();
    assert!(r.url.ends_with("/idp/idx/challenge/answer"));
    assert_eq!(
        body(&dir, file, &r),
        json!({"credentials": {"totp": "123456"}, "stateHandle": "SH"})
    );
    let err = t
        .proceed_request(&StepName::ChallengeAuthenticator, &Values::new())
        .unwrap_err();
    assert_eq!(
        err,
        InputError::Missing {
            name: "verificationCode".into()
        }
    );
}

#[test]
fn email_code_goes_as_passcode() {
    let Some(dir) = common::fixtures_dir("email_code_goes_as_passcode") else {
        return;
    };
    let file = "v3/idp/idx/challenge/default.json";
    let t = common::transaction(&dir, file);
    let r = t
        .proceed_request(
            &StepName::ChallengeAuthenticator,
            &Values::new().text("verificationCode", "654321"),
        )
        .unwrap();
    assert_eq!(
        body(&dir, file, &r),
        json!({"credentials": {"passcode": "654321"}, "stateHandle": "SH"})
    );
}

#[test]
fn password_challenge_takes_password() {
    let Some(dir) = common::fixtures_dir("password_challenge") else {
        return;
    };
    let file = "authenticator-verification-password.json";
    let t = common::transaction(&dir, file);
    let step = t.next_step.as_ref().unwrap();
    assert!(step.input("password").unwrap().secret);
    let r = t
        .proceed_request(
            &StepName::ChallengeAuthenticator,
            &Values::new().text("password", "pw"),
        )
        .unwrap();
    assert_eq!(
        body(&dir, file, &r),
        json!({"credentials": {"passcode": "pw"}, "stateHandle": "SH"})
    );
}

#[test]
fn wrong_code_state_carries_the_field_message() {
    let Some(dir) = common::fixtures_dir("wrong_code") else {
        return;
    };
    let raw = common::fixture(&dir, "error-okta-verify-totp.json");
    let Ok(IdxOutcome::Transaction(t)) = parse_idx_response(401, None, &raw) else {
        panic!()
    };
    assert!(!t.request_succeeded);
    assert!(t.has_errors());
    let input = t
        .next_step
        .as_ref()
        .unwrap()
        .input("verificationCode")
        .unwrap();
    let m = &input.messages[0];
    assert_eq!(m.class, MessageClass::Error);
    assert_eq!(
        m.i18n_key.as_deref(),
        Some("api.authn.error.PASSCODE_INVALID")
    );
}

#[test]
fn push_poll_sends_defaults_and_shows_the_number() {
    let Some(dir) = common::fixtures_dir("push_poll") else {
        return;
    };
    let file = "v3/idp/idx/challenge/verify-ov-push-code-mfa.json";
    let t = common::transaction(&dir, file);
    let step = t.next_step.as_ref().unwrap();
    assert_eq!(step.poll.unwrap().refresh_ms, 4000);
    assert!(step.can_resend);
    assert_eq!(
        step.authenticator
            .as_ref()
            .unwrap()
            .correct_answer
            .as_deref(),
        Some("64")
    );
    let r = t.poll_request().unwrap();
    assert!(r.url.ends_with("/idp/idx/authenticators/poll"));
    assert_eq!(
        body(&dir, file, &r),
        json!({"autoChallenge": true, "stateHandle": "SH"})
    );

    let file = "v3/idp/idx/challenge/verify-ov-push-manual.json";
    let t = common::transaction(&dir, file);
    assert_eq!(t.next_step.as_ref().unwrap().poll.unwrap().refresh_ms, 1000);
    let r = t.poll_request().unwrap();
    assert_eq!(
        body(&dir, file, &r),
        json!({"stateHandle": "SH"}),
        "a false default is not sent"
    );
}

#[test]
fn resend_remediation_and_action() {
    let Some(dir) = common::fixtures_dir("resend") else {
        return;
    };
    let file = "v3/idp/idx/authenticator-verification-ov-resend-push-notification.json";
    let t = common::transaction(&dir, file);
    assert_eq!(t.next_step.as_ref().unwrap().name, StepName::Resend);
    let expected = json!({"authenticator": {"id": "aut2h3fft4y9pDPCS1d7", "methodType": "push"}, "stateHandle": "SH"});
    let r = t
        .proceed_request(&StepName::Resend, &Values::new())
        .unwrap();
    assert_eq!(body(&dir, file, &r), expected);
    assert!(t.has_action("currentAuthenticator-resend"));
    let r = t.resend_request().unwrap();
    assert!(r.url.ends_with("/idp/idx/challenge"));
    assert_eq!(body(&dir, file, &r), expected);
    // Fixed values cannot be overridden by the caller.
    let err = t
        .proceed_request(&StepName::Resend, &Values::new().text("id", "other"))
        .unwrap_err();
    assert!(matches!(err, InputError::UnknownInput { .. }), "{err:?}");
}

#[test]
fn skip_and_cancel() {
    let Some(dir) = common::fixtures_dir("skip_and_cancel") else {
        return;
    };
    let file = "authenticator-enroll-select-authenticator-with-skip.json";
    let t = common::transaction(&dir, file);
    assert!(t.next_step.as_ref().unwrap().can_skip);
    let r = t.skip_request().unwrap();
    assert!(r.url.ends_with("/idp/idx/skip"));
    assert_eq!(body(&dir, file, &r), json!({"stateHandle": "SH"}));
    let r = t.cancel_request().unwrap();
    assert!(r.url.ends_with("/idp/idx/cancel"));
    assert_eq!(body(&dir, file, &r), json!({"stateHandle": "SH"}));
    let t = common::transaction(&dir, "identify.json");
    assert_eq!(
        t.skip_request().unwrap_err(),
        InputError::NotAvailable("skip".into())
    );
    assert!(t.poll_request().is_err());
}

#[test]
fn enrollment_channel_choice() {
    let Some(dir) = common::fixtures_dir("enrollment_channel") else {
        return;
    };
    let file = "authenticator-enroll-ov-qr.json";
    let t = common::transaction(&dir, file);
    let step = t.step(&StepName::SelectEnrollmentChannel).unwrap();
    let channels: Vec<_> = step
        .input("channel")
        .unwrap()
        .options
        .iter()
        .map(|o| o.value.as_str())
        .collect();
    assert_eq!(channels, ["qrcode", "sms", "email"]);
    let r = t
        .proceed_request(
            &StepName::SelectEnrollmentChannel,
            &Values::new().text("channel", "sms"),
        )
        .unwrap();
    assert_eq!(
        body(&dir, file, &r),
        json!({"authenticator": {"id": "aidtheidkwh282hv8g3", "channel": "sms"}, "stateHandle": "SH"})
    );
    let err = t
        .proceed_request(
            &StepName::SelectEnrollmentChannel,
            &Values::new().text("channel", "fax"),
        )
        .unwrap_err();
    assert_eq!(
        err,
        InputError::UnknownOption {
            name: "channel".into(),
            value: "fax".into()
        }
    );
}

#[test]
fn okta_verify_enrollment_picks_its_channel_with_the_authenticator() {
    let Some(dir) = common::fixtures_dir("enroll_channel_in_selection") else {
        return;
    };
    let file = "authenticator-enroll-select-authenticator-with-usage-info.json";
    let t = common::transaction(&dir, file);
    let step = t.next_step.as_ref().unwrap();
    assert_eq!(step.name, StepName::SelectAuthenticatorEnroll);
    let channels = |key: &str| -> Vec<String> {
        let option = step
            .authenticator_options
            .iter()
            .find(|o| o.key.as_deref() == Some(key))
            .unwrap();
        option.channels.iter().map(|c| c.value.clone()).collect()
    };
    assert_eq!(channels("okta_verify"), ["qrcode", "sms", "email"]);
    assert!(channels("okta_password").is_empty());
    let choose = |values: Values| t.proceed_request(&StepName::SelectAuthenticatorEnroll, &values);
    let r = choose(
        Values::new()
            .text("authenticator", "okta_verify")
            .text("channel", "qrcode"),
    )
    .unwrap();
    assert_eq!(
        body(&dir, file, &r),
        json!({"authenticator": {"id": "aut1erh5wK1M8wA3g0g4", "channel": "qrcode"}, "stateHandle": "SH"})
    );
    // Without a channel the option is sent as it is (the server picks).
    let r = choose(Values::new().text("authenticator", "okta_verify")).unwrap();
    assert_eq!(
        body(&dir, file, &r)["authenticator"],
        json!({"id": "aut1erh5wK1M8wA3g0g4"})
    );
    for (key, channel) in [("okta_verify", "fax"), ("okta_password", "qrcode")] {
        assert_eq!(
            choose(
                Values::new()
                    .text("authenticator", key)
                    .text("channel", channel)
            )
            .unwrap_err(),
            InputError::UnknownOption {
                name: "channel".into(),
                value: channel.into()
            },
            "{key} with {channel}"
        );
    }
}

#[test]
fn enrollment_link_sent_by_email_names_the_address() {
    let Some(dir) = common::fixtures_dir("enroll_poll_email") else {
        return;
    };
    let t = common::transaction(&dir, "authenticator-enroll-ov-email.json");
    let step = t.next_step.as_ref().unwrap();
    assert_eq!(step.name, StepName::EnrollPoll);
    let ov = step.authenticator.as_ref().unwrap();
    assert_eq!(ov.selected_channel.as_deref(), Some("email"));
    assert_eq!(ov.channel_address.as_deref(), Some("joy@okta.com"));
    assert!(ov.qr_code.is_none());
    let qr = common::transaction(&dir, "authenticator-enroll-ov-qr.json");
    let ov = qr
        .next_step
        .as_ref()
        .unwrap()
        .authenticator
        .clone()
        .unwrap();
    assert!(ov.qr_code.unwrap().starts_with("data:image/png;base64,"));
    assert!(ov.channel_address.is_none());
}

#[test]
fn password_reset_states_its_rules() {
    let Some(dir) = common::fixtures_dir("password_reset_rules") else {
        return;
    };
    let file = "authenticator-reset-password.json";
    let t = common::transaction(&dir, file);
    let step = t.next_step.as_ref().unwrap();
    assert_eq!(step.name, StepName::ResetAuthenticator);
    let rules = step
        .authenticator
        .as_ref()
        .and_then(|a| a.password_rules)
        .expect("settings.complexity of the password authenticator");
    assert_eq!(
        rules.rules(),
        [
            PasswordRule::MinLength(8),
            PasswordRule::LowerCase(1),
            PasswordRule::UpperCase(1),
            PasswordRule::Number(1),
            PasswordRule::Symbol(1),
            PasswordRule::NoUsername,
            PasswordRule::NoFirstName,
            PasswordRule::NoLastName,
        ]
    );
    let r = t
        .proceed_request(
            &StepName::ResetAuthenticator,
            &Values::new()
                .text("newPassword", "N3w-passw0rd")
                .bool("revokeSessions", true),
        )
        .unwrap();
    let sent = body(&dir, file, &r);
    assert_eq!(sent["credentials"]["revokeSessions"], true);
    assert_eq!(sent["credentials"]["passcode"], "N3w-passw0rd");
}

#[test]
fn unknown_step_uses_raw_dotted_names() {
    // Hand-written state with a remediation this crate has no name for.
    let raw = br#"{"version":"1.0.0","stateHandle":"S1","remediation":{"type":"array","value":[
        {"rel":["create-form"],"name":"brand-new-step","href":"http://x/idp/idx/new","method":"POST",
         "value":[{"name":"nickname","label":"Nickname","required":true},
                  {"name":"credentials","type":"object","form":{"value":[{"name":"pin","secret":true}]}},
                  {"name":"stateHandle","value":"S1","visible":false,"mutable":false}]}]}}"#;
    let Ok(IdxOutcome::Transaction(t)) = parse_idx_response(200, None, raw) else {
        panic!()
    };
    let step = t.next_step.as_ref().unwrap();
    assert_eq!(step.name, StepName::Unknown("brand-new-step".into()));
    let names: Vec<_> = step.inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["nickname", "credentials.pin"]);
    let r = t
        .proceed_request(
            &step.name,
            &Values::new()
                .text("nickname", "n")
                .text("credentials.pin", "1234"),
        )
        .unwrap();
    let b: Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        b,
        json!({"nickname": "n", "credentials": {"pin": "1234"}, "stateHandle": "S1"})
    );
    let err = t.proceed_request(&step.name, &Values::new()).unwrap_err();
    assert_eq!(
        err,
        InputError::Missing {
            name: "nickname".into()
        }
    );
}

#[test]
fn rate_limit_inside_an_idx_state() {
    let Some(dir) = common::fixtures_dir("rate_limit") else {
        return;
    };
    let raw = common::fixture(
        &dir,
        "error-429-authenticator-verification-email-polling.json",
    );
    let Ok(IdxOutcome::Transaction(t)) = parse_idx_response(429, None, &raw) else {
        panic!()
    };
    assert!(t.is_rate_limited());
    assert_eq!(
        t.status,
        idx_core::Status::Pending,
        "the state is still usable"
    );
    let t = common::transaction(&dir, "authenticator-verification-email-polling.json");
    assert!(!t.is_rate_limited());
}

#[test]
fn length_limits_are_enforced() {
    let raw = br#"{"version":"1.0.0","remediation":{"type":"array","value":[
        {"rel":["create-form"],"name":"enrollment-channel-data","href":"http://x/idp/idx/challenge/send",
         "value":[{"name":"phoneNumber","required":true,"minLength":4,"maxLength":6},
                  {"name":"stateHandle","value":"S","mutable":false}]}]}}"#;
    let Ok(IdxOutcome::Transaction(t)) = parse_idx_response(200, None, raw) else {
        panic!()
    };
    let step = StepName::EnrollmentChannelData;
    let input = t
        .next_step
        .as_ref()
        .unwrap()
        .input("phoneNumber")
        .unwrap()
        .clone();
    assert_eq!((input.min_length, input.max_length), (Some(4), Some(6)));
    for bad in ["123", "1234567"] {
        let err = t
            .proceed_request(&step, &Values::new().text("phoneNumber", bad))
            .unwrap_err();
        assert!(
            matches!(err, InputError::Invalid { ref name, .. } if name == "phoneNumber"),
            "{err:?}"
        );
    }
    assert!(
        t.proceed_request(&step, &Values::new().text("phoneNumber", "12345"))
            .is_ok()
    );
}

/// Rate-limited and 5xx answers without a next step do not replace the
/// transaction (`is_transient_failure`); a real terminal state, a rate limit
/// that still carries the form, and ordinary errors are not transient.
#[test]
fn transient_failures_are_told_apart_from_terminal_states() {
    let Some(dir) = common::fixtures_dir("transient_failures_are_told_apart_from_terminal_states")
    else {
        return;
    };
    let parse = |status: u16, file: &str| match parse_idx_response(
        status,
        Some(idx_core::ION_JSON),
        &common::fixture(&dir, file),
    ) {
        Ok(IdxOutcome::Transaction(t)) => *t,
        other => panic!("{file}: {other:?}"),
    };
    for file in [
        "error-429-too-many-request.json",
        "error-429-too-many-request-operation-ratelimit.json",
    ] {
        assert!(parse(429, file).is_transient_failure(), "{file}");
        // The same body with a 200 status is an ordinary state.
        assert!(!parse(200, file).is_transient_failure(), "{file} at 200");
    }
    // Rate limited while polling the email challenge, but the form is still
    // there: the state applies (and shows the message).
    let polling = parse(
        429,
        "error-429-authenticator-verification-email-polling.json",
    );
    assert!(polling.is_rate_limited());
    assert!(!polling.is_transient_failure());
    // A denial is terminal for real.
    assert!(!parse(403, "error-identify-access-denied.json").is_transient_failure());
    // A 5xx with a terminal-shaped IDX body is transient.
    let five = parse_idx_response(
        503,
        Some(idx_core::ION_JSON),
        br#"{"version":"1.0.0","messages":{"type":"array","value":[{"message":"Service unavailable","class":"ERROR"}]}}"#,
    );
    match five {
        Ok(IdxOutcome::Transaction(t)) => assert!(t.is_transient_failure()),
        other => panic!("{other:?}"),
    }
}
