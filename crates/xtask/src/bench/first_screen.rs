//! The dist a benchmark measures: the release build (`release.rs`) into a private directory or
//! copied from an existing build, then its first-screen files found (from
//! index.html) and measured raw, gzip -9 and brotli 11.
//!
//! Invariants:
//! - The measured dist is private to the run (`target/xtask/bench/dist`), so
//!   a `trunk serve` or an e2e build rewriting dist/ cannot change it midway.
//! - The first screen is what index.html references (scripts, the wasm,
//!   stylesheets) plus config.json; a dist without a wasm is refused.

use std::path::Path;
use std::process::{Command, Stdio};

use super::samples::FileSize;

/// Copies the files of an existing dist/ (for `--skip-build`) so the run
/// measures one fixed build even if dist/ is rebuilt meanwhile.
pub(super) fn snapshot_dist(from: &Path, to: &Path) -> Result<(), String> {
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
/// (the main script and the split loader it imports, the main wasm, the
/// stylesheet) and config.json; the modules loaded on demand are not part of it.
pub(super) fn first_screen_files(dist: &Path) -> Result<Vec<String>, String> {
    let html = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|err| format!("cannot read dist/index.html: {err}"))?;
    let mut files = vec!["index.html".to_owned()];
    for reference in local_references(&html) {
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

pub(super) fn measure_file(dist: &Path, name: &str) -> Result<FileSize, String> {
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

/// Local `href`/`src` targets in an HTML page, without the leading `/`,
/// in document order (external URLs and data: URIs are left out).
fn local_references(html: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    for attr in ["href=", "src=", "from "] {
        let mut offset = 0;
        while let Some(at) = html[offset..].find(attr) {
            offset += at + attr.len();
            let rest = &html[offset..];
            // Quoted, or unquoted as minified HTML writes it (`href=/a.js`).
            let value = match rest.chars().next() {
                Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or(""),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            if !value.is_empty() && !value.contains("://") && !value.starts_with("data:") {
                let name = value.trim_start_matches("./").trim_start_matches('/');
                found.push((offset, name.to_owned()));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let mut names: Vec<String> = Vec::new();
    for (_, name) in found {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn finds_local_references_in_order() {
        let html = r#"<link rel="modulepreload" href="/a.js"><link href="https://x/y.css"><script type="module">import init from '/a.js';</script><img src="./b.png"><a href="data:x">"#;
        assert_eq!(local_references(html), ["a.js", "b.png"]);
        let minified =
            "<link href=/main.css rel=stylesheet><link as=fetch href=/app_bg.wasm rel=preload>";
        assert_eq!(local_references(minified), ["main.css", "app_bg.wasm"]);
    }
}
