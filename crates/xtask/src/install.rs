//! Installing the tools the build and tests need, each only when it is
//! missing or at the wrong version; and `cargo xtask install`, which makes
//! them usable by a plain `trunk serve` / `trunk build --release` too.
//!
//! Invariants:
//! - Nothing is downloaded except through package registries' own clients
//!   (rustup's target, `cargo install`, `npm install`, `apt-get`).
//! - wasm-bindgen-cli always equals the lockfile's wasm-bindgen (trunk and the
//!   test runner refuse anything else), and Trunk.toml must say the same.
//! - wasm-opt comes from npm `binaryen` ([`wasm_opt`]) under the target dir and
//!   is first on the PATH handed to trunk, so Debian's broken wasm-opt 108 is
//!   never used; only `cargo xtask install` touches anything outside the
//!   workspace for it (trunk's cache dir and a link in cargo's bin dir).
//! - npm tools that a lockfile pins (axe-core for the e2e audit, esbuild for
//!   the release build's JavaScript) are installed with `npm ci` into their
//!   own folder's `node_modules`, exactly as locked.

mod wasm_opt;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::proc;
use crate::workspace;
use wasm_opt::WASM_OPT_TAG;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// trunk 0.22 needs a newer rustc than these machines have.
const TRUNK_VERSION: &str = "0.21.14";
/// Debian packages for the nginx e2e tests: (a file each provides, package).
const NGINX_PACKAGES: [(&str, &str); 2] = [
    ("/usr/sbin/nginx", "nginx"),
    ("/etc/ssl/certs/ssl-cert-snakeoil.pem", "ssl-cert"),
];
/// Where Debian's chromium-driver puts chromedriver.
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The npm project that pins axe-core for the e2e accessibility audit.
const AXE_DIR: &str = "tests/e2e/axe";
/// The npm project that pins esbuild for the release build's JavaScript.
const MINIFY_DIR: &str = "crates/xtask/minify";

/// What later steps need from the installed tools.
#[derive(Debug)]
pub(crate) struct Tools {
    /// PATH for children: binaryen's bin dir, cargo's bin dir, then the inherited PATH.
    pub(crate) path: OsString,
}

/// Ensures the wasm target, trunk, wasm-bindgen-cli and wasm-opt are present.
pub(crate) fn ensure_web_tools() -> Result<Tools, String> {
    let root = workspace::root();
    let lockfile = read(&root.join("Cargo.lock"))?;
    let bindgen = workspace::locked_version(&lockfile, "wasm-bindgen")
        .ok_or("Cargo.lock has no wasm-bindgen package")?;
    // The app's and the embedding example's: both builds use these tools.
    for file in ["Trunk.toml", "examples/embed/Trunk.toml"] {
        check_trunk_toml(&read(&root.join(file))?, &bindgen)
            .map_err(|err| format!("{file}: {err}"))?;
    }

    let binaryen_bin = wasm_opt::target_bin_dir();
    let path = tool_path(&binaryen_bin);

    ensure_wasm_target()?;
    ensure_cargo_tool(&path, "trunk", "trunk", TRUNK_VERSION, &["--locked"])?;
    // --locked first (reproducible); the published lockfile of some
    // wasm-bindgen-cli releases pins a crate version the registry no longer
    // serves, so fall back to a fresh resolution.
    ensure_cargo_tool(
        &path,
        "wasm-bindgen",
        "wasm-bindgen-cli",
        &bindgen,
        &["--locked"],
    )
    .or_else(|_| ensure_cargo_tool(&path, "wasm-bindgen", "wasm-bindgen-cli", &bindgen, &[]))?;
    wasm_opt::ensure_in_target(&path, &binaryen_bin)?;
    Ok(Tools { path })
}

/// Entry point for `cargo xtask install`: the web tools, plus wasm-opt where
/// a plain `trunk` finds it; then what the caller's own PATH resolves.
pub(crate) fn run() -> Result<ExitCode, String> {
    let tools = ensure_web_tools()?;
    let cargo_bin = cargo_bin_dir().ok_or("neither CARGO_HOME nor HOME is set")?;
    wasm_opt::install_for_plain_trunk(&tools.path, &cargo_bin)?;

    // What a plain `trunk` started from this shell would find.
    let user_path = std::env::var_os("PATH").unwrap_or_default();
    let found = [
        ("trunk", installed_version(&user_path, "trunk")),
        (
            "wasm-bindgen",
            installed_version(&user_path, "wasm-bindgen"),
        ),
        (
            "wasm-opt",
            wasm_opt::version(Path::new("wasm-opt"), Some(&user_path)),
        ),
    ];
    println!();
    for (tool, version) in &found {
        println!(
            "  {tool:<13} {}",
            version.as_deref().unwrap_or("not found on PATH")
        );
    }
    let lockfile = read(&workspace::root().join("Cargo.lock"))?;
    let wanted = [
        Some(TRUNK_VERSION.to_owned()),
        workspace::locked_version(&lockfile, "wasm-bindgen"),
        Some(wasm_opt::wanted().to_owned()),
    ];
    let all_found = found
        .iter()
        .zip(&wanted)
        .all(|((_, version), wanted)| version.is_some() && version == wanted);
    if all_found {
        println!(
            "\nPlain `trunk serve` and `trunk build --release` work from this shell (README: \"Frontend development with plain trunk\")."
        );
    } else {
        println!(
            "\nPut {dir} first on PATH so a plain trunk finds these versions:\n  export PATH=\"{dir}:$PATH\"",
            dir = cargo_bin.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `trunk` with the installed tools first on PATH and no network version
/// check. Every trunk invocation of xtask should start here. (wasm-opt also
/// needs the wasm `target_features` section, which is why the release profile
/// strips debug info only.)
pub(crate) fn trunk(tools: &Tools) -> Command {
    let mut cmd = Command::new("trunk");
    cmd.env("PATH", &tools.path)
        .env("TRUNK_SKIP_VERSION_CHECK", "true");
    cmd
}

/// Ensures Chromium, chromedriver and brotli from Debian's packages.
pub(crate) fn ensure_browser() -> Result<(), String> {
    ensure_debian(&[
        ("/usr/bin/chromium", "chromium"),
        (CHROMEDRIVER, "chromium-driver"),
        ("/usr/bin/brotli", "brotli"),
    ])
}

/// Ensures Debian's nginx, which the e2e tests run with the documented
/// configuration, and ssl-cert, whose snake-oil certificate stands in for a
/// deployer's in that configuration.
pub(crate) fn ensure_nginx() -> Result<(), String> {
    ensure_debian(&NGINX_PACKAGES)
}

/// Installs with apt-get the packages of `wanted` ((a file it provides,
/// package)) whose file is missing; nothing when all are there.
fn ensure_debian(wanted: &[(&str, &str)]) -> Result<(), String> {
    let names: Vec<&str> = wanted.iter().map(|(_, package)| *package).collect();
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(file, _)| !Path::new(file).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        println!("ok: {} installed", names.join(", "));
        return Ok(());
    }
    let packages = missing.join(" ");
    if !proc::is_root() {
        return Err(format!(
            "missing Debian packages {}: run `sudo apt-get install -y {packages}` and retry",
            missing.join(", ")
        ));
    }
    println!("installing Debian packages: {packages}");
    let apt = |args: &[&str]| {
        proc::run(
            Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    };
    // `update` first: on a fresh machine the package lists may be empty.
    if !apt(&["update"]) {
        return Err("apt-get update failed".into());
    }
    let mut install = vec!["install", "-y"];
    install.extend(&missing);
    if !apt(&install) {
        return Err(format!("apt-get install {packages} failed"));
    }
    Ok(())
}

/// Ensures `tests/e2e/axe/node_modules` holds the axe-core version its
/// lockfile pins.
pub(crate) fn ensure_axe() -> Result<(), String> {
    ensure_npm_project(AXE_DIR, "axe-core")
}

/// Ensures `crates/xtask/minify/node_modules` holds the esbuild its lockfile
/// pins (the release build minifies its JavaScript with it); returns the
/// esbuild command.
pub(crate) fn ensure_minifier() -> Result<PathBuf, String> {
    ensure_npm_project(MINIFY_DIR, "esbuild")?;
    Ok(workspace::root()
        .join(MINIFY_DIR)
        .join("node_modules/.bin/esbuild"))
}

/// Ensures `dir/node_modules` holds the version of `package` that the
/// project's lockfile pins, with `npm ci` (installs exactly the lockfile,
/// resolves nothing, runs no install scripts).
fn ensure_npm_project(dir: &str, package: &str) -> Result<(), String> {
    let root = workspace::root().join(dir);
    let lock = read(&root.join("package-lock.json"))?;
    let wanted = locked_npm_version(&lock, package)
        .ok_or_else(|| format!("{dir}/package-lock.json does not pin {package}"))?;
    let installed =
        std::fs::read_to_string(root.join("node_modules").join(package).join("package.json"))
            .ok()
            .and_then(|text| first_version(&text));
    if installed.as_deref() == Some(wanted.as_str()) {
        println!("ok: {package} {wanted} ({dir})");
        return Ok(());
    }
    println!("installing {package} {wanted}: npm ci in {dir}");
    let ok = proc::run(
        Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&root),
    );
    if ok {
        Ok(())
    } else {
        Err(format!("npm ci in {dir} failed (is npm installed?)"))
    }
}

/// The version of `package` in an npm lockfile (v2/v3 `packages` map).
fn locked_npm_version(lock: &str, package: &str) -> Option<String> {
    let at = lock.find(&format!("\"node_modules/{package}\""))?;
    first_version(&lock[at..])
}

/// The first `"version": "..."` value in `json` text.
fn first_version(json: &str) -> Option<String> {
    let key = "\"version\"";
    let rest = &json[json.find(key)? + key.len()..];
    let rest = rest
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_owned())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
}

/// Trunk refuses a wasm-bindgen-cli that differs from its `[tools]` pin, so a
/// lockfile bump without a Trunk.toml bump would fail deep inside trunk: say so up front.
fn check_trunk_toml(trunk_toml: &str, bindgen: &str) -> Result<(), String> {
    let pinned = |key: &str| {
        trunk_toml.lines().find_map(|line| {
            let rest = line
                .trim()
                .strip_prefix(key)?
                .trim_start()
                .strip_prefix('=')?;
            Some(rest.trim().trim_matches('"').to_owned())
        })
    };
    if pinned("wasm_bindgen").as_deref() != Some(bindgen) {
        return Err(format!(
            "Trunk.toml [tools] wasm_bindgen must be \"{bindgen}\" (the wasm-bindgen version in Cargo.lock)"
        ));
    }
    if pinned("wasm_opt").as_deref() != Some(WASM_OPT_TAG) {
        return Err(format!(
            "Trunk.toml [tools] wasm_opt must be \"{WASM_OPT_TAG}\""
        ));
    }
    Ok(())
}

/// cargo's bin dir (`$CARGO_HOME/bin`, default `~/.cargo/bin`).
fn cargo_bin_dir() -> Option<PathBuf> {
    match std::env::var_os("CARGO_HOME") {
        Some(home) if !home.is_empty() => Some(PathBuf::from(home).join("bin")),
        _ => std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo").join("bin")),
    }
}

fn tool_path(binaryen_bin: &Path) -> OsString {
    let mut dirs = vec![binaryen_bin.to_path_buf()];
    dirs.extend(cargo_bin_dir());
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap_or_default()
}

/// The cargo that runs us (so `cargo install` uses the same toolchain).
pub(crate) fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = proc::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|list| list.lines().any(|line| line.trim() == WASM_TARGET));
    if installed {
        println!("ok: rust target {WASM_TARGET}");
        return Ok(());
    }
    if proc::run(Command::new("rustup").args(["target", "add", WASM_TARGET])) {
        Ok(())
    } else {
        Err(format!("`rustup target add {WASM_TARGET}` failed"))
    }
}

/// The version printed by `<binary> --version` (`trunk 0.21.14` -> `0.21.14`).
fn installed_version(path: &OsString, binary: &str) -> Option<String> {
    let text = proc::output(Command::new(binary).arg("--version").env("PATH", path))?;
    text.split_whitespace().nth(1).map(str::to_owned)
}

fn ensure_cargo_tool(
    path: &OsString,
    binary: &str,
    package: &str,
    version: &str,
    extra: &[&str],
) -> Result<(), String> {
    match installed_version(path, binary) {
        Some(found) if found == version => {
            println!("ok: {binary} {version}");
            return Ok(());
        }
        Some(found) => println!("{binary} {found} found, {version} needed"),
        None => println!("{binary} not found"),
    }
    let mut install = cargo();
    install
        .args(["install", package, "--version", version, "--force"])
        .args(extra)
        .env("PATH", path)
        // trunk's manifest asks for fat LTO in one codegen unit: minutes of
        // single-threaded linking on a fresh machine for a tool whose run
        // time is spent waiting on cargo, wasm-bindgen and wasm-opt. These
        // build tools are made the ordinary optimised way instead.
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16");
    if proc::run(&mut install) && installed_version(path, binary).as_deref() == Some(version) {
        Ok(())
    } else {
        Err(format!("could not install {package} {version}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_locked_and_installed_npm_versions() {
        let lock = r#"{"packages": {"": {"dependencies": {"axe-core": "4.14.1"}},
            "node_modules/axe-core": {"version": "4.14.1", "resolved": "x"}}}"#;
        assert_eq!(
            locked_npm_version(lock, "axe-core").as_deref(),
            Some("4.14.1")
        );
        assert_eq!(locked_npm_version(lock, "left-pad"), None);
        assert_eq!(
            first_version(r#"{ "name": "axe-core", "version" : "4.14.1" }"#).as_deref(),
            Some("4.14.1")
        );
        assert_eq!(first_version("{}"), None);
    }

    #[test]
    fn the_axe_lockfile_pins_axe_core() {
        let lock = read(&workspace::root().join(AXE_DIR).join("package-lock.json")).unwrap();
        let version = locked_npm_version(&lock, "axe-core").expect("axe-core pinned");
        assert!(version.split('.').count() == 3, "{version}");
    }

    #[test]
    fn the_minify_lockfile_pins_esbuild_and_its_linux_binary_alike() {
        let lock = read(&workspace::root().join(MINIFY_DIR).join("package-lock.json")).unwrap();
        let version = locked_npm_version(&lock, "esbuild").expect("esbuild pinned");
        assert_eq!(
            locked_npm_version(&lock, "@esbuild/linux-x64").as_deref(),
            Some(version.as_str()),
            "the platform binary npm ci installs is the same release"
        );
    }

    #[test]
    fn trunk_toml_must_pin_the_locked_bindgen_and_our_wasm_opt() {
        let good = "[tools]\nwasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_132\"\n";
        assert_eq!(check_trunk_toml(good, "0.2.130"), Ok(()));
        assert!(
            check_trunk_toml(good, "0.2.131")
                .unwrap_err()
                .contains("0.2.131")
        );
        let old_opt = "[tools]\nwasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_108\"\n";
        assert!(check_trunk_toml(old_opt, "0.2.130").is_err());
    }

    #[test]
    fn the_checked_in_trunk_tomls_match_the_lockfile() {
        let root = workspace::root();
        let lock = read(&root.join("Cargo.lock")).unwrap();
        let bindgen = workspace::locked_version(&lock, "wasm-bindgen").unwrap();
        for file in ["Trunk.toml", "examples/embed/Trunk.toml"] {
            assert_eq!(
                check_trunk_toml(&read(&root.join(file)).unwrap(), &bindgen),
                Ok(()),
                "{file}"
            );
        }
    }
}
