//! `cargo xtask bench`: measure what a person signing in waits for, side by
//! side with Okta's own JavaScript.
//!
//! Steps: build the release dist (split: `release.rs`) and measure its first-screen
//! download, raw, gzip -9 and brotli 11 ([`first_screen`]); start the IDX
//! emulator (release build) on a free loopback port; install the pinned npm
//! packages of `crates/xtask/bench/package.json` under the target dir; run
//! `crates/xtask/bench/runner.mjs` ([`runner`]), which serves this app, a
//! Sign-In Widget page, an okta-auth-js page and a React + okta-auth-js page
//! (bundled by esbuild), loads them in headless Chromium and drives TOTP
//! sign-ins; profile the release wasm with its names kept ([`named_wasm`],
//! [`wasm_names`]); then turn the raw samples into the report and write
//! `crates/xtask/bench/RESULTS.md`.
//!
//! The report is built in layers, each importing only the ones before it:
//! [`samples`] (what was measured), [`units`], [`statistics`] (medians),
//! [`budgets`] (the limits), [`results`] (all of it together), [`verdicts`]
//! (each budget met, missed or not measured), then the rendering: [`tables`],
//! [`breakdown`], [`wasm_report`], [`timeline`], [`signin_table`] and
//! [`render`] (the whole document, with [`machine`] in its header).
//!
//! Invariants:
//! - A report, not a test: no timed assertion; the exit status is non-zero
//!   only when the benchmark could not run at all (build, install, runner).
//! - Loopback only: the emulator and the page servers bind 127.0.0.1, and the
//!   runner points Chromium at a closed loopback proxy for anything else.
//! - The emulator runs in its own process group and is stopped by group id,
//!   also when a later step fails.
//! - Everything from the samples on is pure (no I/O), so every figure and
//!   verdict is unit-tested.

mod breakdown;
mod budgets;
mod first_screen;
mod machine;
mod named_wasm;
mod options;
mod render;
mod results;
mod runner;
mod samples;
mod signin_table;
mod statistics;
mod tables;
mod timeline;
mod units;
mod verdicts;
mod wasm_names;
mod wasm_report;

use std::process::{Command, ExitCode};

use crate::install;
use crate::proc::{self, Service};
use crate::workspace;

use budgets::Budgets;
use results::Results;
use runner::RunnerConfig;
use samples::Samples;

/// Entry point for `cargo xtask bench [options]`.
pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let options = options::parse_options(args)?;
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
        crate::release::build_site(&root, &tools, &dist)?;
    } else {
        let from = options
            .existing
            .clone()
            .unwrap_or_else(|| root.join("dist"));
        first_screen::snapshot_dist(&from, &dist)?;
    }

    // 1. First-screen download sizes.
    let files = first_screen::first_screen_files(&dist)?;
    let sizes = files
        .iter()
        .map(|name| first_screen::measure_file(&dist, name))
        .collect::<Result<Vec<_>, _>>()?;
    println!("\n{}", tables::size_table(&sizes));
    // Where the wasm's bytes go: the same build with its names kept.
    let wasm_profile = named_wasm::profile(&tools, &work);
    let wasm_source = if options.build {
        "From this run's release build: the first screen's module (the main module of the split) through wasm-bindgen and `wasm-opt -Oz -g` (the release optimisation, function names kept)"
    } else {
        "From the last release build's split main module in the target dir (not necessarily the measured dist) through wasm-bindgen and `wasm-opt -Oz -g`"
    };

    // 2./3. Browser runs against one emulator.
    let node_prefix = runner::ensure_node_packages(&bench_dir, &work, &tools)?;
    let ports = runner::free_ports::<5>()?;
    let [
        emulator_port,
        app_port,
        widget_port,
        authjs_port,
        react_port,
    ] = ports;
    let emulator_origin = format!("http://127.0.0.1:{emulator_port}");
    let origins: Vec<String> = [app_port, widget_port, authjs_port, react_port]
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
    let load_before = machine::load_average();
    let samples_path = work.join("samples.tsv");
    let outcome = runner::wait_for_port(&mut emulator, emulator_port).and_then(|()| {
        let config = runner::runner_config(&RunnerConfig {
            node_prefix: &node_prefix,
            dist: &dist,
            app_files: &files,
            emulator: &emulator_origin,
            ports: [app_port, widget_port, authjs_port, react_port],
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
    let load_after = machine::load_average();
    emulator.stop();
    println!("emulator log: {}", emulator_log_path.display());
    outcome?;

    let text = std::fs::read_to_string(&samples_path)
        .map_err(|err| format!("cannot read {}: {err}", samples_path.display()))?;
    let samples = Samples::parse(&text);
    let mut machine = machine::this_machine(samples.meta("chromium"));
    machine.load = format!("{load_before} before / {load_after} after");
    let versions = machine::peer_versions(&bench_dir);
    let mut results = Results::new(&sizes, &samples, Budgets::TARGETS, options.loads)
        .with_wasm(wasm_source, wasm_profile);
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
