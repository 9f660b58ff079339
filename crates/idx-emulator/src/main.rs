//! Command-line entry point: parse flags, bind, print what clients need, serve.
//!
//! Invariants: the printed issuer and redirect URIs derive from the address
//! actually bound (so `--listen 127.0.0.1:0` prints the real port); nothing
//! secret but the demo users' documented demo password is printed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use idx_emulator::{Config, DEMO_CLIENT_ID, config};

const HELP: &str = "\
idx-emulator: a local Okta Identity Engine (IDX + OAuth) for tests and the demo

USAGE:
    cargo run -p idx-emulator -- [OPTIONS]

OPTIONS:
    --listen <ADDR>               Address to bind [default: 127.0.0.1:8787]; port 0 picks one
    --allow-origin <ORIGIN>       Browser origin allowed by CORS; also registers
                                  <ORIGIN>/login/callback as redirect URI and <ORIGIN>/,
                                  <ORIGIN>/login as post-logout URIs. Repeatable
                                  [default: http://127.0.0.1:8080]
    --users <FILE>                Users file (JSON, like crates/idx-emulator/users.json):
                                  users, optional third-party identity providers
                                  (\"idps\") and self-service settings (\"org\": sign-up,
                                  unlock, CAPTCHA) [default: the checked-in demo users,
                                  IdP and org]
    --state-lifetime-secs <N>     Inactivity lifetime of a transaction's stateHandle [default: 600]
    --lockout-attempts <N>        Failed password/code attempts before lockout, 0 = never [default: 5]
    --rate-limit <N>              Requests per minute per client on /idp and /oauth2
                                  before 429, 0 = unlimited [default: 600]
    --username-first              Ask for the username first, then the password
    --fastpass                    Offer Okta FastPass (launch-authenticator) at identify
    --poll-refresh-ms <N>         `refresh` advertised on push polling [default: 4000]
    --token-lifetime-secs <N>     Access/ID token lifetime [default: 3600]
    -h, --help                    Print this help
";

struct Args {
    listen: SocketAddr,
    origins: Vec<String>,
    users: Option<PathBuf>,
    state_lifetime: Option<u64>,
    lockout: Option<u32>,
    rate: Option<u32>,
    username_first: bool,
    fastpass: bool,
    refresh_ms: Option<u64>,
    token_lifetime: Option<u64>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
        origins: Vec::new(),
        users: None,
        state_lifetime: None,
        lockout: None,
        rate: None,
        username_first: false,
        fastpass: false,
        refresh_ms: None,
        token_lifetime: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        fn num<T: std::str::FromStr>(name: &str, v: String) -> Result<T, String> {
            v.parse().map_err(|_| format!("{name}: not a number: {v}"))
        }
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--listen" => {
                let v = value("--listen")?;
                args.listen = v
                    .parse()
                    .map_err(|_| format!("--listen: not an address like 127.0.0.1:8787: {v}"))?;
            }
            "--allow-origin" => {
                let v = value("--allow-origin")?;
                if !(v.starts_with("http://") || v.starts_with("https://")) {
                    return Err(format!("--allow-origin: not an http(s) origin: {v}"));
                }
                args.origins.push(v.trim_end_matches('/').to_owned());
            }
            "--users" => args.users = Some(PathBuf::from(value("--users")?)),
            "--state-lifetime-secs" => {
                args.state_lifetime = Some(num(
                    "--state-lifetime-secs",
                    value("--state-lifetime-secs")?,
                )?)
            }
            "--lockout-attempts" => {
                args.lockout = Some(num("--lockout-attempts", value("--lockout-attempts")?)?)
            }
            "--rate-limit" => args.rate = Some(num("--rate-limit", value("--rate-limit")?)?),
            "--username-first" => args.username_first = true,
            "--fastpass" => args.fastpass = true,
            "--poll-refresh-ms" => {
                args.refresh_ms = Some(num("--poll-refresh-ms", value("--poll-refresh-ms")?)?)
            }
            "--token-lifetime-secs" => {
                args.token_lifetime = Some(num(
                    "--token-lifetime-secs",
                    value("--token-lifetime-secs")?,
                )?)
            }
            other => return Err(format!("unknown argument: {other} (see --help)")),
        }
    }
    Ok(Some(args))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("idx-emulator: {e}");
            return ExitCode::from(2);
        }
    };
    let users = match &args.users {
        Some(path) => match config::load_users_file(path) {
            Ok(u) => Some(u),
            Err(e) => {
                eprintln!("idx-emulator: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let configure = |c: &mut Config| {
        if !args.origins.is_empty() {
            c.allowed_origins = args.origins.clone();
        }
        match users {
            Some(file) => {
                c.users = file.users;
                c.idps = file.idps;
                c.org = file.org;
            }
            None => c.org = config::demo_org(),
        }
        if let Some(s) = args.state_lifetime {
            c.state_lifetime = Duration::from_secs(s);
        }
        if let Some(n) = args.lockout {
            c.lockout_attempts = n;
        }
        if let Some(n) = args.rate {
            c.rate_limit_per_minute = n;
        }
        c.username_first = args.username_first;
        c.fastpass = args.fastpass;
        if let Some(ms) = args.refresh_ms {
            c.poll_refresh_ms = ms;
        }
        if let Some(s) = args.token_lifetime {
            c.token_lifetime = Duration::from_secs(s);
        }
    };
    // Build the config once more for printing; `spawn` applies the same closure.
    let mut shown = Config::new(String::new());
    let running = match idx_emulator::spawn(args.listen, |c| {
        configure(c);
        shown = c.clone();
    })
    .await
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("idx-emulator: cannot listen on {}: {e}", args.listen);
            return ExitCode::from(1);
        }
    };
    shown.base_url = running.base_url.clone();
    println!("idx-emulator listening on {}", running.base_url);
    println!("  issuer:         {}", shown.issuer());
    println!("  client id:      {DEMO_CLIENT_ID}");
    for uri in shown.redirect_uris() {
        println!("  redirect URI:   {uri}");
    }
    for uri in shown.post_logout_redirect_uris() {
        println!("  logout URI:     {uri}");
    }
    println!("  virtual Okta Verify: {}/emulator/", running.base_url);
    println!("  users:");
    for u in &shown.users {
        let mut factors = Vec::new();
        if let Some(ov) = &u.okta_verify {
            if ov.totp_secret.is_some() {
                factors.push("Okta Verify code");
            }
            if ov.push {
                factors.push(if ov.number_challenge {
                    "Okta Verify push (number challenge)"
                } else {
                    "Okta Verify push"
                });
            }
        }
        if u.email_authenticator {
            factors.push("email");
        }
        let p = &u.policy;
        if factors.is_empty() && !p.password_only && !p.optional_enrollment {
            factors.push("no authenticator yet: enrolls Okta Verify after the password");
        }
        if p.password_only {
            factors.push("the password alone");
        }
        if p.optional_enrollment {
            factors.push("Okta Verify offered with skip");
        }
        if p.password_expires_in_days.is_some() {
            factors.push("password expires soon (warning with skip)");
        }
        if let Some(kind) = p.consent {
            factors.push(match kind {
                config::ConsentKind::EndUser => "consent",
                config::ConsentKind::Granular => "granular consent",
                config::ConsentKind::Admin => "admin consent",
            });
        }
        if p.keep_me_signed_in {
            factors.push("keep me signed in?");
        }
        match u.status {
            config::UserStatus::Staged => {
                factors.push("staged: activate with an activation token (control API)")
            }
            config::UserStatus::LockedOut => factors.push(if p.unlock_lands_on_app {
                "locked out: unlock by email, then sign in"
            } else {
                "locked out: unlock by email"
            }),
            config::UserStatus::Active => {}
        }
        // Only the checked-in demo password is shown; a custom users file's
        // passwords are not echoed.
        let pw = if args.users.is_none() {
            u.password.expose()
        } else {
            "(from users file)"
        };
        println!("    {} / {pw}: {}", u.username, factors.join(", "));
    }
    if !shown.idps.is_empty() {
        println!("  identity providers (redirect-idp at identify):");
    }
    if shown.org.registration.is_some() {
        println!("  sign-up: on (select-enroll-profile at identify)");
    }
    if shown.org.unlock {
        println!("  self-service unlock: on (unlock-account at identify)");
    }
    if let Some(c) = &shown.org.captcha {
        println!(
            "  CAPTCHA: {} (tokens: POST {}/emulator/api/captcha)",
            c.name, running.base_url
        );
    }
    for idp in &shown.idps {
        println!(
            "    {} ({}, id {}): signs in as {}",
            idp.name, idp.kind, idp.id, idp.username
        );
    }
    tokio::select! {
        r = running.handle => {
            if let Err(e) = r {
                eprintln!("idx-emulator: server task failed: {e}");
                return ExitCode::from(1);
            }
        }
        _ = tokio::signal::ctrl_c() => {
            println!("idx-emulator: shutting down");
        }
    }
    ExitCode::SUCCESS
}
