//! The audit itself: axe-core (pinned in `tests/e2e/axe`) injected through
//! WebDriver, the dark scheme switched on through the CSSOM, and [`Audit`],
//! which judges a screen in both schemes at desktop and phone widths and
//! collects every violation of a walk; plus the test that proves the audit
//! can fail.
//!
//! Invariants: axe-core is read from `tests/e2e/axe/node_modules` (installed
//! by `npm ci` from the lockfile), so the app ships nothing for the audit and
//! the version cannot drift; the scheme switch adds no inline style or
//! script, so it works under the app's CSP.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use e2e::pages::IdentifyPage;
use e2e::{Failure, Session, Setup, TestResult, run};
use fantoccini::Client;
use serde_json::{Value, json};

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
pub(crate) struct Audit {
    findings: Vec<String>,
    screens: usize,
}

impl Audit {
    /// Audits the current screen in both schemes, at the harness's desktop
    /// size and at a phone width, and screenshots it at the phone width.
    pub(crate) async fn screen(&mut self, s: &Session, screen: &str) -> TestResult {
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
    pub(crate) fn finish(self, expected_screens: usize) -> TestResult {
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
