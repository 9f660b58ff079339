//! wasm-opt from npm `binaryen`, never Debian's (whose wasm-opt 108
//! corrupts wasm-bindgen's output), in two places:
//! - under the target dir, first on the PATH xtask hands to its own trunk
//!   runs (`dev`, `test`, `dist`, `bench`);
//! - for `cargo xtask install`, where a plain `trunk build --release` finds
//!   it: trunk's cache layout (`<cache>/trunk/wasm-opt-version_132/bin/wasm-opt`)
//!   as its stable home, and a link to it in cargo's bin dir.
//!
//! Why the link: Trunk.toml sets `offline = true`, and trunk 0.21 offline
//! looks a tool up on PATH only (`which wasm-opt`, then its `--version`),
//! never in its cache dir. Cargo's bin dir already holds trunk and
//! wasm-bindgen and is on the PATH of anyone who installed Rust with rustup.
//!
//! Invariants:
//! - Installed only with npm, the registry's own client.
//! - A wasm-opt counts as present only when its `--version` says 132.
//! - A `wasm-opt` in cargo's bin dir that is not our link is never replaced.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::proc;
use crate::workspace;

pub(super) const BINARYEN_VERSION: &str = "132.0.0";
/// How trunk names that binaryen release (`[tools] wasm_opt` in Trunk.toml).
pub(super) const WASM_OPT_TAG: &str = "version_132";

/// The major version `wasm-opt --version` must print.
pub(super) fn wanted() -> &'static str {
    BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION)
}

/// The bin dir of the target dir's binaryen (first on xtask's tool PATH).
pub(super) fn target_bin_dir() -> PathBuf {
    workspace::target_dir()
        .join("tools")
        .join(format!("binaryen-{BINARYEN_VERSION}"))
        .join("node_modules")
        .join(".bin")
}

/// The version a `wasm-opt` prints (`wasm-opt version 132 (version_132)` -> `132`).
pub(super) fn version(program: &Path, path: Option<&OsString>) -> Option<String> {
    let mut cmd = Command::new(program);
    cmd.arg("--version");
    if let Some(path) = path {
        cmd.env("PATH", path);
    }
    proc::output(&mut cmd).and_then(|text| text.split_whitespace().nth(2).map(str::to_owned))
}

/// Ensures the target dir's binaryen (for xtask's own trunk runs).
pub(super) fn ensure_in_target(path: &OsString, binaryen_bin: &Path) -> Result<(), String> {
    let wasm_opt = binaryen_bin.join("wasm-opt");
    if version(&wasm_opt, None).as_deref() == Some(wanted()) {
        println!(
            "ok: wasm-opt {} (npm binaryen@{BINARYEN_VERSION})",
            wanted()
        );
        return Ok(());
    }
    let prefix = binaryen_bin
        .parent()
        .and_then(Path::parent)
        .ok_or("binaryen dir has no parent")?;
    npm_install(path, prefix)?;
    if version(&wasm_opt, None).as_deref() == Some(wanted()) {
        Ok(())
    } else {
        Err(format!(
            "could not install npm binaryen@{BINARYEN_VERSION} into {}",
            prefix.display()
        ))
    }
}

fn npm_install(path: &OsString, prefix: &Path) -> Result<(), String> {
    std::fs::create_dir_all(prefix)
        .map_err(|err| format!("cannot create {}: {err}", prefix.display()))?;
    if proc::output(Command::new("npm").arg("--version").env("PATH", path)).is_none() {
        return Err(
            "npm is needed to install wasm-opt (npm binaryen): install Node.js and npm".into(),
        );
    }
    let ok = proc::run(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(prefix)
            .arg(format!("binaryen@{BINARYEN_VERSION}"))
            .env("PATH", path),
    );
    if ok {
        Ok(())
    } else {
        Err(format!(
            "npm install binaryen@{BINARYEN_VERSION} into {} failed",
            prefix.display()
        ))
    }
}

/// trunk's cache dir, as trunk 0.21 finds it on Linux (`directories`:
/// `$XDG_CACHE_HOME/trunk` when that is absolute, else `~/.cache/trunk`).
fn trunk_cache_dir(xdg_cache: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let cache = xdg_cache
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| home.map(|home| PathBuf::from(home).join(".cache")))?;
    Some(cache.join("trunk"))
}

/// Installs binaryen in trunk's cache layout and links `wasm-opt` into
/// `cargo_bin`; returns the link.
pub(super) fn install_for_plain_trunk(
    path: &OsString,
    cargo_bin: &Path,
) -> Result<PathBuf, String> {
    let home = trunk_cache_dir(std::env::var_os("XDG_CACHE_HOME"), std::env::var_os("HOME"))
        .ok_or("neither XDG_CACHE_HOME nor HOME is set: no place for trunk's cache")?
        .join(format!("wasm-opt-{WASM_OPT_TAG}"));
    let binary = home.join("bin").join("wasm-opt");
    if version(&binary, None).as_deref() == Some(wanted()) {
        println!("ok: wasm-opt {} in {}", wanted(), binary.display());
    } else {
        npm_install(path, &home)?;
        let bin = home.join("bin");
        std::fs::create_dir_all(&bin)
            .map_err(|err| format!("cannot create {}: {err}", bin.display()))?;
        let _ = std::fs::remove_file(&binary);
        // Relative, so the layout stays whole if the cache dir moves.
        std::os::unix::fs::symlink("../node_modules/binaryen/bin/wasm-opt", &binary)
            .map_err(|err| format!("cannot link {}: {err}", binary.display()))?;
        if version(&binary, None).as_deref() != Some(wanted()) {
            return Err(format!(
                "{} does not run as wasm-opt {} after `npm install binaryen@{BINARYEN_VERSION}`",
                binary.display(),
                wanted()
            ));
        }
    }

    let link = cargo_bin.join("wasm-opt");
    if std::fs::symlink_metadata(&link).is_err() {
        std::fs::create_dir_all(cargo_bin)
            .map_err(|err| format!("cannot create {}: {err}", cargo_bin.display()))?;
        std::os::unix::fs::symlink(&binary, &link)
            .map_err(|err| format!("cannot link {}: {err}", link.display()))?;
        println!("linked {} -> {}", link.display(), binary.display());
        return Ok(link);
    }
    if std::fs::read_link(&link).is_ok_and(|target| target == binary) {
        println!("ok: {} -> {}", link.display(), binary.display());
        return Ok(link);
    }
    // Something else is there: keep it if it is the right wasm-opt anyway.
    match version(&link, None) {
        Some(found) if found == wanted() => {
            println!("ok: {} is already wasm-opt {found}", link.display());
            Ok(link)
        }
        found => Err(format!(
            "{} exists and is not wasm-opt {} (it reports {}); it is not ours to replace: \
remove it and rerun `cargo xtask install`",
            link.display(),
            wanted(),
            found.map_or_else(|| "no version".to_owned(), |v| format!("version {v}"))
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_cache_dir_follows_xdg_then_home() {
        assert_eq!(
            trunk_cache_dir(Some("/x/cache".into()), Some("/home/u".into())),
            Some(PathBuf::from("/x/cache/trunk"))
        );
        // A relative XDG_CACHE_HOME is ignored, as the XDG spec says.
        assert_eq!(
            trunk_cache_dir(Some("rel".into()), Some("/home/u".into())),
            Some(PathBuf::from("/home/u/.cache/trunk"))
        );
        assert_eq!(
            trunk_cache_dir(None, Some("/home/u".into())),
            Some(PathBuf::from("/home/u/.cache/trunk"))
        );
        assert_eq!(trunk_cache_dir(None, None), None);
    }

    #[test]
    fn the_wanted_version_is_binaryens_major() {
        assert_eq!(wanted(), "132");
        assert_eq!(WASM_OPT_TAG, format!("version_{}", wanted()));
    }
}
