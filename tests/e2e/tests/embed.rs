//! The sign-in embedded in another Leptos app (`examples/embed`, built by
//! `cargo xtask test` like any host would build it): its guarded page sends
//! a visitor to the embedded sign-in and back, the session hook shows the
//! user on the host's own pages, the redirect callback works under the
//! host's router, and the host's sign-out ends the session.

use e2e::checks::{assert_clean_address, assert_signed_in_storage};
use e2e::pages::{self, ChoicePage, DEMO_PASSWORD, DEMO_USER, IdentifyPage, TOKENS_KEY};
use e2e::{Failure, Session, Setup, TestResult, run};

fn embedded() -> Setup {
    Setup {
        embed: true,
        ..Setup::default()
    }
}

/// The host's account page, with the signed-in user's name.
async fn account_user(s: &Session) -> Result<String, Failure> {
    pages::wait_for(&s.browser, r#"[data-testid="host-account"]"#).await?;
    Ok(pages::wait_for(&s.browser, r#"[data-testid="host-user"]"#)
        .await?
        .text()
        .await?)
}

/// Fails unless the host's own bar frames the page (the sign-in is inside
/// the host, not a page of its own).
async fn assert_in_host(s: &Session, what: &str) -> TestResult {
    let bar = pages::wait_for(&s.browser, "nav.host-bar")
        .await?
        .text()
        .await?;
    if !bar.contains("Example Co.") {
        return Err(format!("{what}: the host's bar reads {bar:?}").into());
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guarded_page_signs_in_through_the_embedded_sign_in_and_back() {
    run(
        "guarded_page_signs_in_through_the_embedded_sign_in_and_back",
        embedded(),
        |s| async move {
            // Nobody signed in: the host's public page says so.
            s.browser.goto(&s.url("/")).await?;
            let greeting = pages::wait_for(&s.browser, r#"[data-testid="host-greeting"]"#)
                .await?
                .text()
                .await?;
            if !greeting.contains("not signed in") {
                return Err(format!("the public page greets {greeting:?} before sign-in").into());
            }

            // The guarded page sends the visitor to the embedded sign-in,
            // remembering where they were going.
            s.browser.goto(&s.url("/account")).await?;
            let identify = IdentifyPage::wait(&s.browser).await?;
            let url = s.browser.current_url().await?;
            if url.path() != "/login" || url.query() != Some("next=%2Faccount") {
                return Err(format!("the guard sent the browser to {url}").into());
            }
            assert_in_host(&s, "the sign-in").await?;
            s.snap("embedded-identify").await?;

            // The whole sign-in (password, then an Okta Verify code) runs
            // inside the host and ends on the page that was asked for.
            identify.sign_in(DEMO_USER, DEMO_PASSWORD).await?;
            ChoicePage::wait(&s.browser)
                .await?
                .okta_verify_code()
                .await?;
            e2e::steps::enter_totp(&s, DEMO_USER).await?;
            let user = account_user(&s).await?;
            if !user.contains("Demo") {
                return Err(format!("the account page names {user:?}").into());
            }
            assert_clean_address(&s, "/account").await?;
            assert_signed_in_storage(&s).await?;

            // The host's own link to its public page: the hook sees the user.
            pages::wait_for(&s.browser, r#"nav.host-bar a[href="/"]"#)
                .await?
                .click()
                .await?;
            let greeting = pages::eventually("the public page to greet the user", || async {
                let text = pages::wait_for(&s.browser, r#"[data-testid="host-greeting"]"#)
                    .await?
                    .text()
                    .await?;
                Ok(text.contains("Welcome back, Demo").then_some(text))
            })
            .await?;
            if greeting.contains("not signed in") {
                return Err("the public page missed the session".into());
            }

            // The host's sign-out: the tokens leave the tab, Okta's logout
            // page sends the browser back, and the guard asks again.
            s.browser.goto(&s.url("/account")).await?;
            account_user(&s).await?;
            pages::wait_for(&s.browser, r#"[data-action="host-signout"]"#)
                .await?
                .click()
                .await?;
            IdentifyPage::wait(&s.browser).await?;
            if pages::session_storage(&s.browser, TOKENS_KEY)
                .await?
                .is_some()
            {
                return Err("the tokens are still in sessionStorage after sign-out".into());
            }
            s.browser.goto(&s.url("/account")).await?;
            IdentifyPage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_provider_returns_through_the_hosts_callback_route() {
    run(
        "identity_provider_returns_through_the_hosts_callback_route",
        embedded(),
        |s| async move {
            s.browser.goto(&s.url("/account")).await?;
            IdentifyPage::wait(&s.browser).await?;
            pages::wait_for(&s.browser, r#"a[data-action="idp"]"#)
                .await?
                .click()
                .await?;
            // The identity provider's own page, then back to
            // /login/callback: a route of the host's router.
            pages::wait_for(&s.browser, r#"[data-action="continue"]"#)
                .await?
                .click()
                .await?;
            let user = account_user(&s).await?;
            if !user.contains("Demo") {
                return Err(format!("the account page names {user:?} after the IdP").into());
            }
            assert_in_host(&s, "the account page").await?;
            assert_signed_in_storage(&s).await?;
            assert_clean_address(&s, "/account").await
        },
    )
    .await;
}
