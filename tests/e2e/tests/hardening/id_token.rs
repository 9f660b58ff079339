//! ID token rejection: each defect the emulator's `id-token-defect` switch
//! can put in a token, and a token exchange or key fetch that fails, leaves
//! the user signed out with a plain message, nothing stored anywhere, and
//! `/` sending them back to `/login`.

use e2e::checks::{assert_plain, wait_for_requests};
use e2e::pages::{self, DEMO_USER, TOKENS_KEY, TRANSACTION_KEY, step};
use e2e::{Failure, Session, Setup, TestResult, run, steps};
use fantoccini::Locator;
use serde_json::{Value, json};

/// Waits for a message saying sign-in failed; fails at once if the home
/// page shows instead.
async fn failure_message(s: &Session, context: &str) -> Result<String, Failure> {
    pages::eventually("a message saying sign-in failed", || async {
        if s.browser
            .find(Locator::Css(r#"[data-testid="home"]"#))
            .await
            .is_ok()
        {
            return Err(format!("{context}: the home page was shown").into());
        }
        let text = pages::messages(&s.browser).await?;
        Ok((!text.trim().is_empty()).then_some(text))
    })
    .await
}

/// Nothing of a session anywhere the page can store it.
async fn assert_signed_out_everywhere(s: &Session, context: &str) -> TestResult {
    for key in [TOKENS_KEY, TRANSACTION_KEY] {
        if pages::session_storage(&s.browser, key).await?.is_some() {
            return Err(format!("{context}: {key} is still in sessionStorage").into());
        }
    }
    let report = s.browser.execute("return { local: window.localStorage.length, cookie: document.cookie, url: location.href };",
        vec![],
    )
    .await?;
    if report["local"].as_u64() != Some(0) {
        return Err(format!("{context}: localStorage is used: {report}").into());
    }
    if report["cookie"].as_str() != Some("") {
        return Err(format!("{context}: cookies are set: {report}").into());
    }
    let url = report["url"].as_str().unwrap_or_default();
    if url.contains("eyJ") || url.contains("token") || url.contains("interaction_code") {
        return Err(format!("{context}: a token or code is in the URL: {url}").into());
    }
    Ok(())
}

/// Signs in with an ID token spoiled by `defect` and checks the user stays
/// signed out with a message, storage empty, and `/` sends them to `/login`.
async fn rejected(s: Session, defect: &str) -> TestResult {
    steps::to_code_page(&s, DEMO_USER).await?;
    s.emulator.arm_id_token_defect(defect).await?;
    steps::enter_totp(&s, DEMO_USER).await?;
    // The token request is made (and answered 200) but the app must refuse it.
    wait_for_requests(&s, "token", 1).await?;
    let message = failure_message(&s, defect).await?;
    assert_plain(&message, defect)?;
    if s.emulator.armed_id_token_defect().await?.is_some() {
        return Err(format!("{defect}: the defect was never used (no token issued?)").into());
    }
    // A way on, and nothing kept.
    pages::wait_for(&s.browser, r#"[data-action="restart"]"#).await?;
    assert_signed_out_everywhere(&s, defect).await?;
    // The protected page does not let them in.
    s.browser.goto(&s.url("/")).await?;
    pages::step_form(&s.browser, step::IDENTIFY).await?;
    if !s.browser.current_url().await?.path().starts_with("/login") {
        return Err(format!("{defect}: `/` did not send a signed-out user to /login").into());
    }
    // (The new sign-in attempt on /login may keep its own transaction meta.)
    if pages::session_storage(&s.browser, TOKENS_KEY)
        .await?
        .is_some()
    {
        return Err(format!("{defect}: tokens appeared after visiting /").into());
    }
    // The token was fetched once and never used against the API.
    let log = s.emulator.requests().await?;
    if log.iter().filter(|r| r.kind == "token").count() != 1
        || log.iter().any(|r| r.kind == "userinfo")
    {
        return Err(format!("{defect}: unexpected token use: {log:?}").into());
    }
    Ok(())
}

macro_rules! defect_test {
    ($name:ident, $defect:literal) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            run(stringify!($name), Setup::default(), |s| {
                rejected(s, $defect)
            })
            .await;
        }
    };
}

defect_test!(tampered_id_token_signature_is_rejected, "bad_signature");
defect_test!(id_token_for_another_audience_is_rejected, "wrong_audience");
defect_test!(expired_id_token_is_rejected, "expired");
defect_test!(id_token_with_wrong_nonce_is_rejected, "wrong_nonce");
defect_test!(id_token_with_unknown_key_id_is_rejected, "unknown_kid");

/// The token exchange or the key fetch failing (5xx, dropped connection)
/// leaves nothing stored and says so; the user can start again.
async fn token_leg_fails(s: Session, spec: Value) -> TestResult {
    steps::to_code_page(&s, DEMO_USER).await?;
    s.emulator.fault(spec.clone()).await?;
    steps::enter_totp(&s, DEMO_USER).await?;
    let message = failure_message(&s, &spec.to_string()).await?;
    assert_plain(&message, &spec.to_string())?;
    assert_signed_out_everywhere(&s, &spec.to_string()).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_token_exchange_stores_nothing() {
    run(
        "failed_token_exchange_stores_nothing",
        Setup::default(),
        |s| token_leg_fails(s, json!({ "kind": "token", "fault": "503" })),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_signing_keys_store_nothing() {
    run(
        "unreachable_signing_keys_store_nothing",
        Setup::default(),
        |s| token_leg_fails(s, json!({ "kind": "keys", "fault": "drop" })),
    )
    .await;
}
