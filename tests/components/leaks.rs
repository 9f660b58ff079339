//! What a form must not leak: every form posts, with no `action` (were its
//! handler ever missing, the browser could not put a field in a URL), and a
//! password is dropped from the form and the flow's kept text once sent.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn every_form_posts_and_names_no_action() {
    if !have_fixtures("forms_post") {
        return;
    }
    for body in [
        fixture!("identify-with-password.json"),
        fixture!("authenticator-verification-select-authenticator-ov-m2.json"),
        fixture!("authenticator-verification-okta-verify-totp.json"),
        fixture!("authenticator-reset-password.json"),
        fixture!("user-unlock-account.json"),
        fixture!("post-auth-keep-me-signed-in.json"),
        fixture!("extra/authenticator-verification-data-phone-voice-then-sms.json"),
        fixture!("extra/authenticator-enroll-data-phone-voice.json"),
        fixture!("extra/consent-admin.json"),
        fixture!("extra/consent-granular.json"),
        fixture!("extra/email-challenge-consent.json"),
        fixture!("extra/authenticator-enroll-security-question.json"),
        fixture!("extra/enroll-profile-with-password.json"),
    ] {
        let m = mount_step(parse(200, body));
        settle().await;
        let forms = m.root.query_selector_all("form").unwrap();
        assert!(forms.length() > 0, "{}", m.root.inner_html());
        for i in 0..forms.length() {
            let form: Element = forms.item(i).unwrap().unchecked_into();
            assert_eq!(
                form.get_attribute("method").as_deref(),
                Some("post"),
                "{}",
                form.outer_html()
            );
            assert!(
                form.get_attribute("action").is_none(),
                "{}",
                form.outer_html()
            );
        }
    }
}

#[wasm_bindgen_test]
async fn a_password_is_dropped_from_the_form_once_sent() {
    if !have_fixtures("password_dropped") {
        return;
    }
    let m = mount_step(parse(200, fixture!("identify-with-password.json")));
    settle().await;
    m.type_into("#field-username", "demo@example.com");
    m.type_into("#field-password", "pw-typed-once");
    // No reply queued: the request fails on the network, the form stays.
    m.click("form[data-step=identify] button[type=submit]");
    settle().await;
    assert_eq!(m.rec.sent.borrow().len(), 1);
    assert!(
        m.rec.sent.borrow()[0]
            .body
            .as_deref()
            .is_some_and(|b| b.contains("pw-typed-once")),
        "the password was sent"
    );
    assert_eq!(m.input("#field-username").value(), "demo@example.com");
    assert_eq!(
        m.input("#field-password").value(),
        "",
        "the form forgot the password"
    );
    let kept = m.flow.typed.get_untracked();
    assert_eq!(
        kept.get("username").map(String::as_str),
        Some("demo@example.com")
    );
    assert!(!kept.contains_key("password"), "the flow keeps no password");
}
