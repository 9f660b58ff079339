//! Emailed links: an activation link sets a staged user up (password, then
//! the Okta Verify the policy requires) and signs them in; the same link
//! again, a made-up one and an expired one each say so, and a plain sign-in
//! stays possible; a password-reset link leads to a new password.

use e2e::pages::{self, DEMO_PASSWORD, DEMO_USER, HomePage, IdentifyPage};
use e2e::routes::{
    STAGED_USER, click_action, expect_action, expect_first_password, expect_heading, open_link,
    self_service_org, set_password,
};
use e2e::{Session, Setup, TestResult, run, steps};

use crate::org;

/// The demo org, with waiting screens polling every second.
fn org_fast_poll(config: &mut idx_emulator::Config) {
    self_service_org(config);
    steps::fast_poll(config);
}

/// The address bar no longer holds `token` (it is read and dropped).
async fn token_left_the_address(s: &Session, token: &str) -> TestResult {
    let url = s.browser.current_url().await?;
    if url.as_str().contains(token) {
        return Err("the link's token is still in the address bar".into());
    }
    Ok(())
}

/// A refused link: an end titled so, Okta's reason in plain words, and a
/// way on to a plain sign-in (the token was dropped), which works.
async fn link_refused_then_sign_in(s: &Session) -> TestResult {
    expect_heading(s, "This link can't be used").await?;
    let said = pages::messages(&s.browser).await?;
    if !said.contains("token is invalid") {
        return Err(format!("the refusal does not say why: {said:?}").into());
    }
    s.snap("link-refused").await?;
    expect_action(s, "restart", "Sign in").await?;
    click_action(s, "restart").await?;
    IdentifyPage::wait(&s.browser).await?;
    steps::sign_in_with_code(s, DEMO_USER).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activation_link_sets_the_account_up_and_signs_in() {
    let setup = Setup {
        emulator: Some(org_fast_poll),
        ..Setup::default()
    };
    run(
        "an_activation_link_sets_the_account_up_and_signs_in",
        setup,
        |s| async move {
            const CHOSEN: &str = "Fresh-Start-99";
            let token = s.emulator.activation_token(STAGED_USER, false).await?;
            open_link(&s, "activationToken", &token).await?;
            pages::step_form(&s.browser, pages::step::ENROLL).await?;
            token_left_the_address(&s, &token).await?;
            expect_first_password(&s, pages::step::ENROLL).await?;
            set_password(&s, pages::step::ENROLL, "password", CHOSEN).await?;
            // The policy wants Okta Verify too: set it up by QR code.
            pages::wait_for(
                &s.browser,
                r#"form[data-step="select-authenticator-enroll"] button[data-authenticator="okta_verify"]"#,
            )
            .await?
            .click()
            .await?;
            pages::wait_for(&s.browser, r#"img[data-testid="enroll-qr"]"#).await?;
            s.emulator.activate_enrollment(STAGED_USER).await?;
            let greeting = HomePage::wait(&s.browser).await?.greeting().await?;
            if !greeting.contains("Staged") {
                return Err(format!("home greets {greeting:?}, not the activated user").into());
            }
            // The link was used: opened again, it says so.
            HomePage::wait(&s.browser).await?.sign_out().await?;
            IdentifyPage::wait(&s.browser).await?;
            open_link(&s, "activationToken", &token).await?;
            link_refused_then_sign_in(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_made_up_link_is_refused_and_sign_in_remains() {
    run(
        "a_made_up_link_is_refused_and_sign_in_remains",
        org(),
        |s| async move {
            open_link(&s, "activationToken", "not-a-real-token").await?;
            link_refused_then_sign_in(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_activation_link_offers_a_new_email() {
    run(
        "an_expired_activation_link_offers_a_new_email",
        org(),
        |s| async move {
            let token = s.emulator.activation_token(STAGED_USER, true).await?;
            open_link(&s, "activationToken", &token).await?;
            pages::step_form(&s.browser, "request-activation-email").await?;
            expect_heading(&s, "Activation link expired").await?;
            pages::submit(&s.browser, "request-activation-email").await?;
            let sent = pages::eventually("the activation-sent end", || async {
                Ok(s.browser
                    .find(fantoccini::Locator::Css(r#"h1[data-ending]"#))
                    .await
                    .ok())
            })
            .await?
            .text()
            .await?;
            if sent.trim().is_empty() {
                return Err("the activation-sent end has no heading".into());
            }
            expect_action(&s, "restart", "Start over").await?;
            click_action(&s, "restart").await?;
            IdentifyPage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_reset_link_sets_a_new_password() {
    run(
        "a_password_reset_link_sets_a_new_password",
        org(),
        |s| async move {
            const CHOSEN: &str = "Recovered-Pass7";
            let token = s.emulator.recovery_token(DEMO_USER).await?;
            // The path of Okta's own reset email.
            s.browser
                .goto(&s.url(&format!("/signin/reset-password/{token}")))
                .await?;
            pages::step_form(&s.browser, "reset-authenticator").await?;
            expect_heading(&s, "Set a new password").await?;
            token_left_the_address(&s, &token).await?;
            set_password(&s, "reset-authenticator", "newPassword", CHOSEN).await?;
            HomePage::wait(&s.browser).await?.sign_out().await?;
            // The new password is the password now.
            IdentifyPage::wait(&s.browser)
                .await?
                .enter(DEMO_USER, DEMO_PASSWORD)
                .await?;
            pages::eventually("the old password refused", || async {
                let text = pages::messages(&s.browser).await?;
                Ok((!text.trim().is_empty()).then_some(()))
            })
            .await?;
            IdentifyPage::wait(&s.browser)
                .await?
                .sign_in(DEMO_USER, CHOSEN)
                .await?
                .okta_verify_code()
                .await?;
            steps::finish_with_totp(&s, DEMO_USER).await?;
            Ok(())
        },
    )
    .await;
}
