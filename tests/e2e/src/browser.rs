//! chromedriver and headless Chromium.
//!
//! Invariant: chromedriver runs in its own process group and is killed by
//! that group's id on drop, which also ends the Chromium it started; each
//! browser gets a fresh, deleted-afterwards profile directory.

use std::net::TcpListener;
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

/// `sh -c` script: `$1 --port=$2` in the background, then wait while our
/// parent is still process `$3`; once it is gone (the shell got reparented),
/// kill the whole process group. Field 4 of /proc/self/stat is the parent pid
/// (the command name "(sh)" has no spaces).
const WATCHDOG: &str = r#""$1" --port="$2" </dev/null >/dev/null 2>&1 &
while [ "$(cut -d' ' -f4 /proc/$$/stat)" = "$3" ]; do sleep 1; done
kill -KILL 0"#;

/// A running chromedriver; killed with its process group on drop.
#[derive(Debug)]
pub struct Chromedriver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Chromedriver {
    /// Starts `$CHROMEDRIVER` (default `chromedriver`) on a free loopback port.
    pub async fn start() -> Result<Self, String> {
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port().map_err(|err| format!("no free port: {err}"))?;
        // Started under a small sh watchdog in a new process group: the group
        // is killed on drop, and the watchdog kills it too when this test
        // process disappears without dropping (Ctrl-C, SIGKILL), which would
        // otherwise leave chromedriver and Chromium running.
        let child = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg("e2e-chromedriver")
            .arg(&program)
            .arg(port.to_string())
            .arg(std::process::id().to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|err| format!("cannot start {program}: {err}"))?;
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let profile = std::env::temp_dir().join(format!(
            "e2e-chromium-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let driver = Self {
            child,
            port,
            profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!(
                    "{program} did not listen on port {port} within 20s"
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(driver)
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
    }
}

fn free_port() -> std::io::Result<u16> {
    // Racy in theory (the port is released before chromedriver binds it), but
    // chromedriver only takes a port number, and the OS does not hand the same
    // ephemeral port out again right away.
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
