//! Build script of the `signin` package (named in `[package] build`): stages
//! the recorded IDX fixtures the browser component tests mount.
//!
//! Why a build script: wasm tests run inside Chromium and cannot read files,
//! so the fixtures must be compiled in, and `include_str!` on
//! `../shared/idx-fixtures` would break every build where that folder is
//! absent. Instead the files (from `responses/` and `extra/`) are copied
//! into `OUT_DIR` (never into the repository) and `cfg(idx_fixtures)` is set only when all were found. The
//! tests then either use them or, without them, fail under `CI=true` and
//! print a loud SKIPPED line otherwise. The app itself never reads them.
//!
//! It also asks the linker to keep relocations in the app's wasm when the
//! `split` feature is on (the splitter needs them): as a link argument of
//! that one binary, not a RUSTFLAGS entry, so every dependency compiles the
//! same with and without the feature and the release builds share them.

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
    "error-authenticator-enroll-phone-invalid-number.json",
    "identify-with-unlock-account-link.json",
    "user-unlock-account.json",
    "user-account-unlock-success.json",
    "authenticator-expiry-warning-password.json",
    "post-auth-keep-me-signed-in.json",
    "success.json",
    "terminal-return-email.json",
    "error-unlock-account.json",
];

/// Fixtures used by `tests/components/`, relative to `extra/` (Okta's
/// widget recordings of the other authenticators and flows), staged under
/// `extra/` so a test names them `extra/<file>`.
const EXTRA: &[&str] = &[
    "authenticator-verification-data-phone-voice-then-sms.json",
    "authenticator-verification-data-phone-sms-then-voice-no-profile.json",
    "authenticator-verification-phone-sms-nickname.json",
    "authenticator-verification-phone-voice-no-profile.json",
    "authenticator-enroll-data-phone-voice.json",
    "authenticator-enroll-phone-voice.json",
    "authenticator-verification-security-question.json",
    "authenticator-enroll-security-question.json",
    "error-authenticator-enroll-security-question.json",
    "authenticator-enroll-google-authenticator.json",
    "authenticator-verification-custom-otp.json",
    "authenticator-verification-rsa.json",
    "authenticator-verification-on-prem.json",
    "authenticator-verification-symantec-vip.json",
    "authenticator-verification-yubikey.json",
    "authenticator-verification-tac.json",
    "authenticator-enroll-rsa.json",
    "authenticator-enroll-symantec-vip.json",
    "authenticator-enroll-yubikey.json",
    "error-authenticator-verification-passcode-change-rsa.json",
    "authenticator-verification-okta-verify-signed-nonce-custom-uri.json",
    "identify-with-device-probing-loopback.json",
    "identify-with-device-probing-loopback-challenge-not-received.json",
    "identify-with-universal-link.json",
    "smart-probing-required.json",
    "authenticator-verification-duo.json",
    "identify-with-piv-only.json",
    "authenticator-enroll-grace-period-with-skip.json",
    "authenticator-enroll-passkey-promotion.json",
    "user-account-unlock-introspect-choose-auth-after-unlock.json",
    "user-account-unlock-challenge-choose-auth-after-unlock.json",
    "enroll-profile-new-boolean-fields.json",
    "profile-enrollment-string-fields-options.json",
    "enroll-profile-with-password.json",
    "error-new-signup-email-exists.json",
    "consent-admin.json",
    "consent-granular.json",
    "email-challenge-consent.json",
    "device-assurance-grace-period-one-option.json",
    "request-activation-email.json",
    "terminal-return-email-consent-denied.json",
    "terminal-reset-password-success.json",
    "user-unlock-account-identifier-first.json",
    "identify-with-password-with-hcaptcha.json",
    "identify-with-password-with-recaptcha-v2.json",
];

fn main() {
    let wasm = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if wasm && env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bin=signin=--emit-relocs");
    }
    println!("cargo::rustc-check-cfg=cfg(idx_fixtures)");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-changed=tests/build_fixtures.rs");
    println!("cargo::rerun-if-env-changed=IDX_FIXTURES_DIR");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    // IDX_FIXTURES_DIR overrides the location (and lets the "missing" path be tried).
    let root = env::var_os("IDX_FIXTURES_DIR")
        .map_or_else(|| manifest.join("../shared/idx-fixtures"), PathBuf::from);
    let source = root.join("responses");
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("idx-fixtures");
    let _ = fs::create_dir_all(out.join("extra"));
    println!(
        "cargo::rustc-env=SIGNIN_BUILD_CI={}",
        env::var("CI").unwrap_or_default()
    );
    let mut found = 0;
    let files = FIXTURES
        .iter()
        .map(|name| (source.join(name), out.join(name)))
        .chain(EXTRA.iter().map(|name| {
            let rel = format!("extra/{name}");
            (root.join(&rel), out.join(&rel))
        }));
    for (from, to) in files {
        println!("cargo::rerun-if-changed={}", from.display());
        if fs::copy(&from, to).is_ok() {
            found += 1;
        }
    }
    if found == FIXTURES.len() + EXTRA.len() {
        println!("cargo::rustc-cfg=idx_fixtures");
    } else {
        // Loud at build time too: the browser runner shows console output
        // only for failing tests.
        println!(
            "cargo::warning=SKIPPED: fixture-based component tests: {} not found{}",
            root.display(),
            if env::var("CI").as_deref() == Ok("true") {
                " (CI=true: they will fail)"
            } else {
                ""
            }
        );
    }
}
