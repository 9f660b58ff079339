//! What each tier of `cargo xtask test` produced, and the summary: the
//! counting rules of the module above (a check counts as one, a runner that
//! fails without a failing test counts as one failure, a skipped tier is a
//! failure) live here, with the last line `N passed, N failed`.

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use crate::proc::{self, Counts};

/// What one tier produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Outcome {
    /// A check without test counts (fmt, clippy, a build, an install).
    Check { ok: bool },
    /// A test runner: its exit status and the counts it printed.
    Tests { ok: bool, counts: Counts },
    /// Not run; counted as one failure, since a tier that cannot run is broken.
    Skipped { why: String },
}

impl Outcome {
    /// (passed, failed) contributed to the summary.
    fn tally(&self) -> (u64, u64) {
        match self {
            Outcome::Check { ok: true } => (1, 0),
            Outcome::Check { ok: false } | Outcome::Skipped { .. } => (0, 1),
            Outcome::Tests { ok, counts } => {
                // A failing runner that reported no failing test (a build
                // error, a crashed harness) still has to count as a failure.
                let extra = u64::from(!ok && counts.failed == 0);
                (counts.passed, counts.failed + extra)
            }
        }
    }

    fn verdict(&self) -> String {
        match self {
            Outcome::Check { ok } => (if *ok { "ok" } else { "FAILED" }).to_owned(),
            Outcome::Tests { ok, counts } => format!(
                "{} ({} tests ok, {} tests failing)",
                if *ok { "ok" } else { "FAILED" },
                counts.passed,
                counts.failed
            ),
            Outcome::Skipped { why } => format!("SKIPPED (counted as a failure): {why}"),
        }
    }
}

#[derive(Debug)]
pub(super) struct Report {
    pub(super) tiers: Vec<(String, Outcome, Duration)>,
}

impl Report {
    fn record(&mut self, name: &str, outcome: Outcome, took: Duration) {
        println!(
            "<== [{name}] {} in {:.1}s",
            outcome.verdict(),
            took.as_secs_f64()
        );
        self.tiers.push((name.to_owned(), outcome, took));
    }

    /// Times `f` and records its outcome under `name`.
    pub(super) fn tier(&mut self, name: &str, f: impl FnOnce() -> Outcome) -> bool {
        println!("\n==> [{name}]");
        // Flush before children write to the shared terminal.
        let _ = std::io::Write::flush(&mut std::io::stdout());
        let started = Instant::now();
        let outcome = f();
        let ok = outcome.tally().1 == 0;
        self.record(name, outcome, started.elapsed());
        ok
    }

    fn totals(&self) -> (u64, u64) {
        self.tiers.iter().fold((0, 0), |(p, f), (_, outcome, _)| {
            let (dp, df) = outcome.tally();
            (p + dp, f + df)
        })
    }

    /// Prints every tier's verdict and time, then `N passed, N failed`;
    /// failure when anything failed.
    pub(super) fn summary(&self, started: Instant) -> ExitCode {
        let (passed, failed) = self.totals();
        println!(
            "\n==> summary (total {:.0}s)",
            started.elapsed().as_secs_f64()
        );
        for (name, outcome, took) in &self.tiers {
            println!(
                "    {:>6.1}s  {name}: {}",
                took.as_secs_f64(),
                outcome.verdict()
            );
        }
        println!("{passed} passed, {failed} failed");
        if failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

pub(super) fn skipped(why: &str) -> Outcome {
    Outcome::Skipped {
        why: why.to_owned(),
    }
}

pub(super) fn tests(cmd: &mut Command) -> Outcome {
    let (ok, counts) = proc::run_scanned(cmd);
    Outcome::Tests { ok, counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(passed: u64, failed: u64) -> Counts {
        Counts {
            passed,
            failed,
            reports: 1,
        }
    }

    #[test]
    fn tallies_checks_tests_and_skips() {
        assert_eq!(Outcome::Check { ok: true }.tally(), (1, 0));
        assert_eq!(Outcome::Check { ok: false }.tally(), (0, 1));
        assert_eq!(skipped("no browser").tally(), (0, 1));
        assert_eq!(
            Outcome::Tests {
                ok: true,
                counts: counts(5, 0)
            }
            .tally(),
            (5, 0)
        );
        assert_eq!(
            Outcome::Tests {
                ok: false,
                counts: counts(4, 2)
            }
            .tally(),
            (4, 2)
        );
    }

    #[test]
    fn a_runner_failing_without_failed_tests_counts_once() {
        // e.g. a compile error: non-zero exit, no result line.
        let outcome = Outcome::Tests {
            ok: false,
            counts: Counts::default(),
        };
        assert_eq!(outcome.tally(), (0, 1));
    }

    #[test]
    fn report_totals_add_up_every_tier() {
        let mut report = Report { tiers: Vec::new() };
        report.record("fmt", Outcome::Check { ok: true }, Duration::ZERO);
        report.record(
            "native",
            Outcome::Tests {
                ok: false,
                counts: counts(10, 1),
            },
            Duration::ZERO,
        );
        report.record("e2e", skipped("release build failed"), Duration::ZERO);
        assert_eq!(report.totals(), (11, 2));
    }
}
