//! The app under a strict Content-Security-Policy (issue 7): the release
//! build is served with the policy SECURITY.md documents, the whole TOTP
//! sign-in and sign-out run, and no violation is reported.
//!
//! Violations are collected two ways: the policy's `report-uri` points at this
//! test's static server (so even a violation during the first load, before
//! any test script can run, is caught), and a `securitypolicyviolation`
//! listener in the page. A deliberate inline script at the end proves the
//! policy is enforced and the reporting works (the test cannot pass because
//! reports are silently lost).
//!
//! The policy is the one shipped in `dist/_headers` (from `public/_headers`,
//! documented in SECURITY.md), with the emulator's origin in `connect-src`.
//! Self-contained world (its own static server, which adds those headers):
//! the shared harness's server serves no policy. Drives a browser
//! only when `E2E_DIST` is set, like every e2e test.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use e2e::browser::Chromedriver;
use e2e::control::Control;
use e2e::pages::{self, DEMO_PASSWORD, DEMO_USER, HomePage, IdentifyPage, TOKENS_KEY, step};
use e2e::{Failure, Session, steps};
use serde_json::Value;

/// The headers `dist/_headers` (from `public/_headers`) sets for every path
/// (`/*`), with the emulator's origin in place of the documented placeholder
/// origin: the test serves exactly what a `_headers` host would.
fn shipped_headers(dist: &Path, issuer_origin: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(dist.join("_headers"))
        .expect("dist/_headers (copied from public/_headers) is missing");
    let mut out = Vec::new();
    let mut in_all = false;
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') && !line.starts_with('\t') {
            in_all = line.trim() == "/*";
            continue;
        }
        if in_all && let Some((name, value)) = line.trim().split_once(':') {
            let value = value.trim().replace("http://127.0.0.1:8787", issuer_origin);
            out.push((name.trim().to_owned(), value));
        }
    }
    out
}

#[derive(Debug)]
struct Site {
    dist: PathBuf,
    config: String,
    headers: Vec<(String, String)>,
    reports: Mutex<Vec<String>>,
}

fn with_policy(site: &Site, mut response: Response) -> Response {
    for (name, value) in &site.headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

async fn config_json(State(site): State<Arc<Site>>) -> Response {
    let r = (
        [(header::CONTENT_TYPE, "application/json")],
        site.config.clone(),
    )
        .into_response();
    with_policy(&site, r)
}

async fn report(State(site): State<Arc<Site>>, body: Bytes) -> StatusCode {
    if let Ok(mut reports) = site.reports.lock() {
        reports.push(String::from_utf8_lossy(&body).into_owned());
    }
    StatusCode::NO_CONTENT
}

async fn file_or_index(State(site): State<Arc<Site>>, uri: Uri) -> Response {
    let relative = Path::new(uri.path().trim_start_matches('/'));
    let safe = !relative.as_os_str().is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    let path = if safe && site.dist.join(relative).is_file() {
        site.dist.join(relative)
    } else {
        site.dist.join("index.html")
    };
    let kind = e2e::site::content_type(&path);
    let r = match tokio::fs::read(&path).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, kind)], bytes).into_response(),
        Err(err) => (StatusCode::NOT_FOUND, err.to_string()).into_response(),
    };
    with_policy(&site, r)
}

/// Reports received so far (the browser POSTs them asynchronously).
fn reports(site: &Site) -> Vec<String> {
    site.reports.lock().map(|r| r.clone()).unwrap_or_default()
}

/// Violations the page's listener saw.
async fn page_violations(s: &Session) -> Result<Vec<Value>, Failure> {
    let v = s
        .browser
        .execute("return window.__cspViolations || [];", vec![])
        .await?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

async fn listen_for_violations(s: &Session) -> Result<(), Failure> {
    s.browser
        .execute(
            r#"
            if (!window.__cspViolations) {
              window.__cspViolations = [];
              document.addEventListener('securitypolicyviolation', (e) => {
                window.__cspViolations.push({
                  directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample,
                });
              });
            }
            return null;
            "#,
            vec![],
        )
        .await?;
    Ok(())
}

async fn totp_flow_without_violations(s: &Session, site: &Site) -> Result<(), Failure> {
    let identify = IdentifyPage::open(s).await?;
    listen_for_violations(s).await?;
    identify
        .sign_in(DEMO_USER, DEMO_PASSWORD)
        .await?
        .okta_verify_code()
        .await?;
    steps::finish_with_totp(s, DEMO_USER).await?;
    if pages::session_storage(&s.browser, TOKENS_KEY)
        .await?
        .is_none()
    {
        return Err("signed in under the policy, but no tokens were stored".into());
    }
    // The home page once more from a full load (a new document, so listen again).
    s.browser.goto(&s.url("/")).await?;
    HomePage::wait(&s.browser).await?;
    listen_for_violations(s).await?;
    HomePage::wait(&s.browser).await?.sign_out().await?;
    // Sign-out ends at the issuer's logout, which sends the browser back to the app.
    pages::step_form(&s.browser, step::IDENTIFY).await?;
    listen_for_violations(s).await?;

    // Give any report in flight time to arrive.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = page_violations(s).await?;
    let sent = reports(site);
    if !seen.is_empty() || !sent.is_empty() {
        return Err(format!("CSP violations: in page {seen:?}; reported {sent:?}").into());
    }

    // Control: an inline script must be blocked and reported.
    s.browser
        .execute(
            r#"
            window.__inlineRan = false;
            const el = document.createElement('script');
            el.textContent = 'window.__inlineRan = true;';
            document.body.appendChild(el);
            return null;
            "#,
            vec![],
        )
        .await?;
    let ran = s
        .browser
        .execute("return window.__inlineRan;", vec![])
        .await?;
    if ran != Value::Bool(false) {
        return Err("an inline script ran: the policy is not enforced".into());
    }
    pages::eventually("the blocked inline script to be reported", || async {
        Ok((!reports(site).is_empty() && !page_violations(s).await?.is_empty()).then_some(()))
    })
    .await?;
    let sent = reports(site);
    if !sent.iter().all(|r| r.contains("script-src")) {
        return Err(format!("unexpected reports: {sent:?}").into());
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_sign_in_runs_under_a_strict_csp_without_violations() {
    let name = "totp_sign_in_runs_under_a_strict_csp_without_violations";
    let Some(dist) = std::env::var_os("E2E_DIST").filter(|d| !d.is_empty()) else {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: e2e test `{name}` drives a browser only under `cargo xtask test` (E2E_DIST is not set)"
        );
        return;
    };
    let dist = PathBuf::from(dist);
    let index = std::fs::read_to_string(dist.join("index.html")).expect("dist/index.html");
    // The release build must have no inline script at all.
    let lower = index.to_ascii_lowercase();
    for (i, _) in lower.match_indices("<script") {
        let tag_end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
        assert!(
            lower[i..tag_end].contains(" src="),
            "dist/index.html has an inline <script>: {}",
            &index[i..tag_end.min(index.len())]
        );
    }
    assert!(
        !lower.contains(" style="),
        "dist/index.html has a style attribute"
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("addr"));
    let emulator = idx_emulator::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), |config| {
        config.allowed_origins = vec![origin.clone()];
    })
    .await
    .expect("emulator");
    let mut headers = shipped_headers(&dist, &emulator.base_url);
    let csp = headers
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-security-policy"))
        .expect("dist/_headers sets no Content-Security-Policy for /*");
    for required in ["script-src 'self' 'wasm-unsafe-eval'", "default-src 'none'"] {
        assert!(
            csp.1.contains(required),
            "the shipped policy lacks `{required}`: {}",
            csp.1
        );
    }
    for forbidden in ["'unsafe-inline'", "'unsafe-eval'", "*"] {
        assert!(
            !csp.1.contains(forbidden),
            "the shipped policy allows {forbidden}: {}",
            csp.1
        );
    }
    // Violations are reported to this test's server as well.
    csp.1.push_str("; report-uri /csp-report");
    let site = Arc::new(Site {
        dist,
        config: e2e::site::generated_config(&emulator.issuer(), &origin),
        headers,
        reports: Mutex::new(Vec::new()),
    });
    let router = Router::new()
        .route("/config.json", get(config_json))
        .route("/csp-report", post(report))
        .fallback(get(file_or_index))
        .with_state(Arc::clone(&site));
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });

    let driver = Chromedriver::start().await.expect("chromedriver");
    let browser = driver.browser().await.expect("browser");
    let session = Session {
        browser: browser.clone(),
        origin: origin.clone(),
        emulator: Control::new(&emulator.base_url),
        name: name.to_owned(),
    };
    let outcome = tokio::time::timeout(
        Duration::from_secs(150),
        totp_flow_without_violations(&session, &site),
    )
    .await;
    if let Ok(png) = browser.screenshot().await {
        let dir = e2e::harness::screenshot_dir();
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
    let _ = browser.close().await;
    drop(driver);
    emulator.handle.abort();
    server.abort();
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(err)) => panic!("{name} failed: {err}"),
        Err(_) => panic!("{name} timed out"),
    }
}
