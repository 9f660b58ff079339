//! The app under a strict Content-Security-Policy: the release build is
//! served with the headers `public/_headers` ships, the whole TOTP sign-in
//! and sign-out run, and no violation is reported.
//!
//! Violations are collected two ways (`e2e::policy`): the policy's
//! `report-uri` points at this test's static server (so even a violation
//! during the first load, before any test script can run, is caught), and a
//! `securitypolicyviolation` listener in the page. A deliberate inline script
//! at the end proves the policy is enforced and the reporting works (the test
//! cannot pass because reports are silently lost).
//!
//! The headers are those of `dist/_headers` (from `public/_headers`,
//! generated with the nginx files from one source, see SECURITY.md), with the
//! emulator's origin in place of the issuer placeholder: the test serves
//! exactly what a `_headers` host would. Self-contained world (its own static
//! server, which adds those headers): the shared harness's server serves no
//! policy. `tests/nginx.rs` does the same through nginx. Drives a browser
//! only when `E2E_DIST` is set, like every e2e test.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use e2e::harness::{drive, gate};
use e2e::policy::{ISSUER_PLACEHOLDER, Reports, totp_sign_in_and_out_without_violations};

/// The headers `dist/_headers` (from `public/_headers`) sets for every path
/// (`/*`), with the emulator's origin in place of the issuer placeholder.
fn shipped_headers(dist: &Path, issuer_origin: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(dist.join("_headers"))
        .expect("dist/_headers (copied from public/_headers) is missing");
    assert!(
        text.contains(ISSUER_PLACEHOLDER),
        "dist/_headers does not name the issuer placeholder {ISSUER_PLACEHOLDER}"
    );
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
            let value = value.trim().replace(ISSUER_PLACEHOLDER, issuer_origin);
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
    reports: Reports,
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
    site.reports.record(&body);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_sign_in_runs_under_a_strict_csp_without_violations() {
    let name = "totp_sign_in_runs_under_a_strict_csp_without_violations";
    let Some(dist) = gate(name) else {
        return;
    };
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
    let reports = Reports::default();
    let site = Arc::new(Site {
        dist,
        config: e2e::site::generated_config(&emulator.issuer(), &origin),
        headers,
        reports: reports.clone(),
    });
    let router = Router::new()
        .route("/config.json", get(config_json))
        .route("/csp-report", post(report))
        .fallback(get(file_or_index))
        .with_state(Arc::clone(&site));
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });

    let outcome = drive(name, &origin, &emulator.base_url, |s| async move {
        totp_sign_in_and_out_without_violations(&s, &reports).await
    })
    .await;
    emulator.handle.abort();
    server.abort();
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
