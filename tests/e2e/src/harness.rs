//! One end-to-end test's world: static site, emulator, browser; and the
//! runner that sets it up, runs a test body, screenshots and tears down.
//!
//! Invariant: the screenshot is taken and everything is torn down before a
//! failing body's error is turned into a panic, so a failure never leaks
//! processes and always leaves a picture of what the browser showed.

use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use fantoccini::Client;
use idx_emulator::Config;

use crate::browser::Chromedriver;
use crate::control::Control;
use crate::site::{Bound, ConfigMode};

/// What a test body returns on failure.
pub type Failure = Box<dyn std::error::Error + Send + Sync>;
/// The result of a test body.
pub type TestResult = Result<(), Failure>;

/// Env var set by `cargo xtask test` to the release `dist/` directory; the gate.
pub const DIST_ENV: &str = "E2E_DIST";
/// Env var set by `cargo xtask test` to the embedding example's release build
/// (`examples/embed`), served instead of the app when [`Setup::embed`] is set.
pub const EMBED_DIST_ENV: &str = "E2E_EMBED_DIST";
/// A whole test body may take at most this long.
const BODY_TIMEOUT: Duration = Duration::from_secs(150);

/// How a test wants its world set up.
#[derive(Debug, Default)]
pub struct Setup {
    /// What `/config.json` answers.
    pub config: ConfigMode,
    /// Adjusts the emulator's config (e.g. a faster push poll).
    pub emulator: Option<fn(&mut Config)>,
    /// Serve the app as `http://localhost:<port>` (WebAuthn tests: security
    /// keys need a page on a domain, the emulator's RP ID `localhost`).
    pub localhost: bool,
    /// Serve the example app that embeds the sign-in (`examples/embed`)
    /// instead of the app itself.
    pub embed: bool,
    /// Fail the downloads of the on-demand wasm modules until the test
    /// ends the outage ([`Session::end_split_outage`]).
    pub split_outage: bool,
}

/// Everything a test body works with. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Session {
    /// The WebDriver client of this test's headless Chromium.
    pub browser: Client,
    /// The static site's origin, `http://127.0.0.1:<port>` (or `localhost`).
    pub origin: String,
    /// The emulator's control API.
    pub emulator: Control,
    /// The test's name (screenshot file names start with it).
    pub name: String,
}

impl Session {
    /// Absolute URL of an app path, e.g. `url("/login")`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Ends the site's outage of the on-demand wasm modules
    /// ([`Setup::split_outage`]), as the page itself would reach the site.
    pub async fn end_split_outage(&self) -> TestResult {
        let status = self
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 fetch('/__e2e/split-outage', { method: 'DELETE' }).then(r => done(r.status), e => done(String(e)));",
                vec![],
            )
            .await?;
        if status != serde_json::json!(204) {
            return Err(format!("ending the outage answered {status}").into());
        }
        Ok(())
    }

    /// Saves `screenshots/<test>--<label>.png` of what the browser shows now,
    /// for intermediate states worth looking at (the final state is always saved).
    pub async fn snap(&self, label: &str) -> TestResult {
        screenshot(&self.browser, &format!("{}--{label}", self.name))
            .await
            .map_err(Into::into)
    }
}

/// Runs one end-to-end test named `name` (also its screenshot's name).
///
/// # Panics
/// When the world cannot be set up or the body fails: that is the test failing.
pub async fn run<F, Fut>(name: &str, setup: Setup, body: F)
where
    F: FnOnce(Session) -> Fut,
    Fut: Future<Output = TestResult>,
{
    let dist = if setup.embed {
        gate_on(name, EMBED_DIST_ENV)
    } else {
        gate(name)
    };
    let Some(dist) = dist else {
        return;
    };

    let bound = if setup.localhost {
        Bound::bind_localhost().await
    } else {
        Bound::bind().await
    }
    .expect("bind the static site on 127.0.0.1:0");
    let origin = bound.origin().to_owned();
    let emulator = idx_emulator::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), |config| {
        config.allowed_origins = vec![origin.clone()];
        if let Some(adjust) = setup.emulator {
            adjust(config);
        }
    })
    .await
    .expect("start the emulator on 127.0.0.1:0");
    let site = bound.serve(dist, setup.config, &emulator.issuer(), setup.split_outage);

    let outcome = drive(name, &site.origin, &emulator.base_url, body).await;
    emulator.handle.abort();
    drop(site);
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// The browser part of a test, for a world whose site is at `origin` and
/// whose emulator is at `emulator` (`http://127.0.0.1:<port>`): opens a
/// browser, runs `body`, saves the screenshot and closes the browser.
/// Returns the failure (with what the page showed) for the caller to panic
/// with once it has torn its servers down; [`run`] is this plus its world.
///
/// # Panics
/// When no browser can be started.
pub async fn drive<F, Fut>(name: &str, origin: &str, emulator: &str, body: F) -> Result<(), String>
where
    F: FnOnce(Session) -> Fut,
    Fut: Future<Output = TestResult>,
{
    let (driver, browser) = open_browser(name).await;
    let session = Session {
        browser: browser.clone(),
        origin: origin.to_owned(),
        emulator: Control::new(emulator),
        name: name.to_owned(),
    };

    let outcome = tokio::time::timeout(BODY_TIMEOUT, body(session)).await;

    let shot = screenshot(&browser, name).await;
    let context = if outcome.as_ref().is_ok_and(Result::is_ok) {
        String::new()
    } else {
        page_context(&browser).await
    };
    let _ = browser.close().await;
    drop(driver);

    if let Err(err) = &shot {
        eprintln!("{name}: could not save a screenshot: {err}");
    }
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(format!("{name} failed: {err}\n{context}")),
        Err(_) => Err(format!(
            "{name} timed out after {BODY_TIMEOUT:?}\n{context}"
        )),
    }
}

/// Starts chromedriver and opens a browser session. A machine under load can
/// fail to start Chromium once (chromedriver answers "session not created"):
/// that is the test machine, not the app, so one fresh attempt is made and
/// the first failure is printed; a second failure fails the test.
async fn open_browser(name: &str) -> (Chromedriver, Client) {
    async fn attempt() -> Result<(Chromedriver, Client), String> {
        let driver = Chromedriver::start().await?;
        let browser = driver.browser().await?;
        Ok((driver, browser))
    }
    let first = match attempt().await {
        Ok(opened) => return opened,
        Err(err) => err,
    };
    let _ = writeln!(
        std::io::stderr(),
        "{name}: the browser did not start ({first}); trying once more"
    );
    attempt()
        .await
        .unwrap_or_else(|err| panic!("{name}: {err} (first attempt: {first})"))
}

/// `Some(dist)` when the runner asked for browser tests; otherwise says loudly
/// why the test `name` does nothing. Every e2e test starts here.
///
/// # Panics
/// When the runner named a `dist` without an `index.html`.
pub fn gate(name: &str) -> Option<PathBuf> {
    gate_on(name, DIST_ENV)
}

/// [`gate`] on another build's variable (`DIST_ENV` or `EMBED_DIST_ENV`).
fn gate_on(name: &str, env: &str) -> Option<PathBuf> {
    match std::env::var_os(env) {
        Some(dist) if !dist.is_empty() => {
            let dist = PathBuf::from(dist);
            assert!(
                dist.join("index.html").is_file(),
                "{name}: {env}={} has no index.html (run `trunk build --release` first)",
                dist.display()
            );
            Some(dist)
        }
        _ => {
            // Straight to stderr, not eprintln!: libtest captures the macros'
            // output of passing tests, and a skip must be seen.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: e2e test `{name}` drives a browser only under `cargo xtask test` \
                 ({env} is not set)"
            );
            None
        }
    }
}

/// Directory for screenshots (`tests/e2e/screenshots`, gitignored).
pub fn screenshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots")
}

async fn screenshot(browser: &Client, name: &str) -> Result<(), String> {
    let png = browser.screenshot().await.map_err(|err| err.to_string())?;
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).map_err(|err| err.to_string())?;
    std::fs::write(dir.join(format!("{name}.png")), png).map_err(|err| err.to_string())
}

/// Where the browser was and what it said, to make a failure readable.
async fn page_context(browser: &Client) -> String {
    // Origin and path only: query strings and fragments carry codes, state
    // and id_token_hint, which must never reach a log.
    let url = browser.current_url().await.map_or_else(
        |err| format!("(no url: {err})"),
        |url| format!("{}{}", url.origin().ascii_serialization(), url.path()),
    );
    let text = browser
        .execute(
            "return document.body ? document.body.innerText : ''",
            vec![],
        )
        .await
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    let text: String = text.chars().take(1500).collect();
    format!("page: {url}\nvisible text:\n{text}")
}
