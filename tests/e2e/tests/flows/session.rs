//! The transaction and the session over time: a reload mid-flow resumes,
//! an expired transaction starts over with a message, and sign-out clears
//! what was stored and protects the home page again.

use e2e::checks::assert_signed_in_storage;
use e2e::pages::{self, ChoicePage, DEMO_USER, IdentifyPage, TOKENS_KEY, TRANSACTION_KEY};
use e2e::{Setup, run, steps};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_mid_flow_resumes() {
    run(
        "reload_mid_flow_resumes",
        Setup::default(),
        |s| async move {
            steps::to_choice_page(&s, DEMO_USER).await?;
            if pages::session_storage(&s.browser, TRANSACTION_KEY)
                .await?
                .is_none()
            {
                return Err(format!("no {TRANSACTION_KEY} stored mid-flow").into());
            }
            s.browser.refresh().await?;
            // Back on the authenticator choice, not the identify form.
            ChoicePage::wait(&s.browser)
                .await?
                .okta_verify_code()
                .await?;
            if s.browser
                .find(Locator::Css(r#"form[data-step="identify"]"#))
                .await
                .is_ok()
            {
                return Err("the identify form came back after reload".into());
            }
            steps::finish_with_totp(&s, DEMO_USER).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_transaction_starts_over_with_a_message() {
    run(
        "expired_transaction_starts_over_with_a_message",
        Setup::default(),
        |s| async move {
            steps::to_code_page(&s, DEMO_USER).await?;
            s.emulator.expire_transactions().await?;
            steps::enter_totp(&s, DEMO_USER).await?;
            let restart = pages::wait_for(&s.browser, r#"[data-action="restart"]"#).await?;
            let said = pages::messages(&s.browser).await?;
            s.snap("expired").await?;
            if said.trim().is_empty() {
                return Err("the expired state shows no message".into());
            }
            restart.click().await?;
            let page = IdentifyPage::wait(&s.browser).await?;
            page.field("username").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_clears_storage() {
    run(
        "sign_out_clears_storage",
        Setup::default(),
        |s| async move {
            let home = steps::sign_in_with_code(&s, DEMO_USER).await?;
            assert_signed_in_storage(&s).await?;
            home.sign_out().await?;
            // Sign-out ends the Okta session via the logout URL and comes back to the app.
            let origin = s.origin.clone();
            pages::eventually("the browser back on the app after sign-out", || async {
                let url = s.browser.current_url().await?;
                let back = url.as_str().starts_with(&origin)
                    && s.browser
                        .find(Locator::Css(r#"[data-testid="home"]"#))
                        .await
                        .is_err();
                Ok(back.then_some(()))
            })
            .await?;
            // Tokens gone. (The transaction key may hold a *new* sign-in that
            // `/login` starts; the old one was already cleared at sign-in.)
            if pages::session_storage(&s.browser, TOKENS_KEY)
                .await?
                .is_some()
            {
                return Err(format!("{TOKENS_KEY} still in sessionStorage after sign-out").into());
            }
            IdentifyPage::wait(&s.browser).await?;
            // The home page is protected again.
            s.browser.goto(&s.url("/")).await?;
            IdentifyPage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}
