//! The flow context: the current transaction and everything that moves it.
//!
//! Shape (conventions "State in the app"): one `Copy` struct of signals read
//! through [`use_flow`]; the current transaction lives in one signal; a
//! `LocalResource` starts or resumes the flow; an `Action::new_local`
//! submits a step. Every protocol request is a call on idx-core's `Driver`
//! (the sequence idx-core's emulator tests run), over the one transport the
//! context was given. Invariants:
//! - at most one user-initiated request runs at a time (the action's
//!   `pending` guards every dispatch), so a double submit is impossible;
//! - a poll answer is applied only if no state was applied since the poll
//!   was sent (`states_applied`), so a late poll never undoes the user's
//!   choice;
//! - `phase` notifies only when it changes, so a poll that keeps the step
//!   never re-runs the screen (its poll loop, timers and the user's focus stay);
//! - a network or server failure never replaces the transaction: the screen,
//!   and what the user typed, stay; the failed intent is kept for "retry";
//! - after a refused submit the submitted step is shown again when the
//!   answer still offers it (the driver's step preference), so its field
//!   messages sit where the user typed;
//! - introspect only reads, so a failed one is retried by itself (after 1 s,
//!   then 2 s) before the user is asked to retry;
//! - a redirect callback (checked against the saved `state` by the callback
//!   page) is taken by the next start exactly once: a code is redeemed
//!   without introspecting, a magic link's OTP is submitted only to the
//!   email challenge it belongs to.
//!
//! Files: `context` (the struct, its constructor and the commands screens
//! call), `error` (what a failed request means to the user), `start` (start,
//! resume and redirect callbacks), `submit` (intents and polls), `apply`
//! (turning an answer into the shown state, and signing in on success).

mod apply;
mod context;
mod error;
mod start;
mod submit;

pub use context::{Flow, Intent, Phase, provide_flow, provide_flow_with, use_flow};
pub use error::FlowError;
