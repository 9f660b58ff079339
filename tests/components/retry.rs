//! A request that fails on the network: what was typed stays, and retry
//! sends it again.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn network_failure_keeps_typed_text_and_offers_retry() {
    if !have_fixtures("network") {
        return;
    }
    let m = mount_step(parse(200, fixture!("identify-with-password.json")));
    settle().await;
    m.type_into("#field-username", "demo@example.com");
    m.type_into("#field-password", "pw");
    // No reply queued: the recorder answers with a network error.
    m.click("form[data-step=identify] button[type=submit]");
    settle().await;
    assert!(m.text("[data-testid=messages]").contains("couldn't reach"));
    assert_eq!(m.input("#field-username").value(), "demo@example.com");
    m.rec.reply(
        200,
        fixture!("authenticator-verification-select-authenticator-ov-m2.json"),
    );
    m.click("[data-action=retry]");
    settle().await;
    assert_eq!(m.rec.sent.borrow().len(), 2);
    assert_eq!(m.rec.body_json(1)["identifier"], "demo@example.com");
    m.get("button[data-authenticator=okta_verify][data-method=push]");
}
