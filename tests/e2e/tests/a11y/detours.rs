//! Screens off the straight sign-in path: back from the identity provider
//! or from an email link opened in another tab, Okta Verify enrollment, and
//! password recovery.

use e2e::pages::{self, DEMO_USER, NEW_USER};
use e2e::{Setup, run, steps};

use crate::audit::Audit;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_returns_from_outside_the_app() {
    run(
        "a11y_returns_from_outside_the_app",
        Setup::default(),
        |s| async move {
            let mut audit = Audit::default();
            // Back from the identity provider, where the user cancelled.
            steps::through_idp(&s, "cancel").await?;
            pages::wait_for(&s.browser, r#"[data-action="restart"]"#).await?;
            audit.screen(&s, "idp-denied").await?;
            // An email link opened outside the tab that started the sign-in.
            s.browser
                .goto(&s.url("/login/callback?otp=482913&state=another-tab"))
                .await?;
            pages::wait_for(&s.browser, r#"[data-testid="magic-link-code"]"#).await?;
            audit.screen(&s, "email-link-code").await?;
            audit.finish(2)
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_okta_verify_enrollment() {
    run(
        "a11y_okta_verify_enrollment",
        Setup::default(),
        |s| async move {
            let mut audit = Audit::default();
            steps::to_enrollment_qr(&s, NEW_USER).await?;
            audit.screen(&s, "enroll-qr").await?;
            steps::enroll_by_email_link(&s, "new.phone@example.com").await?;
            audit.screen(&s, "enroll-email-sent").await?;
            audit.finish(2)
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_password_recovery() {
    run("a11y_password_recovery", Setup::default(), |s| async move {
        let mut audit = Audit::default();
        steps::start_recovery(&s).await?;
        audit.screen(&s, "recover").await?;
        steps::recover_with_totp(&s, DEMO_USER).await?;
        // Half-way: some rules ticked off, some not.
        pages::fill(&s.browser, "newPassword", "horse-battery").await?;
        audit.screen(&s, "new-password").await?;
        audit.finish(2)
    })
    .await;
}
