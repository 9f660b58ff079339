//! The first screen's wasm again, with its function names, for the report's
//! "where the bytes go": the main module the release build split off
//! (`target/xtask/split/main.wasm`, see `release.rs`), through wasm-bindgen
//! (which keeps the `name` section unless told otherwise) and `wasm-opt -Oz
//! -g` (the release optimisation, names kept), then profiled.
//!
//! Invariants:
//! - Works in a private directory under the bench's work dir; the dist and
//!   cargo's output are only read.
//! - The same wasm-bindgen and wasm-opt as the dist (xtask's tool PATH), so
//!   the function bodies are the release build's; only the names are added.
//! - Any failure is a reason in the report, never a failed benchmark.

use std::path::Path;
use std::process::Command;

use super::wasm_names::{self, WasmProfile};
use crate::install::Tools;
use crate::proc;
use crate::workspace;

/// Profiles the names-kept build; `Err` says why there is none.
pub(super) fn profile(tools: &Tools, work: &Path) -> Result<WasmProfile, String> {
    let input = workspace::target_dir()
        .join("xtask")
        .join("split")
        .join("main.wasm");
    if !input.is_file() {
        return Err(format!(
            "{} is missing (the names come from the split of a release build)",
            input.display()
        ));
    }
    let out = work.join("named");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out)
        .map_err(|err| format!("cannot create {}: {err}", out.display()))?;
    let bindgen = proc::run(
        Command::new("wasm-bindgen")
            // As the release build: the split modules import these exports.
            .args([
                "--target",
                "web",
                "--keep-lld-exports",
                "--out-name",
                "signin",
                "--out-dir",
            ])
            .arg(&out)
            .arg(&input)
            .env("PATH", &tools.path),
    );
    if !bindgen {
        return Err("wasm-bindgen on the split main module failed".into());
    }
    let named = out.join("signin.named.wasm");
    let opt = proc::run(
        Command::new("wasm-opt")
            .args(["-Oz", "-g", "-o"])
            .arg(&named)
            .arg(out.join("signin_bg.wasm"))
            .env("PATH", &tools.path),
    );
    if !opt {
        return Err("wasm-opt -Oz -g on wasm-bindgen's output failed".into());
    }
    let bytes =
        std::fs::read(&named).map_err(|err| format!("cannot read {}: {err}", named.display()))?;
    wasm_names::profile(&bytes)
}
