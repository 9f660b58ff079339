//! The release site, split: what `cargo xtask dist`, the e2e tier and the
//! bench build. trunk builds the site with the app's split points marked
//! (feature `split`, relocations kept for the splitter); then cargo's wasm
//! is split (crates/wasm-splitter), the main module goes through
//! wasm-bindgen, every module through `wasm-opt -Oz`, the JavaScript through
//! esbuild's minifier, and trunk's single script and wasm in the dist are
//! replaced by the split files.
//!
//! The wasm is compiled by a pinned nightly ([`NIGHTLY`], installed here
//! through rustup) that rebuilds the standard library for size
//! (`-Z build-std`, `optimize_for_size`, panics abort without formatting):
//! the first screen's wasm is about a tenth smaller. Everything else in the
//! project builds with stable; where the nightly cannot be installed the
//! release builds with stable and says so.
//!
//! Invariants:
//! - Every file the split writes is named `signin-<id>…` with one id from
//!   cargo's wasm, so a new build never reuses a name (they are served as
//!   immutable) and one build's files always go together.
//! - index.html names the new main script and wasm wherever it named
//!   trunk's, with matching `integrity` values, and preloads the split
//!   loader (the main script imports it: no request waits on another).
//! - A dist is complete or the step fails: nothing half-replaced is left
//!   looking like a good build.

mod html;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::install::{self, Tools};
use crate::{proc, workspace};

/// RUSTFLAGS for the release builds: .cargo/config.toml's wasm flags (an
/// environment RUSTFLAGS replaces them). The relocations the splitter needs
/// are asked for by the app's build script when `split` is on.
const RELEASE_RUSTFLAGS: &str = "--cfg erase_components";
/// The nightly that compiles the release wasm (with the wasm target and
/// the standard library's source).
pub(crate) const NIGHTLY: &str = "nightly-2026-10-29";
/// What the nightly adds to [`RELEASE_RUSTFLAGS`]: a panic stops the program
/// without formatting a message (no formatting code in the wasm).
const NIGHTLY_RUSTFLAGS: &str = "-Z unstable-options -C panic=immediate-abort";

/// Builds the release site into `dist` (replacing it).
pub(crate) fn build_site(root: &Path, tools: &Tools, dist: &Path) -> Result<(), String> {
    // trunk builds with cargo --offline (Trunk.toml): the registry cache must be complete.
    if !proc::run(install::cargo().arg("fetch").current_dir(root)) {
        return Err("cargo fetch failed".into());
    }
    let esbuild = install::ensure_minifier()?;
    let mut trunk = install::trunk(tools);
    // Target first and `--release` last: it takes an optional value.
    trunk
        .args(["build", "index.html", "--dist"])
        .arg(dist)
        .args(["--features", "split", "--release"])
        .current_dir(root);
    release_toolchain(&mut trunk);
    let built = proc::run(&mut trunk);
    if !built {
        return Err("`trunk build --release --features split` failed".into());
    }
    let raw = workspace::target_dir()
        .join("wasm32-unknown-unknown")
        .join("release")
        .join("signin.wasm");
    split_into(&raw, dist, tools, &esbuild).map_err(|err| {
        let _ = std::fs::remove_dir_all(dist);
        format!(
            "splitting the wasm: {err} (the incomplete {} was removed)",
            dist.display()
        )
    })
}

/// Builds the embedding example (`examples/embed`, its own Trunk.toml and
/// index.html, unsplit) into `dist`, with the release site's toolchain and
/// flags: it then reuses every dependency the site's build compiled (the
/// sign-in library itself is rebuilt, without the split points), instead
/// of compiling them all again with stable.
pub(crate) fn build_example(root: &Path, tools: &Tools, dist: &Path) -> Result<(), String> {
    let mut trunk = install::trunk(tools);
    trunk
        .args(["build", "index.html", "--dist"])
        .arg(dist)
        .arg("--release")
        .current_dir(root.join("examples").join("embed"));
    release_toolchain(&mut trunk);
    if proc::run(&mut trunk) {
        Ok(())
    } else {
        Err("`trunk build --release` of examples/embed failed".into())
    }
}

/// Points a trunk release build at [`NIGHTLY`] and its flags (installing
/// it if needed), or at stable with a warning where it cannot be had. Both
/// builds set the same RUSTFLAGS, so their dependencies compile once.
fn release_toolchain(trunk: &mut Command) {
    match ensure_nightly() {
        Ok(()) => {
            // rustup's proxies pick the nightly; $CARGO would name stable's cargo.
            trunk
                .env_remove("CARGO")
                .env("RUSTUP_TOOLCHAIN", NIGHTLY)
                .env(
                    "RUSTFLAGS",
                    format!("{RELEASE_RUSTFLAGS} {NIGHTLY_RUSTFLAGS}"),
                )
                .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
                .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size");
        }
        Err(err) => {
            eprintln!(
                "xtask: WARNING: {err}; the release wasm is built with stable Rust instead (about a tenth larger)"
            );
            trunk.env("RUSTFLAGS", RELEASE_RUSTFLAGS);
        }
    }
}

/// Installs [`NIGHTLY`] with the wasm target and the standard library's
/// source, unless it is there, and fetches the library's dependencies
/// (trunk builds offline, and `-Z build-std` compiles them).
fn ensure_nightly() -> Result<(), String> {
    let library = || {
        proc::output(
            Command::new("rustc")
                .arg(format!("+{NIGHTLY}"))
                .args(["--print", "sysroot"]),
        )
        .map(|root| Path::new(root.trim()).join("lib").join("rustlib"))
        .filter(|lib| {
            lib.join("src/rust/library/Cargo.lock").is_file()
                && lib.join("wasm32-unknown-unknown").is_dir()
        })
    };
    let lib = match library() {
        Some(lib) => lib,
        None => {
            let installed = proc::run(Command::new("rustup").args([
                "toolchain",
                "install",
                NIGHTLY,
                "--profile",
                "minimal",
                "--component",
                "rust-src",
                "--target",
                "wasm32-unknown-unknown",
            ]));
            if !installed {
                return Err(format!("`rustup toolchain install {NIGHTLY}` failed"));
            }
            library().ok_or_else(|| format!("{NIGHTLY} lacks rust-src or the wasm target"))?
        }
    };
    // rustup's `cargo` (not $CARGO, the stable toolchain's own binary).
    let fetched = proc::run(
        Command::new("cargo")
            .arg(format!("+{NIGHTLY}"))
            .arg("fetch")
            .arg("--manifest-path")
            .arg(lib.join("src/rust/library/Cargo.toml")),
    );
    if !fetched {
        return Err("fetching the standard library's dependencies failed".into());
    }
    println!("ok: {NIGHTLY} (rust-src, wasm32-unknown-unknown)");
    Ok(())
}

/// Splits `raw` and puts the result into trunk's `dist`.
fn split_into(raw: &Path, dist: &Path, tools: &Tools, esbuild: &Path) -> Result<(), String> {
    let bytes = std::fs::read(raw).map_err(|e| format!("cannot read {}: {e}", raw.display()))?;
    let name = format!("signin-{}", build_id(&bytes));
    let work = workspace::target_dir().join("xtask").join("split");
    let _ = std::fs::remove_dir_all(&work);

    let listed = proc::output(splitter().args(["split"]).arg(raw).arg(&work).arg(&name))
        .ok_or("wasm-splitter failed")?;
    let modules: Vec<PathBuf> = listed.lines().map(PathBuf::from).collect();

    let bindgen_out = work.join("bindgen");
    let bound = proc::run(
        Command::new("wasm-bindgen")
            .env("PATH", &tools.path)
            .args([
                "--target",
                "web",
                "--keep-lld-exports",
                "--no-demangle",
                "--no-typescript",
            ])
            .arg("--out-name")
            .arg(&name)
            .arg("--out-dir")
            .arg(&bindgen_out)
            .arg(work.join("main.wasm")),
    );
    if !bound {
        return Err("wasm-bindgen failed on the main module".into());
    }

    let main_js = format!("{name}.js");
    let main_wasm = format!("{name}_bg.wasm");
    let loader_js = format!("{name}-split.js");
    optimize(tools, &bindgen_out.join(&main_wasm), &dist.join(&main_wasm))?;
    minify(esbuild, &bindgen_out.join(&main_js), &dist.join(&main_js))?;

    let mut loader = read(&work.join(&loader_js))?;
    for module in &modules {
        let stem = module
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| format!("odd split module path {}", module.display()))?;
        let named = format!("{name}-{stem}.wasm");
        loader = html::renamed_reference(&loader, &format!("./{stem}.wasm"), &format!("./{named}"))
            .map_err(|e| format!("{loader_js}: {e}"))?;
        optimize(tools, module, &dist.join(&named))?;
    }
    let loader_renamed = work.join(format!("renamed-{loader_js}"));
    write(&loader_renamed, &loader)?;
    minify(esbuild, &loader_renamed, &dist.join(&loader_js))?;

    let index_path = dist.join("index.html");
    let index = read(&index_path)?;
    let trunk_files = html::trunk_bundle(&index)?;
    let integrity = sri(&[
        dist.join(&main_js),
        dist.join(&main_wasm),
        dist.join(&loader_js),
    ])?;
    let new_index = html::with_split_bundle(
        &index,
        &trunk_files,
        &html::Bundle {
            js: format!("/{main_js}"),
            wasm: format!("/{main_wasm}"),
            loader: format!("/{loader_js}"),
            js_integrity: integrity[0].clone(),
            wasm_integrity: integrity[1].clone(),
            loader_integrity: integrity[2].clone(),
            prefetch: prefetch_order(&modules)?
                .iter()
                .map(|stem| format!("/{name}-{stem}.wasm"))
                .collect(),
        },
    )?;
    write(&index_path, &new_index)?;
    for old in [&trunk_files.js, &trunk_files.wasm] {
        let path = dist.join(old.trim_start_matches('/'));
        std::fs::remove_file(&path)
            .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    println!(
        "split: {main_wasm} + {} module(s) loaded on demand",
        modules.len()
    );
    Ok(())
}

/// The split modules' names (`split_later`, `chunk_3`, …) in the order the
/// app fetches them when idle: the next steps' screens first (the screens,
/// their fields, the token exchange, the ending and home pages), then the
/// chunks they share, then the pages few visitors need.
fn prefetch_order(modules: &[PathBuf]) -> Result<Vec<String>, String> {
    const FIRST: [&str; 5] = [
        "split_later",
        "split_fields",
        "split_finish",
        "split_end",
        "split_home",
    ];
    let mut stems = modules
        .iter()
        .map(|m| {
            m.file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_owned)
                .ok_or_else(|| format!("odd split module path {}", m.display()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let rank = |stem: &str| {
        FIRST
            .iter()
            .position(|f| *f == stem)
            .unwrap_or(FIRST.len() + usize::from(!stem.starts_with("chunk_")))
    };
    stems.sort_by_key(|stem| rank(stem));
    Ok(stems)
}

/// 16 hex digits naming one build's files (SipHash of cargo's wasm: the
/// same source and tools give the same names).
fn build_id(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// The workspace's splitter (built on first use, then cached by cargo).
fn splitter() -> Command {
    let mut cmd = install::cargo();
    cmd.args(["run", "--quiet", "--package", "wasm-splitter", "--"]);
    cmd.current_dir(workspace::root());
    cmd
}

fn sri(files: &[PathBuf]) -> Result<Vec<String>, String> {
    let out = proc::output(splitter().arg("sri").args(files)).ok_or("wasm-splitter sri failed")?;
    let values: Vec<String> = out.lines().map(str::to_owned).collect();
    if values.len() == files.len() {
        Ok(values)
    } else {
        Err(format!(
            "wasm-splitter sri printed {} values for {} files",
            values.len(),
            files.len()
        ))
    }
}

/// Minifies an ES module (wasm-bindgen's glue, the split loader): names,
/// imports and `import.meta.url` stay as they are; only whitespace, local
/// names and syntax shrink. trunk cannot minify this glue itself.
fn minify(esbuild: &Path, from: &Path, to: &Path) -> Result<(), String> {
    let ok = proc::run(
        Command::new(esbuild)
            .arg(from)
            .args(["--minify", "--format=esm", "--log-level=warning"])
            .arg(format!("--outfile={}", to.display())),
    );
    if ok {
        Ok(())
    } else {
        Err(format!("esbuild could not minify {}", from.display()))
    }
}

fn optimize(tools: &Tools, from: &Path, to: &Path) -> Result<(), String> {
    // The modules keep rustc's `target_features` section, which tells
    // wasm-opt the features in use (as in trunk's own optimisation); the
    // shipped files need neither it nor the `producers` section.
    let ok = proc::run(
        Command::new("wasm-opt")
            .env("PATH", &tools.path)
            .args(["-Oz", "--strip-producers", "--strip-target-features"])
            .arg(from)
            .arg("-o")
            .arg(to),
    );
    if ok {
        Ok(())
    } else {
        Err(format!("wasm-opt failed on {}", from.display()))
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_flags_are_the_cargo_configs_wasm_flags() {
        let config = std::fs::read_to_string(workspace::root().join(".cargo/config.toml")).unwrap();
        let section = config
            .split("[target.wasm32-unknown-unknown]")
            .nth(1)
            .expect("the config has a wasm32 section");
        let list = section
            .lines()
            .find_map(|l| l.trim().strip_prefix("rustflags = "))
            .expect("the wasm32 section sets rustflags");
        let flags: Vec<&str> = list
            .trim_matches(['[', ']'])
            .split(',')
            .map(|f| f.trim().trim_matches('"'))
            .collect();
        assert!(!flags.is_empty());
        assert_eq!(
            RELEASE_RUSTFLAGS,
            flags.join(" "),
            "the release RUSTFLAGS replace .cargo/config.toml's: they must be the same"
        );
    }

    #[test]
    fn the_next_steps_modules_are_fetched_first_then_chunks_then_the_rest() {
        let modules: Vec<PathBuf> = [
            "chunk_9",
            "split_callback",
            "split_home",
            "chunk_1",
            "split_later",
            "split_passkey",
            "split_fields",
        ]
        .iter()
        .map(|stem| PathBuf::from(format!("/w/{stem}.wasm")))
        .collect();
        assert_eq!(
            prefetch_order(&modules).unwrap(),
            [
                "split_later",
                "split_fields",
                "split_home",
                "chunk_9",
                "chunk_1",
                "split_callback",
                "split_passkey"
            ]
        );
    }

    #[test]
    fn a_build_id_is_sixteen_hex_digits_that_follow_the_bytes() {
        let a = build_id(b"one build");
        assert_eq!(a.len(), 16);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(a, build_id(b"one build"));
        assert_ne!(a, build_id(b"another build"));
    }
}
