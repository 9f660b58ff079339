//! A real nginx (Debian's package) serving the release build with the
//! documented configuration, the three files of `docs/nginx/`, laid out as a
//! deployer lays them out in `/etc/nginx` (`snippets/`, `sites-enabled/`)
//! but in a private prefix.
//!
//! Invariants:
//! - The documented files are used as they are except for what a test must
//!   swap: the listen addresses (loopback ports for 80 and 443, the latter
//!   without TLS, which a test browser could not trust), `root`, the issuer
//!   origin in `connect-src` (the emulator's) and an added `report-uri`.
//!   Each swap must apply exactly once, so a changed documented file fails
//!   loudly instead of being tested in part.
//! - nginx runs in the foreground as one process under [`crate::watchdog`];
//!   its prefix is a temporary directory removed on drop, and nothing is
//!   written to `/etc/nginx`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::browser::next_port;
use crate::policy::ISSUER_PLACEHOLDER;
use crate::watchdog::Watched;

/// The documented configuration, beside the workspace's README.
pub const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/nginx");
/// The documented headers snippet (`/etc/nginx/snippets/`).
pub const HEADERS_SNIPPET: &str = "signin-headers.conf";
/// The documented app snippet (`/etc/nginx/snippets/`).
pub const APP_SNIPPET: &str = "signin-app.conf";
/// The documented site (`/etc/nginx/sites-available/signin`).
pub const SITE: &str = "signin.conf";

/// How long nginx may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// One documented file's text.
pub fn documented(file: &str) -> Result<String, String> {
    let path = Path::new(DOCS).join(file);
    std::fs::read_to_string(&path).map_err(|err| format!("cannot read {}: {err}", path.display()))
}

/// The `add_header NAME "VALUE" always;` lines of the headers snippet.
pub fn documented_headers() -> Result<Vec<(String, String)>, String> {
    documented(HEADERS_SNIPPET)?
        .lines()
        .filter_map(|line| line.trim().strip_prefix("add_header "))
        .map(|rest| {
            let (name, value) = rest
                .split_once(' ')
                .ok_or_else(|| format!("add_header without a value: {rest}"))?;
            let value = value
                .strip_suffix(" always;")
                .and_then(|v| v.strip_prefix('"')?.strip_suffix('"'))
                .ok_or_else(|| format!("add_header {name}: not `\"value\" always;`"))?;
            Ok((name.to_owned(), value.to_owned()))
        })
        .collect()
}

/// Debian's nginx binary (`nginx` on the PATH elsewhere).
fn program() -> &'static str {
    if Path::new("/usr/sbin/nginx").exists() {
        "/usr/sbin/nginx"
    } else {
        "nginx"
    }
}

/// Replaces `from` by `to` where it occurs exactly once in `text`.
fn swap(text: &str, file: &str, from: &str, to: &str) -> Result<String, String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!("{file}: `{from}` occurs {n} times, expected once")),
    }
}

/// A private prefix laid out like `/etc/nginx`, removed on drop.
#[derive(Debug)]
struct Prefix {
    dir: PathBuf,
}

impl Prefix {
    /// A fresh directory with `nginx.conf` (the http block as Debian's main
    /// config has it: its `mime.types`, `default_type`, `sites-enabled/*`),
    /// `snippets/` and `sites-enabled/signin` holding the given texts.
    fn new(headers: &str, app: &str, site: &str) -> Result<Self, String> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "e2e-nginx-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let prefix = Self { dir };
        let d = &prefix.dir;
        let main = format!(
            "pid {d}/nginx.pid;\n\
             error_log {d}/error.log;\n\
             master_process off;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n\
             \x20   include /etc/nginx/mime.types;\n\
             \x20   default_type application/octet-stream;\n\
             \x20   access_log off;\n\
             \x20   client_body_temp_path {d}/temp/body;\n\
             \x20   proxy_temp_path {d}/temp/proxy;\n\
             \x20   fastcgi_temp_path {d}/temp/fastcgi;\n\
             \x20   uwsgi_temp_path {d}/temp/uwsgi;\n\
             \x20   scgi_temp_path {d}/temp/scgi;\n\
             \x20   include sites-enabled/*;\n\
             }}\n",
            d = d.display()
        );
        let write = |path: &str, text: &str| {
            let path = d.join(path);
            std::fs::create_dir_all(path.parent().unwrap_or(d))
                .and_then(|()| std::fs::write(&path, text))
                .map_err(|err| format!("cannot write {}: {err}", path.display()))
        };
        write("nginx.conf", &main)?;
        write(&format!("snippets/{HEADERS_SNIPPET}"), headers)?;
        write(&format!("snippets/{APP_SNIPPET}"), app)?;
        write("sites-enabled/signin", site)?;
        std::fs::create_dir_all(d.join("temp")).map_err(|err| err.to_string())?;
        Ok(prefix)
    }

    /// nginx's arguments for this prefix (before any `-t` or `-g`).
    fn args(&self) -> Vec<String> {
        let d = self.dir.display();
        vec![
            "-p".into(),
            format!("{d}/"),
            "-c".into(),
            format!("{d}/nginx.conf"),
            "-e".into(),
            format!("{d}/error.log"),
        ]
    }
}

impl Drop for Prefix {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `nginx -t` on the documented files exactly as written (Debian's snake-oil
/// certificate stands in for the deployer's); returns what nginx printed.
pub fn check_documented() -> Result<String, String> {
    let prefix = Prefix::new(
        &documented(HEADERS_SNIPPET)?,
        &documented(APP_SNIPPET)?,
        &documented(SITE)?,
    )?;
    let output = std::process::Command::new(program())
        .arg("-t")
        .args(prefix.args())
        .output()
        .map_err(|err| format!("cannot run {}: {err}", program()))?;
    let printed = format!(
        "{}{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        std::fs::read_to_string(prefix.dir.join("error.log")).unwrap_or_default()
    );
    if output.status.success() {
        Ok(printed)
    } else {
        Err(format!("nginx -t refused the documented files:\n{printed}"))
    }
}

/// Two free loopback ports below the ephemeral range: the site (the
/// documented HTTPS server, here without TLS) and the plain-HTTP redirect.
#[derive(Debug, Clone, Copy)]
pub struct Ports {
    /// Stands for 443.
    pub site: u16,
    /// Stands for 80.
    pub redirect: u16,
}

impl Ports {
    /// Picks two ports nothing listens on now.
    pub fn pick() -> Result<Self, String> {
        let mut free = Vec::new();
        for _ in 0..16 {
            let port = next_port();
            if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
                free.push(port);
            }
            if let [site, redirect] = free[..] {
                return Ok(Self { site, redirect });
            }
        }
        Err("no two free ports for nginx".into())
    }

    /// `http://127.0.0.1:<site>`: the app's origin.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.site)
    }
}

/// A running nginx; stopped and its prefix removed on drop.
#[derive(Debug)]
pub struct Nginx {
    process: Watched,
    prefix: Prefix,
}

impl Nginx {
    /// Serves `dist` on `ports` with the documented files (swapped as the
    /// module header says), the app's `config.json` being `config`; the
    /// policy allows `issuer_origin` and reports to `report_uri`.
    pub async fn start(
        ports: Ports,
        dist: &Path,
        config: &str,
        issuer_origin: &str,
        report_uri: &str,
    ) -> Result<Self, String> {
        let headers = documented(HEADERS_SNIPPET)?;
        let headers = swap(
            &headers,
            HEADERS_SNIPPET,
            &format!("connect-src 'self' {ISSUER_PLACEHOLDER};"),
            &format!("connect-src 'self' {issuer_origin};"),
        )?;
        let headers = swap(
            &headers,
            HEADERS_SNIPPET,
            "object-src 'none'\" always;",
            &format!("object-src 'none'; report-uri {report_uri}\" always;"),
        )?;
        let mut site = documented(SITE)?;
        for (from, to) in [
            (
                "listen 80;",
                format!("listen 127.0.0.1:{};", ports.redirect),
            ),
            (
                "listen 443 ssl http2;",
                format!("listen 127.0.0.1:{};", ports.site),
            ),
            ("listen [::]:80;", String::new()),
            ("listen [::]:443 ssl http2;", String::new()),
        ] {
            site = swap(&site, SITE, from, &to)?;
        }
        let prefix = Prefix::new(&headers, &documented(APP_SNIPPET)?, "")?;
        let root = prefix.dir.join("root");
        site = swap(
            &site,
            SITE,
            "root /srv/signin/dist;",
            &format!("root {};", root.display()),
        )?;
        std::fs::write(prefix.dir.join("sites-enabled/signin"), &site)
            .map_err(|err| format!("cannot write the site: {err}"))?;
        link_dist(dist, &root, config)?;

        let mut args = prefix.args();
        args.extend(["-g".into(), "daemon off;".into()]);
        let process = Watched::spawn(program(), &args, &prefix.dir.join("output.log"))?;
        let nginx = Self { process, prefix };
        nginx.wait_listening(ports).await?;
        Ok(nginx)
    }

    async fn wait_listening(&self, ports: Ports) -> Result<(), String> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let site = TcpStream::connect(("127.0.0.1", ports.site)).await;
            let redirect = TcpStream::connect(("127.0.0.1", ports.redirect)).await;
            if site.is_ok() && redirect.is_ok() {
                return Ok(());
            }
            let log = |name: &str| {
                std::fs::read_to_string(self.prefix.dir.join(name)).unwrap_or_default()
            };
            // `[emerg]`: nginx refused its configuration or a port and has exited.
            if Instant::now() > deadline || log("error.log").contains("[emerg]") {
                return Err(format!(
                    "nginx did not listen on {} and {} (waited up to {START_TIMEOUT:?}):\n{}{}",
                    ports.site,
                    ports.redirect,
                    log("output.log"),
                    log("error.log")
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops nginx now (also done on drop).
    pub fn stop(&mut self) {
        self.process.stop();
    }
}

/// `root` as a view of `dist`: a symbolic link to each entry, except
/// `config.json`, which is `config` (the test's, naming its emulator).
fn link_dist(dist: &Path, root: &Path, config: &str) -> Result<(), String> {
    std::fs::create_dir_all(root).map_err(|err| err.to_string())?;
    let entries = std::fs::read_dir(dist).map_err(|err| format!("{}: {err}", dist.display()))?;
    for entry in entries {
        let entry = entry.map_err(|err| err.to_string())?;
        if entry.file_name() == "config.json" {
            continue;
        }
        std::os::unix::fs::symlink(entry.path(), root.join(entry.file_name()))
            .map_err(|err| format!("cannot link {}: {err}", entry.path().display()))?;
    }
    std::fs::write(root.join("config.json"), config).map_err(|err| err.to_string())
}

/// One HTTP response as a test reads it.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Header names (lower case) and values, in order, repeats kept.
    pub headers: Vec<(String, String)>,
}

impl Response {
    /// Every value of header `name` (any case).
    pub fn all(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// `GET path` over HTTP/1.0 from `127.0.0.1:port` (no compression asked).
pub async fn get(port: u16, path: &str) -> Result<Response, String> {
    let what = format!("GET {path} on port {port}");
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|err| format!("{what}: {err}"))?;
    let request = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|err| format!("{what}: {err}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .await
        .map_err(|err| format!("{what}: {err}"))?;
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("{what}: no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("{what}: no status line"))?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok(Response { status, headers })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_only_what_occurs_once() {
        assert_eq!(swap("a b c", "f", "b", "x").unwrap(), "a x c");
        assert!(
            swap("a b b", "f", "b", "x")
                .unwrap_err()
                .contains("2 times")
        );
        assert!(swap("a", "f", "b", "x").unwrap_err().contains("0 times"));
    }

    #[test]
    fn the_documented_headers_parse() {
        let headers = documented_headers().unwrap();
        assert!(
            headers
                .iter()
                .any(|(n, v)| n == "Content-Security-Policy" && v.contains(ISSUER_PLACEHOLDER))
        );
        assert!(
            headers
                .iter()
                .any(|(n, _)| n == "Strict-Transport-Security")
        );
    }
}
