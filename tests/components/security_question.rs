//! Security question over Okta's recordings: verifying shows the enrolled
//! question and sends its key back with the answer; enrolling offers
//! Okta's questions or one's own, and shows Okta's errors on the answer.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fixture, have_fixtures, mount_step, parse, settle};

#[wasm_bindgen_test]
async fn verify_labels_the_answer_with_the_question_and_echoes_its_key() {
    if !have_fixtures("security question verify") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/authenticator-verification-security-question.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Verify with your security question");
    assert!(
        m.text("label[for=field-answer]")
            .contains("Where did you go for your favorite vacation?")
    );
    assert_eq!(m.input("#field-answer").type_(), "password", "masked");
    m.type_into("#field-answer", "Lisbon");
    m.click("form[data-step=challenge-authenticator] button[type=submit]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(
        body["credentials"]["questionKey"],
        "favorite_vacation_location"
    );
    assert_eq!(body["credentials"]["answer"], "Lisbon");
}

#[wasm_bindgen_test]
async fn enroll_offers_okta_questions_or_your_own() {
    if !have_fixtures("security question enroll") {
        return;
    }
    let m = mount_step(parse(
        200,
        fixture!("extra/authenticator-enroll-security-question.json"),
    ));
    settle().await;
    assert_eq!(m.text("h1"), "Set up a security question");
    // Okta's questions, the first one preselected; no own-question field.
    let first = m.input("input[name=questionKey][value=disliked_food]");
    assert!(first.checked());
    assert!(
        m.text("form[data-step=enroll-authenticator]")
            .contains("first stuffed animal")
    );
    assert!(m.q("#field-question").is_none());
    m.type_into("#field-answer", "okra");
    m.click("form[data-step=enroll-authenticator] button[type=submit]");
    settle().await;
    let body = m.rec.body_json(0);
    assert_eq!(body["credentials"]["questionKey"], "disliked_food");
    assert_eq!(body["credentials"]["answer"], "okra");

    // One's own question.
    m.click("input[data-mode=custom]");
    settle().await;
    assert!(m.q("input[name=questionKey]").is_none());
    m.type_into("#field-question", "First concert?");
    m.type_into("#field-answer", "Blur and more");
    m.click("form[data-step=enroll-authenticator] button[type=submit]");
    settle().await;
    let body = m.rec.body_json(1);
    assert_eq!(body["credentials"]["questionKey"], "custom");
    assert_eq!(body["credentials"]["question"], "First concert?");
    assert_eq!(body["credentials"]["answer"], "Blur and more");
}

#[wasm_bindgen_test]
async fn enroll_shows_okta_error_on_the_answer() {
    if !have_fixtures("security question error") {
        return;
    }
    let m = mount_step(parse(
        400,
        fixture!("extra/error-authenticator-enroll-security-question.json"),
    ));
    settle().await;
    let error = m.text("#field-answer-error");
    assert!(error.contains('4'), "{error}");
    assert_eq!(
        m.input("#field-answer")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
}
