//! End-to-end harness: drives the release build of the sign-in app in
//! headless Chromium against an in-process IDX emulator.
//!
//! Each test calls [`run`] with a body; [`run`] binds a static server for
//! `dist/` (so its origin is known), starts the emulator with that origin
//! allowed, starts chromedriver in its own process group, opens a fresh
//! browser profile, runs the body, saves a screenshot, and tears everything
//! down before reporting the body's result. Suites that serve the site
//! themselves (under a policy, through nginx) build their own world and use
//! [`harness::drive`] for the browser part.
//!
//! Invariants:
//! - Tests drive a browser only when the runner (`cargo xtask test`) sets
//!   `E2E_DIST`; otherwise each prints `SKIPPED: ...` and passes.
//! - Every network address involved is on 127.0.0.1; every port is picked by
//!   the OS, or for programs that bind it themselves (chromedriver, nginx)
//!   below the ephemeral range from one counter, so tests run in parallel
//!   without colliding.
//! - Nothing a test starts outlives it: chromedriver (and the Chromium it
//!   spawned) and nginx are killed by process group, servers are aborted.

pub mod browser;
pub mod checks;
pub mod control;
pub mod devices;
pub mod factors;
pub mod harness;
pub mod nginx;
pub mod pages;
pub mod policy;
pub mod routes;
pub mod site;
pub mod steps;
pub mod watchdog;
pub mod webauthn;

pub use harness::{Failure, Session, Setup, TestResult, run};
pub use site::ConfigMode;
