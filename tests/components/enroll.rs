//! Okta Verify enrollment: the QR code first, the other channels behind
//! "Can't scan?", and a link sent by email.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::support::{document, fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn okta_verify_enrollment_starts_with_the_qr_code() {
    if !have_fixtures("enroll-choice") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-enroll-select-authenticator-with-usage-info.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Set up a security method");
    m.rec
        .reply(200, fixture!("authenticator-enroll-ov-qr.json"));
    m.click("form[data-step=select-authenticator-enroll] button[data-authenticator=okta_verify]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["authenticator"]["channel"], "qrcode");
    assert!(body["authenticator"]["id"].is_string());
    // The QR screen: steps, the code as an image with a text alternative.
    assert_eq!(m.text("h1"), "Set up Okta Verify");
    let qr = m.get("img[data-testid=enroll-qr]");
    assert!(
        qr.get_attribute("src")
            .unwrap()
            .starts_with("data:image/png;base64,")
    );
    assert!(qr.get_attribute("alt").unwrap().contains("QR code"));
    assert_eq!(
        m.root
            .query_selector_all(".enroll-steps li")
            .unwrap()
            .length(),
        3
    );
    assert!(
        m.text("[data-testid=enroll-waiting] [role=status]")
            .contains("Waiting")
    );
}

#[wasm_bindgen_test]
async fn cant_scan_offers_the_other_channels_and_sends_the_choice() {
    if !have_fixtures("enroll-channels") {
        return;
    }
    let m = mount_step(parse(200, fixture!("authenticator-enroll-ov-qr.json")));
    settle().await;
    assert!(
        m.q("[data-action=enroll-channel]").is_none(),
        "hidden behind 'Can't scan?'"
    );
    m.click("[data-action=cant-scan]");
    settle().await;
    let offered: Vec<String> = {
        let list = m
            .root
            .query_selector_all("[data-action=enroll-channel]")
            .unwrap();
        (0..list.length())
            .map(|i| {
                let el: Element = list.item(i).unwrap().unchecked_into();
                el.get_attribute("data-channel").unwrap()
            })
            .collect()
    };
    assert_eq!(
        offered,
        ["sms", "email"],
        "every channel but the QR code shown"
    );
    let first = m.get("[data-action=enroll-channel]");
    assert_eq!(
        document().active_element(),
        Some(first),
        "focus moves to the revealed choices"
    );
    m.rec
        .reply(200, fixture!("authenticator-enroll-ov-via-email.json"));
    m.click("[data-action=enroll-channel][data-channel=email]");
    settle().await;
    let sent = m.rec.sent.borrow().clone();
    let choice = sent.last().unwrap();
    assert!(
        choice.url.ends_with("/idp/idx/credential/enroll"),
        "{}",
        choice.url
    );
    let body: serde_json::Value = serde_json::from_str(choice.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["authenticator"]["channel"], "email");
    // enrollment-channel-data: asks for the address, titled as the setup.
    assert_eq!(m.text("h1"), "Set up Okta Verify");
    m.get("form[data-step=enrollment-channel-data] #field-email");
    assert_eq!(
        m.text("form[data-step=enrollment-channel-data] button[type=submit]"),
        "Send link"
    );
}

#[wasm_bindgen_test]
async fn enrollment_link_sent_by_email_says_where_and_offers_the_qr_code() {
    if !have_fixtures("enroll-email") {
        return;
    }
    let m = mount_step(parse(200, fixture!("authenticator-enroll-ov-email.json")));
    settle().await;
    assert!(m.q("img[data-testid=enroll-qr]").is_none());
    assert!(m.text("[data-testid=enroll-sent]").contains("joy@okta.com"));
    // Listed at once under a sent link (no "Can't scan?" step).
    m.get("[data-action=enroll-channel][data-channel=qrcode]");
    assert!(m.q("[data-action=cant-scan]").is_none());
}
