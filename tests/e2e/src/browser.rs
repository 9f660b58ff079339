//! chromedriver and headless Chromium.
//!
//! Invariant: chromedriver runs under [`crate::watchdog`], in its own process
//! group killed on drop, which also ends the Chromium it started; each
//! browser gets a fresh, deleted-afterwards profile directory.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::watchdog::Watched;

/// Flags for every Chromium the tests start (see shared/toolchain.md): no
/// sandbox (root), no GPU, and nothing that reaches the network by itself.
pub const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Desktop-sized window so screenshots show the layout people usually see.
const WINDOW: &str = "--window-size=1280,900";

/// What chromedriver prints once it listens.
const LISTENING: &str = "started successfully on port ";
/// What chromedriver prints when it cannot listen on IPv4 and gives up (a
/// failed IPv6 bind alone is only a warning, so "bind() failed" is not it).
const GIVES_UP: &str = "Exiting";

/// How long chromedriver may take to say it listens.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// Ports tried before giving up (each one taken by something else costs one).
const PORT_ATTEMPTS: u32 = 8;

/// A running chromedriver; killed with its process group on drop.
#[derive(Debug)]
pub struct Chromedriver {
    process: Watched,
    port: u16,
    profile: PathBuf,
    log: PathBuf,
}

impl Chromedriver {
    /// Starts `$CHROMEDRIVER` (default `chromedriver`) on a free loopback
    /// port below the kernel's ephemeral range.
    ///
    /// Ports from the ephemeral range are racy here: the e2e tests open many
    /// loopback connections and `127.0.0.1:0` listeners in parallel, and any
    /// of them can take a port between our check and chromedriver's bind
    /// (`--port=0` is no better: chromedriver picks a port and binds it
    /// later). Below the range only chromedrivers of this process compete,
    /// and each takes the next port of a shared counter.
    pub async fn start() -> Result<Self, String> {
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let mut refused = Vec::new();
        for _ in 0..PORT_ATTEMPTS {
            let port = next_port();
            if std::net::TcpListener::bind(("127.0.0.1", port)).is_err() {
                refused.push(format!("{port} (in use)"));
                continue;
            }
            match Self::start_on(&program, port).await? {
                Some(driver) => return Ok(driver),
                None => refused.push(format!("{port} (chromedriver could not bind it)")),
            }
        }
        Err(format!(
            "no port for {program}; tried {}",
            refused.join(", ")
        ))
    }

    /// `Ok(None)` when chromedriver says it cannot listen on `port`.
    async fn start_on(program: &str, port: u16) -> Result<Option<Self>, String> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let stem = format!(
            "e2e-chromium-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        // Under the watchdog: the group is killed on drop, and when this test
        // process disappears without dropping (Ctrl-C, SIGKILL), which would
        // otherwise leave chromedriver and Chromium running.
        let log = std::env::temp_dir().join(format!("{stem}.log"));
        let process = Watched::spawn(program, &[format!("--port={port}")], &log)?;
        // Dropped (killed, files removed) on every early return.
        let driver = Self {
            process,
            port,
            profile: std::env::temp_dir().join(stem),
            log,
        };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let output = std::fs::read_to_string(&driver.log).unwrap_or_default();
            match listen_outcome(&output) {
                Some(true) => return Ok(Some(driver)),
                Some(false) => return Ok(None),
                None if Instant::now() > deadline => {
                    let output: String = output.chars().take(2000).collect();
                    return Err(format!(
                        "{program} did not say it listens on port {port} within \
                         {START_TIMEOUT:?}; it printed:\n{output}"
                    ));
                }
                None => tokio::time::sleep(Duration::from_millis(25)).await,
            }
        }
    }

    /// Opens a headless Chromium session with a fresh profile.
    pub async fn browser(&self) -> Result<Client, String> {
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| (*s).to_owned()).collect();
        args.push(WINDOW.to_owned());
        args.push(format!("--user-data-dir={}", self.profile.display()));
        let mut options = serde_json::json!({ "args": args });
        // Debian's chromium; elsewhere let chromedriver find its browser.
        if std::path::Path::new("/usr/bin/chromium").exists() {
            options["binary"] = "/usr/bin/chromium".into();
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .map_err(|err| format!("cannot open a Chromium session: {err}"))
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // Kill the group (chromedriver and its Chromium) before removing its files.
        self.process.stop();
        let _ = std::fs::remove_dir_all(&self.profile);
        let _ = std::fs::remove_file(&self.log);
    }
}

/// Whether chromedriver's output says it listens (`Some(true)`), cannot
/// (`Some(false)`), or nothing yet (`None`).
fn listen_outcome(output: &str) -> Option<bool> {
    if output.contains(LISTENING) {
        Some(true)
    } else if output.contains(GIVES_UP) {
        Some(false)
    } else {
        None
    }
}

/// Ports handed to chromedriver: from 20000 up, below Linux's default
/// ephemeral range (32768–60999), starting at an offset from the process id
/// so a second test process running at the same time starts elsewhere.
pub(crate) fn next_port() -> u16 {
    const FIRST: u32 = 20_000;
    const SPAN: u32 = 12_000;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let offset = std::process::id()
        .wrapping_mul(97)
        .wrapping_add(NEXT.fetch_add(1, Ordering::Relaxed));
    u16::try_from(FIRST + offset % SPAN).expect("20000 + 12000 fits a port number")
}

#[cfg(test)]
mod tests {
    use super::{listen_outcome, next_port};

    #[test]
    fn reads_chromedriver_saying_whether_it_listens() {
        let started = "Starting ChromeDriver 156.0 on port 23456\n\
                       Only local connections are allowed.\n";
        assert_eq!(listen_outcome(started), None);
        let ipv6_only_warns = format!(
            "{started}[1.2][SEVERE]: bind() failed: Cannot assign requested address (99)\n"
        );
        assert_eq!(listen_outcome(&ipv6_only_warns), None);
        let listening = format!("{started}ChromeDriver was started successfully on port 23456.\n");
        assert_eq!(listen_outcome(&listening), Some(true));
        let refused = format!(
            "{started}[1795846296.448][SEVERE]: bind() failed: Address already in use (98)\n\
             IPv4 port not available. Exiting...\n"
        );
        assert_eq!(listen_outcome(&refused), Some(false));
    }

    #[test]
    fn ports_stay_below_the_ephemeral_range_and_differ() {
        let ports: Vec<u16> = (0..50).map(|_| next_port()).collect();
        assert!(
            ports.iter().all(|port| (20_000..32_000).contains(port)),
            "{ports:?}"
        );
        let mut distinct = ports.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), ports.len(), "{ports:?}");
    }
}
