//! Where the first screen's time goes: each request of an unthrottled page
//! load on a timeline of medians, then the time the form became usable.
//!
//! Invariants:
//! - Pure; only the measured 1x CPU loads count (throttled loads would
//!   stretch the timeline).
//! - A request is identified by method, path and whether it is a CORS
//!   preflight, in order of its median start.

use std::fmt::Write as _;

use super::results::Results;
use super::samples::Request;
use super::statistics::median_of;
use super::units::kb;

impl Results<'_> {
    /// Where the time of an unthrottled load of `page` goes: each request
    /// (in order of first appearance) with its median start and end over
    /// all measured 1x loads, then the median time to a usable form.
    pub(super) fn timeline(&self, page: &str, label: &str) -> String {
        let mut out = String::new();
        let requests: Vec<&Request> = self
            .samples
            .requests
            .iter()
            .filter(|r| r.who == page && r.rate.unwrap_or(1) == 1)
            .collect();
        if requests.is_empty() {
            return out;
        }
        let mut keys: Vec<(&str, &str, bool)> = Vec::new();
        for r in &requests {
            let key = (r.method.as_str(), r.path.as_str(), r.kind == "preflight");
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        let mut rows: Vec<(f64, f64, String)> = keys
            .iter()
            .map(|&(method, path, preflight)| {
                let same: Vec<&&Request> = requests
                    .iter()
                    .filter(|r| {
                        r.method == method && r.path == path && (r.kind == "preflight") == preflight
                    })
                    .collect();
                let start =
                    median_of(&same, |r| r.start_ms.unwrap_or(f64::NAN)).unwrap_or(f64::NAN);
                let end = median_of(&same, |r| r.end_ms.unwrap_or(f64::NAN)).unwrap_or(f64::NAN);
                let bytes = median_of(&same, |r| r.bytes as f64).unwrap_or(0.0);
                let text = format!(
                    "`{method} {path}`{} {}",
                    if preflight { " (preflight)" } else { "" },
                    kb(bytes as u64)
                );
                (start, end, text)
            })
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        let _ = writeln!(
            out,
            "{label}, 1x CPU, medians over the measured loads (ms from the page request):\n"
        );
        for (start, end, text) in rows {
            let _ = writeln!(out, "- {start:.0}–{end:.0}: {text}");
        }
        if let Some(stats) = self.stats(page, 1) {
            let _ = writeln!(
                out,
                "- {:.0}: form usable (from navigation start)",
                stats.usable_ms
            );
        }
        out
    }
}
