//! The browser runner's side of a benchmark: its npm packages, free
//! loopback ports, waiting for the emulator, and the JSON configuration
//! handed to `crates/xtask/bench/runner.mjs` (pages, ports, Chromium flags,
//! the demo user, how many loads and sign-ins).
//!
//! Invariants:
//! - npm packages are installed with `npm ci` from the checked-in lockfile
//!   into the target dir, never into the source tree.
//! - Every address handed to the runner is on 127.0.0.1.
//! - The configuration is valid JSON written by hand (xtask has no serde):
//!   every string goes through [`json::quote`].

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use crate::install::Tools;
use crate::json;
use crate::proc::{self, Service};

/// Chromium flags for the measured browser (shared/toolchain.md).
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];
const CHROMIUM: &str = "/usr/bin/chromium";
/// The demo SPA client and user (stable names shared with the emulator).
const CLIENT_ID: &str = "demo-spa";
const DEMO_USER: &str = "demo@example.com";
const DEMO_PASSWORD: &str = "correct-horse-battery";
const SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];
/// Measured TOTP sign-ins (after one warm-up sign-in).
const SIGNINS: u32 = 5;

/// `npm ci` of the pinned peers and playwright-core into the target dir,
/// redone only when package-lock.json changed (keeps the source tree free of
/// node_modules and the rerun fast).
pub(super) fn ensure_node_packages(
    bench_dir: &Path,
    work: &Path,
    tools: &Tools,
) -> Result<PathBuf, String> {
    let prefix = work.join("node");
    let read = |path: &Path| {
        std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
    };
    let lock = read(&bench_dir.join("package-lock.json"))?;
    let installed_lock = std::fs::read(prefix.join("package-lock.json")).ok();
    let marker = prefix.join("node_modules").join(".package-lock.json");
    if installed_lock.as_deref() == Some(lock.as_slice()) && marker.is_file() {
        println!("ok: bench npm packages (crates/xtask/bench/package-lock.json)");
        return Ok(prefix);
    }
    std::fs::create_dir_all(&prefix)
        .map_err(|err| format!("cannot create {}: {err}", prefix.display()))?;
    for name in ["package.json", "package-lock.json"] {
        std::fs::write(prefix.join(name), read(&bench_dir.join(name))?)
            .map_err(|err| format!("cannot write into {}: {err}", prefix.display()))?;
    }
    if proc::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&prefix)
            .env("PATH", &tools.path),
    ) {
        Ok(prefix)
    } else {
        // Forget the copied lock so the next run retries the install.
        let _ = std::fs::remove_file(prefix.join("package-lock.json"));
        Err("npm ci of crates/xtask/bench/package.json failed".into())
    }
}

/// `N` distinct free loopback ports (all bound at once, then released).
pub(super) fn free_ports<const N: usize>() -> Result<[u16; N], String> {
    let listeners = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0"))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| format!("cannot bind a loopback port: {err}"))?;
    let mut ports = [0u16; N];
    for (slot, listener) in ports.iter_mut().zip(&listeners) {
        *slot = listener
            .local_addr()
            .map_err(|err| format!("no local address: {err}"))?
            .port();
    }
    Ok(ports)
}

pub(super) fn wait_for_port(service: &mut Service, port: u16) -> Result<(), String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if let Some(status) = service.exited() {
            return Err(format!("the emulator exited ({status}) before listening"));
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "the emulator did not listen on {addr} within 120 s"
    ))
}

pub(super) struct RunnerConfig<'a> {
    pub(super) node_prefix: &'a Path,
    pub(super) dist: &'a Path,
    pub(super) app_files: &'a [String],
    pub(super) emulator: &'a str,
    pub(super) ports: [u16; 3],
    pub(super) loads: u32,
    pub(super) out: &'a Path,
}

/// The runner's JSON configuration (written by hand: xtask has no serde).
pub(super) fn runner_config(c: &RunnerConfig<'_>) -> String {
    let s = |text: &str| json::quote(text);
    let list = |items: &mut dyn Iterator<Item = String>| items.collect::<Vec<_>>().join(", ");
    format!(
        r#"{{
  "nodePrefix": {prefix},
  "dist": {dist},
  "appFiles": [{files}],
  "emulator": {emulator},
  "issuer": {issuer},
  "clientId": {client},
  "scopes": [{scopes}],
  "ports": {{"app": {app}, "widget": {widget}, "authjs": {authjs}}},
  "chromium": {chromium},
  "chromiumFlags": [{flags}],
  "cpuRates": [1, 4],
  "warmups": 1,
  "loads": {loads},
  "signins": {signins},
  "user": {{"username": {user}, "password": {password}}},
  "out": {out}
}}
"#,
        prefix = s(&c.node_prefix.to_string_lossy()),
        dist = s(&c.dist.to_string_lossy()),
        files = list(&mut c.app_files.iter().map(|f| s(f))),
        emulator = s(c.emulator),
        issuer = s(&format!("{}/oauth2/default", c.emulator)),
        client = s(CLIENT_ID),
        scopes = list(&mut SCOPES.iter().map(|x| s(x))),
        app = c.ports[0],
        widget = c.ports[1],
        authjs = c.ports[2],
        chromium = s(CHROMIUM),
        flags = list(&mut CHROMIUM_FLAGS.iter().map(|x| s(x))),
        loads = c.loads,
        signins = SIGNINS,
        user = s(DEMO_USER),
        password = s(DEMO_PASSWORD),
        out = s(&c.out.to_string_lossy()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ports_are_distinct() {
        let ports = free_ports::<4>().unwrap();
        for (i, a) in ports.iter().enumerate() {
            assert_ne!(*a, 0);
            assert!(!ports[i + 1..].contains(a));
        }
    }

    #[test]
    fn runner_config_is_json_with_every_port() {
        let files = vec!["index.html".to_owned(), "a \"b\".js".to_owned()];
        let text = runner_config(&RunnerConfig {
            node_prefix: Path::new("/t/node"),
            dist: Path::new("/w/dist"),
            app_files: &files,
            emulator: "http://127.0.0.1:1",
            ports: [2, 3, 4],
            loads: 10,
            out: Path::new("/t/out.tsv"),
        });
        assert!(text.contains(r#""issuer": "http://127.0.0.1:1/oauth2/default""#));
        assert!(text.contains(r#""ports": {"app": 2, "widget": 3, "authjs": 4}"#));
        assert!(text.contains(r#""a \"b\".js""#));
        assert!(text.contains(r#""--disable-quic""#));
    }
}
