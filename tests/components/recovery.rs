//! Password recovery: "Forgot password?", and a new password checked against
//! its rules and its confirmation.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn identify_offers_password_recovery() {
    if !have_fixtures("recover") {
        return;
    }
    let m = mount_step(parse(200, fixture!("identify-with-password.json")));
    settle().await;
    assert_eq!(m.text("[data-action=recover]"), "Forgot password?");
    m.rec.reply(200, fixture!("identify.json"));
    m.click("[data-action=recover]");
    settle().await;
    let sent = m.rec.sent.borrow().clone();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].url.ends_with("/idp/idx/recover"), "{}", sent[0].url);
}

#[wasm_bindgen_test]
async fn new_password_lists_its_rules_and_must_be_confirmed() {
    if !have_fixtures("reset-password") {
        return;
    }
    let m = mount_step(parse(200, fixture!("authenticator-reset-password.json")));
    settle().await;
    assert_eq!(m.text("h1"), "Set a new password");
    let field = m.input("#field-newPassword");
    assert_eq!(
        field.get_attribute("autocomplete").as_deref(),
        Some("new-password")
    );
    assert!(
        field
            .get_attribute("aria-describedby")
            .is_some_and(|d| d.split(' ').any(|id| id == "field-newPassword-rules")),
        "the password field points at its rules"
    );
    let met = || {
        m.root
            .query_selector_all(".password-rules li.met")
            .unwrap()
            .length()
    };
    assert_eq!(
        m.root
            .query_selector_all(".password-rules li")
            .unwrap()
            .length(),
        8
    );
    assert_eq!(
        met(),
        3,
        "nothing typed: only the 'not your name' rules hold"
    );
    m.type_into("#field-newPassword", "short");
    settle().await;
    assert_eq!(met(), 4, "lower case now met too");

    // Unmet rules: nothing sent, the message is on the password.
    m.type_into("#field-confirmPassword", "short");
    m.click("form[data-step=reset-authenticator] button[type=submit]");
    settle().await;
    assert!(m.rec.sent.borrow().is_empty());
    assert!(m.text("#field-newPassword-error").contains("requirement"));

    // Rules met, confirmation differs: nothing sent, the message is on it.
    m.type_into("#field-newPassword", "Tr1cky-Horse!");
    m.type_into("#field-confirmPassword", "Tr1cky-Horse?");
    settle().await;
    assert_eq!(met(), 8);
    m.click("form[data-step=reset-authenticator] button[type=submit]");
    settle().await;
    assert!(m.rec.sent.borrow().is_empty());
    assert!(m.text("#field-confirmPassword-error").contains("match"));

    // Both right: sent as the passcode; the confirmation stays here.
    m.type_into("#field-confirmPassword", "Tr1cky-Horse!");
    m.rec
        .reply(200, fixture!("authenticator-reset-password.json"));
    m.click("form[data-step=reset-authenticator] button[type=submit]");
    settle().await;
    assert_eq!(m.rec.sent.borrow().len(), 1);
    let body = m.rec.body_json(0);
    assert_eq!(body["credentials"]["passcode"], "Tr1cky-Horse!");
    assert!(
        !m.rec.sent.borrow()[0]
            .body
            .as_deref()
            .unwrap()
            .contains("confirm")
    );
}
