//! Consent: granular consent allowed, then "Stay signed in?" answered yes
//! and no; all-or-nothing consent allowed; and consent denied, which ends
//! on a clear screen whose way on leads back to a working sign-in.

use e2e::pages::{self, HomePage, IdentifyPage};
use e2e::routes::{
    CONSENT_ALL_USER, CONSENT_USER, click_action, enter_password, expect_action, expect_heading,
};
use e2e::{Session, TestResult, run};

use crate::org;

/// Up to `CONSENT_USER`'s granular consent; checks what it asks.
async fn to_granular_consent(s: &Session) -> TestResult {
    enter_password(s, CONSENT_USER).await?;
    pages::step_form(&s.browser, "granular-consent").await?;
    let heading = pages::heading(&s.browser).await?;
    if !heading.starts_with("Choose what") || !heading.ends_with("may access") {
        return Err(format!("granular consent is headed {heading:?}").into());
    }
    expect_action(s, "consent-allow", "Allow access").await?;
    expect_action(s, "consent-deny", "Don't allow").await?;
    // The optional scopes are boxes a person can untick.
    pages::wait_for(
        &s.browser,
        r#"form[data-step="granular-consent"] input[type="checkbox"]"#,
    )
    .await?;
    Ok(())
}

/// Allows consent, answers "Stay signed in?" with `answer`, ends at home.
async fn allow_then_stay_signed_in(s: &Session, answer: &str) -> TestResult {
    to_granular_consent(s).await?;
    click_action(s, "consent-allow").await?;
    pages::step_form(&s.browser, "keep-me-signed-in").await?;
    expect_heading(s, "Stay signed in?").await?;
    expect_action(s, "kmsi-yes", "Stay signed in").await?;
    expect_action(s, "kmsi-no", "Don't stay signed in").await?;
    click_action(s, answer).await?;
    HomePage::wait(&s.browser).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_allowed_then_staying_signed_in() {
    run(
        "consent_allowed_then_staying_signed_in",
        org(),
        |s| async move { allow_then_stay_signed_in(&s, "kmsi-yes").await },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_allowed_then_not_staying_signed_in() {
    run(
        "consent_allowed_then_not_staying_signed_in",
        org(),
        |s| async move { allow_then_stay_signed_in(&s, "kmsi-no").await },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_to_every_scope_allowed() {
    run("consent_to_every_scope_allowed", org(), |s| async move {
        enter_password(&s, CONSENT_ALL_USER).await?;
        pages::step_form(&s.browser, "consent").await?;
        let heading = pages::heading(&s.browser).await?;
        if !heading.ends_with("would like access to your account") {
            return Err(format!("consent is headed {heading:?}").into());
        }
        click_action(&s, "consent-allow").await?;
        HomePage::wait(&s.browser).await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_denied_ends_clearly_with_a_way_back() {
    run(
        "consent_denied_ends_clearly_with_a_way_back",
        org(),
        |s| async move {
            to_granular_consent(&s).await?;
            click_action(&s, "consent-deny").await?;
            expect_heading(&s, "Sign-in refused").await?;
            let said = pages::messages(&s.browser).await?;
            if said.trim().is_empty() {
                return Err("the refusal screen says nothing".into());
            }
            // No token was stored: refusing signs nobody in.
            if pages::session_storage(&s.browser, pages::TOKENS_KEY)
                .await?
                .is_some()
            {
                return Err("tokens were stored after consent was refused".into());
            }
            expect_action(&s, "restart", "Start over").await?;
            click_action(&s, "restart").await?;
            IdentifyPage::wait(&s.browser).await?;
            // A fresh sign-in asks again, and allowing it works.
            allow_then_stay_signed_in(&s, "kmsi-no").await
        },
    )
    .await;
}
