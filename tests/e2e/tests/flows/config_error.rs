//! A missing or broken `config.json` shows the config error page, which
//! names the file, and no sign-in form.

use e2e::pages::{self, step};
use e2e::{ConfigMode, Session, Setup, TestResult, run};
use fantoccini::Locator;

/// Shared body of the config error tests.
async fn config_error_page(s: Session) -> TestResult {
    s.browser.goto(&s.url("/login")).await?;
    let error = pages::wait_for(&s.browser, r#"[data-testid="config-error"]"#).await?;
    let text = error.text().await?;
    if !text.contains("config.json") {
        return Err(format!("config error page does not name config.json: {text:?}").into());
    }
    if s.browser
        .find(Locator::Css(&format!(
            r#"form[data-step="{}"]"#,
            step::IDENTIFY
        )))
        .await
        .is_ok()
    {
        return Err("a sign-in form is shown despite the config error".into());
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_config_shows_the_config_error_page() {
    let setup = Setup {
        config: ConfigMode::Missing,
        ..Setup::default()
    };
    run(
        "missing_config_shows_the_config_error_page",
        setup,
        config_error_page,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_config_shows_the_config_error_page() {
    let setup = Setup {
        config: ConfigMode::Raw(
            r#"{"issuer": "http://127.0.0.1:1/oauth2/default", "clientId": "#.into(),
        ),
        ..Setup::default()
    };
    run(
        "broken_config_shows_the_config_error_page",
        setup,
        config_error_page,
    )
    .await;
}
