//! A run's results: the file sizes, the samples and the budgets together,
//! with the queries the budget checks and the report share (a page's
//! medians at a CPU rate, why a measurement is missing, the sign-ins).
//!
//! Invariants:
//! - Pure: the results borrow what the run measured and never change it.
//! - A missing measurement always comes with a reason ([`Results::why_missing`],
//!   [`Results::signin_failure`]), so the report can say why, not just "-".

use super::budgets::Budgets;
use super::samples::{FileSize, Samples, SignIn};
use super::statistics::{PageStats, page_stats};

/// Everything a run found, ready to render.
#[derive(Debug)]
pub(crate) struct Results<'a> {
    pub(super) sizes: &'a [FileSize],
    pub(super) samples: &'a Samples,
    pub(super) budgets: Budgets,
    pub(super) loads_requested: u32,
    /// Said in the notes when dist/ was not built by this run.
    pub(super) dist_note: Option<String>,
}

impl<'a> Results<'a> {
    pub(crate) fn new(
        sizes: &'a [FileSize],
        samples: &'a Samples,
        budgets: Budgets,
        loads_requested: u32,
    ) -> Self {
        Self {
            sizes,
            samples,
            budgets,
            loads_requested,
            dist_note: None,
        }
    }

    /// Adds a note on where dist/ came from (e.g. not rebuilt by this run).
    pub(crate) fn with_dist_note(mut self, note: impl Into<String>) -> Self {
        self.dist_note = Some(note.into());
        self
    }

    pub(super) fn stats(&self, page: &str, rate: u32) -> Option<PageStats> {
        page_stats(&self.samples.loads, page, rate)
    }

    pub(super) fn why_missing(&self, page: &str, rate: u32) -> String {
        self.samples
            .fails
            .iter()
            .find(|(p, r, _)| p == page && *r == rate)
            .map_or_else(
                || format!("no successful load of the {page} page at {rate}x CPU"),
                |(_, _, reason)| format!("{page} page at {rate}x CPU: {reason}"),
            )
    }

    /// Measured sign-ins of one page.
    pub(super) fn signins(&self, page: &str) -> Vec<&SignIn> {
        self.samples
            .signins
            .iter()
            .filter(|s| s.page == page)
            .collect()
    }

    pub(super) fn signin_failure(&self, page: &str) -> Option<&str> {
        self.samples
            .signin_fails
            .iter()
            .find(|(p, _)| p == page)
            .map(|(_, reason)| reason.as_str())
    }
}

/// Runner lines and sizes shared by the report's unit tests.
#[cfg(test)]
pub(super) mod sample_runs {
    use super::{FileSize, Samples};

    fn load_line(page: &str, rate: u32, ms: f64, requests: u64) -> String {
        format!("load\t{page}\t{rate}\t0\t{ms}\t1048576\t0\t{requests}\t1\t20480\t0\t0")
    }

    pub(crate) fn sizes(brotli: u64) -> Vec<FileSize> {
        vec![FileSize {
            name: "app_bg.wasm".into(),
            raw: brotli * 4,
            gzip: brotli * 2,
            brotli,
        }]
    }

    pub(crate) fn samples(app_ms: f64, authjs_ms: f64, widget_ms: f64) -> Samples {
        let mut text = String::new();
        for rate in [1, 4] {
            let scale = f64::from(rate);
            for (page, ms) in [
                ("app", app_ms),
                ("authjs", authjs_ms),
                ("widget", widget_ms),
            ] {
                for jitter in [-5.0, 0.0, 5.0] {
                    text.push_str(&load_line(page, rate, ms * scale + jitter, 4));
                    text.push('\n');
                }
            }
        }
        text.push_str("signin\tapp\t0\t120.5\t6\t5\t9000\t800\t5\t90000\t2\t0\ttrue\t3000\n");
        text.push_str("signin\tauthjs\t0\t241\t9\t9\t9000\t800\t5\t90000\t4\t1\ttrue\t3000\n");
        Samples::parse(&text)
    }
}
