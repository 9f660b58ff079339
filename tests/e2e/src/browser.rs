//! chromedriver and headless Chromium.
//!
//! Invariant: chromedriver runs in its own process group and is killed by
//! that group's id on drop, which also ends the Chromium it started; each
//! browser gets a fresh, deleted-afterwards profile directory.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

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

/// `sh -c` script: `$1 --port=0` in the background with its output in file
/// `$2`, then wait while our parent is still process `$3`; once it is gone
/// (the shell got reparented), kill the whole process group. Field 4 of
/// /proc/self/stat is the parent pid (the command name "(sh)" has no spaces).
const WATCHDOG: &str = r#""$1" --port=0 </dev/null >"$2" 2>&1 &
while [ "$(cut -d' ' -f4 /proc/$$/stat)" = "$3" ]; do sleep 1; done
kill -KILL 0"#;

/// What chromedriver prints once it listens; the port number follows.
const LISTENING: &str = "started successfully on port ";

/// How long chromedriver may take to say it listens.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running chromedriver; killed with its process group on drop.
#[derive(Debug)]
pub struct Chromedriver {
    child: Child,
    port: u16,
    profile: PathBuf,
    log: PathBuf,
}

impl Chromedriver {
    /// Starts `$CHROMEDRIVER` (default `chromedriver`) on a loopback port it
    /// picks itself (`--port=0`) and learns that port from its output.
    ///
    /// Choosing a free port here and handing it over would be racy: a
    /// parallel test's listener can take the port in between, chromedriver
    /// then binds only `::1`, and the session request to 127.0.0.1 fails.
    pub async fn start() -> Result<Self, String> {
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let stem = format!(
            "e2e-chromium-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let profile = std::env::temp_dir().join(&stem);
        let log = std::env::temp_dir().join(format!("{stem}.log"));
        // Started under a small sh watchdog in a new process group: the group
        // is killed on drop, and the watchdog kills it too when this test
        // process disappears without dropping (Ctrl-C, SIGKILL), which would
        // otherwise leave chromedriver and Chromium running.
        let child = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg("e2e-chromedriver")
            .arg(&program)
            .arg(&log)
            .arg(std::process::id().to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|err| format!("cannot start {program}: {err}"))?;
        let mut driver = Self {
            child,
            port: 0,
            profile,
            log,
        };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let output = std::fs::read_to_string(&driver.log).unwrap_or_default();
            if let Some(port) = listening_port(&output) {
                driver.port = port;
                return Ok(driver);
            }
            if Instant::now() > deadline {
                let output: String = output.chars().take(2000).collect();
                return Err(format!(
                    "{program} did not say it listens within {START_TIMEOUT:?}; it printed:\n{output}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
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
        // std has no kill(2) and unsafe code is forbidden: use kill(1) on the group.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
        let _ = std::fs::remove_file(&self.log);
    }
}

/// The port in chromedriver's "… started successfully on port N." line.
fn listening_port(output: &str) -> Option<u16> {
    let (_, rest) = output.split_once(LISTENING)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    // The line is complete once something follows the number.
    if digits.len() == rest.len() {
        return None;
    }
    digits.parse().ok().filter(|port| *port != 0)
}

#[cfg(test)]
mod tests {
    use super::listening_port;

    #[test]
    fn reads_the_port_chromedriver_chose() {
        let output = "Starting ChromeDriver 156.0 on port 0\nOnly local connections are allowed.\n\
                      ChromeDriver was started successfully on port 44869.\n";
        assert_eq!(listening_port(output), Some(44869));
    }

    #[test]
    fn waits_for_a_complete_line() {
        assert_eq!(
            listening_port("Starting ChromeDriver 156.0 on port 0\n"),
            None
        );
        assert_eq!(
            listening_port("ChromeDriver was started successfully on port 448"),
            None
        );
        assert_eq!(
            listening_port("ChromeDriver was started successfully on port 0.\n"),
            None
        );
    }
}
