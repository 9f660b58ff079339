//! Self-service unlock: a locked-out user is told so, unlocks with an
//! emailed code, is told the account is unlocked and signs in again.

use e2e::pages::{self, HomePage, IdentifyPage};
use e2e::routes::{
    LOCKED_USER, click_action, enter_email_code, enter_password, expect_action, expect_heading,
    to_unlock, unlock_by_email,
};
use e2e::run;

use crate::org;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_out_user_unlocks_by_email_and_signs_in() {
    run(
        "a_locked_out_user_unlocks_by_email_and_signs_in",
        org(),
        |s| async move {
            enter_password(&s, LOCKED_USER).await?;
            let said = pages::eventually("a message that the user is locked out", || async {
                let text = pages::messages(&s.browser).await?;
                Ok((!text.trim().is_empty()).then_some(text))
            })
            .await?;
            pages::step_form(&s.browser, pages::step::IDENTIFY).await?;
            s.snap("locked").await?;
            if said.to_lowercase().contains("password") && !said.contains("lock") {
                return Err(format!("the message blames the password: {said:?}").into());
            }
            expect_action(&s, "unlock", "Unlock account?").await?;

            to_unlock(&s, LOCKED_USER).await?;
            expect_heading(&s, "Unlock your account").await?;
            unlock_by_email(&s, LOCKED_USER).await?;
            expect_heading(&s, "Account unlocked").await?;
            expect_action(&s, "restart", "Sign in").await?;
            click_action(&s, "restart").await?;

            let choice = IdentifyPage::wait(&s.browser)
                .await?
                .sign_in(LOCKED_USER, pages::DEMO_PASSWORD)
                .await?;
            choice.email().await?;
            enter_email_code(&s, LOCKED_USER, pages::step::CHALLENGE).await?;
            HomePage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unlock_leads_back_to_sign_in() {
    run("an_unlock_leads_back_to_sign_in", org(), |s| async move {
        to_unlock(&s, LOCKED_USER).await?;
        // The unlock form's way out is Okta's `cancel`.
        expect_action(&s, "cancel", "Cancel").await?;
        click_action(&s, "cancel").await?;
        IdentifyPage::wait(&s.browser).await?;
        // Nothing was unlocked: the user is still locked out.
        enter_password(&s, LOCKED_USER).await?;
        pages::eventually("the locked-out message", || async {
            let text = pages::messages(&s.browser).await?;
            Ok((!text.trim().is_empty()).then_some(()))
        })
        .await?;
        pages::step_form(&s.browser, pages::step::IDENTIFY).await?;
        Ok(())
    })
    .await;
}
