//! Browser component tests: mount the generic form and the dedicated step
//! screens with transactions that idx-core parsed from recorded Okta
//! fixtures (staged by `tests/build_fixtures.rs`) or from small IDX bodies
//! written here, then check what a person sees and what would be sent.
//!
//! One test binary (so the wasm links once), one module per screen family
//! or concern; `support` is the shared harness. Requests go to a recording
//! transport, so nothing leaves the page; answers are queued per test. Run
//! with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test components`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

mod support;

mod brand;
mod captcha;
mod choose;
mod code;
mod config_error;
mod consent;
mod duo_piv;
mod end;
mod enroll;
mod fastpass;
mod generic_form;
mod identify;
mod later;
mod leaks;
mod otp;
mod phone;
mod polling;
mod push;
mod recovery;
mod register;
mod retry;
mod security_question;
mod session;
mod split;
mod unlock;
mod untrusted;
mod ways;
