//! Requests the app makes by itself (push polls and the introspect that
//! resumes a transaction after a reload) retry by themselves when they fail:
//! a message on the waiting screen, a slower pace after a 429, and the
//! sign-in goes on without a click once the server answers again.

use std::time::Duration;

use e2e::checks::assert_plain;
use e2e::pages::{self, CodePage, DEMO_USER};
use e2e::{Setup, run, steps};
use fantoccini::Locator;
use serde_json::json;

/// Failing polls are retried by the app itself, with a message, and the
/// push approved meanwhile still signs in without any click.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_polls_retry_by_themselves() {
    run(
        "failing_polls_retry_by_themselves",
        Setup {
            emulator: Some(steps::fast_poll),
            ..Setup::default()
        },
        |s| async move {
            s.emulator
                .fault(json!({ "kind": "poll", "fault": "503", "count": 2 }))
                .await?;
            steps::to_push_page(&s, DEMO_USER).await?;
            // Two failed polls, then more polls without anyone clicking.
            pages::eventually("polls after the failures", || async {
                let log = s.emulator.requests().await?;
                let polls: Vec<_> = log.iter().filter(|r| r.kind == "poll").collect();
                Ok(
                    (polls.len() >= 2 && polls.last().is_some_and(|r| r.status == Some(200)))
                        .then_some(()),
                )
            })
            .await?;
            steps::approve_push(&s, DEMO_USER).await?;
            if s.browser
                .find(Locator::Css(r#"[data-action="retry"]"#))
                .await
                .is_ok()
            {
                return Err("a retry button is left on the home page".into());
            }
            Ok(())
        },
    )
    .await;
}

/// A poll answered 429 says so on the waiting screen and slows the polling
/// down (nothing is sent for seconds although the refresh is 1 s); polling
/// then resumes by itself and the push approved meanwhile signs in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_poll_backs_off_and_recovers() {
    run(
        "rate_limited_poll_backs_off_and_recovers",
        Setup {
            emulator: Some(steps::fast_poll),
            ..Setup::default()
        },
        |s| async move {
            steps::to_push_page(&s, DEMO_USER).await?;
            s.emulator
                .fault(json!({ "kind": "poll", "fault": "429", "count": 1 }))
                .await?;
            let status =
                pages::eventually("the waiting screen to say polling is limited", || async {
                    let text = pages::wait_for(
                        &s.browser,
                        r#"[data-testid="push-waiting"] [role="status"]"#,
                    )
                    .await?
                    .text()
                    .await?;
                    Ok(text.contains("Too many").then_some(text))
                })
                .await?;
            assert_plain(&status, "poll 429")?;
            let (limited_at, _) = s.emulator.count("poll", 200).await?;
            tokio::time::sleep(Duration::from_secs(5)).await;
            let (after, _) = s.emulator.count("poll", 200).await?;
            if after != limited_at {
                return Err(format!(
                    "{} poll(s) within 5 s of a 429 (the refresh is 1 s): no back-off",
                    after - limited_at
                )
                .into());
            }
            steps::approve_push(&s, DEMO_USER).await?;
            Ok(())
        },
    )
    .await;
}

/// A failing poll shows a message on the waiting screen, and polling
/// recovers once the server does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_poll_says_so_on_the_waiting_screen() {
    run(
        "failing_poll_says_so_on_the_waiting_screen",
        Setup {
            emulator: Some(steps::fast_poll),
            ..Setup::default()
        },
        |s| async move {
            steps::to_push_page(&s, DEMO_USER).await?;
            let waiting = pages::wait_for(&s.browser, r#"[data-testid="push-waiting"]"#).await?;
            let before = waiting.text().await?;
            s.emulator
                .fault(json!({ "kind": "poll", "fault": "502" }))
                .await?;
            let during = pages::eventually("the waiting screen to mention the failure", || async {
                let now = pages::wait_for(&s.browser, r#"[data-testid="push-waiting"]"#)
                    .await?
                    .text()
                    .await?;
                Ok((now != before).then_some(now))
            })
            .await?;
            assert_plain(&during, "poll 502")?;
            s.emulator.clear_faults().await?;
            steps::approve_push(&s, DEMO_USER).await?;
            Ok(())
        },
    )
    .await;
}

/// A reload whose resume introspect fails (5xx, then a dropped connection)
/// comes back to the same step by itself, without a click.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_resume_introspect_retries_by_itself() {
    run(
        "failing_resume_introspect_retries_by_itself",
        Setup::default(),
        |s| async move {
            steps::to_code_page(&s, DEMO_USER).await?;
            let before = s.emulator.count("introspect", 200).await?.0;
            s.emulator
                .fault(json!({ "kind": "introspect", "fault": "503", "count": 2 }))
                .await?;
            s.browser.refresh().await?;
            CodePage::wait(&s.browser).await?;
            let log = s.emulator.requests().await?;
            let resumed: Vec<_> = log
                .iter()
                .filter(|r| r.kind == "introspect")
                .skip(before)
                .map(|r| r.status)
                .collect();
            if resumed != [Some(503), Some(503), Some(200)] {
                return Err(format!("resume introspects: {resumed:?}").into());
            }
            // Still the same transaction: no new /interact.
            if log.iter().filter(|r| r.kind == "interact").count() != 1 {
                return Err(format!("a new transaction was started: {log:?}").into());
            }
            steps::finish_with_totp(&s, DEMO_USER).await?;
            Ok(())
        },
    )
    .await;
}
