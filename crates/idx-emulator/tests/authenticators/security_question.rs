//! The security question: answering the enrolled question (its key echoed),
//! and enrolling a predefined or an own question with Okta's errors.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;
use crate::redeemed_amr;

#[tokio::test]
async fn the_enrolled_question_is_answered_case_insensitively() {
    let emu = Emu::demo();
    let challenge = emu
        .chose_factor(QUESTION_USER, "security_question", json!({}))
        .await;
    assert_eq!(challenge.remediations()[0], "challenge-authenticator");
    let current = &challenge.body["currentAuthenticatorEnrollment"]["value"];
    let question = "Where did you go for your favorite vacation?";
    assert_eq!(
        current["contextualData"]["enrolledQuestion"],
        json!({ "questionKey": "favorite_vacation_location", "question": question })
    );
    let key = &challenge.field("challenge-authenticator", "credentials")["form"]["value"][0];
    assert_eq!(key["name"], "questionKey");
    assert_eq!(key["label"], question);
    assert_eq!(key["value"], "favorite_vacation_location");
    assert_eq!(key["mutable"], false);

    // Without the key the body is refused.
    let keyless = emu
        .credentials(
            &challenge,
            "challenge-authenticator",
            json!({ "answer": QUESTION_ANSWER }),
        )
        .await;
    assert_eq!(keyless.status, StatusCode::BAD_REQUEST);
    let wrong = emu
        .credentials(
            &challenge,
            "challenge-authenticator",
            json!({ "questionKey": "favorite_vacation_location", "answer": "Porto" }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let answer = &wrong.field("challenge-authenticator", "credentials")["form"]["value"][1];
    assert_eq!(
        answer["messages"]["value"][0]["i18n"]["key"],
        "authfactor.challenge.question_factor.answer_invalid"
    );
    let done = emu
        .credentials(
            &wrong,
            "challenge-authenticator",
            json!({ "questionKey": "favorite_vacation_location", "answer": "  lisbon " }),
        )
        .await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "kba", "mfa"]);
}

#[tokio::test]
async fn a_required_question_is_enrolled_after_okta_s_errors() {
    let emu = Emu::demo();
    let enroll = emu.enrolling_factor(ENROLL_QUESTION, json!({})).await;
    assert_eq!(enroll.status, StatusCode::OK, "{}", enroll.summary());
    assert_eq!(
        enroll.remediations(),
        vec!["enroll-authenticator", "select-authenticator-enroll"]
    );
    let data = &enroll.body["currentAuthenticator"]["value"]["contextualData"];
    assert_eq!(data["questions"].as_array().expect("questions").len(), 19);
    assert_eq!(data["questionKeys"].as_array().expect("keys").len(), 20);
    let options = &enroll.field("enroll-authenticator", "credentials")["options"];
    assert_eq!(options[1]["value"]["form"]["value"][0]["value"], "custom");

    let short = emu
        .credentials(
            &enroll,
            "enroll-authenticator",
            json!({ "questionKey": "disliked_food", "answer": "abc" }),
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    let options = &short.field("enroll-authenticator", "credentials")["options"];
    for (option, answer) in [(0, 1), (1, 2)] {
        let msg = &options[option]["value"]["form"]["value"][answer]["messages"]["value"][0];
        assert_eq!(msg["i18n"]["key"], "securityQuestion.answer.tooShort.arg");
        assert_eq!(msg["i18n"]["params"], json!([4]));
    }
    let tags = emu
        .credentials(
            &short,
            "enroll-authenticator",
            json!({ "questionKey": "custom", "question": "<b>Who</b>?", "answer": "somebody" }),
        )
        .await;
    assert_eq!(tags.status, StatusCode::BAD_REQUEST);
    let own =
        &tags.field("enroll-authenticator", "credentials")["options"][1]["value"]["form"]["value"];
    assert_eq!(
        own[1]["messages"]["value"][0]["i18n"]["key"],
        "tagsNotAllowed"
    );
    let unknown = emu
        .credentials(
            &tags,
            "enroll-authenticator",
            json!({ "questionKey": "nope", "answer": "long enough" }),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);

    let done = emu
        .credentials(
            &unknown,
            "enroll-authenticator",
            json!({ "questionKey": "custom", "question": "Which street?", "answer": "Elm Street" }),
        )
        .await;
    assert_eq!(redeemed_amr(&emu, &done).await, vec!["pwd", "kba", "mfa"]);

    // The next sign-in asks the user's own question.
    let challenge = emu
        .chose_factor(ENROLL_QUESTION, "security_question", json!({}))
        .await;
    let enrolled = &challenge.body["currentAuthenticatorEnrollment"]["value"]["contextualData"]["enrolledQuestion"];
    assert_eq!(
        enrolled,
        &json!({ "questionKey": "custom", "question": "Which street?" })
    );
    let done = emu
        .credentials(
            &challenge,
            "challenge-authenticator",
            json!({ "questionKey": "custom", "answer": "elm street" }),
        )
        .await;
    assert!(done.interaction_code().is_some(), "{}", done.summary());
}
