//! Languages: the page's `lang` and the translation files it fetched, and
//! a code sign-in audited in French and Japanese when `config.json` asks for them.

use e2e::pages::{self, DEMO_PASSWORD, DEMO_USER, IdentifyPage};
use e2e::{ConfigMode, Failure, Setup, TestResult, run, steps};
use fantoccini::Client;

use crate::audit::Audit;

/// `<html lang>` and the translation files the page fetched so far.
async fn page_language(browser: &Client) -> Result<(String, Vec<String>), Failure> {
    let value = browser
        .execute(
            r#"
            const files = performance.getEntriesByType("resource")
                .map((entry) => new URL(entry.name).pathname)
                .filter((path) => path.startsWith("/i18n/"));
            return [document.documentElement.lang, files];
            "#,
            vec![],
        )
        .await?;
    let lang = value[0].as_str().unwrap_or_default().to_owned();
    let files = value[1]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().map(str::to_owned))
        .collect();
    Ok((lang, files))
}

/// Fails unless the page says it is in `lang` and fetched exactly `files`.
pub(crate) async fn expect_language(browser: &Client, lang: &str, files: &[&str]) -> TestResult {
    let (got_lang, got_files) = page_language(browser).await?;
    if got_lang != lang || got_files != files {
        return Err(format!(
            "expected lang={lang:?} with translation files {files:?}, got lang={got_lang:?} with {got_files:?}"
        )
        .into());
    }
    Ok(())
}

/// `config.json` asks for French: the page says so, fetches only the French
/// file, and every screen of a code sign-in reads (and audits) in French,
/// including Okta's message for a wrong code, translated by its key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_french_by_config() {
    let setup = Setup {
        config: ConfigMode::Language("fr".into()),
        ..Setup::default()
    };
    run("a11y_french_by_config", setup, |s| async move {
        let mut audit = Audit::default();
        let identify = IdentifyPage::open(&s).await?;
        expect_language(&s.browser, "fr", &["/i18n/fr.json"]).await?;
        let heading = pages::heading(&s.browser).await?;
        if heading != "Connexion" {
            return Err(format!("French heading expected, got {heading:?}").into());
        }
        // The label also holds the (hidden) required mark.
        let label = identify.label("username").await?;
        if !label.starts_with("Nom d’utilisateur") {
            return Err(format!("the username label is not in French: {label:?}").into());
        }
        audit.screen(&s, "identify-fr").await?;

        let choice = identify.sign_in(DEMO_USER, DEMO_PASSWORD).await?;
        let push = pages::wait_for(
            &s.browser,
            r#"button[data-authenticator="okta_verify"][data-method="push"]"#,
        )
        .await?
        .text()
        .await?;
        if !push.contains("Recevoir une notification push") {
            return Err(format!("push choice not in French: {push:?}").into());
        }
        let code_page = choice.okta_verify_code().await?;
        let right = s.emulator.totp(DEMO_USER).await?;
        code_page.submit_code(&steps::wrong_code(&right)).await?;
        let message = code_page.field_error().await?;
        if message != "Code incorrect. Veuillez réessayer." {
            return Err(format!("wrong-code message not translated: {message:?}").into());
        }
        audit.screen(&s, "code-error-fr").await?;

        let greeting = steps::finish_with_totp(&s, DEMO_USER)
            .await?
            .greeting()
            .await?;
        if !greeting.starts_with("Bienvenue") {
            return Err(format!("home greeting not in French: {greeting:?}").into());
        }
        audit.screen(&s, "home-fr").await?;
        expect_language(&s.browser, "fr", &["/i18n/fr.json"]).await?;
        audit.finish(3)
    })
    .await;
}

/// Japanese, the one script unlike the others: lang set, text shown, no violation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_japanese_by_config() {
    let setup = Setup {
        config: ConfigMode::Language("ja".into()),
        ..Setup::default()
    };
    run("a11y_japanese_by_config", setup, |s| async move {
        let mut audit = Audit::default();
        IdentifyPage::open(&s).await?;
        expect_language(&s.browser, "ja", &["/i18n/ja.json"]).await?;
        let heading = pages::heading(&s.browser).await?;
        if heading != "サインイン" {
            return Err(format!("Japanese heading expected, got {heading:?}").into());
        }
        audit.screen(&s, "identify-ja").await?;
        audit.finish(1)
    })
    .await;
}
