//! Faults on the steps a person submits (identify, the code, the start of
//! the transaction): each failure kind (dropped connection, 5xx, HTML error
//! page, truncated JSON, 429, a slow answer) gives a plain message and a
//! manual retry that keeps what was typed, and, proven through the
//! emulator's request log, exactly one accepted submission of each step.

use e2e::checks::{assert_plain, assert_sent};
use e2e::control::Logged;
use e2e::pages::{
    self, ChoicePage, CodePage, DEMO_PASSWORD, DEMO_USER, HomePage, IdentifyPage, TOKENS_KEY,
    click_retry, field_value, wait_for_retry,
};
use e2e::{Setup, TestResult, run, steps};
use fantoccini::{Client, Locator};
use serde_json::json;

/// After a failed request: the message (with its retry button) is plain
/// language and the field `name` still holds what was typed.
async fn failed_keeping(browser: &Client, what: &str, name: &str, typed: &str) -> TestResult {
    let message = wait_for_retry(browser).await?;
    assert_plain(&message, what)?;
    if field_value(browser, name).await? != typed {
        return Err(format!("{what}: the typed {name} was lost").into());
    }
    Ok(())
}

/// Every failure kind on the code step: message, retry, code kept, and in the
/// end exactly one accepted `answer` (the same TOTP code, never resent twice
/// successfully).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_step_faults_keep_the_code_and_submit_it_once() {
    run(
        "code_step_faults_keep_the_code_and_submit_it_once",
        Setup::default(),
        |s| async move {
            steps::to_code_page(&s, DEMO_USER).await?;
            let code = s.emulator.totp(DEMO_USER).await?;
            let faults = [
                // Two drops: Chromium silently repeats a request whose reused
                // keep-alive connection closes, so the first may never show.
                json!({ "kind": "answer", "fault": "drop", "count": 2 }),
                json!({ "kind": "answer", "fault": "500", "count": 1 }),
                json!({ "kind": "answer", "fault": "502", "count": 1 }),
                json!({ "kind": "answer", "fault": "503", "count": 1 }),
                json!({ "kind": "answer", "fault": "malformed_json", "count": 1 }),
                json!({ "kind": "answer", "fault": "html", "status": 500, "count": 1 }),
            ];
            for (i, spec) in faults.iter().enumerate() {
                s.emulator.fault(spec.clone()).await?;
                if i == 0 {
                    CodePage::wait(&s.browser).await?.submit_code(&code).await?;
                } else {
                    click_retry(&s.browser).await?;
                }
                let what = format!("answer fault {spec}");
                failed_keeping(&s.browser, &what, CodePage::FIELD, &code).await?;
                if pages::session_storage(&s.browser, TOKENS_KEY)
                    .await?
                    .is_some()
                {
                    return Err(format!("{what}: tokens stored after a failure").into());
                }
            }
            // Nothing reached the handler so far (malformed_json is a 200
            // whose body was cut, so look at the fault, not the status).
            let log = s.emulator.requests().await?;
            if log.iter().any(|r| r.kind == "answer" && r.fault.is_none()) {
                return Err(format!("an answer got through a fault: {log:?}").into());
            }
            click_retry(&s.browser).await?;
            HomePage::wait(&s.browser).await?;
            // Every answer but one was stopped by a fault before the handler;
            // exactly one reached it and was accepted.
            let log = s.emulator.requests().await?;
            let answers: Vec<&Logged> = log.iter().filter(|r| r.kind == "answer").collect();
            let clean: Vec<&&Logged> = answers.iter().filter(|r| r.fault.is_none()).collect();
            if clean.len() != 1 || clean[0].status != Some(200) || answers.len() < faults.len() + 1
            {
                return Err(
                    format!("expected one accepted answer after the faults: {answers:?}").into(),
                );
            }
            Ok(())
        },
    )
    .await;
}

/// A failed identify keeps the username and password and retries once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identify_fault_keeps_the_username_and_retries_once() {
    run(
        "identify_fault_keeps_the_username_and_retries_once",
        Setup::default(),
        |s| async move {
            let page = IdentifyPage::open(&s).await?;
            s.emulator
                .fault(json!({ "kind": "identify", "fault": "503", "count": 1 }))
                .await?;
            page.enter(DEMO_USER, DEMO_PASSWORD).await?;
            failed_keeping(&s.browser, "identify 503", "username", DEMO_USER).await?;
            click_retry(&s.browser).await?;
            ChoicePage::wait(&s.browser).await?;
            assert_sent(&s, "identify", 2, 1).await
        },
    )
    .await;
}

/// A slow answer: the button is busy and disabled; pressing again (click or
/// Enter) sends nothing more; the one request then signs in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_code_submit_is_busy_and_never_sent_twice() {
    run(
        "slow_code_submit_is_busy_and_never_sent_twice",
        Setup::default(),
        |s| async move {
            steps::to_code_page(&s, DEMO_USER).await?;
            s.emulator.fault(json!({ "kind": "answer", "fault": "delay", "delay_ms": 3000, "count": 1 }),
            )
            .await?;
            steps::enter_totp(&s, DEMO_USER).await?;
            let button = s
                .browser
                .find(Locator::Css(
                    r#"form[data-step="challenge-authenticator"] button[type=submit]"#,
                ))
                .await?;
            if button.attr("aria-busy").await?.as_deref() != Some("true")
                || button.is_enabled().await?
            {
                return Err(
                    "the submit button is not busy and disabled while the code is checked".into(),
                );
            }
            // Try hard to submit again while the first request runs.
            let _ = button.click().await;
            let _ = s.browser.execute(r#"const f = document.querySelector('form[data-step="challenge-authenticator"]');
                   if (f) { f.requestSubmit ? f.requestSubmit() : f.submit(); } return null;"#,
                vec![],
            )
            .await;
            HomePage::wait(&s.browser).await?;
            assert_sent(&s, "answer", 1, 1).await
        },
    )
    .await;
}

/// 429 with Retry-After on the code step keeps the transaction and the code,
/// and the retry signs in with exactly one accepted answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_code_submit_keeps_the_code_and_retries() {
    run(
        "rate_limited_code_submit_keeps_the_code_and_retries",
        Setup::default(),
        |s| async move {
            steps::to_code_page(&s, DEMO_USER).await?;
            s.emulator
                .fault(json!({ "kind": "answer", "fault": "429", "retry_after": 1, "count": 1 }))
                .await?;
            let code = steps::enter_totp(&s, DEMO_USER).await?;
            failed_keeping(&s.browser, "answer 429", CodePage::FIELD, &code).await?;
            click_retry(&s.browser).await?;
            HomePage::wait(&s.browser).await?;
            assert_sent(&s, "answer", 2, 1).await
        },
    )
    .await;
}

/// A sign-in whose `/interact` fails (the transaction cannot even start)
/// says so with a retry button; the retry starts it and the identify form
/// appears, with exactly one more `/interact`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_interact_offers_a_retry_that_starts_the_sign_in() {
    run(
        "failing_interact_offers_a_retry_that_starts_the_sign_in",
        Setup::default(),
        |s| async move {
            s.emulator
                .fault(json!({ "kind": "interact", "fault": "503", "count": 1 }))
                .await?;
            s.browser.goto(&s.url("/login")).await?;
            let message = wait_for_retry(&s.browser).await?;
            assert_plain(&message, "interact 503")?;
            click_retry(&s.browser).await?;
            IdentifyPage::wait(&s.browser).await?;
            let interacts: Vec<_> = s
                .emulator
                .requests()
                .await?
                .into_iter()
                .filter(|r| r.kind == "interact")
                .map(|r| r.status)
                .collect();
            if interacts != [Some(503), Some(200)] {
                return Err(format!("interact requests: {interacts:?}").into());
            }
            Ok(())
        },
    )
    .await;
}
