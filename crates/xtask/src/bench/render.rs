//! The report as a whole: the sections in order, the notes on anything
//! unusual in the run, for the terminal and as `crates/xtask/bench/RESULTS.md`
//! (which adds the machine, the peers' versions and the method).
//!
//! Invariants:
//! - Pure: the caller prints or writes the text.
//! - The terminal report and RESULTS.md share one body, so they never
//!   disagree; the notes mention every failed load, off-loopback request and
//!   discovery call, and a trial run with fewer loads than the method asks for.

use std::fmt::Write as _;

use super::machine::Machine;
use super::results::Results;
use super::statistics::{PAGES, RATES};
use super::tables::size_table;

impl Results<'_> {
    pub(super) fn notes(&self) -> String {
        let mut out = String::new();
        if let Some(note) = &self.dist_note {
            let _ = writeln!(out, "- {note}");
        }
        if self.loads_requested < 10 {
            let _ = writeln!(
                out,
                "- Only {} loads per page and CPU rate (the issue asks for at least 10): a trial run.",
                self.loads_requested
            );
        }
        for (page, _) in PAGES {
            for rate in RATES {
                if let Some(s) = self.stats(page, rate) {
                    if s.discovery > 0.0 {
                        let _ = writeln!(
                            out,
                            "- The {page} page fetches the discovery document at {rate}x CPU ({} request(s) per load).",
                            s.discovery
                        );
                    }
                    if s.off_loopback > 0 {
                        let _ = writeln!(
                            out,
                            "- The {page} page tried {} request(s) to hosts other than 127.0.0.1 at {rate}x CPU (blocked).",
                            s.off_loopback
                        );
                    }
                }
            }
        }
        let failed_pages: Vec<&str> = PAGES
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| self.samples.fails.iter().any(|(f, _, _)| f == p))
            .collect();
        for page in failed_pages {
            let count = self
                .samples
                .fails
                .iter()
                .filter(|(f, _, _)| f == page)
                .count();
            let _ = writeln!(
                out,
                "- The {page} page failed {count} load(s) (including warm-ups); first reason: {}",
                self.samples
                    .fails
                    .iter()
                    .find(|(f, _, _)| f == page)
                    .map_or("", |(_, _, r)| r.as_str())
            );
            let requests: Vec<String> = self
                .samples
                .fail_requests
                .iter()
                .filter(|r| r.who == page && r.kind != "Document" && !r.path.ends_with(".js"))
                .take(12)
                .map(|r| {
                    format!(
                        "`{} {}` → {}",
                        r.method,
                        r.path,
                        if r.failed.is_empty() {
                            r.status.clone()
                        } else {
                            r.failed.clone()
                        }
                    )
                })
                .collect();
            if !requests.is_empty() {
                let _ = writeln!(out, "  - its requests: {}", requests.join(", "));
            }
            for (_, diag) in self.samples.diags.iter().filter(|(w, _)| w == page).take(3) {
                let _ = writeln!(out, "  - {diag}");
            }
        }
        out
    }

    /// The report for the terminal (markdown tables read fine there too).
    pub(crate) fn terminal(&self) -> String {
        self.body()
    }

    fn body(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "### First-screen download (this app)\n");
        out.push_str(&size_table(self.sizes));
        let _ = writeln!(
            out,
            "\n### Time to a usable identify form, memory, requests (medians)\n"
        );
        out.push_str(&self.loads_table());
        let _ = writeln!(out, "\n### Ratios (same run)\n");
        out.push_str(&self.ratios_table());
        let _ = writeln!(out, "\n### Where the first screen's time goes\n");
        for (page, label) in &PAGES[..2] {
            let timeline = self.timeline(page, label);
            if !timeline.is_empty() {
                out.push_str(&timeline);
                out.push('\n');
            }
        }
        let _ = writeln!(out, "### Okta Verify TOTP sign-in\n");
        out.push_str(&self.signin_section());
        let _ = writeln!(out, "\n### Budgets (issue 6)\n");
        out.push_str(&self.budgets_table());
        let notes = self.notes();
        if !notes.is_empty() {
            let _ = writeln!(out, "\n### Notes\n");
            out.push_str(&notes);
        }
        out
    }

    /// `crates/xtask/bench/RESULTS.md`.
    pub(crate) fn markdown(&self, machine: &Machine, versions: &[String]) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Benchmark results (`cargo xtask bench`)\n");
        let _ = writeln!(
            out,
            "Generated by `cargo xtask bench`; rerun it to refresh. Machine: {} ({} cores), {}, Chromium {} (headless). \
Load average (1 min) around the browser runs: {}; other work on the machine makes absolute times noisy, \
the interleaved peers share the same conditions. Peers: {}.\n",
            machine.cpu,
            machine.cores,
            machine.os,
            machine.chromium,
            machine.load,
            versions.join(", ")
        );
        let _ = writeln!(
            out,
            "Method: every page is served from 127.0.0.1 (brotli or gzip as the browser accepts) against the same local IDX emulator; \
each load uses a fresh headless Chromium context with the cache disabled; pages are loaded in rotating order after one warm-up \
round, at normal speed and with 4x CPU throttling. \"First usable form\" is the time from navigation start until the username \
field exists, is enabled, is rendered and takes focus. Memory is the JS heap in use after a forced GC plus every WebAssembly \
memory the page created. Requests are counted until the network has been quiet for 0.5 s after the form became usable; CORS \
preflights are counted separately. 1 KB = 1024 bytes.\n"
        );
        out.push_str(&self.body());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::budgets::Budgets;
    use crate::bench::results::sample_runs::{samples, sizes};

    #[test]
    fn markdown_names_the_machine_peers_and_notes() {
        let s = samples(100.0, 200.0, 400.0);
        let sz = sizes(1);
        let machine = Machine {
            cpu: "AMD EPYC".into(),
            cores: 2,
            os: "Debian 12".into(),
            chromium: "156.0.1".into(),
            load: "1.0 before / 2.0 after".into(),
        };
        let text = Results::new(&sz, &s, Budgets::TARGETS, 10)
            .with_dist_note("built elsewhere")
            .markdown(&machine, &["@okta/okta-auth-js@8.0.1".to_owned()]);
        assert!(text.contains("AMD EPYC (2 cores)"));
        assert!(text.contains("Chromium 156.0.1"));
        assert!(text.contains("1.0 before / 2.0 after"));
        assert!(text.contains("@okta/okta-auth-js@8.0.1"));
        assert!(text.contains("- built elsewhere"));
        assert!(text.contains("### Budgets (issue 6)"));
    }
}
