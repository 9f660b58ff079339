//! Accessibility audit: axe-core (pinned in `tests/e2e/axe`) runs on every
//! screen of the sign-in flows, reached the way a person reaches them, in the
//! light and the dark colour scheme, against the WCAG 2.0/2.1 A and AA rules.
//!
//! Each test walks one flow and audits each screen on the way; violations are
//! collected for the whole walk and the test fails listing all of them (so
//! one run shows every screen that falls short, not just the first). Each
//! audited screen also leaves `screenshots/a11y/<screen>-<scheme>.png`; the
//! README's screenshots come from these.
//!
//! One test binary: `audit` holds the machinery (and proves it can fail);
//! `sign_in`, `detours`, `errors`, `language` (also the `Lang` of the
//! per-language walks), `webauthn` (security keys), `authenticators` and
//! `routes`/`routes_languages` walk the screens; the last four in every
//! shipped language.
//!
//! Invariants:
//! - axe-core is read from `tests/e2e/axe/node_modules` (installed by
//!   `npm ci` from the lockfile) and injected through WebDriver, so the app
//!   ships nothing for the audit and the version cannot drift.
//! - The dark scheme is switched on through the CSSOM (the stylesheet's
//!   `prefers-color-scheme` media rules are re-targeted), which works under
//!   the app's CSP because it adds no inline style or script to the page.
//! - Like every e2e test, these drive a browser only under `cargo xtask test`
//!   (`E2E_DIST` set); otherwise they print SKIPPED and pass.

mod audit;
mod authenticators;
mod detours;
mod errors;
mod language;
mod sign_in;
mod webauthn;

// The policy routes (sign-up, unlock, consent, links...), in every language.
mod routes;
mod routes_languages;
