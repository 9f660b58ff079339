//! Security question: the enrolled question is the answer's label, the
//! answer is masked; enrolling with one of Okta's questions and with one's
//! own, each proven by the next sign-in asking exactly that question.

use e2e::factors::{self, ENROLL_QUESTION_USER, QUESTION_USER};
use e2e::pages::{self, HomePage, IdentifyPage, step};
use e2e::{Failure, Session, Setup, run};

/// On the verify page: the answer's label is `question`, the answer is
/// masked; answers `answer` and waits for the home page.
async fn answer_question(s: &Session, question: &str, answer: &str) -> Result<(), Failure> {
    pages::step_form(&s.browser, step::CHALLENGE).await?;
    let heading = pages::heading(&s.browser).await?;
    if heading != "Verify with your security question" {
        return Err(format!("security question page titled {heading:?}").into());
    }
    let label = pages::wait_for(&s.browser, r#"label[for="field-answer"]"#)
        .await?
        .text()
        .await?;
    if !label.starts_with(question) {
        return Err(format!("the answer is labelled {label:?}, not {question:?}").into());
    }
    let kind = pages::wait_for(&s.browser, "#field-answer")
        .await?
        .attr("type")
        .await?;
    if kind.as_deref() != Some("password") {
        return Err(format!("the answer is not masked (type {kind:?})").into());
    }
    pages::fill(&s.browser, "answer", answer).await?;
    pages::submit(&s.browser, step::CHALLENGE).await?;
    HomePage::wait(&s.browser).await?;
    Ok(())
}

/// Signs out, then in again with the security question.
async fn sign_in_again_with_question(
    s: &Session,
    username: &str,
    question: &str,
    answer: &str,
) -> Result<(), Failure> {
    HomePage::wait(&s.browser).await?.sign_out().await?;
    IdentifyPage::wait(&s.browser).await?;
    factors::pick(s, username, "security_question", None).await?;
    answer_question(s, question, answer).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_question_verify_shows_the_question() {
    run(
        "security_question_verify_shows_the_question",
        Setup::default(),
        |s| async move {
            factors::pick(&s, QUESTION_USER, "security_question", None).await?;
            answer_question(&s, "Where did you go for your favorite vacation?", "Lisbon").await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_question_set_up_with_okta_s_question() {
    run(
        "security_question_set_up_with_okta_s_question",
        Setup::default(),
        |s| async move {
            factors::to_enrollment(&s, ENROLL_QUESTION_USER, "security_question").await?;
            pages::step_form(&s.browser, step::ENROLL).await?;
            factors::expect_text(&s, "Set up a security question").await?;
            pages::wait_for(&s.browser, "#field-questionKey")
                .await?
                .select_by_value("favorite_speaker_actor")
                .await?;
            pages::fill(&s.browser, "answer", "Cicero of Rome").await?;
            pages::submit(&s.browser, step::ENROLL).await?;
            HomePage::wait(&s.browser).await?;
            sign_in_again_with_question(
                &s,
                ENROLL_QUESTION_USER,
                "Who is your favorite speaker/orator?",
                "Cicero of Rome",
            )
            .await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_question_set_up_with_one_s_own_question() {
    run(
        "security_question_set_up_with_one_s_own_question",
        Setup::default(),
        |s| async move {
            factors::to_enrollment(&s, ENROLL_QUESTION_USER, "security_question").await?;
            pages::step_form(&s.browser, step::ENROLL).await?;
            pages::wait_for(&s.browser, r#"input[data-mode="custom"]"#)
                .await?
                .click()
                .await?;
            // The question is asked for before its answer.
            let order = s
                .browser
                .execute(
                    "const q = document.getElementById('field-question'); \
                     const a = document.getElementById('field-answer'); \
                     return !!(q && a && (q.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING));",
                    vec![],
                )
                .await?;
            if order != serde_json::Value::Bool(true) {
                return Err("one's own question does not come before its answer".into());
            }
            pages::fill(&s.browser, "question", "Which street did I grow up on?").await?;
            pages::fill(&s.browser, "answer", "Elm Street").await?;
            pages::submit(&s.browser, step::ENROLL).await?;
            HomePage::wait(&s.browser).await?;
            sign_in_again_with_question(
                &s,
                ENROLL_QUESTION_USER,
                "Which street did I grow up on?",
                "Elm Street",
            )
            .await
        },
    )
    .await;
}
