//! The policy routes end to end: what an org's policies put around a
//! sign-in, and the self-service ways in, each driven in Chromium the way a
//! person goes through them, against the emulator run as the demo org
//! (sign-up and unlock on, `e2e::routes::self_service_org`).
//!
//! One test binary, a module per family: `later` (optional enrollment with
//! "Set up later", the password-expiry warning skipped or taken), `switch`
//! ("Verify with something else"), `sign_up`, `unlock`, `consent` (allowed,
//! denied, then "Stay signed in?" yes and no) and `links` (activation and
//! password-reset links, used, expired and invalid ones).
//!
//! Invariants: every success path ends on the home page; every end screen
//! is left through its own way on, and the sign-in after it is proven to
//! work; what is asserted is what a person sees (headings, button words,
//! messages). Like every e2e suite, these drive a browser only under
//! `cargo xtask test` (`E2E_DIST` set); otherwise they print SKIPPED.

mod consent;
mod later;
mod links;
mod sign_up;
mod switch;
mod unlock;

use e2e::Setup;

/// The world of every test here: the demo org's self-service settings.
fn org() -> Setup {
    Setup {
        emulator: Some(e2e::routes::self_service_org),
        ..Setup::default()
    }
}
