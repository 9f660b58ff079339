//! Phone (SMS and voice) over Okta's recordings: the method choice names
//! the masked number and is never titled Okta Verify, the code page says
//! where the code went (texted or called), and enrollment assembles the
//! number from the country picker in E.164, with a voice extension.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    choose_option, fixture, have_fixtures, mount_step, mount_step_with, parse, settle,
};

#[wasm_bindgen_test]
async fn method_choice_names_the_number_and_offers_the_other_method_instead() {
    if !have_fixtures("phone method") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/authenticator-verification-data-phone-voice-then-sms.json"),
    ));
    settle().await;
    let title = m.text("h1");
    assert_eq!(title, "Verify with your phone");
    assert!(
        m.text(".lead").contains("+1 XXX-XXX-2342"),
        "{}",
        m.text(".lead")
    );
    let primary = m.get("button.primary[data-authenticator=phone_number]");
    assert_eq!(
        primary.get_attribute("data-method").as_deref(),
        Some("voice")
    );
    assert_eq!(primary.text_content().unwrap(), "Receive a voice call");
    let other = m.text("button[data-method=sms]");
    assert_eq!(other, "Receive a code via SMS instead");
    m.rec.reply(
        200,
        fixture!("extra/authenticator-verification-phone-voice-no-profile.json"),
    );
    m.click("button[data-method=sms]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["authenticator"]["methodType"], "sms");
    assert_eq!(body["authenticator"]["id"], "id-phone-authenticator");

    let m = mount_step(parse(
        200,
        fixture!("extra/authenticator-verification-data-phone-sms-then-voice-no-profile.json"),
    ));
    settle().await;
    assert!(
        m.text(".lead").contains("your phone"),
        "no profile: no number"
    );
    assert_eq!(
        m.get("button.primary")
            .get_attribute("data-method")
            .as_deref(),
        Some("sms")
    );
}

#[wasm_bindgen_test]
async fn code_page_says_where_the_code_went_and_offers_to_call_or_send_again() {
    if !have_fixtures("phone code") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/authenticator-verification-phone-sms-nickname.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Verify with your phone");
    assert!(
        !m.text("main").contains("authenticator"),
        "{}",
        m.text("main")
    );
    assert!(
        m.text(".lead").contains("sent to +1 XXX-XXX-2342"),
        "{}",
        m.text(".lead")
    );

    let m = mount_step_with(
        parse(
            200,
            fixture!("extra/authenticator-verification-phone-voice-no-profile.json"),
        ),
        Some(0),
    );
    settle().await;
    assert!(
        m.text(".lead").starts_with("Calling your phone"),
        "{}",
        m.text(".lead")
    );
    assert_eq!(m.text("[data-action=resend]"), "Call again");
    assert_eq!(
        m.text("[data-testid=resend-hint]"),
        "Haven't received a call?"
    );

    let m = mount_step(parse(
        200,
        fixture!("extra/authenticator-enroll-phone-voice.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Set up phone authentication");
    assert!(m.text(".lead").starts_with("Calling"));
}

#[wasm_bindgen_test]
async fn enrollment_builds_the_number_from_the_country_with_a_voice_extension() {
    if !have_fixtures("phone enroll") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/authenticator-enroll-data-phone-voice.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Set up phone authentication");
    let form = "form[data-step=authenticator-enrollment-data]";
    m.get(&format!("{form} select#field-country"));
    assert!(
        m.text("label[for=field-phoneNumber]")
            .contains("Phone number")
    );
    // Voice is the only method here: no choice, and an extension field.
    assert!(m.q("input[name=methodType]").is_none());
    m.get("#field-extension");

    // Too short: refused before sending, with the field flagged.
    choose_option(&m, "#field-country", "GB");
    m.type_into("#field-phoneNumber", "12");
    m.click(&format!("{form} button[type=submit]"));
    settle().await;
    assert!(m.rec.sent.borrow().is_empty());
    assert!(m.text("#field-phoneNumber-error").contains("too short"));
    assert_eq!(
        m.input("#field-phoneNumber")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );

    m.type_into("#field-phoneNumber", "07911 123456");
    m.type_into("#field-extension", "42");
    m.rec
        .reply(200, fixture!("extra/authenticator-enroll-phone-voice.json"));
    m.click(&format!("{form} button[type=submit]"));
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["authenticator"]["phoneNumber"], "+447911123456x42");
    assert_eq!(body["authenticator"]["methodType"], "voice");
    assert_eq!(body["authenticator"]["id"], "aid568g3mXgtID0X1SLH");
    assert!(
        m.rec.sent.borrow()[0]
            .url
            .ends_with("/idp/idx/credential/enroll")
    );
}

#[wasm_bindgen_test]
async fn okta_refusing_the_number_is_said_and_the_form_stays() {
    if !have_fixtures("phone invalid") {
        return;
    }
    let m = mount_step(parse(
        400,
        fixture!("error-authenticator-enroll-phone-invalid-number.json"),
    ));
    settle().await;
    assert!(
        m.text("[data-testid=messages]")
            .contains("Invalid Phone Number")
    );
    m.get("form[data-step=authenticator-enrollment-data] #field-phoneNumber");
    // Okta's second option has no value: SMS only, no choice, no extension.
    assert!(m.q("input[name=methodType]").is_none());
    assert!(m.q("#field-extension").is_none(), "no extension for SMS");
    assert_eq!(m.text("form button[type=submit]"), "Receive a code via SMS");
}
