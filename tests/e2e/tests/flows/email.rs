//! Email magic links: opened in the tab that started the sign-in it signs
//! in; opened in another tab it shows the code to type where the sign-in waits.

use e2e::checks::{assert_clean_address, assert_signed_in_storage};
use e2e::pages::{self, DEMO_USER, HomePage, TOKENS_KEY};
use e2e::{Setup, run, steps};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_magic_link_in_the_same_tab_signs_in() {
    run(
        "email_magic_link_in_the_same_tab_signs_in",
        Setup::default(),
        |s| async move {
            steps::to_choice_page(&s, DEMO_USER).await?.email().await?;
            let link = s.emulator.email_link(DEMO_USER).await?;
            s.browser.goto(&link).await?;
            HomePage::wait(&s.browser).await?;
            assert_signed_in_storage(&s).await?;
            assert_clean_address(&s, "/").await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_magic_link_in_another_tab_shows_the_code_to_type() {
    run(
        "email_magic_link_in_another_tab_shows_the_code_to_type",
        Setup::default(),
        |s| async move {
            let code_page = steps::to_choice_page(&s, DEMO_USER).await?.email().await?;
            let link = s.emulator.email_link(DEMO_USER).await?;
            let sign_in_tab = s.browser.window().await?;
            // A tab the email client opens: its sessionStorage is its own.
            let other = s.browser.new_window(true).await?;
            s.browser.switch_to_window(other.handle).await?;
            s.browser.goto(&link).await?;
            let shown = pages::wait_for(&s.browser, r#"[data-testid="magic-link-code"]"#)
                .await?
                .text()
                .await?;
            s.snap("code-shown").await?;
            let code: String = shown.chars().filter(char::is_ascii_digit).collect();
            if code.len() != 6 || !link.contains(&format!("otp={code}")) {
                return Err("the other tab does not show the link's code".into());
            }
            let warning = pages::wait_for(&s.browser, r#"[data-testid="never-share"]"#)
                .await?
                .text()
                .await?;
            if !warning.contains("Never share this code") {
                return Err(format!("no warning never to share the code: {warning:?}").into());
            }
            // The code leaves the address bar, and its history entry too.
            let address = s.browser.current_url().await?;
            if address.query().is_some() || address.path() != "/login/callback" {
                return Err(format!("the code stays in the address bar: {address}").into());
            }
            s.browser.back().await?;
            s.browser.forward().await?;
            let revisited = s.browser.current_url().await?;
            if revisited.as_str().contains(&code) || revisited.query().is_some() {
                return Err("the code is still in the tab's history".into());
            }
            if pages::session_storage(&s.browser, TOKENS_KEY)
                .await?
                .is_some()
            {
                return Err("the other tab signed in without the transaction".into());
            }
            s.browser.close_window().await?;
            s.browser.switch_to_window(sign_in_tab).await?;
            code_page.submit_code(&code).await?;
            HomePage::wait(&s.browser).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}
