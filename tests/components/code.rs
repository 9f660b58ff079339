//! Code entry: the checks on a code, Okta's answer to a wrong one, and
//! another email code offered only after a while.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    active_id, fixture, have_fixtures, mount_step, mount_step_with, parse, settle,
};

#[wasm_bindgen_test]
async fn totp_page_checks_the_code_then_shows_okta_error_with_field_kept_and_focused() {
    if !have_fixtures("totp") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-verification-okta-verify-totp.json"),
    ));
    settle().await;
    assert!(m.text("h1").contains("Okta Verify"));
    let code = m.input("form[data-step=challenge-authenticator] #field-verificationCode");
    assert_eq!(code.name(), "verificationCode");
    assert_eq!(code.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(
        code.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );

    // Not six digits: refused before sending.
    m.type_into("#field-verificationCode", "12ab56");
    m.click("form[data-step=challenge-authenticator] button[type=submit]");
    settle().await;
    assert!(m.rec.sent.borrow().is_empty());
    assert!(m.text("#field-verificationCode-error").contains("6-digit"));

    // Six digits: sent as credentials.totp; Okta says it is wrong.
    m.type_into("#field-verificationCode", "123456");
    m.rec.reply(401, fixture!("error-okta-verify-totp.json"));
    m.click("form[data-step=challenge-authenticator] button[type=submit]");
    settle().await;
    assert_eq!(m.rec.sent.borrow().len(), 1);
    let body = m.rec.body_json(0);
    assert_eq!(body["credentials"]["totp"], "123456");
    assert!(
        m.rec.sent.borrow()[0]
            .url
            .ends_with("/idp/idx/challenge/answer")
    );

    let okta_text = {
        let v: serde_json::Value =
            serde_json::from_str(fixture!("error-okta-verify-totp.json")).unwrap();
        let s = v.to_string();
        let at = s.find("\"message\":\"").unwrap() + 11;
        s[at..at + s[at..].find('"').unwrap()].to_owned()
    };
    assert_eq!(m.text("#field-verificationCode-error"), okta_text);
    let code = m.input("#field-verificationCode");
    assert_eq!(code.value(), "123456", "the field keeps what was typed");
    assert_eq!(code.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(active_id(), "field-verificationCode");
}

#[wasm_bindgen_test]
async fn email_code_page_offers_a_new_code_after_a_while() {
    if !have_fixtures("email") {
        return;
    }
    let m = mount_step_with(
        parse(200, fixture!("authenticator-verification-email.json")),
        Some(300),
    );
    settle().await;
    assert_eq!(m.text("h1"), "Check your email");
    m.get("form[data-step=challenge-authenticator] #field-verificationCode");
    // Like a second push, another email is offered only after a while.
    assert!(
        m.q("[data-action=resend]").is_none() && m.q("[data-testid=resend-hint]").is_none(),
        "a new code must not be offered at once"
    );
    signin::timer::sleep(300).await;
    settle().await;
    assert!(m.text("[data-testid=resend-hint]").contains("spam"));
    m.rec
        .reply(200, fixture!("authenticator-verification-email.json"));
    m.click("[data-action=resend]");
    settle().await;
    let sent = m.rec.sent.borrow().clone();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].url.contains("/resend"), "{}", sent[0].url);
}
