//! "Verify with something else": from a challenge back to the list of
//! authenticators, without a request, and on with another one.

use e2e::pages::{self, ChoicePage, DEMO_USER, HomePage};
use e2e::routes::{click_action, enter_email_code, expect_action, expect_heading};
use e2e::{run, steps};

use crate::org;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_authenticator_is_chosen_from_a_challenge() {
    run(
        "another_authenticator_is_chosen_from_a_challenge",
        org(),
        |s| async move {
            steps::to_code_page(&s, DEMO_USER).await?;
            expect_action(&s, "switch-authenticator", "Verify with something else").await?;
            pages::count_idx_requests(&s.browser).await?;
            click_action(&s, "switch-authenticator").await?;
            let choice = ChoicePage::wait(&s.browser).await?;
            expect_heading(&s, "Verify it's you").await?;
            // The list was already in the state: going back sends nothing.
            let sent = pages::idx_requests(&s.browser).await?;
            if sent != 0 {
                return Err(format!("going back to the list sent {sent} IDX request(s)").into());
            }
            // The list has no way back to itself.
            if s.browser
                .find(fantoccini::Locator::Css(
                    r#"[data-action="switch-authenticator"]"#,
                ))
                .await
                .is_ok()
            {
                return Err("the list offers to go back to the list".into());
            }
            choice.email().await?;
            expect_heading(&s, "Check your email").await?;
            enter_email_code(&s, DEMO_USER, pages::step::CHALLENGE).await?;
            HomePage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}
