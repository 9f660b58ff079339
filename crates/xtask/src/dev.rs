//! `cargo xtask dev`: install what is missing, then run the IDX emulator and
//! `trunk serve` side by side until Ctrl-C.
//!
//! Invariant: both services run in their own process groups and are stopped
//! by group id when either exits or on SIGINT/SIGTERM/SIGHUP, so no emulator
//! or trunk is left holding ports 8787/8080.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::install;
use crate::proc::{self, Service};
use crate::workspace;

/// The fixed addresses of the dev setup (shared with `public/config.json`).
const EMULATOR_LISTEN: &str = "127.0.0.1:8787";
const APP_LISTEN: &str = "127.0.0.1:8080";
const APP_ORIGIN: &str = "http://127.0.0.1:8080";
/// The same app under a domain name: security keys and passkeys need one
/// (an IP address cannot be an RP ID), and the emulator's RP ID is `localhost`.
const PASSKEY_ORIGIN: &str = "http://localhost:8080";

pub(crate) fn run() -> Result<ExitCode, String> {
    let tools = install::ensure_web_tools()?;
    let root = workspace::root();
    for addr in [EMULATOR_LISTEN, APP_LISTEN] {
        if port_open(addr) {
            return Err(format!(
                "{addr} is already in use: stop whatever listens there (another `cargo xtask dev`?)"
            ));
        }
    }
    // trunk runs cargo with --offline (Trunk.toml), so the registry cache must be complete.
    if !proc::run(install::cargo().arg("fetch").current_dir(&root)) {
        return Err("cargo fetch failed".into());
    }

    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|err| format!("cannot handle signal {signal}: {err}"))?;
    }

    let emulator = Service::start(
        "emulator",
        install::cargo()
            .args([
                "run",
                "-p",
                "idx-emulator",
                "--",
                "--listen",
                EMULATOR_LISTEN,
            ])
            .args(["--allow-origin", APP_ORIGIN])
            .args(["--allow-origin", PASSKEY_ORIGIN])
            .current_dir(&root),
    )?;
    let trunk = match Service::start(
        "trunk serve",
        install::trunk(&tools).arg("serve").current_dir(&root),
    ) {
        Ok(trunk) => trunk,
        Err(err) => {
            emulator.stop();
            return Err(err);
        }
    };
    let mut services = vec![emulator, trunk];

    println!(
        "waiting for the emulator ({EMULATOR_LISTEN}) and trunk ({APP_LISTEN}); the first build takes a few minutes…"
    );
    let started = Instant::now();
    let mut announced = false;
    let outcome = loop {
        if stop.load(Ordering::Relaxed) {
            println!("\nstopping…");
            break Ok(ExitCode::SUCCESS);
        }
        if let Some((name, status)) = services
            .iter_mut()
            .find_map(|service| service.exited().map(|status| (service.name(), status)))
        {
            break Err(format!("{name} exited ({status}); stopping the rest"));
        }
        // trunk listens before its first build is done: wait for a real page.
        if !announced && port_open(EMULATOR_LISTEN) && serves_page(APP_LISTEN) {
            announced = true;
            banner(started.elapsed());
        }
        thread::sleep(Duration::from_millis(250));
    };
    for service in services {
        service.stop();
    }
    outcome
}

fn port_open(addr: &str) -> bool {
    addr.parse::<SocketAddr>()
        .is_ok_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok())
}

/// True when `GET /` on `addr` answers 200 (plain HTTP/1.0, no client crate).
fn serves_page(addr: &str) -> bool {
    let Ok(addr) = addr.parse::<SocketAddr>() else {
        return false;
    };
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET / HTTP/1.0\r\nHost: {addr}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.ends_with(b" 200")
}

fn banner(after: Duration) {
    println!(
        "
================================================================
 Ready after {secs}s.

 Open:      {APP_ORIGIN}/login
 Sign in:   demo@example.com / correct-horse-battery
            (Okta Verify: push or code; same password for
             push@example.com: a number challenge, and
             new@example.com: sets Okta Verify up first)
            phone@ (SMS/voice), question@ (answer: Lisbon),
            google@, otp@ (custom OTP, RSA), fastpass@, and
            enroll-phone@, enroll-question@, enroll-google@
            (each @example.com, same password)
            or 'Continue with Emulated IdP' on the form
 More users (@example.com, same password), one per flow:
            optional@: Okta Verify offered with 'skip'
            expiring@: the password expires soon (warning)
            consent@: granular consent, then 'stay signed in?'
            locked@, unlock-app@: locked out; 'Unlock account'
            staged@: not activated; an activation token (for
              /v1/interact's activation_token) from POST
              http://{EMULATOR_LISTEN}/emulator/api/users/staged@example.com/activation-token
            'Sign up' on the form adds a user until the emulator resets
 Security key or passkey (Chrome DevTools > WebAuthn can
 plug in a virtual one): open {PASSKEY_ORIGIN}/login
            key@example.com: sets a security key up, then
             verifies with it (or an email code)
            passkey@example.com: the same with a passkey
 Virtual phone and inbox (codes, pushes, enrollment, links):
            http://{EMULATOR_LISTEN}/emulator/

 Ctrl-C stops the emulator and trunk.
================================================================
",
        secs = after.as_secs()
    );
}
