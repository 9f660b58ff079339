//! Phone: SMS and voice codes through the virtual phone's inbox, resend,
//! wrong codes, Okta's rate limits, and enrolling a number.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;
use crate::redeemed_amr;

/// The phone's method choice, then SMS: the masked number, the code from
/// the inbox, a wrong code first.
#[tokio::test]
async fn sms_code_from_the_inbox_signs_in_after_a_wrong_one() {
    let emu = Emu::demo();
    let data = emu
        .chose_factor(PHONE_USER, "phone_number", json!({}))
        .await;
    assert_eq!(
        data.remediations(),
        vec![
            "authenticator-verification-data",
            "select-authenticator-authenticate"
        ]
    );
    let auth = data.field("authenticator-verification-data", "authenticator");
    let fields = auth["form"]["value"].as_array().expect("fields");
    let methods: Vec<&str> = fields[1]["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|o| o["value"].as_str().expect("value"))
        .collect();
    assert_eq!(methods, vec!["sms", "voice"]);
    let enrollment_id = fields[2]["value"].clone();
    assert_eq!(fields[2]["name"], "enrollmentId");
    assert_eq!(
        emu.phone_message(PHONE_USER).await.status,
        StatusCode::NOT_FOUND
    );

    let challenge = emu
        .submit(
            &data,
            "authenticator-verification-data",
            json!({ "authenticator": { "id": fields[0]["value"], "methodType": "sms", "enrollmentId": enrollment_id } }),
        )
        .await;
    assert_eq!(challenge.status, StatusCode::OK, "{}", challenge.summary());
    let current = &challenge.body["currentAuthenticatorEnrollment"]["value"];
    assert_eq!(current["profile"]["phoneNumber"], "+1 XXX-XXX-2342");
    assert_eq!(current["methods"], json!([{ "type": "sms" }]));
    assert!(!challenge.text.contains("4155552342"));
    let sent = emu.phone_message(PHONE_USER).await;
    assert_eq!(sent.body["method"], "sms");
    assert_eq!(sent.body["to"], "+14155552342");
    let code = emu.phone_code(PHONE_USER).await;

    let wrong = emu.enter_passcode(&challenge, Emu::other_code(&code)).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let passcode = &wrong.field("challenge-authenticator", "credentials")["form"]["value"][0];
    assert_eq!(
        passcode["messages"]["value"][0]["i18n"]["key"],
        "api.authn.error.PASSCODE_INVALID"
    );
    let done = emu.enter_passcode(&wrong, &code).await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "sms", "mfa"]);
    // The code was used: the inbox no longer shows it.
    assert_eq!(
        emu.phone_message(PHONE_USER).await.status,
        StatusCode::NOT_FOUND
    );
}

/// Voice in one step; a resend replaces the code, so only the newest one
/// verifies.
#[tokio::test]
async fn a_resent_voice_code_replaces_the_first() {
    let emu = Emu::demo();
    let challenge = emu
        .chose_factor(PHONE_USER, "phone_number", json!({ "methodType": "voice" }))
        .await;
    let current = &challenge.body["currentAuthenticatorEnrollment"]["value"];
    assert_eq!(current["methods"], json!([{ "type": "voice" }]));
    assert_eq!(emu.phone_message(PHONE_USER).await.body["method"], "voice");
    let first = emu.phone_code(PHONE_USER).await;
    let again = emu
        .action(&challenge, "/currentAuthenticatorEnrollment/value/resend")
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.remediations()[0], "challenge-authenticator");
    let second = emu.phone_code(PHONE_USER).await;
    if first != second {
        let old = emu.enter_passcode(&again, &first).await;
        assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    }
    let done = emu.enter_passcode(&again, &second).await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "tel", "mfa"]);
}

/// A method the phone does not offer, or a phone the user does not have,
/// is a bad request.
#[tokio::test]
async fn unknown_methods_and_phones_are_refused() {
    let emu = Emu::demo();
    let select = emu.signed_in_with_password(PHONE_USER).await;
    let mut choice = select.choice_of("phone_number");
    choice["methodType"] = json!("email");
    let refused = emu.choose(&select, choice).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.message_keys(), vec!["E0000020"]);
    // The demo user has no phone.
    let demo = emu.signed_in_with_password(DEMO).await;
    let r = emu
        .choose(
            &demo,
            json!({ "id": select.choice_of("phone_number")["id"] }),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

/// Past the limit SMS ends the transaction (no remediation) and voice
/// keeps the method choice, from which SMS still works.
#[tokio::test]
async fn rate_limits_end_sms_and_keep_the_choice_for_voice() {
    let emu = Emu::demo();
    let mut state = emu
        .chose_factor(PHONE_USER, "phone_number", json!({ "methodType": "voice" }))
        .await;
    for _ in 1..5 {
        state = emu
            .action(&state, "/currentAuthenticatorEnrollment/value/resend")
            .await;
        assert_eq!(state.status, StatusCode::OK, "{}", state.summary());
    }
    let limited = emu
        .action(&state, "/currentAuthenticatorEnrollment/value/resend")
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.message_keys(), vec!["errors.E0000151"]);
    assert_eq!(limited.remediations()[0], "authenticator-verification-data");

    let auth = limited.field("authenticator-verification-data", "authenticator");
    let id = auth["form"]["value"][0]["value"].clone();
    let mut state = emu
        .submit(
            &limited,
            "authenticator-verification-data",
            json!({ "authenticator": { "id": id, "methodType": "sms" } }),
        )
        .await;
    assert_eq!(state.status, StatusCode::OK, "{}", state.summary());
    for _ in 1..5 {
        state = emu
            .action(&state, "/currentAuthenticatorEnrollment/value/resend")
            .await;
    }
    let ended = emu
        .action(&state, "/currentAuthenticatorEnrollment/value/resend")
        .await;
    assert_eq!(ended.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(ended.message_keys(), vec!["errors.E0000150"]);
    assert!(ended.remediations().is_empty(), "{}", ended.summary());
    assert!(ended.body.get("cancel").is_none());
    // The transaction stays ended.
    let sh = ended.body["stateHandle"].as_str().expect("sh");
    let again = emu
        .idx("/idp/idx/introspect", json!({ "stateHandle": sh }))
        .await;
    assert_eq!(again.message_keys(), vec!["errors.E0000150"]);
    assert!(again.remediations().is_empty());
}

/// Enrolling a phone: a bad number is refused with Okta's error, a voice
/// number with an extension gets a call, its code enrolls the phone, and
/// the next sign-in offers it.
#[tokio::test]
async fn a_required_phone_is_enrolled_by_voice_with_an_extension() {
    let emu = Emu::demo();
    let data = emu.enrolling_factor(ENROLL_PHONE, json!({})).await;
    assert_eq!(data.status, StatusCode::OK, "{}", data.summary());
    assert_eq!(
        data.remediations(),
        vec![
            "authenticator-enrollment-data",
            "select-authenticator-enroll"
        ]
    );
    let id = data.enroll_okta_verify_id();
    for bad in ["555-0123", "+1415", "+14155550123x12"] {
        let method = if bad.contains('x') { "sms" } else { "voice" };
        let refused = emu
            .submit(
                &data,
                "authenticator-enrollment-data",
                json!({ "authenticator": { "id": id, "methodType": method, "phoneNumber": bad } }),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(
            refused.message_keys(),
            vec!["api.factors.error.sms.invalid_phone"]
        );
        assert_eq!(refused.remediations(), data.remediations());
    }
    let code_state = emu
        .submit(
            &data,
            "authenticator-enrollment-data",
            json!({ "authenticator": { "id": id, "methodType": "voice", "phoneNumber": "+14155550123x123" } }),
        )
        .await;
    assert_eq!(
        code_state.status,
        StatusCode::OK,
        "{}",
        code_state.summary()
    );
    assert_eq!(code_state.remediations()[0], "enroll-authenticator");
    let current = &code_state.body["currentAuthenticator"]["value"];
    assert_eq!(current["methods"], json!([{ "type": "voice" }]));
    assert!(code_state.body["enrollmentAuthenticator"].is_object());
    let sent = emu.phone_message(ENROLL_PHONE).await;
    assert_eq!(sent.body["to"], "+14155550123x123");
    let code = emu.phone_code(ENROLL_PHONE).await;
    let wrong = emu
        .credentials(
            &code_state,
            "enroll-authenticator",
            json!({ "passcode": Emu::other_code(&code) }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let done = emu
        .credentials(&wrong, "enroll-authenticator", json!({ "passcode": code }))
        .await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "tel", "mfa"]);

    let next = emu.signed_in_with_password(ENROLL_PHONE).await;
    assert_eq!(
        next.remediations(),
        vec!["select-authenticator-authenticate"]
    );
    assert!(next.option_for("phone_number").is_object());
}

/// The virtual page and the user list show the last message the phone got.
#[tokio::test]
async fn the_virtual_page_lists_the_phone_s_messages() {
    let emu = Emu::demo();
    let page = emu.get("/emulator/").await;
    assert!(page.text.contains("phone_message") && page.text.contains("/fastpass"));
    let find = |users: &serde_json::Value| {
        users
            .as_array()
            .expect("list")
            .iter()
            .find(|u| u["username"] == PHONE_USER)
            .expect("phone user")
            .clone()
    };
    let before = find(&emu.get("/emulator/api/users").await.body);
    assert!(before["phone_message"].is_null());
    emu.chose_factor(PHONE_USER, "phone_number", json!({ "methodType": "sms" }))
        .await;
    let after = find(&emu.get("/emulator/api/users").await.body);
    assert_eq!(after["phone_message"]["method"], "sms");
    assert_eq!(
        after["phone_message"]["code"],
        emu.phone_code(PHONE_USER).await.as_str()
    );
    // Reset empties the inbox.
    emu.raw("/emulator/api/reset", "application/json", "").await;
    assert_eq!(
        emu.phone_message(PHONE_USER).await.status,
        StatusCode::NOT_FOUND
    );
}

/// A `select-authenticator-enroll` that already carries the method and the
/// number sends the code at once; the choice stays offered to start over.
#[tokio::test]
async fn the_enrollment_choice_may_carry_the_number() {
    let emu = Emu::demo();
    let sent = emu
        .enrolling_factor(
            ENROLL_PHONE,
            json!({ "methodType": "sms", "phoneNumber": "+442071838750" }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.summary());
    assert_eq!(sent.remediations()[0], "enroll-authenticator");
    assert_eq!(
        emu.phone_message(ENROLL_PHONE).await.body["to"],
        "+442071838750"
    );
    let again = emu
        .enroll_with(
            &sent,
            "select-authenticator-enroll",
            json!({ "id": sent.enroll_okta_verify_id() }),
        )
        .await;
    assert_eq!(again.remediations()[0], "authenticator-enrollment-data");
    // Another user's authenticator is not this flow's.
    let refused = emu
        .enroll_with(
            &again,
            "select-authenticator-enroll",
            json!({ "id": "autOktaVerify0000001" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}
