//! The verdicts on a run's budgets: the first-screen download, the time to
//! a usable form against each peer at each CPU rate, and the requests of a
//! TOTP sign-in.
//!
//! Invariants:
//! - Pure: a verdict is computed from the results only.
//! - A budget that could not be checked is [`Verdict::NotMeasured`] with the
//!   reason, never [`Verdict::Met`]; a miss says by how much.
//! - Every measured sign-in must fit the request budget; the worst is reported.

use super::results::Results;
use super::statistics::RATES;
use super::units::kb;

/// A budget's outcome.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Verdict {
    Met,
    /// Missed, with by how much.
    Missed(String),
    /// Could not be checked, with why.
    NotMeasured(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct BudgetLine {
    pub(super) name: String,
    pub(super) limit: String,
    pub(super) actual: String,
    pub(super) verdict: Verdict,
}

impl Results<'_> {
    pub(super) fn budgets(&self) -> Vec<BudgetLine> {
        let mut lines = Vec::new();
        let total: u64 = self.sizes.iter().map(|f| f.brotli).sum();
        let limit = self.budgets.first_screen_brotli;
        lines.push(BudgetLine {
            name: "first-screen download (brotli 11)".into(),
            limit: format!("≤ {}", kb(limit)),
            actual: kb(total),
            verdict: if total <= limit {
                Verdict::Met
            } else {
                Verdict::Missed(format!(
                    "{} over ({:.0}% above the budget)",
                    kb(total - limit),
                    (total as f64 / limit as f64 - 1.0) * 100.0
                ))
            },
        });
        for (peer, label, max) in [
            ("authjs", "okta-auth-js page", self.budgets.vs_authjs),
            ("widget", "widget page", self.budgets.vs_widget),
        ] {
            for rate in RATES {
                lines.push(self.ratio_budget(peer, label, max, rate));
            }
        }
        lines.push(self.request_budget());
        lines
    }

    fn ratio_budget(&self, peer: &str, label: &str, max: f64, rate: u32) -> BudgetLine {
        let name = format!("first usable form vs {label}, {rate}x CPU");
        let limit = format!("≤ {max:.2}x");
        let (app, other) = match (self.stats("app", rate), self.stats(peer, rate)) {
            (Some(app), Some(other)) => (app, other),
            (None, _) => {
                return BudgetLine {
                    name,
                    limit,
                    actual: "-".into(),
                    verdict: Verdict::NotMeasured(self.why_missing("app", rate)),
                };
            }
            (_, None) => {
                return BudgetLine {
                    name,
                    limit,
                    actual: "-".into(),
                    verdict: Verdict::NotMeasured(self.why_missing(peer, rate)),
                };
            }
        };
        let ratio = app.usable_ms / other.usable_ms;
        let target = other.usable_ms * max;
        BudgetLine {
            name,
            limit,
            actual: format!(
                "{ratio:.2}x ({:.0} ms vs {:.0} ms)",
                app.usable_ms, other.usable_ms
            ),
            verdict: if ratio <= max {
                Verdict::Met
            } else {
                Verdict::Missed(format!(
                    "{:.0} ms too slow (needs ≤ {target:.0} ms)",
                    app.usable_ms - target
                ))
            },
        }
    }

    pub(super) fn request_budget(&self) -> BudgetLine {
        let name = "HTTP requests per TOTP sign-in".to_owned();
        let signins = self.signins("app");
        let Some(first) = signins.first().copied() else {
            let why = self.signin_failure("app").map_or_else(
                || "the sign-in was not run".to_owned(),
                |reason| format!("sign-in failed: {reason}"),
            );
            return BudgetLine {
                name,
                limit: "interact + introspect + 1 per step + token + JWKS, no discovery".into(),
                actual: "-".into(),
                verdict: Verdict::NotMeasured(why),
            };
        };
        // Every measured sign-in must fit; report the worst.
        let worst = signins
            .iter()
            .copied()
            .max_by_key(|s| (s.api_requests as i64 - s.steps as i64, s.discovery))
            .unwrap_or(first);
        let allowed = 2 + worst.steps + 2;
        let mut problems = Vec::new();
        if worst.api_requests > allowed {
            problems.push(format!("{} request(s) over", worst.api_requests - allowed));
        }
        if worst.discovery > 0 {
            problems.push(format!("{} discovery call(s)", worst.discovery));
        }
        BudgetLine {
            name,
            limit: format!(
                "≤ {allowed} (interact, introspect, {} steps, token, JWKS), no discovery",
                worst.steps
            ),
            actual: format!(
                "{} (+{} CORS preflights)",
                worst.api_requests, worst.preflights
            ),
            verdict: if problems.is_empty() {
                Verdict::Met
            } else {
                Verdict::Missed(problems.join(", "))
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::budgets::Budgets;
    use crate::bench::results::sample_runs::{samples, sizes};
    use crate::bench::samples::Samples;

    #[test]
    fn all_budgets_met_when_fast_and_small() {
        let s = samples(100.0, 200.0, 400.0);
        let sz = sizes(50 * 1024);
        let results = Results::new(&sz, &s, Budgets::TARGETS, 10);
        let lines = results.budgets();
        assert_eq!(lines.len(), 6);
        assert!(lines.iter().all(|l| l.verdict == Verdict::Met), "{lines:?}");
    }

    #[test]
    fn misses_say_by_how_much() {
        // 0.9x of auth-js (budget 0.8x) and 0.45x of the widget (budget 0.35x).
        let s = samples(180.0, 200.0, 400.0);
        let sz = sizes(123 * 1024);
        let results = Results::new(&sz, &s, Budgets::TARGETS, 10);
        let lines = results.budgets();
        assert_eq!(
            lines[0].verdict,
            Verdict::Missed("23.0 KB over (23% above the budget)".into())
        );
        // 1x CPU: app 180 ms, auth-js 200 ms -> needs <= 160 ms.
        assert_eq!(
            lines[1].verdict,
            Verdict::Missed("20 ms too slow (needs ≤ 160 ms)".into())
        );
        assert!(matches!(lines[3].verdict, Verdict::Missed(_)));
        // The sign-in: 2 steps allow 6 requests; 6 made.
        assert_eq!(lines[5].verdict, Verdict::Met);
        assert!(results.terminal().contains("**MISSED**"));
    }

    #[test]
    fn too_many_sign_in_requests_or_discovery_miss() {
        // The okta-auth-js page's sign-ins never count against this app's budget.
        let text = "signin\tapp\t0\t100\t8\t7\t1\t1\t1\t1\t2\t1\ttrue\t1\n\
signin\tauthjs\t0\t100\t30\t7\t1\t1\t1\t1\t2\t1\ttrue\t1\n";
        let s = Samples::parse(text);
        let sz = sizes(1);
        let line = Results::new(&sz, &s, Budgets::TARGETS, 10).request_budget();
        assert_eq!(
            line.verdict,
            Verdict::Missed("2 request(s) over, 1 discovery call(s)".into())
        );
    }

    #[test]
    fn missing_measurements_are_not_passes() {
        let s = Samples::parse("fail\twidget\t1\t0\ttimeout after 30000 ms\n");
        let sz = sizes(1);
        let results = Results::new(&sz, &s, Budgets::TARGETS, 10);
        let lines = results.budgets();
        assert!(matches!(lines[1].verdict, Verdict::NotMeasured(_)));
        assert_eq!(
            lines[3].verdict,
            Verdict::NotMeasured("no successful load of the app page at 1x CPU".into())
        );
        assert!(matches!(lines[5].verdict, Verdict::NotMeasured(_)));
        assert!(results.notes().contains("widget page failed 1 load"));
    }
}
