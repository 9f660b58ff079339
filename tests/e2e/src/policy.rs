//! Watching a page under a Content-Security-Policy: violations a
//! `securitypolicyviolation` listener sees in the page, reports the browser
//! sends to the policy's `report-uri`, and the code sign-in and sign-out that
//! must cause none of either.
//!
//! Invariant: a walk that finds no violation then proves the watch works: an
//! inline script injected at the end must be blocked, and be seen both in the
//! page and in the reports, or the walk fails (reports silently lost cannot
//! pass for a clean policy).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::Value;
use tokio::task::JoinHandle;

use crate::harness::{Failure, Session, TestResult};
use crate::pages::{self, DEMO_PASSWORD, DEMO_USER, HomePage, IdentifyPage, TOKENS_KEY, step};
use crate::steps;

/// The issuer origin the shipped header files (`public/_headers`,
/// `docs/nginx/`) name in `connect-src`, for deployers to replace; the tests
/// put their emulator's origin there.
pub const ISSUER_PLACEHOLDER: &str = "https://YOUR-ORG.okta.com";

/// Violation reports received (bodies as sent); cheap to clone, shared.
#[derive(Debug, Clone, Default)]
pub struct Reports(Arc<Mutex<Vec<String>>>);

impl Reports {
    /// Keeps one report body.
    pub fn record(&self, body: &[u8]) {
        if let Ok(mut reports) = self.0.lock() {
            reports.push(String::from_utf8_lossy(body).into_owned());
        }
    }

    /// Reports received so far (the browser POSTs them asynchronously).
    pub fn all(&self) -> Vec<String> {
        self.0.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Serves `POST /csp-report` on 127.0.0.1 (an OS-chosen port), keeping
    /// what arrives here; returns the URL for `report-uri` and the server task.
    pub async fn serve(&self) -> std::io::Result<(String, JoinHandle<()>)> {
        async fn report(State(reports): State<Reports>, body: Bytes) -> StatusCode {
            reports.record(&body);
            StatusCode::NO_CONTENT
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/csp-report", listener.local_addr()?);
        let router = Router::new()
            .route("/csp-report", post(report))
            .with_state(self.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Ok((url, task))
    }
}

/// Violations the page's listener saw.
pub async fn page_violations(s: &Session) -> Result<Vec<Value>, Failure> {
    let v = s
        .browser
        .execute("return window.__cspViolations || [];", vec![])
        .await?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

/// Installs the page's violation listener (again after each new document).
pub async fn listen_for_violations(s: &Session) -> Result<(), Failure> {
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

/// The whole TOTP sign-in, the home page from a full load and the sign-out,
/// failing on any violation seen in the page or reported to `reports`; then
/// the control: an injected inline script must be blocked and reported.
pub async fn totp_sign_in_and_out_without_violations(s: &Session, reports: &Reports) -> TestResult {
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
    let sent = reports.all();
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
        Ok((!reports.all().is_empty() && !page_violations(s).await?.is_empty()).then_some(()))
    })
    .await?;
    let sent = reports.all();
    if !sent.iter().all(|r| r.contains("script-src")) {
        return Err(format!("unexpected reports: {sent:?}").into());
    }
    Ok(())
}
