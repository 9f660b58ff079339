//! The authenticator choice: Okta Verify offered as push and code, and the
//! method sent with the choice.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn authenticator_choice_offers_push_and_code_and_sends_the_method() {
    if !have_fixtures("choice") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-verification-select-authenticator-ov-m2.json"),
    ));
    settle().await;
    let push = m.get("button[data-authenticator=okta_verify][data-method=push]");
    assert!(
        push.text_content()
            .unwrap()
            .contains("Get a push notification")
    );
    let code = m.get("button[data-authenticator=okta_verify][data-method=totp]");
    assert!(code.text_content().unwrap().contains("Enter a code"));
    assert!(
        m.q("button[data-method=signed_nonce]").is_none(),
        "FastPass needs the desktop app; not offered"
    );
    m.rec.reply(
        200,
        fixture!("authenticator-verification-okta-verify-totp.json"),
    );
    m.click("button[data-authenticator=okta_verify][data-method=totp]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["authenticator"]["methodType"], "totp");
    assert!(body["authenticator"]["id"].is_string());
    // The answer moved the screen on to code entry.
    m.get("form[data-step=challenge-authenticator] #field-verificationCode");
}
