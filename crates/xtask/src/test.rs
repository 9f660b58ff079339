//! `cargo xtask test`: install what is missing, run every tier, summarise.
//!
//! Tiers, in order: fmt, clippy (host), clippy (wasm32), native tests,
//! wasm-bindgen-test in headless Chromium, release build, the embedding
//! example's build, end-to-end tests. `report` counts and prints them.
//!
//! Invariants:
//! - No fail-fast: every tier runs and reports, so one run shows everything
//!   that is wrong (only the e2e tier needs the release build and is skipped,
//!   as a failure, when that build fails); cargo test runs with
//!   `--no-fail-fast` so one failing test binary does not hide the others.
//! - The last line printed is exactly `N passed, N failed`. Tests are counted
//!   from the runners' `test result:` lines; a check (fmt, clippy, build,
//!   install) counts as one; a runner that fails without reporting counts as
//!   one failure.
//! - The exit status is non-zero whenever anything failed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::install::{self, Tools};
use crate::proc::{self, Counts};
use crate::workspace;

mod report;

use report::{Outcome, Report, skipped, tests};

/// Cases per idx-core fuzz target (plain `cargo test` runs 512); about 15 s
/// on two cores. Failures are kept in `tests/fuzz.proptest-regressions`.
const FUZZ_CASES: &str = "50000";

/// Chromium flags for every browser the tests start (see shared/toolchain.md).
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

pub(crate) fn run() -> Result<ExitCode, String> {
    let root = workspace::root();
    let started = Instant::now();
    let mut report = Report { tiers: Vec::new() };

    // --- set-up: each step is reported like a tier so a broken install is visible.
    let mut tools: Option<Tools> = None;
    report.tier(
        "install: wasm target, trunk, wasm-bindgen-cli, wasm-opt",
        || match install::ensure_web_tools() {
            Ok(found) => {
                tools = Some(found);
                Outcome::Check { ok: true }
            }
            Err(err) => {
                eprintln!("xtask: {err}");
                Outcome::Check { ok: false }
            }
        },
    );
    let browser_ok = report.tier("install: chromium, chromedriver, brotli", || {
        let result = install::ensure_browser();
        if let Err(err) = &result {
            eprintln!("xtask: {err}");
        }
        Outcome::Check { ok: result.is_ok() }
    });
    // The e2e tests serve the release build through it with the documented configuration.
    let nginx_ok = report.tier("install: nginx, ssl-cert (Debian)", || {
        let result = install::ensure_nginx();
        if let Err(err) = &result {
            eprintln!("xtask: {err}");
        }
        Outcome::Check { ok: result.is_ok() }
    });
    // The accessibility audit injects this axe-core into each screen.
    report.tier("install: axe-core (npm ci in tests/e2e/axe)", || {
        let result = install::ensure_axe();
        if let Err(err) = &result {
            eprintln!("xtask: {err}");
        }
        Outcome::Check { ok: result.is_ok() }
    });
    // trunk builds with cargo --offline: the registry cache must hold every crate.
    report.tier("cargo fetch", || Outcome::Check {
        ok: proc::run(install::cargo().arg("fetch").current_dir(&root)),
    });

    // --- static checks.
    report.tier("fmt", || Outcome::Check {
        ok: proc::run(
            install::cargo()
                .args(["fmt", "--all", "--check"])
                .current_dir(&root),
        ),
    });
    report.tier("clippy (host)", || Outcome::Check {
        ok: proc::run(
            install::cargo()
                .args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ])
                .current_dir(&root),
        ),
    });
    report.tier("clippy (wasm32)", || Outcome::Check {
        ok: proc::run(
            install::cargo()
                .args([
                    "clippy",
                    "-p",
                    "signin",
                    "-p",
                    "idx-core",
                    "-p",
                    "embed-example",
                ])
                // The release build's code: with the split points (src/split.rs).
                .args(["--features", "signin/split"])
                .args(["--target", "wasm32-unknown-unknown", "--all-targets"])
                .args(["--", "-D", "warnings"])
                .current_dir(&root),
        ),
    });

    // --- tests.
    report.tier("native tests", || {
        tests(
            install::cargo()
                .args(["test", "--no-fail-fast", "--workspace", "--exclude", "e2e"])
                .current_dir(&root)
                // A longer fuzz run than plain `cargo test` (idx-core tests/fuzz.rs).
                .env("IDX_FUZZ_CASES", FUZZ_CASES),
        )
    });

    report.tier(
        "browser tests (wasm-bindgen-test, headless Chromium)",
        || {
            let Some(tools) = &tools else {
                return skipped("the web tools could not be installed");
            };
            if !browser_ok {
                return skipped("Chromium/chromedriver are not installed");
            }
            wasm_tests(&root, tools)
        },
    );

    // A private dist: `dist/` is what `trunk serve` (cargo xtask dev) rewrites
    // on every change, which must not swap the app under a running e2e test.
    let dist = workspace::target_dir().join("e2e").join("dist");
    let built = report.tier("release build (trunk build --release, split wasm)", || {
        let Some(tools) = &tools else {
            return skipped("the web tools could not be installed");
        };
        let result = crate::release::build_site(&root, tools, &dist);
        if let Err(err) = &result {
            eprintln!("xtask: {err}");
        }
        Outcome::Check { ok: result.is_ok() }
    });

    // The example app that embeds the sign-in as a library, built as a host
    // app would build it (its own folder, Trunk.toml and index.html), with
    // the release site's toolchain so that the two share their dependencies.
    let embed_dist = workspace::target_dir().join("e2e").join("embed-dist");
    let embed_built = report.tier(
        "example build (examples/embed, trunk build --release)",
        || {
            let Some(tools) = &tools else {
                return skipped("the web tools could not be installed");
            };
            let result = crate::release::build_example(&root, tools, &embed_dist);
            if let Err(err) = &result {
                eprintln!("xtask: {err}");
            }
            Outcome::Check { ok: result.is_ok() }
        },
    );

    report.tier("end-to-end tests (WebDriver, headless Chromium)", || {
        if !built || !embed_built {
            return skipped("the release build failed");
        }
        if !browser_ok {
            return skipped("Chromium/chromedriver are not installed");
        }
        if !nginx_ok {
            return skipped("nginx is not installed");
        }
        tests(
            install::cargo()
                .args(["test", "--no-fail-fast", "-p", "e2e"])
                // The tests spend much of their time waiting on the browser,
                // the network and the flow's timers: four at once on two
                // cores took the accessibility suite from 299 s to 240 s.
                .args(["--", "--test-threads=4"])
                .current_dir(&root)
                // The gate: e2e tests only drive a browser when the runner says where dist is.
                .env("E2E_DIST", &dist)
                .env("E2E_EMBED_DIST", &embed_dist)
                .env("CHROMEDRIVER", install::CHROMEDRIVER),
        )
    });

    Ok(report.summary(started))
}

/// Runs every root `tests/*.rs` target for wasm32 in one cargo invocation
/// (one build, one link per target), under wasm-bindgen-test-runner.
fn wasm_tests(root: &Path, tools: &Tools) -> Outcome {
    let manifest = match std::fs::read_to_string(root.join("Cargo.toml")) {
        Ok(text) => text,
        Err(err) => return skipped(&format!("cannot read Cargo.toml: {err}")),
    };
    let targets = workspace::root_test_targets(&manifest, root);
    if targets.is_empty() {
        // Nothing declared yet is not a failure of this tier: nothing to run.
        println!("no [[test]] targets in the root Cargo.toml yet");
        return Outcome::Tests {
            ok: true,
            counts: Counts::default(),
        };
    }
    let work = workspace::target_dir().join("xtask");
    let profile = work.join(format!("chromium-profile-{}", std::process::id()));
    let webdriver_json = work.join("webdriver.json");
    if let Err(err) = write_webdriver_json(&webdriver_json, &profile) {
        return skipped(&err);
    }
    let mut cmd = install::cargo();
    cmd.args([
        "test",
        "--no-fail-fast",
        "-p",
        "signin",
        "--target",
        "wasm32-unknown-unknown",
    ])
    .current_dir(root)
    .env("PATH", &tools.path)
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("CHROMEDRIVER", install::CHROMEDRIVER)
    .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
    .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    for target in &targets {
        cmd.args(["--test", target]);
    }
    let outcome = tests(&mut cmd);
    let _ = std::fs::remove_dir_all(&profile);
    outcome
}

/// Capabilities for wasm-bindgen-test-runner: our Chromium flags plus a fresh
/// profile dir (the runner adds its own headless flags on top).
fn write_webdriver_json(path: &Path, profile: &Path) -> Result<(), String> {
    let mut args: Vec<String> = CHROMIUM_FLAGS
        .iter()
        .map(|flag| json_string(flag))
        .collect();
    args.push(json_string(&format!(
        "--user-data-dir={}",
        profile.display()
    )));
    let text = format!(
        "{{\n  \"goog:chromeOptions\": {{\n    \"args\": [{}]\n  }}\n}}\n",
        args.join(", ")
    );
    let dir: PathBuf = path.parent().map(Path::to_path_buf).unwrap_or_default();
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(path, text))
        .map_err(|err| format!("cannot write {}: {err}", path.display()))
}

/// A JSON string literal (the values here are flags and paths: escaping
/// quotes and backslashes is all that can be needed).
fn json_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webdriver_json_carries_flags_and_profile() {
        let dir = std::env::temp_dir().join(format!("xtask-webdriver-{}", std::process::id()));
        let path = dir.join("webdriver.json");
        write_webdriver_json(&path, Path::new("/tmp/profile \"x\"")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(text.contains("\"goog:chromeOptions\""));
        assert!(text.contains("\"--disable-quic\""));
        assert!(text.contains(r#""--user-data-dir=/tmp/profile \"x\"""#));
    }
}
