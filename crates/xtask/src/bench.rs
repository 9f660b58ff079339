//! `cargo xtask bench`: measure what a person signing in waits for, side by
//! side with Okta's own JavaScript (issue 6).
//!
//! Steps: build the release dist with trunk; print the first-screen download
//! sizes (raw, gzip -9, brotli 11); start the IDX emulator (release build) on
//! a free loopback port; install the pinned npm packages of
//! `crates/xtask/bench/package.json` under the target dir; run
//! `crates/xtask/bench/runner.mjs`, which serves this app, a Sign-In Widget
//! page and an okta-auth-js page, loads them in headless Chromium and drives
//! one TOTP sign-in; then turn its raw samples into tables, ratios and budget
//! checks (see [`report`]) and write `crates/xtask/bench/RESULTS.md`.
//!
//! Invariants:
//! - A report, not a test: no timed assertion; the exit status is non-zero
//!   only when the benchmark could not run at all (build, install, runner).
//! - Loopback only: the emulator and the page servers bind 127.0.0.1, and the
//!   runner points Chromium at a closed loopback proxy for anything else.
//! - The emulator runs in its own process group and is stopped by group id,
//!   also when a later step fails.

mod report;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::install::{self, Tools};
use crate::proc::{self, Service};
use crate::workspace;

use report::{Budgets, FileSize, Machine};

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
/// Loads per page and CPU rate after the warm-up (the issue asks for at least 10).
const LOADS: u32 = 10;
/// Measured TOTP sign-ins (after one warm-up sign-in).
const SIGNINS: u32 = 5;

const USAGE: &str =
    "usage: cargo xtask bench [--skip-build | --dist DIR] [--loads N] [--no-write] [--note TEXT]

  --skip-build  measure the existing dist/ instead of running `trunk build --release`
  --dist DIR    measure the release build in DIR instead of building one
  --loads N     loads per page and CPU rate after the warm-up (default 10; fewer
                than 10 is for trying the harness and is marked in the output)
  --no-write    print only; do not rewrite crates/xtask/bench/RESULTS.md
  --note TEXT   add TEXT to the report's notes (e.g. how an existing dist was built)";

#[derive(Debug)]
struct Options {
    /// Build the release dist (false: measure a copy of `existing`).
    build: bool,
    existing: Option<PathBuf>,
    loads: u32,
    write: bool,
    note: Option<String>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        build: true,
        existing: None,
        loads: LOADS,
        write: true,
        note: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--skip-build" => options.build = false,
            "--dist" => {
                let dir = it
                    .next()
                    .ok_or_else(|| format!("--dist needs a directory\n\n{USAGE}"))?;
                options.build = false;
                options.existing = Some(PathBuf::from(dir));
            }
            "--no-write" => options.write = false,
            "--note" => {
                options.note = Some(
                    it.next()
                        .ok_or_else(|| format!("--note needs a text\n\n{USAGE}"))?
                        .clone(),
                );
            }
            "--loads" => {
                options.loads = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| (1..=100).contains(n))
                    .ok_or_else(|| format!("--loads needs a number from 1 to 100\n\n{USAGE}"))?;
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown bench option `{other}`\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// Entry point for `cargo xtask bench [options]`.
pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let options = parse_options(args)?;
    let root = workspace::root();
    let bench_dir = root.join("crates").join("xtask").join("bench");
    let work = workspace::target_dir().join("xtask").join("bench");
    std::fs::create_dir_all(&work)
        .map_err(|err| format!("cannot create {}: {err}", work.display()))?;

    let tools = install::ensure_web_tools()?;
    install::ensure_browser()?;
    // A private dist: the shared dist/ is rebuilt by `trunk serve` and the
    // e2e tier at any time, and must not change under a measurement.
    let dist = work.join("dist");
    if options.build {
        build_dist(&root, &tools, &dist)?;
    } else {
        let from = options
            .existing
            .clone()
            .unwrap_or_else(|| root.join("dist"));
        snapshot_dist(&from, &dist)?;
    }

    // 1. First-screen download sizes.
    let files = first_screen_files(&dist)?;
    let sizes = files
        .iter()
        .map(|name| measure_file(&dist, name))
        .collect::<Result<Vec<_>, _>>()?;
    println!("\n{}", report::size_table(&sizes));

    // 2./3. Browser runs against one emulator.
    let node_prefix = ensure_node_packages(&bench_dir, &work, &tools)?;
    let ports = free_ports::<4>()?;
    let [emulator_port, app_port, widget_port, authjs_port] = ports;
    let emulator_origin = format!("http://127.0.0.1:{emulator_port}");
    let origins: Vec<String> = [app_port, widget_port, authjs_port]
        .iter()
        .map(|port| format!("http://127.0.0.1:{port}"))
        .collect();
    if !proc::run(
        install::cargo()
            .args(["build", "--release", "-p", "idx-emulator"])
            .current_dir(&root),
    ) {
        return Err("building the emulator (release) failed".into());
    }
    // The emulator logs every request: keep that out of the report, in a file.
    let emulator_log_path = work.join("emulator.log");
    let emulator_log = std::fs::File::create(&emulator_log_path)
        .map_err(|err| format!("cannot create {}: {err}", emulator_log_path.display()))?;
    let emulator_err = emulator_log
        .try_clone()
        .map_err(|err| format!("cannot reuse {}: {err}", emulator_log_path.display()))?;
    let mut emulator_cmd = install::cargo();
    emulator_cmd
        .args(["run", "--quiet", "--release", "-p", "idx-emulator", "--"])
        .args(["--listen", &format!("127.0.0.1:{emulator_port}")])
        .current_dir(&root)
        .stdout(emulator_log)
        .stderr(emulator_err);
    for origin in &origins {
        emulator_cmd.args(["--allow-origin", origin]);
    }
    let mut emulator = Service::start("emulator", &mut emulator_cmd)?;
    let load_before = load_average();
    let samples_path = work.join("samples.tsv");
    let outcome = wait_for_port(&mut emulator, emulator_port).and_then(|()| {
        let config = runner_config(&RunnerConfig {
            node_prefix: &node_prefix,
            dist: &dist,
            app_files: &files,
            emulator: &emulator_origin,
            ports: [app_port, widget_port, authjs_port],
            loads: options.loads,
            out: &samples_path,
        });
        let config_path = work.join("runner-config.json");
        std::fs::write(&config_path, config)
            .map_err(|err| format!("cannot write {}: {err}", config_path.display()))?;
        let _ = std::fs::remove_file(&samples_path);
        let ok = proc::run(
            Command::new("node")
                .arg(bench_dir.join("runner.mjs"))
                .arg(&config_path)
                .env("PATH", &tools.path),
        );
        if ok {
            Ok(())
        } else {
            Err("the browser runner failed (see its output above)".to_owned())
        }
    });
    let load_after = load_average();
    emulator.stop();
    println!("emulator log: {}", emulator_log_path.display());
    outcome?;

    let text = std::fs::read_to_string(&samples_path)
        .map_err(|err| format!("cannot read {}: {err}", samples_path.display()))?;
    let samples = report::Samples::parse(&text);
    let mut machine = machine(samples.meta("chromium"));
    machine.load = format!("{load_before} before / {load_after} after");
    let versions = peer_versions(&bench_dir);
    let mut results = report::Results::new(&sizes, &samples, Budgets::ISSUE_6, options.loads);
    let mut notes = Vec::new();
    if !options.build {
        notes.push(
            "The app was not built by this run (--skip-build/--dist): the sizes and the app are a copy of an existing release dist."
                .to_owned(),
        );
    }
    notes.extend(options.note.clone());
    if !notes.is_empty() {
        results = results.with_dist_note(notes.join("\n- "));
    }
    println!("\n{}", results.terminal());
    if options.write {
        let path = bench_dir.join("RESULTS.md");
        std::fs::write(&path, results.markdown(&machine, &versions))
            .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn build_dist(root: &Path, tools: &Tools, dist: &Path) -> Result<(), String> {
    // trunk passes --offline to cargo (Trunk.toml): the registry cache must be complete.
    if !proc::run(install::cargo().arg("fetch").current_dir(root)) {
        return Err("cargo fetch failed".into());
    }
    // Target first: `trunk build --release <target>` misparses (toolchain.md).
    let ok = proc::run(
        install::trunk(tools)
            .args(["build", "index.html", "--release", "--dist"])
            .arg(dist)
            .current_dir(root),
    );
    if ok {
        Ok(())
    } else {
        Err("`trunk build --release` failed".into())
    }
}

/// Copies the files of an existing dist/ (for `--skip-build`) so the run
/// measures one fixed build even if dist/ is rebuilt meanwhile.
fn snapshot_dist(from: &Path, to: &Path) -> Result<(), String> {
    if !from.join("index.html").is_file() {
        return Err(format!(
            "--skip-build given but {} does not exist",
            from.join("index.html").display()
        ));
    }
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).map_err(|err| format!("cannot create {}: {err}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|err| format!("cannot read {}: {err}", from.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(entry.file_name()))
                .map_err(|err| format!("cannot copy {}: {err}", path.display()))?;
        }
    }
    Ok(())
}

/// The files a browser downloads for the first screen, as dist-relative
/// names: index.html, every local JS/wasm/CSS file index.html references
/// (trunk's module script, its wasm preload, the stylesheet) and config.json.
fn first_screen_files(dist: &Path) -> Result<Vec<String>, String> {
    let html = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|err| format!("cannot read dist/index.html: {err}"))?;
    let mut files = vec!["index.html".to_owned()];
    for reference in report::local_references(&html) {
        let wanted = [".js", ".wasm", ".css"]
            .iter()
            .any(|ext| reference.ends_with(ext));
        if wanted && dist.join(&reference).is_file() && !files.contains(&reference) {
            files.push(reference);
        }
    }
    if !files.iter().any(|f| f.ends_with(".wasm")) {
        return Err("dist/index.html references no .wasm file: is dist a trunk build?".into());
    }
    if dist.join("config.json").is_file() {
        files.push("config.json".to_owned());
    }
    Ok(files)
}

fn measure_file(dist: &Path, name: &str) -> Result<FileSize, String> {
    let path = dist.join(name);
    let raw = std::fs::metadata(&path)
        .map_err(|err| format!("cannot stat {}: {err}", path.display()))?
        .len();
    let compressed = |program: &str, args: &[&str]| -> Result<u64, String> {
        let out = Command::new(program)
            .args(args)
            .arg(&path)
            .stderr(Stdio::inherit())
            .output()
            .map_err(|err| format!("cannot run {program}: {err}"))?;
        if !out.status.success() {
            return Err(format!("{program} failed on {}", path.display()));
        }
        Ok(out.stdout.len() as u64)
    };
    Ok(FileSize {
        name: name.to_owned(),
        raw,
        gzip: compressed("gzip", &["-9", "-c", "-n"])?,
        brotli: compressed("brotli", &["-q", "11", "-c"])?,
    })
}

/// `npm ci` of the pinned peers and playwright-core into the target dir,
/// redone only when package-lock.json changed (keeps the source tree free of
/// node_modules and the rerun fast).
fn ensure_node_packages(bench_dir: &Path, work: &Path, tools: &Tools) -> Result<PathBuf, String> {
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
fn free_ports<const N: usize>() -> Result<[u16; N], String> {
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

fn wait_for_port(service: &mut Service, port: u16) -> Result<(), String> {
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

struct RunnerConfig<'a> {
    node_prefix: &'a Path,
    dist: &'a Path,
    app_files: &'a [String],
    emulator: &'a str,
    ports: [u16; 3],
    loads: u32,
    out: &'a Path,
}

/// The runner's JSON configuration (written by hand: xtask has no serde).
fn runner_config(c: &RunnerConfig<'_>) -> String {
    let s = |text: &str| report::json_string(text);
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

/// The 1-minute load average (other work on the machine skews timings).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

fn machine(chromium: Option<&str>) -> Machine {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .and_then(|rest| rest.split_once(':'))
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = thread::available_parallelism().map_or(0, usize::from);
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("PRETTY_NAME="))
                .map(|name| name.trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    Machine {
        cpu,
        cores,
        os,
        chromium: chromium.unwrap_or("unknown").to_owned(),
        load: String::new(),
    }
}

/// `name@version` of each pinned npm dependency, read from package.json.
fn peer_versions(bench_dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(bench_dir.join("package.json")).unwrap_or_default();
    report::pinned_dependencies(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_default_to_a_full_run() {
        let options = parse_options(&[]).unwrap();
        assert!(options.build && options.write);
        assert_eq!(options.loads, 10);
    }

    #[test]
    fn options_parse_and_reject() {
        let args: Vec<String> = ["--skip-build", "--loads", "3", "--no-write"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let options = parse_options(&args).unwrap();
        assert!(!options.build && !options.write);
        assert_eq!(options.loads, 3);
        assert!(parse_options(&["--loads".to_owned(), "0".to_owned()]).is_err());
        assert!(parse_options(&["--fast".to_owned()]).is_err());
        let options = parse_options(&["--dist".to_owned(), "/tmp/d".to_owned()]).unwrap();
        assert!(!options.build);
        assert_eq!(options.existing, Some(PathBuf::from("/tmp/d")));
    }

    #[test]
    fn free_ports_are_distinct() {
        let ports = free_ports::<4>().unwrap();
        for (i, a) in ports.iter().enumerate() {
            assert_ne!(*a, 0);
            assert!(!ports[i + 1..].contains(a));
        }
    }

    #[test]
    fn first_screen_files_follow_index_html() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-dist-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let html = r#"<html><head>
<link rel="modulepreload" href="/signin-abc.js" crossorigin="anonymous">
<link rel="preload" href="/signin-abc_bg.wasm" as="fetch" type="application/wasm">
<link rel="stylesheet" href="/main-def.css">
<link rel="icon" href="/favicon.svg">
<script type="module">import init from '/signin-abc.js';</script>
</head></html>"#;
        for (name, body) in [
            ("index.html", html),
            ("signin-abc.js", "x"),
            ("signin-abc_bg.wasm", "x"),
            ("main-def.css", "x"),
            ("favicon.svg", "x"),
            ("config.json", "{}"),
        ] {
            std::fs::write(dir.join(name), body).unwrap();
        }
        let files = first_screen_files(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            files,
            [
                "index.html",
                "signin-abc.js",
                "signin-abc_bg.wasm",
                "main-def.css",
                "config.json"
            ]
        );
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
