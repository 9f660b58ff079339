//! Consent: admin and end-user consent with the app and its scopes, granular
//! consent with optional scopes as checkboxes, and the email magic-link
//! consent; refusing is one click, like allowing.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn admin_consent_shows_the_app_and_scopes_and_refuses_in_one_click() {
    if !have_fixtures("admin consent") {
        return;
    }
    let m = mount_step(parse(200, fixture!("extra/consent-admin.json")));
    settle().await;
    assert!(m.text("h1").contains("Native client"));
    assert_eq!(
        m.get("img.app-logo").get_attribute("src").as_deref(),
        Some("https://example.com/logo")
    );
    assert!(m.text("ul.scopes").contains("okta.clients.manage"));
    assert!(m.text("ul.scopes").contains("manage clients"));
    assert_eq!(m.text("[data-action=consent-allow]"), "Allow access");
    assert_eq!(m.text("[data-action=consent-deny]"), "Don't allow");
    m.rec.reply(
        200,
        fixture!("extra/terminal-return-email-consent-denied.json"),
    );
    m.click("[data-action=consent-deny]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["consent"], false);
    assert!(m.rec.sent.borrow()[0].url.ends_with("/idp/idx/consent"));
}

#[wasm_bindgen_test]
async fn granular_consent_sends_every_scope_with_its_box() {
    if !have_fixtures("granular consent") {
        return;
    }
    let m = mount_step(parse(200, fixture!("extra/consent-granular.json")));
    settle().await;
    let boxes = m.root.query_selector_all("input[type=checkbox]").unwrap();
    assert_eq!(boxes.length(), 4, "the optional scopes");
    assert!(m.input("#field-custom1").checked());
    m.click("#field-custom1");
    m.rec.reply(200, fixture!("success.json"));
    m.click("[data-action=consent-allow]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["consent"], true);
    let scopes = &body["optedScopes"];
    assert_eq!(scopes["custom1"], false);
    assert_eq!(
        scopes["custom3.custom4.custom5"], true,
        "dots stay in the key"
    );
    assert_eq!(scopes["openid"], true, "mandatory scopes are sent");
}

#[wasm_bindgen_test]
async fn email_consent_asks_whether_it_was_you() {
    if !have_fixtures("email consent") {
        return;
    }
    let m = mount_step(parse(200, fixture!("extra/email-challenge-consent.json")));
    settle().await;
    assert_eq!(m.text("h1"), "Did you just try to sign in?");
    assert!(m.text("dl.request-info").contains("Info DyneX"));
    assert!(m.text("dl.request-info").contains("FIREFOX"));
    assert_eq!(m.text("[data-action=consent-allow]"), "Yes, it's me");
    assert_eq!(m.text("[data-action=consent-deny]"), "No, it's not me");
    m.rec.reply(200, fixture!("terminal-return-email.json"));
    m.click("[data-action=consent-allow]");
    settle().await;
    assert_eq!(m.rec.body_json(0)["consent"], true);
}
