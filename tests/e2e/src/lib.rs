//! End-to-end harness: drives the release build of the sign-in app in
//! headless Chromium against an in-process IDX emulator.
//!
//! Each test calls [`run`] with a body; [`run`] binds a static server for
//! `dist/` (so its origin is known), starts the emulator with that origin
//! allowed, starts chromedriver in its own process group, opens a fresh
//! browser profile, runs the body, saves a screenshot, and tears everything
//! down before reporting the body's result.
//!
//! Invariants:
//! - Tests drive a browser only when the runner (`cargo xtask test`) sets
//!   `E2E_DIST`; otherwise each prints `SKIPPED: ...` and passes.
//! - Every network address involved is on 127.0.0.1; every port is picked by
//!   the OS, so tests run in parallel without colliding.
//! - Nothing a test starts outlives it: chromedriver (and the Chromium it
//!   spawned) is killed by process group, servers are aborted.

pub mod browser;
pub mod control;
pub mod harness;
pub mod pages;
pub mod site;
pub mod steps;
pub mod webauthn;

pub use harness::{Failure, Session, Setup, TestResult, run};
pub use site::ConfigMode;
