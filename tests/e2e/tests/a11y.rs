//! Accessibility audit: axe-core (pinned in `tests/e2e/axe`) runs on every
//! screen of the sign-in flows, reached the way a person reaches them, in the
//! light and the dark colour scheme, against the WCAG 2.0/2.1 A and AA rules.
//!
//! Each test walks one flow and audits each screen on the way; violations are
//! collected for the whole walk and the test fails listing all of them (so
//! one run shows every screen that falls short, not just the first). Each
//! audited screen also leaves `screenshots/a11y/<screen>-<scheme>.png`; the
//! README's screenshots come from these.
//!
//! Invariants:
//! - axe-core is read from `tests/e2e/axe/node_modules` (installed by
//!   `npm ci` from the lockfile) and injected through WebDriver, so the app
//!   ships nothing for the audit and the version cannot drift.
//! - The dark scheme is switched on through the CSSOM (the stylesheet's
//!   `prefers-color-scheme` media rules are re-targeted), which works under
//!   the app's CSP because it adds no inline style or script to the page.
//! - Like every e2e test, these drive a browser only under `cargo xtask test`
//!   (`E2E_DIST` set); otherwise they print SKIPPED and pass.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use e2e::pages::{
    self, ChoicePage, CodePage, DEMO_PASSWORD, DEMO_USER, HomePage, IdentifyPage, NEW_USER,
    PUSH_USER, PushPage, step,
};
use e2e::{ConfigMode, Failure, Session, Setup, TestResult, run, steps};
use fantoccini::Client;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The axe rule tags for WCAG 2.1 levels A and AA (2.1 adds to 2.0).
const WCAG_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Window size for the phone-width audit and the screenshots.
const PHONE: (u32, u32) = (440, 820);

/// Time for focus moves, transitions and live-region updates to settle
/// before a screen is judged.
const SETTLE: Duration = Duration::from_millis(400);

/// The pinned axe-core, read once.
fn axe_source() -> Result<&'static str, Failure> {
    static SOURCE: OnceLock<Result<String, String>> = OnceLock::new();
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("axe/node_modules/axe-core/axe.min.js");
    SOURCE
        .get_or_init(|| {
            std::fs::read_to_string(&path).map_err(|err| {
                format!(
                    "cannot read {}: {err} (run `npm ci` in tests/e2e/axe; `cargo xtask test` does)",
                    path.display()
                )
            })
        })
        .as_deref()
        .map_err(|err| err.clone().into())
}

/// Switches the page between the light and dark scheme by re-targeting the
/// stylesheet's `prefers-color-scheme` media rules (and the UA's
/// `color-scheme`), remembering the original media text across calls.
async fn set_scheme(browser: &Client, dark: bool) -> Result<(), Failure> {
    browser
        .execute(
            r#"
            const dark = arguments[0];
            if (!window.__a11ySchemeRules) {
                const found = [];
                const walk = (rules) => {
                    for (const rule of rules) {
                        if (rule.media && /prefers-color-scheme/.test(rule.media.mediaText)) {
                            found.push({ rule, text: rule.media.mediaText });
                        }
                        if (rule.cssRules) { walk(rule.cssRules); }
                    }
                };
                for (const sheet of document.styleSheets) {
                    try { walk(sheet.cssRules); } catch (e) { /* cross-origin sheet */ }
                }
                window.__a11ySchemeRules = found;
            }
            for (const { rule, text } of window.__a11ySchemeRules) {
                const forDark = /dark/.test(text);
                rule.media.mediaText = forDark === dark ? "all" : "not all";
            }
            document.documentElement.style.colorScheme = dark ? "dark" : "light";
            return window.__a11ySchemeRules.length;
            "#,
            vec![Value::Bool(dark)],
        )
        .await?;
    Ok(())
}

/// Runs axe on the current document; returns one line per violating node.
async fn axe_violations(browser: &Client) -> Result<Vec<String>, Failure> {
    let loaded = browser
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded != Value::Bool(true) {
        let script = format!("{}\n;return typeof window.axe;", axe_source()?);
        browser.execute(&script, vec![]).await?;
    }
    let raw = browser
        .execute_async(
            r#"
            const tags = arguments[0];
            const done = arguments[arguments.length - 1];
            window.axe
                .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
                .then((result) => done(JSON.stringify(result.violations.map((v) => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    nodes: v.nodes.map((n) => ({
                        target: n.target.join(" "),
                        summary: n.failureSummary || "",
                    })),
                })))))
                .catch((err) => done(JSON.stringify({ error: String(err) })));
            "#,
            vec![json!(WCAG_TAGS)],
        )
        .await?;
    let text = raw.as_str().ok_or("axe returned no result")?;
    let parsed: Value = serde_json::from_str(text)?;
    if let Some(err) = parsed.get("error") {
        return Err(format!("axe failed to run: {err}").into());
    }
    let mut lines = Vec::new();
    for violation in parsed.as_array().ok_or("axe result is not a list")? {
        for node in violation["nodes"].as_array().into_iter().flatten() {
            lines.push(format!(
                "{} ({}): {} at `{}`: {}",
                violation["id"].as_str().unwrap_or("?"),
                violation["impact"].as_str().unwrap_or("?"),
                violation["help"].as_str().unwrap_or(""),
                node["target"].as_str().unwrap_or("?"),
                node["summary"].as_str().unwrap_or("").replace('\n', " "),
            ));
        }
    }
    Ok(lines)
}

/// Violations found on the screens of one walk.
#[derive(Debug, Default)]
struct Audit {
    findings: Vec<String>,
    screens: usize,
}

impl Audit {
    /// Audits the current screen in both schemes, at the harness's desktop
    /// size and at a phone width, and screenshots it at the phone width.
    async fn screen(&mut self, s: &Session, screen: &str) -> TestResult {
        tokio::time::sleep(SETTLE).await;
        let (width, height) = s.browser.get_window_size().await?;
        for (scheme, dark) in [("light", false), ("dark", true)] {
            set_scheme(&s.browser, dark).await?;
            for (size, w, h) in [
                ("desktop", width as u32, height as u32),
                ("phone", PHONE.0, PHONE.1),
            ] {
                s.browser.set_window_size(w, h).await?;
                // Let the restyle and reflow land before judging contrast and layout.
                tokio::time::sleep(Duration::from_millis(150)).await;
                for line in axe_violations(&s.browser).await? {
                    self.findings
                        .push(format!("[{screen}, {scheme}, {size}] {line}"));
                }
            }
            save_screenshot(&s.browser, &format!("{screen}-{scheme}")).await?;
        }
        set_scheme(&s.browser, false).await?;
        s.browser
            .set_window_size(width as u32, height as u32)
            .await?;
        self.screens += 1;
        Ok(())
    }

    /// Fails listing every violation, or passes when there were none.
    fn finish(self, expected_screens: usize) -> TestResult {
        if self.screens != expected_screens {
            return Err(format!(
                "audited {} screens, expected {expected_screens}",
                self.screens
            )
            .into());
        }
        if self.findings.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{} WCAG 2.1 A/AA violation(s):\n  {}",
            self.findings.len(),
            self.findings.join("\n  ")
        )
        .into())
    }
}

async fn save_screenshot(browser: &Client, name: &str) -> TestResult {
    let dir = e2e::harness::screenshot_dir().join("a11y");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), browser.screenshot().await?)?;
    Ok(())
}

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
async fn expect_language(browser: &Client, lang: &str, files: &[&str]) -> TestResult {
    let (got_lang, got_files) = page_language(browser).await?;
    if got_lang != lang || got_files != files {
        return Err(format!(
            "expected lang={lang:?} with translation files {files:?}, got lang={got_lang:?} with {got_files:?}"
        )
        .into());
    }
    Ok(())
}

/// A six-digit code that is certainly not `code`.
fn wrong_code(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c == '9' {
                '0'
            } else {
                char::from(c as u8 + 1)
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_identify_choice_code_and_home() {
    run(
        "a11y_identify_choice_code_and_home",
        Setup::default(),
        |s| async move {
            let mut audit = Audit::default();
            let identify = IdentifyPage::open(&s).await?;
            // The browser asks for English: compiled in, no translation fetched.
            expect_language(&s.browser, "en", &[]).await?;
            audit.screen(&s, "identify").await?;

            // Submitting empty fields shows field-level messages.
            pages::submit(&s.browser, step::IDENTIFY).await?;
            pages::wait_for(&s.browser, "#field-username-error").await?;
            audit.screen(&s, "identify-error").await?;

            let choice = identify.sign_in(DEMO_USER, DEMO_PASSWORD).await?;
            audit.screen(&s, "choose-authenticator").await?;

            let code_page = choice.okta_verify_code().await?;
            audit.screen(&s, "code").await?;

            let right = s.emulator.totp(DEMO_USER).await?;
            code_page.submit_code(&wrong_code(&right)).await?;
            code_page.field_error().await?;
            audit.screen(&s, "code-error").await?;

            steps::finish_with_totp(&s, DEMO_USER).await?;
            audit.screen(&s, "home").await?;
            audit.finish(6)
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_password_as_its_own_step() {
    let setup = Setup {
        emulator: Some(|config| config.username_first = true),
        ..Setup::default()
    };
    run("a11y_password_as_its_own_step", setup, |s| async move {
        let mut audit = Audit::default();
        let identify = IdentifyPage::open(&s).await?;
        let field = identify.field("username").await?;
        field.send_keys(DEMO_USER).await?;
        pages::submit(&s.browser, step::IDENTIFY).await?;
        pages::wait_for(
            &s.browser,
            &format!(
                r#"form[data-step="{}"] input[type=password]"#,
                step::CHALLENGE
            ),
        )
        .await?;
        audit.screen(&s, "password").await?;
        audit.finish(1)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_push_number_challenge_and_rejection() {
    run(
        "a11y_push_number_challenge_and_rejection",
        Setup::default(),
        |s| async move {
            let mut audit = Audit::default();
            IdentifyPage::open(&s)
                .await?
                .enter(PUSH_USER, DEMO_PASSWORD)
                .await?;
            let next = pages::wait_for(
                &s.browser,
                r#"[data-testid="push-waiting"], form[data-step="select-authenticator-authenticate"]"#,
            )
            .await?;
            if next.attr("data-testid").await?.as_deref() != Some("push-waiting") {
                ChoicePage::wait(&s.browser).await?.okta_verify_push().await?;
            }
            let push = s.emulator.wait_for_push(PUSH_USER, steps::PUSH_WAIT).await?;
            if push.correct_answer.is_none() {
                return Err("push@example.com's push has no number challenge".into());
            }
            PushPage::wait(&s.browser).await?.number_challenge().await?;
            audit.screen(&s, "push-number-challenge").await?;

            s.emulator.deny(&push.id).await?;
            // The rejection screen (the waiting screen may also offer a resend link).
            pages::wait_for(&s.browser, r#"form[data-step="resend"]"#).await?;
            audit.screen(&s, "push-rejected").await?;
            audit.finish(2)
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_email_code() {
    run("a11y_email_code", Setup::default(), |s| async move {
        let mut audit = Audit::default();
        steps::to_choice_page(&s, DEMO_USER).await?;
        pages::wait_for(&s.browser, r#"button[data-authenticator="okta_email"]"#)
            .await?
            .click()
            .await?;
        CodePage::wait(&s.browser).await?;
        audit.screen(&s, "email-code").await?;
        audit.finish(1)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_returns_from_outside_the_app() {
    run(
        "a11y_returns_from_outside_the_app",
        Setup::default(),
        |s| async move {
            let mut audit = Audit::default();
            // Back from the identity provider, where the user cancelled.
            steps::through_idp(&s, "cancel").await?;
            pages::wait_for(&s.browser, r#"[data-action="restart"]"#).await?;
            audit.screen(&s, "idp-denied").await?;
            // An email link opened outside the tab that started the sign-in.
            s.browser
                .goto(&s.url("/login/callback?otp=482913&state=another-tab"))
                .await?;
            pages::wait_for(&s.browser, r#"[data-testid="magic-link-code"]"#).await?;
            audit.screen(&s, "email-link-code").await?;
            audit.finish(2)
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_okta_verify_enrollment() {
    run(
        "a11y_okta_verify_enrollment",
        Setup::default(),
        |s| async move {
            let mut audit = Audit::default();
            steps::to_enrollment_qr(&s, NEW_USER).await?;
            audit.screen(&s, "enroll-qr").await?;
            steps::enroll_by_email_link(&s, "new.phone@example.com").await?;
            audit.screen(&s, "enroll-email-sent").await?;
            audit.finish(2)
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_password_recovery() {
    run("a11y_password_recovery", Setup::default(), |s| async move {
        let mut audit = Audit::default();
        steps::start_recovery(&s).await?;
        audit.screen(&s, "recover").await?;
        steps::recover_with_totp(&s, DEMO_USER).await?;
        // Half-way: some rules ticked off, some not.
        pages::fill(&s.browser, "newPassword", "horse-battery").await?;
        audit.screen(&s, "new-password").await?;
        audit.finish(2)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_expired() {
    run("a11y_expired", Setup::default(), |s| async move {
        let mut audit = Audit::default();
        steps::to_code_page(&s, DEMO_USER).await?;
        s.emulator.expire_transactions().await?;
        steps::enter_totp(&s, DEMO_USER).await?;
        pages::wait_for(&s.browser, r#"[data-action="restart"]"#).await?;
        audit.screen(&s, "expired").await?;
        audit.finish(1)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_config_error() {
    let setup = Setup {
        config: ConfigMode::Missing,
        ..Setup::default()
    };
    run("a11y_config_error", setup, |s| async move {
        let mut audit = Audit::default();
        s.browser.goto(&s.url("/login")).await?;
        pages::wait_for(&s.browser, r#"[data-testid="config-error"]"#).await?;
        audit.screen(&s, "config-error").await?;
        audit.finish(1)
    })
    .await;
}

/// The audit itself must be able to fail: a planted unlabelled field is reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_audit_reports_a_planted_violation() {
    run(
        "a11y_audit_reports_a_planted_violation",
        Setup::default(),
        |s| async move {
            IdentifyPage::open(&s).await?;
            s.browser
                .execute(
                    r#"
                    const field = document.createElement("input");
                    field.type = "text";
                    field.id = "planted-unlabelled";
                    document.querySelector("main").appendChild(field);
                    return null;
                    "#,
                    vec![],
                )
                .await?;
            let found = axe_violations(&s.browser).await?;
            if !found
                .iter()
                .any(|line| line.starts_with("label ") && line.contains("#planted-unlabelled"))
            {
                return Err(format!("axe did not report the planted field: {found:?}").into());
            }
            Ok(())
        },
    )
    .await;
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
        code_page.submit_code(&wrong_code(&right)).await?;
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

/// One HTTP/1.0 request to a loopback server; returns the body when the
/// status is 2xx.
async fn http(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<String, Failure> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or("malformed HTTP response")?;
    let ok = head
        .split_whitespace()
        .nth(1)
        .is_some_and(|s| s.starts_with('2'));
    if !ok {
        return Err(format!("{method} {path}: {head}").into());
    }
    Ok(body.to_owned())
}

/// Arms a fault in this test's emulator (found through the site's config.json).
async fn emulator_fault(s: &Session, spec: Value) -> TestResult {
    let site = s.origin.trim_start_matches("http://");
    let config: Value = serde_json::from_str(&http(site, "GET", "/config.json", None).await?)?;
    let emulator = config["issuer"]
        .as_str()
        .ok_or("config.json has no issuer")?
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    http(&emulator, "POST", "/emulator/api/faults", Some(&spec)).await?;
    Ok(())
}

/// A slow request is announced (not only shown by a spinner) and the busy
/// screen passes the audit; a failed one shows a plain message and a retry
/// that passes the audit and works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_busy_and_network_failure() {
    run(
        "a11y_busy_and_network_failure",
        Setup::default(),
        |s| async move {
            let mut audit = Audit::default();
            steps::to_code_page(&s, DEMO_USER).await?;

            // The service fails: a plain message and a retry.
            emulator_fault(&s, json!({ "kind": "answer", "fault": "503", "count": 1 })).await?;
            let code = steps::enter_totp(&s, DEMO_USER).await?;
            pages::wait_for(&s.browser, r#"[data-action="retry"]"#).await?;
            audit.screen(&s, "network-error").await?;

            // The retry is slow: while it runs, a status region says so.
            emulator_fault(
                &s,
                json!({ "kind": "answer", "fault": "delay", "delay_ms": 4000, "count": 1 }),
            )
            .await?;
            if s.emulator.totp(DEMO_USER).await? != code {
                // The period turned: type the new code and submit instead of retrying.
                steps::enter_totp(&s, DEMO_USER).await?;
            } else {
                pages::wait_for(&s.browser, r#"[data-action="retry"]"#)
                    .await?
                    .click()
                    .await?;
            }
            let said = pages::eventually("a status announcing the running request", || async {
                let text = s
                    .browser
                    .execute(
                        "return [...document.querySelectorAll('main [role=status]')]\
                     .map((el) => el.textContent.trim()).join(' ');",
                        vec![],
                    )
                    .await?;
                let text = text.as_str().unwrap_or_default().to_owned();
                Ok((!text.is_empty()).then_some(text))
            })
            .await?;
            if !said.contains("Please wait") {
                return Err(format!("the running request is announced as {said:?}").into());
            }
            audit.screen(&s, "busy").await?;
            HomePage::wait(&s.browser).await?;
            audit.finish(2)
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a11y_security_key() {
    use e2e::webauthn::{Authenticator, plug};
    let setup = Setup {
        localhost: true,
        // A prompt nobody answers ends after 3 s, as a cancelled one does.
        emulator: Some(|config| config.webauthn_timeout_ms = Some(3000)),
        ..Setup::default()
    };
    run("a11y_security_key", setup, |s| async move {
        let mut audit = Audit::default();
        let refusing = Authenticator {
            consenting: false,
            ..Authenticator::security_key()
        };
        // Setting up: the screen, then the same after a cancelled prompt.
        let no = plug(&s.browser, refusing).await?;
        steps::to_security_key_set_up(&s).await?;
        audit.screen(&s, "security-key-set-up").await?;
        pages::submit(&s.browser, step::ENROLL).await?;
        pages::eventually("the cancelled prompt explained", || async {
            Ok(pages::messages(&s.browser)
                .await?
                .contains("cancelled")
                .then_some(()))
        })
        .await?;
        audit.screen(&s, "security-key-cancelled").await?;

        // Verifying after a cancelled prompt: retry and another method.
        no.unplug(&s.browser).await?;
        let key = plug(&s.browser, Authenticator::security_key()).await?;
        pages::submit(&s.browser, step::ENROLL).await?;
        HomePage::wait(&s.browser).await?.sign_out().await?;
        IdentifyPage::wait(&s.browser).await?;
        key.unplug(&s.browser).await?;
        plug(&s.browser, refusing).await?;
        steps::to_security_key_verify(&s).await?;
        pages::wait_for(&s.browser, r#"[data-action="choose-other"]"#).await?;
        pages::eventually("the cancelled verification explained", || async {
            Ok(pages::messages(&s.browser)
                .await?
                .contains("cancelled")
                .then_some(()))
        })
        .await?;
        audit.screen(&s, "security-key-verify").await?;
        audit.finish(3)
    })
    .await;
}
