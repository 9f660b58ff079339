//! URLs the app must not take on faith: a hostile issuer in `config.json`,
//! a server answer whose forms post to another origin, a `javascript:` link
//! dressed as an identity provider, and tokens left behind by a sign-out
//! whose revocation hangs. Each is refused with a plain message, and the
//! emulator's request log (or the page itself) shows nothing was sent.

use std::time::Duration;

use e2e::checks::assert_plain;
use e2e::pages::{self, DEMO_USER, IdentifyPage, TOKENS_KEY, step};
use e2e::{ConfigMode, Session, Setup, TestResult, run, steps};
use fantoccini::Locator;
use serde_json::json;

/// The config error page names the setting; the emulator saw nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_issuer_in_config_is_refused_and_nothing_is_sent() {
    let config = json!({
        // A URL for evil.example that starts like the loopback issuer.
        "issuer": "http://127.0.0.1:1@evil.example/oauth2/default",
        "clientId": "demo-spa",
        "redirectUri": "http://127.0.0.1:8080/login/callback",
    });
    let setup = Setup {
        config: ConfigMode::Raw(config.to_string()),
        ..Setup::default()
    };
    run(
        "a_hostile_issuer_in_config_is_refused_and_nothing_is_sent",
        setup,
        |s| async move {
            s.browser.goto(&s.url("/login")).await?;
            let text = pages::wait_for(&s.browser, r#"[data-testid="config-error"]"#)
                .await?
                .text()
                .await?;
            if !(text.contains("\"issuer\"") && text.contains("user name or password")) {
                return Err(
                    format!("the config error does not say what is wrong: {text:?}").into(),
                );
            }
            no_form_and_nothing_sent(&s).await
        },
    )
    .await;
}

/// An answer whose every form posts to another origin is refused whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_posting_to_another_origin_are_refused_and_nothing_is_sent() {
    run(
        "forms_posting_to_another_origin_are_refused_and_nothing_is_sent",
        Setup::default(),
        |s| async move {
            let elsewhere = s.emulator.other_origin();
            s.emulator
                .fault(json!({ "kind": "introspect", "fault": "foreign_href",
                               "text": elsewhere, "count": 1 }))
                .await?;
            s.browser.goto(&s.url("/login")).await?;
            refused_with_a_message(&s, "forms on another origin").await?;
            no_form_and_nothing_sent(&s).await
        },
    )
    .await;
}

/// A `javascript:` identity-provider link is refused; it never becomes a link.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_link_as_identity_provider_is_refused() {
    run(
        "a_script_link_as_identity_provider_is_refused",
        Setup::default(),
        |s| async move {
            s.emulator
                .fault(json!({ "kind": "introspect", "fault": "idp_link", "count": 1 }))
                .await?;
            s.browser.goto(&s.url("/login")).await?;
            refused_with_a_message(&s, "a javascript: IdP link").await?;
            if s.browser
                .find(Locator::Css(
                    r#"[data-action="idp"], a[href^="javascript"]"#,
                ))
                .await
                .is_ok()
            {
                return Err("the script link is on the page".into());
            }
            let ran = s
                .browser
                .execute("return window.__idxEmulatorInjected === 1;", vec![])
                .await?;
            if ran.as_bool() == Some(true) {
                return Err("the injected script ran".into());
            }
            no_form_and_nothing_sent(&s).await
        },
    )
    .await;
}

/// Sign-out forgets the tokens at once, whatever revocation does; a hanging
/// revoke neither keeps them nor keeps the user from leaving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_with_revocation_hanging_leaves_nothing_in_storage() {
    run(
        "sign_out_with_revocation_hanging_leaves_nothing_in_storage",
        Setup::default(),
        |s| async move {
            let home = steps::sign_in_with_code(&s, DEMO_USER).await?;
            s.emulator
                .fault(json!({ "kind": "revoke", "fault": "delay", "delay_ms": 120_000 }))
                .await?;
            home.sign_out().await?;
            // While the revoke requests hang, storage is already empty.
            pages::eventually("sessionStorage emptied by sign-out", || async {
                let left = s
                    .browser
                    .execute("return window.sessionStorage.length;", vec![])
                    .await?;
                Ok((left.as_u64() == Some(0)).then_some(()))
            })
            .await?;
            // And the hang does not keep the user here: Okta's logout, then
            // the sign-in page, with no tokens.
            IdentifyPage::wait(&s.browser).await?;
            if pages::session_storage(&s.browser, TOKENS_KEY)
                .await?
                .is_some()
            {
                return Err("tokens are back in storage after sign-out".into());
            }
            s.emulator.clear_faults().await?;
            Ok(())
        },
    )
    .await;
}

/// A plain message, and no sign-in form built from the refused answer.
async fn refused_with_a_message(s: &Session, what: &str) -> TestResult {
    let text = pages::eventually("a message about the refused answer", || async {
        let text = pages::messages(&s.browser).await?;
        Ok(text.contains("another site").then_some(text))
    })
    .await?;
    assert_plain(&text, what)
}

/// No identify form; after a pause (time for any automatic retry), the
/// emulator logged no request a form would send and at most the first
/// introspect, and no tokens are stored.
async fn no_form_and_nothing_sent(s: &Session) -> TestResult {
    tokio::time::sleep(Duration::from_secs(3)).await;
    if s.browser
        .find(Locator::Css(&format!(
            r#"form[data-step="{}"]"#,
            step::IDENTIFY
        )))
        .await
        .is_ok()
    {
        return Err("a sign-in form was built from a refused answer".into());
    }
    let log = s.emulator.requests().await?;
    let kinds: Vec<&str> = log.iter().map(|r| r.kind.as_str()).collect();
    if kinds
        .iter()
        .any(|k| !matches!(*k, "interact" | "introspect"))
        || kinds.iter().filter(|k| **k == "introspect").count() > 1
    {
        return Err(format!("requests were sent after the refusal: {kinds:?}").into());
    }
    if pages::session_storage(&s.browser, TOKENS_KEY)
        .await?
        .is_some()
    {
        return Err("tokens in storage".into());
    }
    Ok(())
}
