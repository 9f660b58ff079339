//! Languages: the page's `lang` and the translation files it fetched, and
//! a code sign-in audited in French and Japanese when `config.json` asks for them.

use e2e::pages::{self, DEMO_PASSWORD, DEMO_USER, IdentifyPage};
use e2e::{ConfigMode, Failure, Session, Setup, TestResult, run, steps};
use fantoccini::Client;
use serde_json::Value;

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

/// One language of a walk: `None` is English (compiled in).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lang(pub(crate) Option<&'static str>);

impl Lang {
    /// What `/config.json` says for this language.
    pub(crate) fn config(self) -> ConfigMode {
        self.0
            .map_or(ConfigMode::Generated, |l| ConfigMode::Language(l.into()))
    }

    /// The screenshot name of `screen` in this language.
    pub(crate) fn screen(self, screen: &str) -> String {
        self.0
            .map_or_else(|| screen.to_owned(), |l| format!("{screen}-{l}"))
    }

    /// The app's text for `key` in this language (`english` for English).
    pub(crate) fn text(self, key: &str, english: &str) -> Result<String, Failure> {
        let Some(lang) = self.0 else {
            return Ok(english.to_owned());
        };
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../public/i18n")
            .join(format!("{lang}.json"));
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        file["app"][key]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("{} has no `{key}`", path.display()).into())
    }

    /// Fails unless the page is in this language and shows the heading
    /// `key` (`english` in English).
    pub(crate) async fn expect_heading(self, s: &Session, key: &str, english: &str) -> TestResult {
        let lang = self.0.unwrap_or("en");
        let file = self.0.map(|l| format!("/i18n/{l}.json"));
        let files: Vec<&str> = file.iter().map(String::as_str).collect();
        expect_language(&s.browser, lang, &files).await?;
        let expected = self.text(key, english)?;
        let heading = pages::heading(&s.browser).await?;
        if heading != expected {
            return Err(format!("[{lang}] heading {heading:?}, expected {expected:?}").into());
        }
        Ok(())
    }
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
