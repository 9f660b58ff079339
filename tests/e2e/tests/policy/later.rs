//! Steps a policy puts after the password: an optional Okta Verify
//! enrollment ("Set up later") and the password-expiry warning ("Remind me
//! later", or changing the password there and then).

use e2e::pages::{self, DEMO_PASSWORD, HomePage, IdentifyPage};
use e2e::routes::{
    EXPIRING_USER, OPTIONAL_USER, click_action, enter_password, expect_action, expect_heading,
    set_password,
};
use e2e::{TestResult, run};

use crate::org;

const WARNING_STEP: &str = "reenroll-authenticator-warning";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_optional_enrollment_is_skipped_and_the_user_signed_in() {
    run(
        "an_optional_enrollment_is_skipped_and_the_user_signed_in",
        org(),
        |s| async move {
            enter_password(&s, OPTIONAL_USER).await?;
            pages::step_form(&s.browser, "select-authenticator-enroll").await?;
            expect_heading(&s, "Set up a security method").await?;
            pages::wait_for(&s.browser, r#"button[data-authenticator="okta_verify"]"#).await?;
            expect_action(&s, "skip", "Set up later").await?;
            s.snap("optional-enrollment").await?;
            click_action(&s, "skip").await?;
            let home = HomePage::wait(&s.browser).await?;
            let greeting = home.greeting().await?;
            if !greeting.contains("Optional") {
                return Err(format!("home greets {greeting:?}, not the optional user").into());
            }
            Ok(())
        },
    )
    .await;
}

/// Up to the warning that `EXPIRING_USER`'s password expires soon.
async fn to_warning(s: &e2e::Session, password: &str) -> TestResult {
    IdentifyPage::open(s)
        .await?
        .enter(EXPIRING_USER, password)
        .await?;
    pages::step_form(&s.browser, WARNING_STEP).await?;
    expect_heading(s, "Set a new password").await?;
    let lead = pages::wait_for(&s.browser, "main").await?.text().await?;
    if !lead.contains("Your password expires soon") {
        return Err(format!("the warning does not say the password expires: {lead:?}").into());
    }
    expect_action(s, "skip", "Remind me later").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_expiry_warning_is_put_off() {
    run(
        "the_password_expiry_warning_is_put_off",
        org(),
        |s| async move {
            to_warning(&s, DEMO_PASSWORD).await?;
            click_action(&s, "skip").await?;
            HomePage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_expiry_warning_is_taken_and_the_password_changed() {
    run(
        "the_password_expiry_warning_is_taken_and_the_password_changed",
        org(),
        |s| async move {
            const NEW: &str = "Brand-new-Pass1";
            to_warning(&s, DEMO_PASSWORD).await?;
            set_password(&s, WARNING_STEP, "newPassword", NEW).await?;
            HomePage::wait(&s.browser).await?.sign_out().await?;
            // The old password no longer signs in; the new one does.
            let identify = IdentifyPage::wait(&s.browser).await?;
            identify.enter(EXPIRING_USER, DEMO_PASSWORD).await?;
            let refused = pages::eventually("a message refusing the old password", || async {
                let text = pages::messages(&s.browser).await?;
                Ok((!text.trim().is_empty()).then_some(text))
            })
            .await?;
            pages::step_form(&s.browser, pages::step::IDENTIFY).await?;
            if refused.contains("expires") {
                return Err(format!("the old password was taken: {refused:?}").into());
            }
            to_warning(&s, NEW).await?;
            click_action(&s, "skip").await?;
            HomePage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}
