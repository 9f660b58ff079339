//! Expiry: tokens that expire while the home page is open are removed by
//! the page itself, and the person is sent to sign in again.

use std::time::Duration;

use e2e::pages::{self, DEMO_USER, TOKENS_KEY, step};
use e2e::{Session, Setup, TestResult, run, steps};

fn short_tokens(config: &mut idx_emulator::Config) {
    config.token_lifetime = Duration::from_secs(6);
}

/// Tokens that expire while the home page is open are removed and the user
/// is sent to sign in again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_tokens_are_removed_from_an_open_home_page() {
    run(
        "expired_tokens_are_removed_from_an_open_home_page",
        Setup {
            emulator: Some(short_tokens),
            ..Setup::default()
        },
        |s| async move {
            steps::sign_in_with_code(&s, DEMO_USER).await?;
            if pages::session_storage(&s.browser, TOKENS_KEY)
                .await?
                .is_none()
            {
                return Err("no tokens after sign-in".into());
            }
            // No reload, no click: the page itself must notice.
            pages::step_form(&s.browser, step::IDENTIFY).await?;
            assert_signed_out_everywhere_but_a_new_flow(&s, "expiry").await?;
            Ok(())
        },
    )
    .await;
}

/// Tokens gone (a new flow on /login may keep its transaction meta).
async fn assert_signed_out_everywhere_but_a_new_flow(s: &Session, context: &str) -> TestResult {
    if pages::session_storage(&s.browser, TOKENS_KEY)
        .await?
        .is_some()
    {
        return Err(format!("{context}: tokens are still stored").into());
    }
    let local = s
        .browser
        .execute("return window.localStorage.length;", vec![])
        .await?;
    if local.as_u64() != Some(0) {
        return Err(format!("{context}: localStorage is used").into());
    }
    Ok(())
}
