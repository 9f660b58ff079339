//! The report's tables: first-screen sizes, page loads per page and CPU
//! rate, ratios against the peers, and the budget verdicts.
//!
//! Invariants:
//! - Pure markdown text (it reads fine in a terminal too).
//! - A missing figure is written as "not measured" (with why where known),
//!   never as 0; text from the runner has `|` replaced so no cell breaks a row.

use std::fmt::Write as _;

use super::results::Results;
use super::samples::FileSize;
use super::statistics::{PAGES, RATES};
use super::units::{kb, mb};
use super::verdicts::Verdict;

/// The first-screen size table with totals.
pub(crate) fn size_table(sizes: &[FileSize]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| file | raw | gzip -9 | brotli 11 |");
    let _ = writeln!(out, "|---|---:|---:|---:|");
    for f in sizes {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            f.name,
            kb(f.raw),
            kb(f.gzip),
            kb(f.brotli)
        );
    }
    let sum = |g: fn(&FileSize) -> u64| sizes.iter().map(g).sum::<u64>();
    let _ = writeln!(
        out,
        "| **total** | **{}** | **{}** | **{}** |",
        kb(sum(|f| f.raw)),
        kb(sum(|f| f.gzip)),
        kb(sum(|f| f.brotli))
    );
    out
}

impl Results<'_> {
    pub(super) fn loads_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| page | CPU | loads | first usable form (median) | JS heap | wasm memory | JS heap + wasm | requests | CORS preflights | transferred |"
        );
        let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for rate in RATES {
            for (page, label) in PAGES {
                match self.stats(page, rate) {
                    Some(s) => {
                        let _ = writeln!(
                            out,
                            "| {label} | {rate}x | {} | {:.0} ms | {} | {} | {} | {} | {} | {} |",
                            s.n,
                            s.usable_ms,
                            mb(s.js_heap),
                            mb(s.wasm),
                            mb(s.js_heap + s.wasm),
                            s.requests,
                            s.preflights,
                            kb(s.bytes as u64),
                        );
                    }
                    None => {
                        let _ = writeln!(
                            out,
                            "| {label} | {rate}x | 0 | not measured: {} | | | | | | |",
                            self.why_missing(page, rate).replace('|', "/")
                        );
                    }
                }
            }
        }
        out
    }

    pub(super) fn ratios_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| this app ÷ peer | CPU | first usable form | JS heap + wasm | requests | transferred |"
        );
        let _ = writeln!(out, "|---|---|---:|---:|---:|---:|");
        for rate in RATES {
            for (peer, label) in &PAGES[1..] {
                let (Some(app), Some(other)) = (self.stats("app", rate), self.stats(peer, rate))
                else {
                    let _ = writeln!(out, "| {label} | {rate}x | not measured | | | |");
                    continue;
                };
                let ratio = |a: f64, b: f64| {
                    if b > 0.0 {
                        format!("{:.2}x", a / b)
                    } else {
                        "-".to_owned()
                    }
                };
                let _ = writeln!(
                    out,
                    "| {label} | {rate}x | {} | {} | {} | {} |",
                    ratio(app.usable_ms, other.usable_ms),
                    ratio(app.js_heap + app.wasm, other.js_heap + other.wasm),
                    ratio(app.requests, other.requests),
                    ratio(app.bytes, other.bytes),
                );
            }
        }
        out
    }

    pub(super) fn budgets_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "| budget | limit | this run | verdict |");
        let _ = writeln!(out, "|---|---|---|---|");
        for line in self.budgets() {
            let verdict = match &line.verdict {
                Verdict::Met => "met".to_owned(),
                Verdict::Missed(by) => format!("**MISSED**: {by}"),
                Verdict::NotMeasured(why) => format!("not measured: {why}"),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                line.name,
                line.limit,
                line.actual,
                verdict.replace('|', "/")
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::budgets::Budgets;
    use crate::bench::results::sample_runs::{samples, sizes};

    #[test]
    fn ratios_use_medians_of_the_same_run() {
        let s = samples(100.0, 200.0, 400.0);
        let sz = sizes(1);
        let table = Results::new(&sz, &s, Budgets::TARGETS, 10).ratios_table();
        assert!(
            table.contains("| okta-auth-js idx page | 1x | 0.50x |"),
            "{table}"
        );
        assert!(
            table.contains("| Okta Sign-In Widget page | 4x | 0.25x |"),
            "{table}"
        );
    }

    #[test]
    fn size_table_totals() {
        let sz = vec![
            FileSize {
                name: "a.wasm".into(),
                raw: 2048,
                gzip: 1024,
                brotli: 512,
            },
            FileSize {
                name: "b.js".into(),
                raw: 1024,
                gzip: 512,
                brotli: 512,
            },
        ];
        let table = size_table(&sz);
        assert!(table.contains("| **total** | **3.0 KB** | **1.5 KB** | **1.0 KB** |"));
    }
}
