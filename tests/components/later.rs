//! Steps around a finished sign-in: keep me signed in with two explicit
//! answers, the device-assurance grace period with its links, and a new
//! activation email for an expired activation link.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn keep_me_signed_in_sends_an_explicit_answer() {
    if !have_fixtures("kmsi") {
        return;
    }
    let m = mount_step(parse(200, fixture!("post-auth-keep-me-signed-in.json")));
    settle().await;
    assert_eq!(m.text("h1"), "Stay signed in?");
    assert_eq!(m.text("[data-action=kmsi-yes]"), "Stay signed in");
    m.rec.reply(200, fixture!("success.json"));
    m.click("[data-action=kmsi-no]");
    settle().await;
    assert_eq!(m.rec.body_json(0)["keepMeSignedIn"], false);
}

#[wasm_bindgen_test]
async fn the_grace_period_lists_its_help_links_and_continues_to_the_app() {
    if !have_fixtures("grace period") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/device-assurance-grace-period-one-option.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Device assurance reminder");
    let links = m
        .root
        .query_selector_all("a[data-action=help-link]")
        .unwrap();
    assert_eq!(links.length(), 3);
    assert!(m.text("ul.message-links").contains("Update to Android 100"));
    assert!(
        !m.text(".lead").contains("2024-09-05T"),
        "the date is localised"
    );
    m.rec.reply(200, fixture!("success.json"));
    m.click("form button[type=submit]");
    settle().await;
    assert!(m.rec.sent.borrow()[0].url.ends_with("/idp/idx/skip"));
}

#[wasm_bindgen_test]
async fn an_expired_activation_link_offers_a_new_email() {
    if !have_fixtures("activation") {
        return;
    }
    let m = mount_step(parse(200, fixture!("extra/request-activation-email.json")));
    settle().await;
    assert_eq!(m.text("h1"), "Activation link expired");
    assert!(m.text("[data-testid=messages]").contains("no longer valid"));
    m.rec.reply(200, fixture!("terminal-return-email.json"));
    m.click("form button[type=submit]");
    settle().await;
    assert!(
        m.rec.sent.borrow()[0]
            .url
            .ends_with("/idp/idx/request-activation")
    );
}
