//! The password and the Okta Verify code: the identify form as the UI
//! contract describes it, a TOTP sign-in to the home page, a wrong code
//! then the right one, and a non-numeric code refused before sending.

use std::time::Duration;

use e2e::checks::assert_signed_in_storage;
use e2e::pages::{self, CodePage, DEMO_USER, IdentifyPage};
use e2e::{Setup, run, steps};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identify_form_renders_its_fields() {
    run(
        "identify_form_renders_its_fields",
        Setup::default(),
        |s| async move {
            let page = IdentifyPage::open(&s).await?;
            let heading = pages::heading(&s.browser).await?;
            if heading.trim().is_empty() {
                return Err("the sign-in page has an empty <h1>".into());
            }
            for (name, kind) in [("username", "text"), ("password", "password")] {
                let field = page.field(name).await?;
                let id = field.attr("id").await?;
                if id.as_deref() != Some(&format!("field-{name}")) {
                    return Err(format!("{name} input has id {id:?}").into());
                }
                if field.attr("type").await?.as_deref() != Some(kind) {
                    return Err(format!("{name} input is not type={kind}").into());
                }
                if page.label(name).await?.trim().is_empty() {
                    return Err(format!("{name} has no label text").into());
                }
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_sign_in_reaches_home_with_tokens() {
    run(
        "totp_sign_in_reaches_home_with_tokens",
        Setup::default(),
        |s| async move {
            let home = steps::sign_in_with_code(&s, DEMO_USER).await?;
            let greeting = home.greeting().await?;
            if !greeting.contains("Demo") {
                return Err(format!("home greeting {greeting:?} does not name the user").into());
            }
            if home.token_expiry().await?.trim().is_empty() {
                return Err("no token expiry shown".into());
            }
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_code_then_right_code() {
    run(
        "wrong_code_then_right_code",
        Setup::default(),
        |s| async move {
            let code_page = steps::to_code_page(&s, DEMO_USER).await?;
            let right = s.emulator.totp(DEMO_USER).await?;
            // A six-digit code that is certainly not the current one.
            code_page.submit_code(&steps::wrong_code(&right)).await?;
            let message = code_page.field_error().await?;
            s.snap("wrong-code").await?;
            if message.trim().is_empty() {
                return Err("no message for a wrong code".into());
            }
            // Still on the code step, with the field kept and focused.
            CodePage::wait(&s.browser).await?;
            let focused = s.browser.active_element().await?.attr("id").await?;
            if focused.as_deref() != Some("field-verificationCode") {
                return Err(format!("focus is on {focused:?}, not the code field").into());
            }
            steps::finish_with_totp(&s, DEMO_USER).await?;
            assert_signed_in_storage(&s).await
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_numeric_code_is_refused_before_sending() {
    run(
        "non_numeric_code_is_refused_before_sending",
        Setup::default(),
        |s| async move {
            let code_page = steps::to_code_page(&s, DEMO_USER).await?;
            pages::count_idx_requests(&s.browser).await?;
            code_page.submit_code("12ab56").await?;
            code_page.field_error().await?;
            s.snap("refused").await?;
            // Give a request that should not happen time to start.
            tokio::time::sleep(Duration::from_millis(500)).await;
            let sent = pages::idx_requests(&s.browser).await?;
            if sent != 0 {
                return Err(format!("{sent} IDX request(s) sent for a non-numeric code").into());
            }
            // The step still works with a real code.
            steps::finish_with_totp(&s, DEMO_USER).await?;
            Ok(())
        },
    )
    .await;
}
