//! Two commands for `cargo xtask`'s release build, which does the rest
//! (wasm-bindgen, wasm-opt, file names, index.html):
//!
//! - `wasm-splitter split INPUT OUT_DIR NAME` splits cargo's wasm (built
//!   with the app's feature `split`, whose build script links it with
//!   `--emit-relocs`) at its
//!   split points. Writes into OUT_DIR the main module `main.wasm` (for
//!   wasm-bindgen, whose glue will be `./NAME.js`), one `split_*.wasm` per
//!   split point, `chunk_*.wasm` for code several split points share, and
//!   the loader `NAME-split.js` that the main module imports; prints each
//!   split module's path.
//! - `wasm-splitter sri FILE...` prints each file's Subresource Integrity
//!   value (`sha384-…`), one per line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [cmd, input, out_dir, name] if cmd == "split" => {
            split(Path::new(input), Path::new(out_dir), name).map(|modules| {
                modules
                    .iter()
                    .map(|m| m.display().to_string())
                    .collect::<Vec<_>>()
            })
        }
        [cmd, files @ ..] if cmd == "sri" => files.iter().map(|f| sri(Path::new(f))).collect(),
        _ => {
            eprintln!("usage: wasm-splitter split INPUT OUT_DIR NAME | wasm-splitter sri FILE...");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("wasm-splitter: {err}");
            ExitCode::FAILURE
        }
    }
}

fn split(input: &Path, out_dir: &Path, name: &str) -> Result<Vec<PathBuf>, String> {
    let wasm = std::fs::read(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    std::fs::create_dir_all(out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let main_out = out_dir.join("main.wasm");
    let link_name = format!("./{name}-split.js");
    let main_module = format!("./{name}.js");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = out_dir;
    options.main_out_path = &main_out;
    options.link_name = &link_name;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("{e:#}"))?;
    if split.split_modules.is_empty() {
        return Err(format!(
            "{} has no split points: was it built with the feature `split` and --emit-relocs?",
            input.display()
        ));
    }
    Ok(split.split_modules)
}

/// `sha384-<base64>` of the file's bytes, as an `integrity` attribute wants.
fn sri(path: &Path) -> Result<String, String> {
    use base64::Engine;
    use sha2::Digest;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let digest = sha2::Sha384::digest(&bytes);
    Ok(format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_is_the_base64_sha384_of_the_bytes() {
        let dir = std::env::temp_dir().join(format!("wasm-splitter-sri-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("abc.txt");
        std::fs::write(&file, b"abc").unwrap();
        // FIPS 180-2's SHA-384 test vector for "abc", in base64.
        assert_eq!(
            sri(&file).unwrap(),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_wasm_without_split_points_is_refused() {
        let dir = std::env::temp_dir().join(format!("wasm-splitter-none-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("empty.wasm");
        // The smallest valid module: magic and version, no sections.
        std::fs::write(&input, b"\0asm\x01\0\0\0").unwrap();
        let err = split(&input, &dir.join("out"), "signin-0").unwrap_err();
        assert!(!err.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
