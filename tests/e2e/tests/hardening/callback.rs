//! The redirect callback under attack: a forged `state` resumes nothing and
//! text from the query string is never shown.

use std::time::Duration;

use e2e::checks::assert_no_injection_and_layout;
use e2e::pages::{self, DEMO_USER};
use e2e::{Setup, run, steps};

/// The redirect callback trusts nothing in its query: a foreign `state` does
/// not resume the saved transaction, and text from the query is not shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callback_refuses_foreign_state_and_shows_no_query_text() {
    run(
        "callback_refuses_foreign_state_and_shows_no_query_text",
        Setup::default(),
        |s| async move {
            steps::to_code_page(&s, DEMO_USER).await?;
            let spoof = "Call 555-0100 to unlock your account";
            s.browser
                .goto(&s.url(&format!(
                    "/login/callback?error=access_denied&error_description={}&state=forged",
                    spoof.replace(' ', "+")
                )))
                .await?;
            pages::wait_for(&s.browser, r#"[data-action="restart"]"#).await?;
            let body = s
                .browser
                .execute("return document.body.innerText;", vec![])
                .await?;
            if body.as_str().unwrap_or_default().contains("555-0100") {
                return Err("the callback shows text from its query string".into());
            }
            s.browser
                .goto(&s.url("/login/callback?error=interaction_required&state=forged"))
                .await?;
            tokio::time::sleep(Duration::from_secs(2)).await;
            let path = s.browser.current_url().await?.path().to_owned();
            if path != "/login/callback" {
                return Err(format!("a forged callback moved on to {path}").into());
            }
            assert_no_injection_and_layout(&s.browser, "callback").await?;
            Ok(())
        },
    )
    .await;
}
