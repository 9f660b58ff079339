//! The middleware around every route, outermost first: `log` → `cors` →
//! `faults` → `rate_limit` → the routes.
//!
//! Invariants: the order is fixed in [`crate::app`] and matters: the log
//! sees every answer, injected ones included; CORS headers go on faulted
//! and rate-limited answers alike, so a browser sees their status rather
//! than a CORS error; a fault that answers in place of the route is not
//! counted by the rate limit. Each layer reads the configuration and the
//! store; no route imports a layer.

pub mod cors;
pub mod faults;
pub mod log;
pub mod rate_limit;
