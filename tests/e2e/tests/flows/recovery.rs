//! Password recovery: "Forgot password?", Okta Verify to prove it is them,
//! a new password checked against the rules before sending, and the new
//! password (not the old one) signs in.

use e2e::checks::assert_signed_in_storage;
use e2e::pages::{self, DEMO_PASSWORD, DEMO_USER, HomePage, IdentifyPage};
use e2e::{Setup, run, steps};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgotten_password_is_reset_after_okta_verify_and_signs_in() {
    run(
        "forgotten_password_is_reset_after_okta_verify_and_signs_in",
        Setup::default(),
        |s| async move {
            steps::start_recovery(&s).await?;
            // Proving it is them: the Okta Verify code.
            steps::recover_with_totp(&s, DEMO_USER).await?;
            s.snap("new-password").await?;
            // A password that misses the rules is refused before sending.
            pages::count_idx_requests(&s.browser).await?;
            pages::fill(&s.browser, "newPassword", "alllowercase").await?;
            pages::fill(&s.browser, "confirmPassword", "alllowercase").await?;
            pages::submit(&s.browser, "reset-authenticator").await?;
            pages::wait_for(&s.browser, "#field-newPassword-error").await?;
            if pages::idx_requests(&s.browser).await? != 0 {
                return Err("a password missing the rules was sent".into());
            }
            let new_password = "Brand-new-Pass9";
            pages::fill(&s.browser, "newPassword", new_password).await?;
            pages::fill(&s.browser, "confirmPassword", new_password).await?;
            pages::submit(&s.browser, "reset-authenticator").await?;
            let home = HomePage::wait(&s.browser).await?;
            assert_signed_in_storage(&s).await?;
            // The old password is gone, the new one works.
            home.sign_out().await?;
            IdentifyPage::wait(&s.browser)
                .await?
                .enter(DEMO_USER, DEMO_PASSWORD)
                .await?;
            pages::wait_for(&s.browser, r#"[data-testid="messages"] .message.error"#).await?;
            IdentifyPage::wait(&s.browser)
                .await?
                .sign_in(DEMO_USER, new_password)
                .await?;
            Ok(())
        },
    )
    .await;
}
