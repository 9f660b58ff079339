//! Okta FastPass over Okta's recordings: never worded as a push; "Open
//! Okta Verify" for a custom URI or universal link while polling goes on;
//! loopback relayed through the transport and, when nothing answers, the
//! poll cancelled with Okta's reason; "Use another way" always there; and
//! the launch step when the organization requires FastPass.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn custom_uri_offers_to_open_okta_verify_and_another_way() {
    if !have_fixtures("fastpass custom uri") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/authenticator-verification-okta-verify-signed-nonce-custom-uri.json"),
    ));
    settle().await;
    assert!(
        m.text("h1").contains("Open Okta Verify"),
        "{}",
        m.text("h1")
    );
    assert!(
        !m.text("main").to_lowercase().contains("push"),
        "{}",
        m.text("main")
    );
    let open = m.get("a[data-action=open-okta-verify]");
    assert_eq!(
        open.get_attribute("href").as_deref(),
        Some("okta-verify.html")
    );
    let download = m.get("a[data-action=download-okta-verify]");
    assert!(
        download
            .get_attribute("href")
            .unwrap()
            .starts_with("https://apps.apple.com/")
    );
    m.get("[data-testid=fastpass-waiting] [role=status]");

    m.rec.reply(
        200,
        fixture!("authenticator-verification-select-authenticator-ov-m2.json"),
    );
    m.click("[data-action=fastpass-another-way]");
    settle().await;
    let sent = m.rec.sent.borrow()[0].clone();
    assert!(sent.url.ends_with("/idp/idx/authenticators/poll/cancel"));
    let body = m.rec.body_json(0);
    assert_eq!(body["reason"], "USER_CANCELED");
    assert!(body["statusCode"].is_null());
    // The server's next state: the authenticator list.
    m.get("form[data-step=select-authenticator-authenticate]");
}

#[wasm_bindgen_test]
async fn loopback_probes_each_port_then_cancels_when_nothing_answers() {
    if !have_fixtures("fastpass loopback") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/identify-with-device-probing-loopback.json"),
    ));
    // Four ports, none answering with a 2xx; then the server's answer to
    // the cancel: sign in another way, FastPass offered again.
    for _ in 0..4 {
        m.rec.reply(404, "{}");
    }
    m.rec.reply(
        200,
        fixture!("extra/identify-with-device-probing-loopback-challenge-not-received.json"),
    );
    for _ in 0..4 {
        settle().await;
    }
    let urls: Vec<String> = m.rec.sent.borrow().iter().map(|r| r.url.clone()).collect();
    assert_eq!(
        urls[..4],
        [
            "http://localhost:2000/probe",
            "http://localhost:6511/probe",
            "http://localhost:6512/probe",
            "http://localhost:6513/probe",
        ]
    );
    assert!(m.rec.sent.borrow()[..4].iter().all(|r| !r.with_credentials));
    assert!(
        urls[4].ends_with("/idp/idx/authenticators/poll/cancel"),
        "{urls:?}"
    );
    let body = m.rec.body_json(4);
    assert_eq!(body["reason"], "OV_UNREACHABLE_BY_LOOPBACK");
    assert!(body["statusCode"].is_null());
    m.get("form[data-step=identify]");
    m.get("button[data-method=signed_nonce]");
}

#[wasm_bindgen_test]
async fn universal_link_is_fastpass_with_a_button_to_open_okta_verify() {
    if !have_fixtures("fastpass universal link") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/identify-with-universal-link.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Sign in with Okta FastPass");
    m.get("a[data-action=open-okta-verify]");
    m.get("[data-action=fastpass-another-way]");
    assert!(!m.text("main").to_lowercase().contains("push"));
}

#[wasm_bindgen_test]
async fn required_fastpass_launches_okta_verify() {
    if !have_fixtures("fastpass launch") {
        return;
    }
    let m = mount_step(parse(200, fixture!("extra/smart-probing-required.json")));
    settle().await;
    assert_eq!(m.text("h1"), "Sign in with Okta FastPass");
    assert!(m.text(".lead").contains("requires Okta FastPass"));
    m.rec
        .reply(200, fixture!("extra/identify-with-universal-link.json"));
    m.click("form[data-step=launch-authenticator] button[type=submit]");
    settle().await;
    assert!(
        m.rec.sent.borrow()[0]
            .url
            .ends_with("/idp/idx/authenticators/okta-verify/launch")
    );
    m.get("[data-testid=fastpass-waiting]");
}
