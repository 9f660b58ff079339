//! Facts about the workspace that xtask needs: where it is, which
//! wasm-bindgen version the lockfile pins, which browser test targets exist.
//!
//! Invariant: everything here is read from the files on disk at run time, so
//! bumping wasm-bindgen or adding a `tests/*.rs` target needs no xtask change.

use std::path::{Path, PathBuf};

/// The workspace root (two levels above this crate's manifest).
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/xtask lives two levels below the workspace root")
        .to_path_buf()
}

/// The shared cargo target directory (honours `CARGO_TARGET_DIR`).
pub(crate) fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        }
        _ => root().join("target"),
    }
}

/// The version of a package as pinned in `Cargo.lock` text.
///
/// Returns the first match: the lockfile may hold several versions of one
/// crate, but wasm-bindgen is unified to one because its CLI must match it.
pub(crate) fn locked_version(lockfile: &str, package: &str) -> Option<String> {
    let mut in_package = false;
    let mut name_matches = false;
    for line in lockfile.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[[package]]";
            name_matches = false;
            continue;
        }
        if !in_package {
            continue;
        }
        if let Some(value) = toml_string(line, "name") {
            name_matches = value == package;
        } else if let Some(value) = toml_string(line, "version")
            && name_matches
        {
            return Some(value.to_owned());
        }
    }
    None
}

/// Names of the root package's `[[test]]` targets whose source file exists.
///
/// The root package sets `autotests = false`, so every browser test file is
/// declared explicitly; a declared target whose file is missing is skipped
/// rather than breaking the tier.
pub(crate) fn root_test_targets(manifest: &str, root: &Path) -> Vec<String> {
    let mut targets = Vec::new();
    let mut current: Option<(Option<String>, Option<String>)> = None;
    let mut flush = |entry: Option<(Option<String>, Option<String>)>| {
        if let Some((Some(name), path)) = entry {
            let path = path.unwrap_or_else(|| format!("tests/{name}.rs"));
            if root.join(&path).is_file() {
                targets.push(name);
            }
        }
    };
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            flush(current.take());
            if line == "[[test]]" {
                current = Some((None, None));
            }
            continue;
        }
        if let Some((name, path)) = current.as_mut() {
            if let Some(value) = toml_string(line, "name") {
                *name = Some(value.to_owned());
            } else if let Some(value) = toml_string(line, "path") {
                *path = Some(value.to_owned());
            }
        }
    }
    flush(current.take());
    targets
}

/// `key = "value"` on one line -> `value`. Enough TOML for Cargo's own files,
/// which always write these keys this way.
fn toml_string<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
    rest.trim().strip_prefix('"')?.split('"').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_locked_version_of_a_package() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.50"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-futures").as_deref(),
            Some("0.4.50")
        );
        assert_eq!(locked_version(lock, "trunk"), None);
    }

    #[test]
    fn lists_declared_test_targets_that_exist() {
        let dir = std::env::temp_dir().join(format!("xtask-targets-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("tests")).unwrap();
        std::fs::write(dir.join("tests/form.rs"), "").unwrap();
        std::fs::write(dir.join("tests/custom_place.rs"), "").unwrap();
        let manifest = r#"
[package]
name = "signin"

[[test]]
name = "form"

[[test]]
name = "screens"
path = "tests/custom_place.rs"

[[test]]
name = "missing"

[dependencies]
name = "not-a-test"
"#;
        let targets = root_test_targets(manifest, &dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(targets, ["form", "screens"]);
    }
}
