//! The options of `cargo xtask bench`.
//!
//! Invariants: an unknown option or a bad value is an error that shows the
//! usage, never silently ignored; fewer loads than the default are allowed
//! (to try the harness) but the report marks such a run as a trial.

use std::path::PathBuf;

/// Loads per page and CPU rate after the warm-up (the method asks for at least 10).
const LOADS: u32 = 10;

const USAGE: &str =
    "usage: cargo xtask bench [--skip-build | --dist DIR] [--loads N] [--no-write] [--note TEXT]

  --skip-build  measure the existing dist/ instead of building the release site
  --dist DIR    measure the release build in DIR instead of building one
  --loads N     loads per page and CPU rate after the warm-up (default 10; fewer
                than 10 is for trying the harness and is marked in the output)
  --no-write    print only; do not rewrite crates/xtask/bench/RESULTS.md
  --note TEXT   add TEXT to the report's notes (e.g. how an existing dist was built)";

#[derive(Debug)]
pub(super) struct Options {
    /// Build the release dist (false: measure a copy of `existing`).
    pub(super) build: bool,
    pub(super) existing: Option<PathBuf>,
    pub(super) loads: u32,
    pub(super) write: bool,
    pub(super) note: Option<String>,
}

pub(super) fn parse_options(args: &[String]) -> Result<Options, String> {
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
}
