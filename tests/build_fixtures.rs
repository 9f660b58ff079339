//! Build script of the `signin` package (named in `[package] build`): stages
//! the recorded IDX fixtures the browser component tests mount.
//!
//! Why a build script: wasm tests run inside Chromium and cannot read files,
//! so the fixtures must be compiled in, and `include_str!` on
//! `../shared/idx-fixtures` would break every build where that folder is
//! absent. Instead the files are copied into `OUT_DIR` (never into the
//! repository) and `cfg(idx_fixtures)` is set only when all were found. The
//! tests then either use them or, without them, fail under `CI=true` and
//! print a loud SKIPPED line otherwise. The app itself never reads them.

use std::path::PathBuf;
use std::{env, fs};

/// Fixtures used by `tests/components/`, relative to `responses/`.
const FIXTURES: &[&str] = &[
    "identify-with-password.json",
    "identify.json",
    "identify-with-third-party-idps.json",
    "authenticator-verification-select-authenticator-ov-m2.json",
    "authenticator-verification-okta-verify-totp.json",
    "error-okta-verify-totp.json",
    "authenticator-verification-number-challenge.json",
    "authenticator-verification-okta-verify-reject-push.json",
    "authenticator-verification-email.json",
    "error-401-session-expired.json",
    "authenticator-enroll-select-authenticator-with-usage-info.json",
    "authenticator-enroll-ov-qr.json",
    "authenticator-enroll-ov-email.json",
    "authenticator-enroll-ov-via-email.json",
    "authenticator-reset-password.json",
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(idx_fixtures)");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-changed=tests/build_fixtures.rs");
    println!("cargo::rerun-if-env-changed=IDX_FIXTURES_DIR");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    // IDX_FIXTURES_DIR overrides the location (and lets the "missing" path be tried).
    let source = env::var_os("IDX_FIXTURES_DIR")
        .map_or_else(|| manifest.join("../shared/idx-fixtures"), PathBuf::from)
        .join("responses");
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("idx-fixtures");
    let _ = fs::create_dir_all(&out);
    println!(
        "cargo::rustc-env=SIGNIN_BUILD_CI={}",
        env::var("CI").unwrap_or_default()
    );
    let mut found = 0;
    for name in FIXTURES {
        let from = source.join(name);
        println!("cargo::rerun-if-changed={}", from.display());
        if fs::copy(&from, out.join(name)).is_ok() {
            found += 1;
        }
    }
    if found == FIXTURES.len() {
        println!("cargo::rustc-cfg=idx_fixtures");
    } else {
        // Loud at build time too: the browser runner shows console output
        // only for failing tests.
        println!(
            "cargo::warning=SKIPPED: fixture-based component tests: {} not found{}",
            source.display(),
            if env::var("CI").as_deref() == Ok("true") {
                " (CI=true: they will fail)"
            } else {
                ""
            }
        );
    }
}
