//! The TOTP sign-in section: this app against the okta-auth-js page (time
//! from code to home page, steps, requests, bytes, stored tokens), then the
//! requests of one sign-in through each, in order.
//!
//! Invariants:
//! - Pure; each figure is a median over the measured sign-ins of a page.
//! - A page with no measured sign-in says "not measured" with the runner's
//!   reason; its requests listed are those of the failed attempts.
//! - Requests are listed by method, path and status only, never with a body.

use std::fmt::Write as _;

use super::results::Results;
use super::samples::{Request, SignIn};
use super::statistics::median;
use super::units::kb;

impl Results<'_> {
    pub(super) fn signin_section(&self) -> String {
        let mut out = String::new();
        let app = self.signins("app");
        let peer = self.signins("authjs");
        let _ = writeln!(
            out,
            "Username + password, Okta Verify, code from the emulator's virtual device; the same user on both pages, \
alternating, {} measured runs each after a warm-up.\n",
            app.len().max(peer.len())
        );
        let _ = writeln!(out, "| | this app | okta-auth-js idx page | ratio |");
        let _ = writeln!(out, "|---|---:|---:|---:|");
        let cell = |list: &[&SignIn],
                    page: &str,
                    f: &dyn Fn(&SignIn) -> f64,
                    unit: &dyn Fn(f64) -> String| {
            if list.is_empty() {
                format!(
                    "not measured ({})",
                    self.signin_failure(page)
                        .unwrap_or("not run")
                        .replace('|', "/")
                )
            } else {
                let mut values: Vec<f64> = list.iter().map(|s| f(s)).collect();
                median(&mut values).map_or_else(|| "-".to_owned(), unit)
            }
        };
        let ratio = |f: &dyn Fn(&SignIn) -> f64| {
            let a = median(&mut app.iter().map(|s| f(s)).collect::<Vec<_>>());
            let b = median(&mut peer.iter().map(|s| f(s)).collect::<Vec<_>>());
            match (a, b) {
                (Some(a), Some(b)) if b > 0.0 => format!("{:.2}x", a / b),
                _ => "-".to_owned(),
            }
        };
        type Row<'r> = (
            &'r str,
            &'r dyn Fn(&SignIn) -> f64,
            &'r dyn Fn(f64) -> String,
        );
        let ms = |v: f64| format!("{v:.0} ms");
        let count = |v: f64| format!("{v:.0}");
        let bytes = |v: f64| kb(v as u64);
        let rows: [Row<'_>; 7] = [
            (
                "code submitted → home page (median)",
                &|s| s.code_to_home_ms,
                &ms,
            ),
            ("steps submitted", &|s| s.steps as f64, &count),
            (
                "requests to the emulator (IDX + OAuth)",
                &|s| s.api_requests as f64,
                &count,
            ),
            ("CORS preflights", &|s| s.preflights as f64, &count),
            (
                "bytes received from the emulator",
                &|s| s.api_bytes_in as f64,
                &bytes,
            ),
            ("request bodies sent", &|s| s.api_bytes_out as f64, &bytes),
            (
                "static files (page, code, CSS, config) bytes",
                &|s| s.static_bytes as f64,
                &bytes,
            ),
        ];
        for (label, f, unit) in rows {
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} |",
                cell(&app, "app", f, unit),
                cell(&peer, "authjs", f, unit),
                ratio(f)
            );
        }
        let stored = |list: &[&SignIn]| {
            if list.is_empty() {
                "-"
            } else if list.iter().all(|s| s.tokens_stored) {
                "yes"
            } else {
                "NO"
            }
        };
        let _ = writeln!(
            out,
            "| tokens stored (`signin.tokens.v1` / auth-js token storage) | {} | {} | |",
            stored(&app),
            stored(&peer)
        );
        for (page, label) in [("app", "this app"), ("authjs", "the okta-auth-js page")] {
            // The first measured sign-in, or else the failed attempts.
            let measured = format!("{page}:0");
            let who = if self
                .samples
                .signin_requests
                .iter()
                .any(|r| r.who == measured)
            {
                measured
            } else {
                format!("{page}:-1")
            };
            let api: Vec<&Request> = self
                .samples
                .signin_requests
                .iter()
                .filter(|r| r.who == who && r.kind != "Document")
                .filter(|r| {
                    ![".wasm", ".js", ".css", ".json", ".html", ".svg"]
                        .iter()
                        .any(|ext| r.path.ends_with(ext))
                        || r.path.contains("/.well-known/")
                })
                .collect();
            if api.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\nRequests of a sign-in through {label}, in order:\n");
            for r in api {
                let _ = writeln!(
                    out,
                    "- `{} {}` {}{}",
                    r.method,
                    r.path,
                    if r.kind == "preflight" {
                        "(preflight) ".to_owned()
                    } else {
                        String::new()
                    },
                    if r.failed.is_empty() {
                        format!("→ {}", r.status)
                    } else {
                        format!("→ failed: {}", r.failed)
                    }
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::bench::budgets::Budgets;
    use crate::bench::results::Results;
    use crate::bench::results::sample_runs::{samples, sizes};
    use crate::bench::samples::Samples;

    #[test]
    fn sign_in_table_compares_with_the_auth_js_page() {
        let s = samples(100.0, 200.0, 400.0);
        let sz = sizes(1);
        let section = Results::new(&sz, &s, Budgets::TARGETS, 10).signin_section();
        assert!(
            section.contains("| code submitted → home page (median) | 120 ms | 241 ms | 0.50x |"),
            "{section}"
        );
        assert!(
            section.contains("| steps submitted | 2 | 4 | 0.50x |"),
            "{section}"
        );
        let failed = Samples::parse("signinfail\tauthjs\t0\tno home page\n");
        let section = Results::new(&sz, &failed, Budgets::TARGETS, 10).signin_section();
        assert!(section.contains("not measured (no home page)"), "{section}");
    }
}
