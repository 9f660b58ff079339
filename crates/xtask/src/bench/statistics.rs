//! Statistics over a run's samples: medians, and the medians of one page
//! at one CPU rate.
//!
//! Invariants:
//! - Pure, and medians only: one slow outlier (a busy machine) moves no figure.
//! - No samples means no figure (`None`), never zero, so a page that never
//!   loaded cannot pass a budget.

use super::samples::Load;

/// The pages of a run, with their labels in the report (this app first).
pub(super) const PAGES: [(&str, &str); 3] = [
    ("app", "this app (Rust/wasm)"),
    ("authjs", "okta-auth-js idx page"),
    ("widget", "Okta Sign-In Widget page"),
];
/// The CPU throttling rates every page is loaded at.
pub(super) const RATES: [u32; 2] = [1, 4];

/// Median of a non-empty list (mean of the two middle values for even counts).
pub(super) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

pub(super) fn median_of<T>(items: &[T], f: impl Fn(&T) -> f64) -> Option<f64> {
    median(&mut items.iter().map(f).collect::<Vec<_>>())
}

/// Medians of one page at one CPU rate.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PageStats {
    pub(super) n: usize,
    pub(super) usable_ms: f64,
    pub(super) js_heap: f64,
    pub(super) wasm: f64,
    pub(super) requests: f64,
    pub(super) preflights: f64,
    pub(super) bytes: f64,
    pub(super) discovery: f64,
    pub(super) off_loopback: u64,
}

pub(super) fn page_stats(loads: &[Load], page: &str, rate: u32) -> Option<PageStats> {
    let mine: Vec<&Load> = loads
        .iter()
        .filter(|l| l.page == page && l.rate == rate)
        .collect();
    Some(PageStats {
        n: mine.len(),
        usable_ms: median_of(&mine, |l| l.usable_ms)?,
        js_heap: median_of(&mine, |l| l.js_heap as f64)?,
        wasm: median_of(&mine, |l| l.wasm as f64)?,
        requests: median_of(&mine, |l| l.requests as f64)?,
        preflights: median_of(&mine, |l| l.preflights as f64)?,
        bytes: median_of(&mine, |l| l.bytes as f64)?,
        discovery: median_of(&mine, |l| l.discovery as f64)?,
        off_loopback: mine.iter().map(|l| l.off_loopback).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_lists() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
