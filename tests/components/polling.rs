//! Polling a push: a poll that keeps the step leaves the screen alone, and a
//! failed poll is reported and retried after a backoff.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlElement;

use crate::support::{UNKNOWN_STEP, active_id, document, mount_step, parse, settle};

/// A push-waiting state written for this test, polling every 50 ms.
const FAST_POLL: &str = r#"{
  "version": "1.0.0",
  "stateHandle": "sh-poll",
  "remediation": {"type": "array", "value": [{
    "rel": ["create-form"], "name": "challenge-poll", "href": "http://localhost:3000/idp/idx/authenticators/poll",
    "method": "POST", "accepts": "application/json; okta-version=1.0.0", "refresh": 50,
    "relatesTo": ["$.currentAuthenticator"],
    "value": [{"name": "stateHandle", "required": true, "value": "sh-poll", "visible": false, "mutable": false}]
  }]},
  "currentAuthenticator": {"type": "object", "value": {
    "id": "aut-ov", "key": "okta_verify", "type": "app", "displayName": "Okta Verify",
    "methods": [{"type": "push"}]}}
}"#;

#[wasm_bindgen_test]
async fn a_poll_that_keeps_the_step_leaves_focus_and_screen_alone() {
    // Polls every 300 ms, answered twice with the same pending step.
    let body = FAST_POLL.replace("\"refresh\": 50", "\"refresh\": 300");
    let m = mount_step(parse(200, &body));
    m.rec.reply(200, &body);
    m.rec.reply(200, &body);
    settle().await;
    // Focus is somewhere the screen would not put it.
    let elsewhere: HtmlElement = document()
        .create_element("button")
        .unwrap()
        .unchecked_into();
    elsewhere.set_id("focus-elsewhere");
    document().body().unwrap().append_child(&elsewhere).unwrap();
    elsewhere.focus().unwrap();
    signin::timer::sleep(800).await;
    settle().await;
    assert!(m.rec.sent.borrow().len() >= 2, "both polls ran");
    assert_eq!(
        active_id(),
        "focus-elsewhere",
        "a poll must not rebuild the screen (which moves focus to its start)"
    );
    elsewhere.remove();
}

#[wasm_bindgen_test]
async fn a_failed_poll_is_reported_and_retried_with_backoff() {
    let m = mount_step(parse(200, FAST_POLL));
    // No reply queued: the first poll fails like a dropped connection.
    signin::timer::sleep(300).await;
    settle().await;
    let status = m.text("[data-testid=push-waiting] [role=status]");
    assert!(status.contains("Connection problem"), "{status}");
    let polls_after_failure = m.rec.sent.borrow().len();
    assert_eq!(polls_after_failure, 1, "backoff: no immediate second poll");
    // The next poll (after the backoff) gets an answer that moves on.
    m.rec.reply(200, UNKNOWN_STEP);
    signin::timer::sleep(2500).await;
    settle().await;
    assert!(m.rec.sent.borrow().len() >= 2);
    assert!(m.rec.sent.borrow()[1].url.ends_with("/authenticators/poll"));
    m.get("form[data-step=favourite-things]");
}
