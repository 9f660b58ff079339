//! `cargo xtask`: the project's task runner.
//!
//! Two commands, the same on a developer's machine and in CI:
//! - `dev`: install what is missing, then run the emulator and `trunk serve`.
//! - `test`: install what is missing, then run every tier and print one
//!   `N passed, N failed` summary line.
//!
//! And three more: `dist` (the deployable site for one org), `install` (the
//! tools, usable by a plain `trunk` too) and `bench` (size and speed report).
//!
//! Invariant: xtask depends on std plus signal-hook only, because it is the
//! first thing compiled on a fresh machine.

mod bench;
mod dev;
mod dist;
#[cfg(test)]
mod headers;
mod install;
mod json;
mod proc;
mod release;
mod test;
mod workspace;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  dev    install missing tools, start the IDX emulator on 127.0.0.1:8787 and
         `trunk serve` on 127.0.0.1:8080 (Ctrl-C stops both)
  test   install missing tools (Chromium too), run every test tier, print a
         `N passed, N failed` summary and exit non-zero on any failure

  dist --config FILE | --demo
         the deployable site in dist/ for the org in FILE (or $SIGNIN_CONFIG);
         --demo: for the local emulator (refused without one of them)
  install
         install trunk, wasm-bindgen-cli and wasm-opt so that a plain
         `trunk serve` / `trunk build --release` works too
  bench  size and page-load report against Okta's own JavaScript";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("bench") => bench::run(&args[1..]),
        Some("dev") => dev::run(),
        Some("dist") => dist::run(&args[1..]),
        Some("install") => install::run(),
        Some("test") => test::run(),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_owned()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
