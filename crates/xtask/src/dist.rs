//! `cargo xtask dist`: the deployable site in `dist/`, built with the tools
//! `dev` and `test` use, for one org.
//!
//! The org's `config.json` comes from `--config FILE` or the `SIGNIN_CONFIG`
//! environment variable. It is checked first ([`org_config`]), then trunk
//! builds the release site, the file becomes `dist/config.json` byte for
//! byte, and `dist/_headers` gets the shipped policy with `connect-src`
//! naming the issuer's origin ([`headers`]). `--demo` builds the checked-in
//! `public/config.json` instead, whose issuer is the local emulator.
//!
//! Invariants:
//! - Without a config and without `--demo` nothing is built: a site that
//!   sends people to an emulator on 127.0.0.1 is never produced by accident.
//! - Everything that can be wrong with the config or `public/_headers` is
//!   found before the (slow) build; if the org's files cannot be written
//!   after it, dist/ is removed rather than left holding the demo config.
//! - The config is not secret (a public client), but only its issuer and
//!   origin are printed.

mod headers;
mod org_config;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::install;
use crate::workspace;

/// The environment variable that may name the org's config file.
const CONFIG_ENV: &str = "SIGNIN_CONFIG";

const USAGE: &str = "usage: cargo xtask dist (--config FILE | --demo)

  --config FILE  the org's config.json (issuer, clientId, redirectUri, ...);
                 the SIGNIN_CONFIG environment variable may name it instead
  --demo         a demo site: the checked-in public/config.json, whose issuer
                 is the local IDX emulator (never deploy it for real users)

Builds the release site into dist/ with config.json and _headers (its
Content-Security-Policy connect-src set to the issuer's origin) for that org.";

/// Which config the site is built with.
#[derive(Debug, PartialEq, Eq)]
enum Site {
    /// The org's config file.
    Org(PathBuf),
    /// The checked-in demo config (the emulator).
    Demo,
}

fn parse_options(args: &[String], env_config: Option<OsString>) -> Result<Site, String> {
    let mut config: Option<PathBuf> = None;
    let mut demo = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--config" => {
                let file = it
                    .next()
                    .filter(|f| !f.is_empty())
                    .ok_or_else(|| format!("--config needs a file\n\n{USAGE}"))?;
                if config.replace(PathBuf::from(file)).is_some() {
                    return Err(format!("--config given twice\n\n{USAGE}"));
                }
            }
            "--demo" => demo = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown dist option `{other}`\n\n{USAGE}")),
        }
    }
    let env_config = env_config.filter(|v| !v.is_empty()).map(PathBuf::from);
    match (config, demo, env_config) {
        (Some(_), true, _) => Err(format!(
            "--config and --demo exclude each other: a site is for one org\n\n{USAGE}"
        )),
        (None, true, Some(_)) => Err(format!(
            "--demo given, but {CONFIG_ENV} names an org's config: unset {CONFIG_ENV} for a demo site, or drop --demo"
        )),
        (None, true, None) => Ok(Site::Demo),
        // The command line wins over the environment.
        (Some(file), false, _) | (None, false, Some(file)) => Ok(Site::Org(file)),
        (None, false, None) => Err(format!(
            "no org config given, so no site was built (the checked-in config.json points at \
the local emulator, which no deployed site may use).\n\
Give the org's config.json with `cargo xtask dist --config FILE` (or {CONFIG_ENV}=FILE),\n\
or build a demo site for the emulator with `cargo xtask dist --demo`.\n\n{USAGE}"
        )),
    }
}

/// Entry point for `cargo xtask dist [options]`.
pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let site = parse_options(args, std::env::var_os(CONFIG_ENV))?;
    let root = workspace::root();
    let config_path = match &site {
        Site::Org(file) => file.clone(),
        Site::Demo => root.join("public").join("config.json"),
    };
    let config_text = read(&config_path)?;
    let config = org_config::check(&config_text)
        .map_err(|err| format!("{}: {err}", config_path.display()))?;
    let headers_path = root.join("public").join("_headers");
    let headers = headers::with_connect_src(&read(&headers_path)?, &config.issuer_origin)
        .map_err(|err| format!("{}: {err}", headers_path.display()))?;

    let tools = install::ensure_web_tools()?;
    let dist = root.join("dist");
    crate::release::build_site(&root, &tools, &dist)?;
    let written = write(&dist.join("config.json"), &config_text)
        .and_then(|()| write(&dist.join("_headers"), &headers));
    if let Err(err) = written {
        let _ = std::fs::remove_dir_all(&dist);
        return Err(format!(
            "{err}; dist/ was removed, as it held the demo config"
        ));
    }

    println!("\ndist/ is ready: {}", dist.display());
    println!("  issuer       {}", config.issuer);
    println!("  config.json  from {}", config_path.display());
    println!("  _headers     connect-src 'self' {}", config.issuer_origin);
    match site {
        Site::Demo => println!(
            "A demo site: its issuer is the IDX emulator (`cargo run -p idx-emulator`). Do not deploy it for real users."
        ),
        Site::Org(_) if config.loopback => println!(
            "Note: the issuer is on this machine (loopback), so the site works only where that server runs."
        ),
        Site::Org(_) => println!("Upload all of dist/ (README: \"Deploying to a static host\")."),
    }
    Ok(ExitCode::SUCCESS)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|err| format!("cannot write {}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_config_comes_from_the_option_or_the_environment() {
        assert_eq!(
            parse_options(&args(&["--config", "org.json"]), None),
            Ok(Site::Org("org.json".into()))
        );
        assert_eq!(
            parse_options(&[], Some("env.json".into())),
            Ok(Site::Org("env.json".into()))
        );
        // The command line wins over the environment.
        assert_eq!(
            parse_options(&args(&["--config", "org.json"]), Some("env.json".into())),
            Ok(Site::Org("org.json".into()))
        );
        assert_eq!(parse_options(&args(&["--demo"]), None), Ok(Site::Demo));
        assert_eq!(
            parse_options(&args(&["--demo"]), Some("".into())),
            Ok(Site::Demo)
        );
    }

    #[test]
    fn without_a_config_or_demo_nothing_is_built() {
        for env in [None, Some(OsString::new())] {
            let err = parse_options(&[], env).unwrap_err();
            assert!(
                err.starts_with("no org config given, so no site was built"),
                "{err}"
            );
            assert!(
                err.contains("--config FILE") && err.contains("--demo"),
                "{err}"
            );
        }
    }

    #[test]
    fn conflicting_or_unknown_options_are_errors() {
        for (list, env, said) in [
            (
                &["--config", "a.json", "--demo"][..],
                None,
                "exclude each other",
            ),
            (
                &["--demo"][..],
                Some("env.json"),
                "SIGNIN_CONFIG names an org's config",
            ),
            (&["--config"][..], None, "--config needs a file"),
            (&["--config", ""][..], None, "--config needs a file"),
            (&["--config", "a", "--config", "b"][..], None, "given twice"),
            (&["--release"][..], None, "unknown dist option `--release`"),
        ] {
            let err = parse_options(&args(list), env.map(OsString::from)).unwrap_err();
            assert!(err.contains(said), "{list:?}: {err}");
        }
    }
}
