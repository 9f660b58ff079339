//! When things go wrong: an expired transaction, the config error page, and
//! a slow then failing request (announced, with a plain message and a retry).

use e2e::pages::{self, DEMO_USER, HomePage};
use e2e::{ConfigMode, Setup, run, steps};
use serde_json::json;

use crate::audit::Audit;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_expired() {
    run("a11y_expired", Setup::default(), |s| async move {
        let mut audit = Audit::default();
        steps::to_code_page(&s, DEMO_USER).await?;
        s.emulator.expire_transactions().await?;
        steps::enter_totp(&s, DEMO_USER).await?;
        pages::wait_for(&s.browser, r#"[data-action="restart"]"#).await?;
        audit.screen(&s, "expired").await?;
        audit.finish(1)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_config_error() {
    let setup = Setup {
        config: ConfigMode::Missing,
        ..Setup::default()
    };
    run("a11y_config_error", setup, |s| async move {
        let mut audit = Audit::default();
        s.browser.goto(&s.url("/login")).await?;
        pages::wait_for(&s.browser, r#"[data-testid="config-error"]"#).await?;
        audit.screen(&s, "config-error").await?;
        audit.finish(1)
    })
    .await;
}

/// A slow request is announced (not only shown by a spinner) and the busy
/// screen passes the audit; a failed one shows a plain message and a retry
/// that passes the audit and works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_busy_and_network_failure() {
    run(
        "a11y_busy_and_network_failure",
        Setup::default(),
        |s| async move {
            let mut audit = Audit::default();
            steps::to_code_page(&s, DEMO_USER).await?;

            // The service fails: a plain message and a retry.
            s.emulator
                .fault(json!({ "kind": "answer", "fault": "503", "count": 1 }))
                .await?;
            let code = steps::enter_totp(&s, DEMO_USER).await?;
            pages::wait_for(&s.browser, r#"[data-action="retry"]"#).await?;
            audit.screen(&s, "network-error").await?;

            // The retry is slow: while it runs, a status region says so.
            s.emulator
                .fault(json!({ "kind": "answer", "fault": "delay", "delay_ms": 4000, "count": 1 }))
                .await?;
            if s.emulator.totp(DEMO_USER).await? != code {
                // The period turned: type the new code and submit instead of retrying.
                steps::enter_totp(&s, DEMO_USER).await?;
            } else {
                pages::wait_for(&s.browser, r#"[data-action="retry"]"#)
                    .await?
                    .click()
                    .await?;
            }
            let said = pages::eventually("a status announcing the running request", || async {
                let text = s
                    .browser
                    .execute(
                        "return [...document.querySelectorAll('main [role=status]')]\
                     .map((el) => el.textContent.trim()).join(' ');",
                        vec![],
                    )
                    .await?;
                let text = text.as_str().unwrap_or_default().to_owned();
                Ok((!text.is_empty()).then_some(text))
            })
            .await?;
            if !said.contains("Please wait") {
                return Err(format!("the running request is announced as {said:?}").into());
            }
            audit.screen(&s, "busy").await?;
            HomePage::wait(&s.browser).await?;
            audit.finish(2)
        },
    )
    .await;
}
