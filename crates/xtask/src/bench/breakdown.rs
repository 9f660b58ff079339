//! Where the first screen's time and memory go, page by page: main-thread
//! time by kind (script, JS compile, layout and style, all tasks), this
//! app's wasm instantiation and V8's compile time for its module, and the
//! renderer's memory split (private memory, JS heap, wasm linear memory,
//! JIT code, the rest).
//!
//! Invariants:
//! - Pure; medians over the measured loads, each figure over the loads that
//!   have it; a figure the runner could not take is "-", never 0.
//! - "Rest" is private memory minus the parts the report names, so the
//!   split always adds up to the kernel's figure.

use std::fmt::Write as _;

use super::results::Results;
use super::statistics::{PAGES, RATES};
use super::units::mb;

fn ms(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.0} ms"))
}

fn megabytes(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), mb)
}

impl Results<'_> {
    /// Main-thread time and the wasm's instantiate and compile times.
    pub(super) fn time_breakdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| page | CPU | first usable form | wasm instantiate (call → instance) | instance ready at | WebAssembly.compile, uncached | script | JS compile (V8) | layout + style | all main-thread tasks |"
        );
        let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for rate in RATES {
            for (page, label) in PAGES {
                let Some(s) = self.stats(page, rate) else {
                    continue;
                };
                let d = &s.detail;
                let _ = writeln!(
                    out,
                    "| {label} | {rate}x | {:.0} ms | {} | {} | {} | {} | {} | {} | {} |",
                    s.usable_ms,
                    ms(d.instantiate_ms),
                    ms(d.instantiate_end_ms),
                    ms(d.compile_ms),
                    ms(d.script_ms),
                    ms(d.v8_compile_ms),
                    ms(d.layout_ms),
                    ms(d.task_ms),
                );
            }
        }
        out
    }

    /// The renderer's memory split at 1x CPU.
    pub(super) fn memory_breakdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| page | renderer private memory | JS heap (after GC) | wasm linear memory | JIT code (wasm + JS) | rest (Blink, V8 internals, malloc) |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
        for (page, label) in PAGES {
            let Some(s) = self.stats(page, 1) else {
                continue;
            };
            let d = &s.detail;
            let rest = d
                .private_mem
                .map(|private| private - s.js_heap - s.wasm - d.jit.unwrap_or(0.0));
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} | {} | {} |",
                megabytes(d.private_mem),
                mb(s.js_heap),
                mb(s.wasm),
                megabytes(d.jit),
                megabytes(rest),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::bench::budgets::Budgets;
    use crate::bench::results::Results;
    use crate::bench::results::sample_runs::{samples, sizes};

    #[test]
    fn breakdowns_show_medians_and_a_split_that_adds_up() {
        let s = samples(100.0, 200.0, 250.0, 400.0);
        let sz = sizes(1);
        let results = Results::new(&sz, &s, Budgets::TARGETS, 10);
        let time = results.time_breakdown();
        // Script is half the time in the samples, the tasks all of it; no wasm figures.
        assert!(
            time.contains(
                "| this app (Rust/wasm) | 1x | 100 ms | - | - | - | 50 ms | 1 ms | 10 ms | 100 ms |"
            ),
            "{time}"
        );
        let memory = results.memory_breakdown();
        // 10,000,000 bytes private - 1 MB heap - 2 MB JIT = 6.54 MB rest.
        assert!(
            memory.contains(
                "| this app (Rust/wasm) | 9.54 MB | 1.00 MB | 0.00 MB | 2.00 MB | 6.54 MB |"
            ),
            "{memory}"
        );
    }
}
