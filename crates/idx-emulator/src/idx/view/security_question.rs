//! The security question steps: the question to answer
//! (`challenge-authenticator`) and the question to enroll
//! (`enroll-authenticator`, a predefined question or the user's own).
//!
//! Invariants: the enrolled question's key travels as an immutable hidden
//! field whose label is the question, so a client echoes it; the answer is
//! never shown; an error lands where Okta puts it: `tagsNotAllowed` on the
//! user's question, every other on both answer fields.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView, with_message};
use super::enroll_required::{step as enroll_step, to_enroll};
use super::objects::authenticator_obj;
use super::select::factor_step;
use crate::config::{QUESTIONS, User};
use crate::store::Factor;

/// The question to answer (fixture `X/authenticator-verification-security-question.json`).
pub(super) fn challenge(ctx: &Ctx<'_>, user: &User, message: Option<&Value>) -> StepView {
    let (key, text) = user
        .security_question
        .as_ref()
        .map(|q| (q.question_key.clone(), q.text()))
        .unwrap_or_default();
    let answer = with_message(
        json!({ "name": "answer", "label": "Answer", "required": true }),
        message,
    );
    let form = ctx.form(
        "challenge-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "required": true, "form": { "value": [
            { "name": "questionKey", "label": text, "required": true, "value": key, "visible": false, "mutable": false },
            answer,
        ] } })],
    );
    let mut current = authenticator_obj(user, Factor::SecurityQuestion, true);
    current["contextualData"] =
        json!({ "enrolledQuestion": { "questionKey": key, "question": text } });
    factor_step(ctx, user, "currentAuthenticatorEnrollment", current, form)
}

/// The question to enroll (fixtures `X/authenticator-enroll-security-question.json`,
/// `X/error-authenticator-enroll-security-question.json`,
/// `X/error-authenticator-enroll-security-question-html-tags.json`).
pub(super) fn enroll(ctx: &Ctx<'_>, user: &User, message: Option<&Value>) -> StepView {
    let on_question = message.is_some_and(|m| m["value"][0]["i18n"]["key"] == "tagsNotAllowed");
    let (question_msg, answer_msg) = if on_question {
        (message, None)
    } else {
        (None, message)
    };
    let answer = || {
        with_message(
            json!({ "name": "answer", "label": "Answer", "required": true, "secret": true }),
            answer_msg,
        )
    };
    let choices: Vec<Value> = QUESTIONS
        .iter()
        .map(|(k, q)| json!({ "label": q, "value": k }))
        .collect();
    let form = ctx.form(
        "enroll-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "required": true, "options": [
            { "label": "Choose a security question", "value": { "form": { "value": [
                { "name": "questionKey", "type": "string", "label": "Choose a security question", "required": true, "options": choices },
                answer(),
            ] } } },
            { "label": "Create my own security question", "value": { "form": { "value": [
                { "name": "questionKey", "required": true, "value": "custom", "mutable": false },
                with_message(json!({ "name": "question", "label": "Create a security question", "required": true }), question_msg),
                answer(),
            ] } } },
        ] })],
    );
    let mut keys: Vec<&str> = QUESTIONS.iter().map(|(k, _)| *k).collect();
    keys.push("custom");
    let mut current = to_enroll(user, Factor::SecurityQuestion);
    current["contextualData"] = json!({
        "questionKeys": keys,
        "questions": QUESTIONS.iter().map(|(k, q)| json!({ "questionKey": k, "question": q })).collect::<Vec<_>>(),
    });
    enroll_step(ctx, user, Factor::SecurityQuestion, current, form, true)
}
