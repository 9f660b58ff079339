//! Identity providers: a sign-in through the emulated IdP comes back
//! through the callback to the home page, a cancel there says sign-in was
//! denied, and an IdP that needs another factor resumes the transaction.

use e2e::checks::{assert_clean_address, assert_signed_in_storage};
use e2e::pages::{self, ChoicePage, DEMO_USER, HomePage, IdentifyPage, TOKENS_KEY};
use e2e::{Setup, run, steps};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idp_sign_in_returns_through_the_callback_to_home() {
    run(
        "idp_sign_in_returns_through_the_callback_to_home",
        Setup::default(),
        |s| async move {
            IdentifyPage::open(&s).await?;
            let idp = pages::wait_for(&s.browser, r#"a[data-action="idp"]"#).await?;
            if !idp.text().await?.contains("Emulated IdP") {
                return Err("the identify page does not offer the emulated IdP".into());
            }
            idp.click().await?;
            // The identity provider's own page (another origin).
            let continue_button =
                pages::wait_for(&s.browser, r#"[data-action="continue"]"#).await?;
            s.snap("idp-page").await?;
            continue_button.click().await?;
            let home = HomePage::wait(&s.browser).await?;
            if !home.greeting().await?.contains("Demo") {
                return Err("home does not greet the IdP's user".into());
            }
            assert_signed_in_storage(&s).await?;
            assert_clean_address(&s, "/").await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idp_cancel_says_sign_in_was_denied() {
    run(
        "idp_cancel_says_sign_in_was_denied",
        Setup::default(),
        |s| async move {
            steps::through_idp(&s, "cancel").await?;
            pages::wait_for(&s.browser, r#"[data-action="restart"]"#).await?;
            s.snap("denied").await?;
            let text = pages::messages(&s.browser).await?;
            if !text.contains("denied") {
                return Err(
                    format!("the callback says `{text}`, not that sign-in was denied").into(),
                );
            }
            if pages::session_storage(&s.browser, TOKENS_KEY)
                .await?
                .is_some()
            {
                return Err("tokens stored after a denied IdP sign-in".into());
            }
            // Starting over works from here.
            pages::wait_for(&s.browser, r#"[data-action="restart"]"#)
                .await?
                .click()
                .await?;
            IdentifyPage::wait(&s.browser).await?;
            Ok(())
        },
    )
    .await;
}

fn idp_wants_another_factor(config: &mut idx_emulator::Config) {
    for idp in &mut config.idps {
        idp.mfa = true;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idp_sign_in_that_needs_another_factor_resumes_the_transaction() {
    run(
        "idp_sign_in_that_needs_another_factor_resumes_the_transaction",
        Setup {
            emulator: Some(idp_wants_another_factor),
            ..Setup::default()
        },
        |s| async move {
            steps::through_idp(&s, "continue").await?;
            // Back with `error=interaction_required`: the saved transaction
            // is resumed and goes on at the factor choice for the IdP's user.
            ChoicePage::wait(&s.browser)
                .await?
                .okta_verify_code()
                .await?;
            assert_clean_address(&s, "/login").await?;
            steps::finish_with_totp(&s, DEMO_USER).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}
