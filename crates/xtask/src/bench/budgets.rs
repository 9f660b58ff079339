//! The budgets a run is judged against: the first-screen download and the
//! time to a usable form relative to each peer (the sign-in's request
//! budget follows from the protocol, see [`super::verdicts`]).
//!
//! Invariant: plain limits, no logic; the verdicts live in `verdicts.rs`.

/// What a run must reach.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budgets {
    /// Total first-screen download, brotli, in bytes.
    pub(crate) first_screen_brotli: u64,
    /// Max ratio of this app's time-to-usable-form to the okta-auth-js page's.
    pub(crate) vs_authjs: f64,
    /// Max ratio of this app's time-to-usable-form to the widget page's.
    pub(crate) vs_widget: f64,
}

impl Budgets {
    /// The targets this project set itself: a first screen within 100 KB
    /// (brotli), a usable form in 0.8x the okta-auth-js page's time and in
    /// 0.35x the widget page's.
    pub(crate) const TARGETS: Budgets = Budgets {
        first_screen_brotli: 100 * 1024,
        vs_authjs: 0.8,
        vs_widget: 0.35,
    };
}
