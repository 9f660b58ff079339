//! The screens of a sign-in: identify (and its field errors), the
//! authenticator choice, the code (and a wrong one), home, the password as
//! its own step, push with a number challenge and its rejection, and the
//! email code.

use e2e::pages::{
    self, ChoicePage, CodePage, DEMO_PASSWORD, DEMO_USER, IdentifyPage, PUSH_USER, PushPage, step,
};
use e2e::{Setup, run, steps};

use crate::audit::Audit;
use crate::language::expect_language;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_identify_choice_code_and_home() {
    run(
        "a11y_identify_choice_code_and_home",
        Setup::default(),
        |s| async move {
            let mut audit = Audit::default();
            let identify = IdentifyPage::open(&s).await?;
            // The browser asks for English: compiled in, no translation fetched.
            expect_language(&s.browser, "en", &[]).await?;
            audit.screen(&s, "identify").await?;

            // Submitting empty fields shows field-level messages.
            pages::submit(&s.browser, step::IDENTIFY).await?;
            pages::wait_for(&s.browser, "#field-username-error").await?;
            audit.screen(&s, "identify-error").await?;

            let choice = identify.sign_in(DEMO_USER, DEMO_PASSWORD).await?;
            audit.screen(&s, "choose-authenticator").await?;

            let code_page = choice.okta_verify_code().await?;
            audit.screen(&s, "code").await?;

            let right = s.emulator.totp(DEMO_USER).await?;
            code_page.submit_code(&steps::wrong_code(&right)).await?;
            code_page.field_error().await?;
            audit.screen(&s, "code-error").await?;

            steps::finish_with_totp(&s, DEMO_USER).await?;
            audit.screen(&s, "home").await?;
            audit.finish(6)
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_password_as_its_own_step() {
    let setup = Setup {
        emulator: Some(|config| config.username_first = true),
        ..Setup::default()
    };
    run("a11y_password_as_its_own_step", setup, |s| async move {
        let mut audit = Audit::default();
        let identify = IdentifyPage::open(&s).await?;
        let field = identify.field("username").await?;
        field.send_keys(DEMO_USER).await?;
        pages::submit(&s.browser, step::IDENTIFY).await?;
        pages::wait_for(
            &s.browser,
            &format!(
                r#"form[data-step="{}"] input[type=password]"#,
                step::CHALLENGE
            ),
        )
        .await?;
        audit.screen(&s, "password").await?;
        audit.finish(1)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_push_number_challenge_and_rejection() {
    run(
        "a11y_push_number_challenge_and_rejection",
        Setup::default(),
        |s| async move {
            let mut audit = Audit::default();
            IdentifyPage::open(&s)
                .await?
                .enter(PUSH_USER, DEMO_PASSWORD)
                .await?;
            let next = pages::wait_for(
                &s.browser,
                r#"[data-testid="push-waiting"], form[data-step="select-authenticator-authenticate"]"#,
            )
            .await?;
            if next.attr("data-testid").await?.as_deref() != Some("push-waiting") {
                ChoicePage::wait(&s.browser).await?.okta_verify_push().await?;
            }
            let push = s.emulator.wait_for_push(PUSH_USER, steps::PUSH_WAIT).await?;
            if push.correct_answer.is_none() {
                return Err("push@example.com's push has no number challenge".into());
            }
            PushPage::wait(&s.browser).await?.number_challenge().await?;
            audit.screen(&s, "push-number-challenge").await?;

            s.emulator.deny(&push.id).await?;
            // The rejection screen (the waiting screen may also offer a resend link).
            pages::wait_for(&s.browser, r#"form[data-step="resend"]"#).await?;
            audit.screen(&s, "push-rejected").await?;
            audit.finish(2)
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_email_code() {
    run("a11y_email_code", Setup::default(), |s| async move {
        let mut audit = Audit::default();
        steps::to_choice_page(&s, DEMO_USER).await?;
        pages::wait_for(&s.browser, r#"button[data-authenticator="okta_email"]"#)
            .await?
            .click()
            .await?;
        CodePage::wait(&s.browser).await?;
        audit.screen(&s, "email-code").await?;
        audit.finish(1)
    })
    .await;
}
