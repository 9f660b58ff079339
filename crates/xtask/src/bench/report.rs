//! The number-crunching half of `cargo xtask bench`: parse the runner's raw
//! samples, take medians, compute ratios against the two peers measured in
//! the same run, check the issue's budgets and render the tables (terminal
//! and `crates/xtask/bench/RESULTS.md`).
//!
//! Invariants:
//! - Pure: no I/O here, so every figure and verdict is unit-tested.
//! - A missing measurement is reported as missing ("not measured: why"),
//!   never as a pass and never as zero.
//! - 1 KB = 1024 bytes everywhere in this report.

use std::fmt::Write as _;

/// Sizes of one first-screen file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileSize {
    /// Path relative to dist/.
    pub(crate) name: String,
    pub(crate) raw: u64,
    /// `gzip -9` output size.
    pub(crate) gzip: u64,
    /// `brotli -q 11` output size.
    pub(crate) brotli: u64,
}

/// What the numbers were measured on.
#[derive(Debug, Clone)]
pub(crate) struct Machine {
    pub(crate) cpu: String,
    pub(crate) cores: usize,
    pub(crate) os: String,
    pub(crate) chromium: String,
    /// 1-minute load average around the browser runs, as text.
    pub(crate) load: String,
}

/// The budgets of issue 6.
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
    pub(crate) const ISSUE_6: Budgets = Budgets {
        first_screen_brotli: 100 * 1024,
        vs_authjs: 0.8,
        vs_widget: 0.35,
    };
}

/// One page load (runner line `load`).
#[derive(Debug, Clone, PartialEq)]
struct Load {
    page: String,
    rate: u32,
    iter: i64,
    usable_ms: f64,
    js_heap: u64,
    wasm: u64,
    requests: u64,
    preflights: u64,
    bytes: u64,
    discovery: u64,
    off_loopback: u64,
}

/// One complete TOTP sign-in through a page (runner line `signin`).
#[derive(Debug, Clone, PartialEq)]
struct SignIn {
    /// `app` or `authjs`.
    page: String,
    code_to_home_ms: f64,
    api_requests: u64,
    preflights: u64,
    api_bytes_in: u64,
    api_bytes_out: u64,
    static_requests: u64,
    static_bytes: u64,
    steps: u64,
    discovery: u64,
    tokens_stored: bool,
}

/// One logged request (method and path only).
#[derive(Debug, Clone, PartialEq)]
struct Request {
    who: String,
    method: String,
    kind: String,
    status: String,
    origin: String,
    path: String,
    bytes: u64,
    failed: String,
    /// Start and end on the page's timeline (ms after its first request).
    start_ms: Option<f64>,
    end_ms: Option<f64>,
    /// CPU rate of the load it belongs to (page loads only).
    rate: Option<u32>,
}

/// Everything the runner wrote.
#[derive(Debug, Default)]
pub(crate) struct Samples {
    meta: Vec<(String, String)>,
    loads: Vec<Load>,
    /// (page, rate, reason) of loads that never produced a usable form.
    fails: Vec<(String, u32, String)>,
    diags: Vec<(String, String)>,
    /// Requests of the first measured unthrottled load of each page.
    requests: Vec<Request>,
    /// Requests of failed loads (for diagnosing the emulator).
    fail_requests: Vec<Request>,
    signins: Vec<SignIn>,
    /// (page, reason) of sign-ins that did not reach the home page.
    signin_fails: Vec<(String, String)>,
    /// Requests of the first measured sign-in (or of the failed ones).
    signin_requests: Vec<Request>,
}

fn num<T: std::str::FromStr>(field: Option<&&str>) -> Option<T> {
    field.and_then(|f| f.parse().ok())
}

fn request(f: &[&str]) -> Option<Request> {
    Some(Request {
        who: (*f.get(1)?).to_owned(),
        method: (*f.get(2)?).to_owned(),
        kind: (*f.get(3)?).to_owned(),
        status: (*f.get(4)?).to_owned(),
        origin: (*f.get(5)?).to_owned(),
        path: (*f.get(6)?).to_owned(),
        bytes: num(f.get(7)).unwrap_or(0),
        failed: f.get(8).map_or(String::new(), |s| (*s).to_owned()),
        start_ms: num(f.get(9)),
        end_ms: num(f.get(10)),
        rate: num(f.get(11)),
    })
}

impl Samples {
    /// Parses the runner's tab-separated lines; unknown or malformed lines
    /// are skipped (the runner and this parser are versioned together).
    pub(crate) fn parse(text: &str) -> Self {
        let mut samples = Samples::default();
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            match f.first().copied() {
                Some("meta") if f.len() >= 3 => {
                    samples.meta.push((f[1].to_owned(), f[2].to_owned()));
                }
                Some("load") => {
                    let load = (|| {
                        Some(Load {
                            page: (*f.get(1)?).to_owned(),
                            rate: num(f.get(2))?,
                            iter: num(f.get(3))?,
                            usable_ms: num(f.get(4))?,
                            js_heap: num(f.get(5))?,
                            wasm: num(f.get(6))?,
                            requests: num(f.get(7))?,
                            preflights: num(f.get(8))?,
                            bytes: num(f.get(9))?,
                            discovery: num(f.get(10))?,
                            off_loopback: num(f.get(11))?,
                        })
                    })();
                    samples.loads.extend(load);
                }
                Some("fail") if f.len() >= 5 => {
                    if let Some(rate) = num(f.get(2)) {
                        samples.fails.push((f[1].to_owned(), rate, f[4].to_owned()));
                    }
                }
                Some("diag") if f.len() >= 3 => {
                    samples.diags.push((f[1].to_owned(), f[2].to_owned()));
                }
                Some("req") => samples.requests.extend(request(&f)),
                Some("failreq") => samples.fail_requests.extend(request(&f)),
                Some("signinreq") => samples.signin_requests.extend(request(&f)),
                Some("signin") => {
                    let signin = (|| {
                        Some(SignIn {
                            page: (*f.get(1)?).to_owned(),
                            code_to_home_ms: num(f.get(3))?,
                            api_requests: num(f.get(4))?,
                            preflights: num(f.get(5))?,
                            api_bytes_in: num(f.get(6))?,
                            api_bytes_out: num(f.get(7))?,
                            static_requests: num(f.get(8))?,
                            static_bytes: num(f.get(9))?,
                            steps: num(f.get(10))?,
                            discovery: num(f.get(11))?,
                            tokens_stored: *f.get(12)? == "true",
                        })
                    })();
                    samples.signins.extend(signin);
                }
                Some("signinfail") if f.len() >= 4 => {
                    samples
                        .signin_fails
                        .push((f[1].to_owned(), f[3].to_owned()));
                }
                _ => {}
            }
        }
        samples
    }

    /// The first `meta` value under `key`.
    pub(crate) fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Median of a non-empty list (mean of the two middle values for even counts).
fn median(values: &mut [f64]) -> Option<f64> {
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

fn median_of<T>(items: &[T], f: impl Fn(&T) -> f64) -> Option<f64> {
    median(&mut items.iter().map(f).collect::<Vec<_>>())
}

/// Medians of one page at one CPU rate.
#[derive(Debug, Clone, PartialEq)]
struct PageStats {
    n: usize,
    usable_ms: f64,
    js_heap: f64,
    wasm: f64,
    requests: f64,
    preflights: f64,
    bytes: f64,
    discovery: f64,
    off_loopback: u64,
}

fn page_stats(loads: &[Load], page: &str, rate: u32) -> Option<PageStats> {
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

/// A budget's outcome.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Met,
    /// Missed, with by how much.
    Missed(String),
    /// Could not be checked, with why.
    NotMeasured(String),
}

#[derive(Debug, Clone, PartialEq)]
struct BudgetLine {
    name: String,
    limit: String,
    actual: String,
    verdict: Verdict,
}

const PAGES: [(&str, &str); 3] = [
    ("app", "this app (Rust/wasm)"),
    ("authjs", "okta-auth-js idx page"),
    ("widget", "Okta Sign-In Widget page"),
];
const RATES: [u32; 2] = [1, 4];

/// Everything a run found, ready to render.
#[derive(Debug)]
pub(crate) struct Results<'a> {
    sizes: &'a [FileSize],
    samples: &'a Samples,
    budgets: Budgets,
    loads_requested: u32,
    /// Said in the notes when dist/ was not built by this run.
    dist_note: Option<String>,
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

    /// Where the time of an unthrottled load of `page` goes: each request
    /// (in order of first appearance) with its median start and end over
    /// all measured 1x loads, then the median time to a usable form.
    fn timeline(&self, page: &str, label: &str) -> String {
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

    fn stats(&self, page: &str, rate: u32) -> Option<PageStats> {
        page_stats(&self.samples.loads, page, rate)
    }

    fn why_missing(&self, page: &str, rate: u32) -> String {
        self.samples
            .fails
            .iter()
            .find(|(p, r, _)| p == page && *r == rate)
            .map_or_else(
                || format!("no successful load of the {page} page at {rate}x CPU"),
                |(_, _, reason)| format!("{page} page at {rate}x CPU: {reason}"),
            )
    }

    fn budgets(&self) -> Vec<BudgetLine> {
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

    /// Measured sign-ins of one page.
    fn signins(&self, page: &str) -> Vec<&SignIn> {
        self.samples
            .signins
            .iter()
            .filter(|s| s.page == page)
            .collect()
    }

    fn signin_failure(&self, page: &str) -> Option<&str> {
        self.samples
            .signin_fails
            .iter()
            .find(|(p, _)| p == page)
            .map(|(_, reason)| reason.as_str())
    }

    fn request_budget(&self) -> BudgetLine {
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

    fn sizes_table(&self) -> String {
        size_table(self.sizes)
    }

    fn loads_table(&self) -> String {
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

    fn ratios_table(&self) -> String {
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

    fn signin_section(&self) -> String {
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

    fn budgets_table(&self) -> String {
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

    fn notes(&self) -> String {
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
        out.push_str(&self.sizes_table());
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

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn mb(bytes: f64) -> String {
    format!("{:.2} MB", bytes / (1024.0 * 1024.0))
}

/// Local `href`/`src` targets in an HTML page, without the leading `/`,
/// in document order (external URLs and data: URIs are left out).
pub(crate) fn local_references(html: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    for attr in ["href=", "src=", "from "] {
        let mut offset = 0;
        while let Some(at) = html[offset..].find(attr) {
            offset += at + attr.len();
            let rest = &html[offset..];
            // Quoted, or unquoted as minified HTML writes it (`href=/a.js`).
            let value = match rest.chars().next() {
                Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or(""),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            if !value.is_empty() && !value.contains("://") && !value.starts_with("data:") {
                let name = value.trim_start_matches("./").trim_start_matches('/');
                found.push((offset, name.to_owned()));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let mut names: Vec<String> = Vec::new();
    for (_, name) in found {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// A JSON string literal.
pub(crate) fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `name@version` for each entry of package.json's `dependencies` block.
pub(crate) fn pinned_dependencies(package_json: &str) -> Vec<String> {
    let Some(start) = package_json.find("\"dependencies\"") else {
        return Vec::new();
    };
    let block = &package_json[start..];
    let Some(open) = block.find('{') else {
        return Vec::new();
    };
    let body = block[open + 1..].split('}').next().unwrap_or("");
    body.split(',')
        .filter_map(|entry| {
            let (name, version) = entry.split_once(':')?;
            let name = name.trim().trim_matches('"');
            let version = version.trim().trim_matches('"');
            (!name.is_empty()).then(|| format!("{name}@{version}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_line(page: &str, rate: u32, ms: f64, requests: u64) -> String {
        format!("load\t{page}\t{rate}\t0\t{ms}\t1048576\t0\t{requests}\t1\t20480\t0\t0")
    }

    fn sizes(brotli: u64) -> Vec<FileSize> {
        vec![FileSize {
            name: "app_bg.wasm".into(),
            raw: brotli * 4,
            gzip: brotli * 2,
            brotli,
        }]
    }

    fn samples(app_ms: f64, authjs_ms: f64, widget_ms: f64) -> Samples {
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

    #[test]
    fn median_of_odd_and_even_lists() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn parses_runner_lines_and_skips_garbage() {
        let text = "meta\tchromium\t156.0.1\nload\tapp\t1\t0\t12.5\t100\t200\t3\t1\t999\t0\t0\nload\tbroken\nsignin\t0\tx\nnoise\n\
req\tapp\tGET\tScript\t200\thttp://127.0.0.1:1\t/a.js\t2048\t\t3.0\t9.5\t1\t0\n\
req\tapp\tGET\tScript\t200\thttp://127.0.0.1:1\t/a.js\t2048\t\t5.0\t11.5\t1\t1\n\
req\tapp\tGET\tScript\t200\thttp://127.0.0.1:1\t/a.js\t2048\t\t500.0\t900\t4\t0\n";
        let s = Samples::parse(text);
        assert_eq!(s.meta("chromium"), Some("156.0.1"));
        assert_eq!(s.loads.len(), 1);
        assert_eq!(s.loads[0].wasm, 200);
        assert!(s.signins.is_empty());
        assert_eq!(s.requests[0].end_ms, Some(9.5));
        let sz = sizes(1);
        let timeline = Results::new(&sz, &s, Budgets::ISSUE_6, 10).timeline("app", "App");
        assert!(
            // Median of the two 1x loads; the 4x load is left out.
            timeline.contains("- 4–10: `GET /a.js` 2.0 KB"),
            "{timeline}"
        );
        assert!(timeline.contains("- 12: form usable"), "{timeline}");
        assert!(!timeline.contains("500"), "{timeline}");
    }

    #[test]
    fn all_budgets_met_when_fast_and_small() {
        let s = samples(100.0, 200.0, 400.0);
        let sz = sizes(50 * 1024);
        let results = Results::new(&sz, &s, Budgets::ISSUE_6, 10);
        let lines = results.budgets();
        assert_eq!(lines.len(), 6);
        assert!(lines.iter().all(|l| l.verdict == Verdict::Met), "{lines:?}");
    }

    #[test]
    fn misses_say_by_how_much() {
        // 0.9x of auth-js (budget 0.8x) and 0.45x of the widget (budget 0.35x).
        let s = samples(180.0, 200.0, 400.0);
        let sz = sizes(123 * 1024);
        let results = Results::new(&sz, &s, Budgets::ISSUE_6, 10);
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
        let line = Results::new(&sz, &s, Budgets::ISSUE_6, 10).request_budget();
        assert_eq!(
            line.verdict,
            Verdict::Missed("2 request(s) over, 1 discovery call(s)".into())
        );
    }

    #[test]
    fn missing_measurements_are_not_passes() {
        let s = Samples::parse("fail\twidget\t1\t0\ttimeout after 30000 ms\n");
        let sz = sizes(1);
        let results = Results::new(&sz, &s, Budgets::ISSUE_6, 10);
        let lines = results.budgets();
        assert!(matches!(lines[1].verdict, Verdict::NotMeasured(_)));
        assert_eq!(
            lines[3].verdict,
            Verdict::NotMeasured("no successful load of the app page at 1x CPU".into())
        );
        assert!(matches!(lines[5].verdict, Verdict::NotMeasured(_)));
        assert!(results.notes().contains("widget page failed 1 load"));
    }

    #[test]
    fn ratios_use_medians_of_the_same_run() {
        let s = samples(100.0, 200.0, 400.0);
        let sz = sizes(1);
        let table = Results::new(&sz, &s, Budgets::ISSUE_6, 10).ratios_table();
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
        let text = Results::new(&sz, &s, Budgets::ISSUE_6, 10)
            .with_dist_note("built elsewhere")
            .markdown(&machine, &["@okta/okta-auth-js@8.0.1".to_owned()]);
        assert!(text.contains("AMD EPYC (2 cores)"));
        assert!(text.contains("Chromium 156.0.1"));
        assert!(text.contains("1.0 before / 2.0 after"));
        assert!(text.contains("@okta/okta-auth-js@8.0.1"));
        assert!(text.contains("- built elsewhere"));
        assert!(text.contains("### Budgets (issue 6)"));
    }

    #[test]
    fn sign_in_table_compares_with_the_auth_js_page() {
        let s = samples(100.0, 200.0, 400.0);
        let sz = sizes(1);
        let section = Results::new(&sz, &s, Budgets::ISSUE_6, 10).signin_section();
        assert!(
            section.contains("| code submitted → home page (median) | 120 ms | 241 ms | 0.50x |"),
            "{section}"
        );
        assert!(
            section.contains("| steps submitted | 2 | 4 | 0.50x |"),
            "{section}"
        );
        let failed = Samples::parse("signinfail\tauthjs\t0\tno home page\n");
        let section = Results::new(&sz, &failed, Budgets::ISSUE_6, 10).signin_section();
        assert!(section.contains("not measured (no home page)"), "{section}");
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

    #[test]
    fn finds_local_references_in_order() {
        let html = r#"<link rel="modulepreload" href="/a.js"><link href="https://x/y.css"><script type="module">import init from '/a.js';</script><img src="./b.png"><a href="data:x">"#;
        assert_eq!(local_references(html), ["a.js", "b.png"]);
        let minified =
            "<link href=/main.css rel=stylesheet><link as=fetch href=/app_bg.wasm rel=preload>";
        assert_eq!(local_references(minified), ["main.css", "app_bg.wasm"]);
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\n"), r#""a\"b\\c\n""#);
    }

    #[test]
    fn reads_pinned_dependencies() {
        let text = r#"{"name": "x", "dependencies": {"@okta/okta-auth-js": "8.0.1", "playwright-core": "1.65.1"}}"#;
        assert_eq!(
            pinned_dependencies(text),
            ["@okta/okta-auth-js@8.0.1", "playwright-core@1.65.1"]
        );
    }
}
