//! The release build loads the later steps' code on demand. When that
//! download fails (the site's outage switch), the step says so and offers
//! to try again; once the network is back, "Try again" shows the step and
//! the sign-in goes on with the same transaction.

use e2e::pages::{self, ChoicePage, DEMO_PASSWORD, DEMO_USER, IdentifyPage};
use e2e::{Setup, run, steps};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_whose_code_cannot_download_offers_to_try_again() {
    run(
        "a_step_whose_code_cannot_download_offers_to_try_again",
        Setup {
            split_outage: true,
            ..Setup::default()
        },
        |s| async move {
            IdentifyPage::open(&s)
                .await?
                .enter(DEMO_USER, DEMO_PASSWORD)
                .await?;
            pages::wait_for(&s.browser, "[data-testid=load-failed]").await?;
            let heading = pages::heading(&s.browser).await?;
            if heading != "This step didn't load" {
                return Err(format!("the failed step is headed {heading:?}").into());
            }
            let alert = pages::wait_for(&s.browser, "[data-testid=load-failed] [role=alert]")
                .await?
                .text()
                .await?;
            if !alert.contains("Check your connection") {
                return Err(format!("the failure says {alert:?}").into());
            }
            s.snap("load-failed").await?;
            // One identify answer: the failure did not resend or restart anything.
            let identifies = s.emulator.requests().await?;
            let count = identifies.iter().filter(|r| r.kind == "identify").count();
            if count != 1 {
                return Err(format!("{count} identify requests, expected 1").into());
            }

            s.end_split_outage().await?;
            pages::wait_for(&s.browser, "[data-action=retry-load]")
                .await?
                .click()
                .await?;
            // The same transaction goes on: choose Okta Verify's code, sign in.
            ChoicePage::wait(&s.browser)
                .await?
                .okta_verify_code()
                .await?;
            steps::finish_with_totp(&s, DEMO_USER).await?;
            Ok(())
        },
    )
    .await;
}
