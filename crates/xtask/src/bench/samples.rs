//! What a benchmark run measured, as it comes in: the sizes of the
//! first-screen files and the browser runner's raw tab-separated samples
//! (page loads, failures, requests, sign-ins).
//!
//! Invariants:
//! - Pure: parsing does no I/O, so every line shape is unit-tested.
//! - Lenient: unknown or malformed runner lines are skipped, never a panic
//!   (the runner and this parser are versioned together, so a skipped line
//!   shows up as a missing measurement, never as a wrong one).

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

/// One page load (runner line `load`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Load {
    pub(super) page: String,
    pub(super) rate: u32,
    pub(super) iter: i64,
    pub(super) usable_ms: f64,
    pub(super) js_heap: u64,
    pub(super) wasm: u64,
    pub(super) requests: u64,
    pub(super) preflights: u64,
    pub(super) bytes: u64,
    pub(super) discovery: u64,
    pub(super) off_loopback: u64,
}

/// One complete TOTP sign-in through a page (runner line `signin`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SignIn {
    /// `app` or `authjs`.
    pub(super) page: String,
    pub(super) code_to_home_ms: f64,
    pub(super) api_requests: u64,
    pub(super) preflights: u64,
    pub(super) api_bytes_in: u64,
    pub(super) api_bytes_out: u64,
    pub(super) static_requests: u64,
    pub(super) static_bytes: u64,
    pub(super) steps: u64,
    pub(super) discovery: u64,
    pub(super) tokens_stored: bool,
}

/// One logged request (method and path only).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Request {
    pub(super) who: String,
    pub(super) method: String,
    pub(super) kind: String,
    pub(super) status: String,
    pub(super) origin: String,
    pub(super) path: String,
    pub(super) bytes: u64,
    pub(super) failed: String,
    /// Start and end on the page's timeline (ms after its first request).
    pub(super) start_ms: Option<f64>,
    pub(super) end_ms: Option<f64>,
    /// CPU rate of the load it belongs to (page loads only).
    pub(super) rate: Option<u32>,
}

/// Everything the runner wrote.
#[derive(Debug, Default)]
pub(crate) struct Samples {
    pub(super) meta: Vec<(String, String)>,
    pub(super) loads: Vec<Load>,
    /// (page, rate, reason) of loads that never produced a usable form.
    pub(super) fails: Vec<(String, u32, String)>,
    pub(super) diags: Vec<(String, String)>,
    /// Requests of the first measured unthrottled load of each page.
    pub(super) requests: Vec<Request>,
    /// Requests of failed loads (for diagnosing the emulator).
    pub(super) fail_requests: Vec<Request>,
    pub(super) signins: Vec<SignIn>,
    /// (page, reason) of sign-ins that did not reach the home page.
    pub(super) signin_fails: Vec<(String, String)>,
    /// Requests of the first measured sign-in (or of the failed ones).
    pub(super) signin_requests: Vec<Request>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::budgets::Budgets;
    use crate::bench::results::Results;
    use crate::bench::results::sample_runs::sizes;

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
        let timeline = Results::new(&sz, &s, Budgets::TARGETS, 10).timeline("app", "App");
        assert!(
            // Median of the two 1x loads; the 4x load is left out.
            timeline.contains("- 4–10: `GET /a.js` 2.0 KB"),
            "{timeline}"
        );
        assert!(timeline.contains("- 12: form usable"), "{timeline}");
        assert!(!timeline.contains("500"), "{timeline}");
    }
}
