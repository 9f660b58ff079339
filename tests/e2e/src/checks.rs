//! Checks the suites share: what a signed-in tab stores, what the address
//! bar may show, what a failure message may say, that data never becomes
//! markup, and what the emulator's request log must hold.
//!
//! Invariant: a check reads the page and the emulator and never changes
//! either; its error names what was expected and what was found, without a
//! secret (no token or code values, only key names and counts).

use fantoccini::Client;

use crate::harness::{Failure, Session, TestResult};
use crate::pages::{self, TOKENS_KEY, TRANSACTION_KEY};

/// Fails unless the tokens are in sessionStorage as JSON, with the transaction meta gone.
pub async fn assert_signed_in_storage(s: &Session) -> TestResult {
    let tokens = pages::session_storage(&s.browser, TOKENS_KEY)
        .await?
        .ok_or("no tokens in sessionStorage after sign-in")?;
    let tokens: serde_json::Value =
        serde_json::from_str(&tokens).map_err(|err| format!("{TOKENS_KEY} is not JSON: {err}"))?;
    if !tokens.is_object() {
        return Err(format!("{TOKENS_KEY} is not a JSON object").into());
    }
    if pages::session_storage(&s.browser, TRANSACTION_KEY)
        .await?
        .is_some()
    {
        return Err(format!("{TRANSACTION_KEY} is still stored after sign-in").into());
    }
    Ok(())
}

/// Fails unless the address bar shows `path` with no query (no code or
/// state left in the history).
pub async fn assert_clean_address(s: &Session, path: &str) -> TestResult {
    let url = s.browser.current_url().await?;
    if url.path() != path || url.query().is_some() {
        return Err(format!(
            "the address is {}{:?}, not a clean {path}",
            url.path(),
            url.query()
        )
        .into());
    }
    Ok(())
}

/// A failure message must be plain language: no status-line jargon alone, no
/// JSON, no HTML from the error page.
pub fn assert_plain(text: &str, context: &str) -> TestResult {
    let t = text.trim();
    if t.len() < 15 {
        return Err(format!("{context}: message too short to explain anything: {t:?}").into());
    }
    for bad in [
        "<html",
        "<!DOCTYPE",
        "{\"",
        "E0000009",
        "stateHandle",
        "undefined",
        "[object",
    ] {
        if t.contains(bad) {
            return Err(
                format!("{context}: message shows raw server output ({bad}): {t:?}").into(),
            );
        }
    }
    Ok(())
}

/// Fails if a script injected through data ran, or markup from data became
/// elements, or the page scrolls sideways (broken layout).
pub async fn assert_no_injection_and_layout(browser: &Client, context: &str) -> TestResult {
    let report = browser
        .execute(
            r#"
            const root = document.documentElement;
            return {
              pwned: window.__pwned === undefined ? null : String(window.__pwned),
              injected: window.__idxEmulatorInjected === undefined ? null : String(window.__idxEmulatorInjected),
              imgs: document.querySelectorAll('img[src="x"], img[src="x:"], img[onerror]').length,
              scripts: Array.from(document.querySelectorAll('body script')).length,
              bold: document.querySelectorAll('form b, [data-testid="messages"] b, label b, h1 b').length,
              overflow: root.scrollWidth - root.clientWidth,
            };
            "#,
            vec![],
        )
        .await?;
    if !report["pwned"].is_null() || !report["injected"].is_null() {
        return Err(format!("{context}: injected script ran: {report}").into());
    }
    for key in ["imgs", "scripts", "bold"] {
        if report[key].as_u64() != Some(0) {
            return Err(format!("{context}: markup from data became elements: {report}").into());
        }
    }
    if report["overflow"].as_i64().unwrap_or(0) > 1 {
        return Err(format!("{context}: the page scrolls sideways: {report}").into());
    }
    Ok(())
}

/// Fails unless the emulator's log holds `all` requests of `kind`,
/// `accepted` of them answered 200.
pub async fn assert_sent(s: &Session, kind: &str, all: usize, accepted: usize) -> TestResult {
    let (sent, ok) = s.emulator.count(kind, 200).await?;
    if (sent, ok) != (all, accepted) {
        return Err(format!("{kind} sent {sent} times, {ok} accepted").into());
    }
    Ok(())
}

/// Waits until the emulator's log holds `n` requests of `kind`.
pub async fn wait_for_requests(s: &Session, kind: &str, n: usize) -> Result<(), Failure> {
    pages::eventually(
        &format!("{n} `{kind}` request(s) in the emulator's log"),
        || async { Ok((s.emulator.count(kind, 200).await?.0 >= n).then_some(())) },
    )
    .await
}
