//! Okta FastPass: launched from the identify page of an org that offers
//! it, and chosen as Okta Verify's method after the password, with "Use
//! another way" back to the list; completed by Okta Verify on this computer
//! (the control API). Never worded as a push.

use e2e::factors::{self, FASTPASS_USER};
use e2e::pages::{self, ChoicePage, HomePage, IdentifyPage, step};
use e2e::{Failure, Session, Setup, run, steps};

const WAITING: &str = r#"[data-testid="fastpass-waiting"]"#;

/// Waits for the FastPass waiting screen and checks its words.
async fn wait_for_fastpass(s: &Session) -> Result<(), Failure> {
    pages::wait_for(&s.browser, WAITING).await?;
    factors::expect_text(s, "Waiting for Okta Verify").await?;
    factors::expect_no_push_wording(s).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fastpass_launched_at_identify() {
    let setup = Setup {
        emulator: Some(factors::fastpass_org),
        ..Setup::default()
    };
    run("fastpass_launched_at_identify", setup, |s| async move {
        IdentifyPage::open(&s).await?;
        let launch = pages::wait_for(
            &s.browser,
            r#"button[data-authenticator="okta_verify"][data-method="signed_nonce"]"#,
        )
        .await?;
        let words = launch.text().await?;
        if words != "Sign in with Okta FastPass" {
            return Err(format!("the launch button says {words:?}").into());
        }
        launch.click().await?;
        wait_for_fastpass(&s).await?;
        // A custom URI challenge: the link that opens Okta Verify.
        pages::wait_for(&s.browser, r#"a[data-action="open-okta-verify"]"#).await?;
        s.emulator.answer_fastpass(FASTPASS_USER).await?;
        let greeting = HomePage::wait(&s.browser).await?.greeting().await?;
        if !greeting.contains("FastPass") {
            return Err(format!("signed in as someone else: {greeting:?}").into());
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fastpass_as_okta_verify_s_method_after_another_way() {
    let setup = Setup {
        emulator: Some(steps::fast_poll),
        ..Setup::default()
    };
    run(
        "fastpass_as_okta_verify_s_method_after_another_way",
        setup,
        |s| async move {
            let choice = r#"button[data-authenticator="okta_verify"][data-method="signed_nonce"]"#;
            factors::password_then(&s, FASTPASS_USER, step::SELECT_AUTHENTICATOR).await?;
            let words = pages::wait_for(&s.browser, choice).await?.text().await?;
            if !words.contains("FastPass") || words.to_lowercase().contains("push") {
                return Err(format!("the FastPass choice says {words:?}").into());
            }
            factors::choose(
                &s,
                step::SELECT_AUTHENTICATOR,
                "okta_verify",
                Some("signed_nonce"),
            )
            .await?;
            wait_for_fastpass(&s).await?;
            // "Use another way": back to the list, nothing answered.
            pages::wait_for(&s.browser, r#"[data-action="fastpass-another-way"]"#)
                .await?
                .click()
                .await?;
            ChoicePage::wait(&s.browser).await?;
            factors::choose(
                &s,
                step::SELECT_AUTHENTICATOR,
                "okta_verify",
                Some("signed_nonce"),
            )
            .await?;
            wait_for_fastpass(&s).await?;
            s.emulator.answer_fastpass(FASTPASS_USER).await?;
            HomePage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}
