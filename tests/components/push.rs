//! Okta Verify push: the number challenge, the way to a code instead, and a
//! rejected push sent again.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn push_waiting_shows_the_number_challenge_and_offers_the_code() {
    if !have_fixtures("push") {
        return;
    }
    let body = fixture!("authenticator-verification-number-challenge.json");
    let expected: serde_json::Value = serde_json::from_str(body).unwrap();
    let number = expected["currentAuthenticator"]["value"]["contextualData"]["correctAnswer"]
        .as_str()
        .unwrap()
        .to_owned();
    let m = mount_step(parse(200, body));
    settle().await;
    m.get("[data-testid=push-waiting]");
    assert_eq!(m.text("[data-testid=number-challenge]").trim(), number);
    m.get("[data-action=use-code]");
    assert!(m.q("[data-action=cancel]").is_some());
    // The transaction offers a resend, but a second push is offered only
    // after RESEND_AFTER_MS, while the first is still on its way.
    assert!(
        m.q("[data-action=resend]").is_none() && m.q("[data-testid=push-resend-hint]").is_none(),
        "send another push must not be offered at once"
    );

    // Switch to code: the OV TOTP choice of select-authenticator-authenticate.
    m.rec.reply(
        200,
        fixture!("authenticator-verification-okta-verify-totp.json"),
    );
    m.click("[data-action=use-code]");
    settle().await;
    let sent = m.rec.sent.borrow().clone();
    let choice = sent
        .iter()
        .find(|r| r.url.ends_with("/idp/idx/challenge"))
        .expect("Okta Verify was chosen again");
    let body: serde_json::Value = serde_json::from_str(choice.body.as_deref().unwrap()).unwrap();
    assert!(body["authenticator"]["id"].is_string());
    assert_ne!(
        body["authenticator"]["methodType"], "push",
        "switching away from push"
    );
    m.get("#field-verificationCode");
}

#[wasm_bindgen_test]
async fn rejected_push_shows_the_message_and_resends() {
    if !have_fixtures("reject") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("authenticator-verification-okta-verify-reject-push.json"),
    ));
    settle().await;
    assert!(m.text("[data-testid=messages]").contains("reject"));
    m.rec.reply(
        200,
        fixture!("authenticator-verification-number-challenge.json"),
    );
    m.click("[data-action=resend]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["authenticator"]["methodType"], "push");
    m.get("[data-testid=push-waiting]");
}
