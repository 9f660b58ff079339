//! The release site through a real nginx (Debian's package) with the
//! documented configuration (`docs/nginx/`, shown in the README): `nginx -t`
//! accepts the files as written; every kind of file (the page, a deep link,
//! the bundle with its split loader and an on-demand module, `config.json`)
//! carries every security header once, with its content type and caching;
//! plain HTTP answers with a redirect to HTTPS; and
//! the enrollment QR code and the TOTP sign-in run through it with no
//! Content-Security-Policy violation.
//!
//! nginx is started by each test as a child process with a private prefix
//! (`e2e::nginx`), the emulator being the issuer. Browsers ignore HSTS over
//! plain HTTP on loopback; these tests check that nginx sends it. Like every
//! e2e test they run only under `cargo xtask test` (`E2E_DIST` set; xtask
//! installs nginx), otherwise each prints SKIPPED and passes.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use e2e::harness::{drive, gate};
use e2e::nginx::{self, Nginx, Ports};
use e2e::pages::NEW_USER;
use e2e::policy::{ISSUER_PLACEHOLDER, Reports, totp_sign_in_and_out_without_violations};
use e2e::{Session, TestResult, steps};

/// Headers the deployment must send whatever the source says.
const REQUIRED: [&str; 6] = [
    "Strict-Transport-Security",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
];

/// A world: emulator, CSP report collector and nginx serving `dist`.
struct World {
    ports: Ports,
    emulator: idx_emulator::Running,
    reports: Reports,
    collector: tokio::task::JoinHandle<()>,
    nginx: Nginx,
}

impl World {
    async fn start(dist: &Path) -> Result<Self, String> {
        let ports = Ports::pick()?;
        let origin = ports.origin();
        let emulator = idx_emulator::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), |config| {
            config.allowed_origins = vec![origin.clone()];
        })
        .await
        .map_err(|err| format!("cannot start the emulator: {err}"))?;
        let reports = Reports::default();
        let (report_uri, collector) = reports
            .serve()
            .await
            .map_err(|err| format!("cannot serve CSP reports: {err}"))?;
        let config = e2e::site::generated_config(&emulator.issuer(), &origin);
        let nginx = Nginx::start(ports, dist, &config, &emulator.base_url, &report_uri).await?;
        Ok(Self {
            ports,
            emulator,
            reports,
            collector,
            nginx,
        })
    }

    fn stop(mut self) {
        self.nginx.stop();
        self.emulator.handle.abort();
        self.collector.abort();
    }
}

#[test]
fn nginx_t_accepts_the_documented_configuration() {
    if gate("nginx_t_accepts_the_documented_configuration").is_none() {
        return;
    }
    let printed = nginx::check_documented().unwrap_or_else(|err| panic!("{err}"));
    assert!(printed.contains("test is successful"), "{printed}");
}

/// The one file in `dist` whose name `wanted` accepts (`what` names it in a failure).
fn bundle_file(dist: &Path, what: &str, wanted: impl Fn(&str) -> bool) -> String {
    let names: Vec<String> = std::fs::read_dir(dist)
        .expect("read dist")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| wanted(n))
        .collect();
    assert_eq!(names.len(), 1, "{what} in dist: {names:?}");
    format!("/{}", names[0])
}

/// Fails unless `path` answers 200 with every documented header exactly once
/// (the emulator's origin in `connect-src`), `type` and `cache`.
async fn check(world: &World, path: &str, kind: &str, cache: &str) -> Result<(), String> {
    let response = nginx::get(world.ports.site, path).await?;
    if response.status != 200 {
        return Err(format!("{path}: HTTP {}", response.status));
    }
    let documented = nginx::documented_headers()?;
    for (name, value) in &documented {
        let sent = response.all(name);
        let wanted = value.replace(ISSUER_PLACEHOLDER, &world.emulator.base_url);
        let ok = match sent.as_slice() {
            // The test's report-uri follows the documented policy.
            [one] if name == "Content-Security-Policy" => one
                .strip_prefix(wanted.as_str())
                .is_some_and(|rest| rest.starts_with("; report-uri ")),
            [one] => *one == wanted,
            _ => false,
        };
        if !ok {
            return Err(format!("{path}: {name} is {sent:?}, documented {wanted:?}"));
        }
    }
    let content_type = response.all("Content-Type");
    if !matches!(content_type.as_slice(), [one] if one.starts_with(kind)) {
        return Err(format!("{path}: Content-Type {content_type:?}, not {kind}"));
    }
    let cache_control = response.all("Cache-Control");
    if cache_control != [cache] {
        return Err(format!(
            "{path}: Cache-Control {cache_control:?}, not {cache}"
        ));
    }
    Ok(())
}

async fn headers_and_redirect(world: &World, dist: &Path) -> Result<(), String> {
    const IMMUTABLE: &str = "public, max-age=31536000, immutable";
    check(world, "/", "text/html", "no-cache").await?;
    check(world, "/login/callback?state=deep", "text/html", "no-cache").await?;
    check(world, "/boot.js", "application/javascript", "no-cache").await?;
    let bundle = |n: &str| n.starts_with("signin-");
    let js = bundle_file(dist, "the main script", |n| {
        bundle(n) && n.ends_with(".js") && !n.ends_with("-split.js")
    });
    check(world, &js, "application/javascript", IMMUTABLE).await?;
    let loader = bundle_file(dist, "the split loader", |n| {
        bundle(n) && n.ends_with("-split.js")
    });
    check(world, &loader, "application/javascript", IMMUTABLE).await?;
    let wasm = bundle_file(dist, "the main wasm", |n| {
        bundle(n) && n.ends_with("_bg.wasm")
    });
    check(world, &wasm, "application/wasm", IMMUTABLE).await?;
    let later = bundle_file(dist, "the later screens' module", |n| {
        bundle(n) && n.ends_with("-split_later.wasm")
    });
    check(world, &later, "application/wasm", IMMUTABLE).await?;
    let css = bundle_file(dist, "the stylesheet", |n| {
        n.starts_with("main-") && n.ends_with(".css")
    });
    check(world, &css, "text/css", IMMUTABLE).await?;
    check(world, "/config.json", "application/json", "no-store").await?;

    let redirect = nginx::get(world.ports.redirect, "/login/callback?state=x").await?;
    let location = redirect.all("Location");
    if redirect.status != 301 || location != ["https://127.0.0.1/login/callback?state=x"] {
        return Err(format!(
            "plain HTTP answered {} with Location {location:?}, not a redirect to HTTPS",
            redirect.status
        ));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nginx_sends_every_header_on_every_kind_of_file() {
    let Some(dist) = gate("nginx_sends_every_header_on_every_kind_of_file") else {
        return;
    };
    // The source's headers and the deployment's minimum agree, and both
    // hosts get the same ones (`_headers` and nginx come from one source).
    let documented = nginx::documented_headers().unwrap_or_else(|err| panic!("{err}"));
    for name in REQUIRED {
        assert!(
            documented.iter().any(|(n, _)| n == name),
            "{} sets no {name}",
            nginx::HEADERS_SNIPPET
        );
    }
    let shipped = std::fs::read_to_string(dist.join("_headers")).expect("dist/_headers");
    for (name, value) in &documented {
        assert!(
            shipped.contains(&format!("\n  {name}: {value}\n")),
            "dist/_headers does not send {name}: {value}"
        );
    }

    let world = World::start(&dist)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let outcome = headers_and_redirect(&world, &dist).await;
    world.stop();
    if let Err(err) = outcome {
        panic!("{err}");
    }
}

/// The enrollment QR code (a `data:` image the policy must allow; the step
/// checks it loaded) with no report, then the whole code sign-in and
/// sign-out with no violation (and the control that reports do arrive).
async fn qr_code_and_sign_in_without_violations(s: &Session, reports: &Reports) -> TestResult {
    steps::to_enrollment_qr(s, NEW_USER).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = reports.all();
    if !sent.is_empty() {
        return Err(format!("CSP violations on the way to the QR code: {sent:?}").into());
    }
    // A fresh start for the next walk: no enrollment to resume.
    s.browser
        .execute("window.sessionStorage.clear(); return null;", vec![])
        .await?;
    totp_sign_in_and_out_without_violations(s, reports).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_through_nginx_has_no_csp_violation() {
    let name = "sign_in_through_nginx_has_no_csp_violation";
    let Some(dist) = gate(name) else {
        return;
    };
    let world = World::start(&dist)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let reports = world.reports.clone();
    let outcome = drive(
        name,
        &world.ports.origin(),
        &world.emulator.base_url,
        |s| async move { qr_code_and_sign_in_without_violations(&s, &reports).await },
    )
    .await;
    world.stop();
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
