//! The security question as a factor and as an enrollment (protocol
//! reference §3): the enrolled question answered, or a question chosen
//! from the org's catalog (or written by the user) with its answer.
//!
//! Invariants: answers are compared trimmed and case-insensitively (Okta
//! does not say how it compares; this is the forgiving reading); the
//! verify body must carry the enrolled `questionKey`; a wrong answer counts
//! towards the lockout; an enrolled answer has at least
//! [`MIN_ANSWER_CHARS`] characters and a user-written question no markup;
//! answers are never logged.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::answer::credential;
use super::finish::factor_verified;
use super::outcome::{Notes, Outcome, bad_input, blank_field, ok, suspended};
use crate::config::{Config, SecurityQuestion, User, question_text};
use crate::secret::Secret;
use crate::store::{Store, Transaction};

/// The shortest answer an enrollment accepts.
pub(super) const MIN_ANSWER_CHARS: usize = 4;

fn same_answer(typed: &str, enrolled: &str) -> bool {
    typed.trim().to_lowercase() == enrolled.trim().to_lowercase()
}

/// 401 with Okta's wrong-answer message on the answer field.
fn wrong_answer() -> Outcome {
    Outcome::Render(
        StatusCode::UNAUTHORIZED,
        Notes::field(crate::http::message(
            "authfactor.challenge.question_factor.answer_invalid",
            "Your answer doesn't match our records. Please try again.",
            "ERROR",
        )),
    )
}

/// The answer at the question challenge: `{"questionKey", "answer"}`.
pub(super) fn verify(
    store: &mut Store,
    config: &Config,
    tx: &mut Transaction,
    user: &User,
    creds: Option<&Value>,
    now: u64,
) -> Outcome {
    let Some(enrolled) = &user.security_question else {
        return super::outcome::not_offered();
    };
    let Some(answer) = credential(creds, "answer") else {
        return blank_field();
    };
    if credential(creds, "questionKey").as_deref() != Some(enrolled.question_key.as_str()) {
        return bad_input("'questionKey' must be the enrolled question's key.");
    }
    if store.locked(config, &user.username) {
        return suspended();
    }
    if !same_answer(&answer, enrolled.answer.expose()) {
        if store.fail(config, &user.username) {
            return suspended();
        }
        return wrong_answer();
    }
    factor_verified(store, tx, now, ["kba", "mfa"]);
    ok()
}

/// Whether `text` holds something that looks like an HTML tag.
fn has_markup(text: &str) -> bool {
    text.split('<').skip(1).any(|rest| {
        rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
            && rest.contains('>')
    })
}

/// 400 with a field message (`tagsNotAllowed` lands on the question, the
/// rest on the answers, as recorded).
fn field_error(key: &str, text: &str, params: Option<Value>) -> Outcome {
    let mut msg = crate::http::message(key, text, "ERROR");
    if let Some(p) = params {
        msg["i18n"]["params"] = p;
    }
    Outcome::Render(StatusCode::BAD_REQUEST, Notes::field(msg))
}

/// `enroll-authenticator` for the security question:
/// `{"questionKey", "answer"}` or `{"questionKey": "custom", "question", "answer"}`
/// (fixtures `X/error-authenticator-enroll-security-question.json`,
/// `X/error-authenticator-enroll-security-question-html-tags.json`).
pub(super) fn enroll(
    store: &mut Store,
    tx: &mut Transaction,
    user: &User,
    creds: Option<&Value>,
    now: u64,
) -> Outcome {
    let key = credential(creds, "questionKey").unwrap_or_default();
    let question = credential(creds, "question");
    let custom = key == "custom" || (key.is_empty() && question.is_some());
    if !custom && question_text(&key).is_none() {
        return bad_input("'questionKey' is not a question of this org.");
    }
    if custom {
        let Some(q) = &question else {
            return bad_input("'question' is required for your own question.");
        };
        if has_markup(q) {
            return field_error(
                "tagsNotAllowed",
                "The field must not contain HTML tags",
                None,
            );
        }
    }
    let Some(answer) = credential(creds, "answer") else {
        return blank_field();
    };
    if answer.chars().count() < MIN_ANSWER_CHARS {
        return field_error(
            "securityQuestion.answer.tooShort.arg",
            "The security question answer must be at least 4 characters in length",
            Some(json!([MIN_ANSWER_CHARS])),
        );
    }
    store
        .learned
        .entry(user.username.clone())
        .or_default()
        .security_question = Some(SecurityQuestion {
        question_key: if custom { "custom".into() } else { key },
        question: if custom { question } else { None },
        answer: Secret::new(answer),
    });
    eprintln!("idx-emulator: security question enrolled");
    factor_verified(store, tx, now, ["kba", "mfa"]);
    ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_compare_trimmed_and_case_insensitively() {
        assert!(same_answer("  Paris ", "paris"));
        assert!(!same_answer("Lyon", "paris"));
    }

    #[test]
    fn markup_is_told_from_plain_comparisons() {
        assert!(has_markup("What is <b>this</b>?"));
        assert!(has_markup("<script>x</script>"));
        assert!(!has_markup("Is 1 < 2 and 3 > 2?"));
        assert!(!has_markup("Plain question?"));
    }
}
