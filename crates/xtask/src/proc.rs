//! Running child processes: one-shot commands, commands whose test output is
//! scanned, and long-running services in their own process group.
//!
//! Invariant: a service started here is always in its own process group and is
//! stopped by signalling that group by id, so nothing it spawned (cargo ->
//! emulator, trunk -> cargo) outlives it, and nothing else is touched.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// Human-readable rendering of a command for logs (program and arguments).
pub(crate) fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs `cmd` with inherited stdio; true when it exits with status 0.
pub(crate) fn run(cmd: &mut Command) -> bool {
    println!("$ {}", describe(cmd));
    match cmd.status() {
        Ok(status) => status.success(),
        Err(err) => {
            eprintln!("xtask: could not start `{}`: {err}", describe(cmd));
            false
        }
    }
}

/// Runs `cmd` quietly and returns its stdout when it succeeds (used for
/// `--version` probes: a missing program is simply `None`).
pub(crate) fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// True when this process runs as root (apt-get is only attempted then).
pub(crate) fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// Passed/failed counts read from test runners' `test result:` lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) passed: u64,
    pub(crate) failed: u64,
    /// Number of `test result:` lines seen (0 means the runner never reported).
    pub(crate) reports: u64,
}

impl Counts {
    /// Adds one line of runner output if it is a libtest-style result line,
    /// e.g. `test result: ok. 3 passed; 0 failed; 0 ignored; ...`
    /// (cargo test and wasm-bindgen-test-runner both print this form).
    pub(crate) fn scan_line(&mut self, line: &str) {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            return;
        };
        // Skip the `ok.` / `FAILED.` verdict; the counts follow.
        let Some((_, counts)) = rest.split_once(". ") else {
            return;
        };
        let mut seen = false;
        for part in counts.split(';') {
            let mut words = part.split_whitespace();
            let (Some(number), Some(label)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(number) = number.parse::<u64>() else {
                continue;
            };
            match label {
                "passed" => {
                    self.passed += number;
                    seen = true;
                }
                "failed" => {
                    self.failed += number;
                    seen = true;
                }
                _ => {}
            }
        }
        if seen {
            self.reports += 1;
        }
    }
}

/// Runs `cmd`, echoing its stdout and stderr as they come, and counts the
/// test result lines in both. Returns whether it exited 0, and the counts.
pub(crate) fn run_scanned(cmd: &mut Command) -> (bool, Counts) {
    println!("$ {}", describe(cmd));
    scan(cmd, true)
}

/// The body of [`run_scanned`]; `echo = false` keeps the child's output off
/// our streams (this crate's own tests must not print fake result lines that
/// an outer runner would count).
fn scan(cmd: &mut Command, echo: bool) -> (bool, Counts) {
    let mut child = match cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(err) => {
            eprintln!("xtask: could not start `{}`: {err}", describe(cmd));
            return (false, Counts::default());
        }
    };
    let (tx, rx) = mpsc::channel::<String>();
    let stdout = child
        .stdout
        .take()
        .map(|s| forward(s, tx.clone(), echo.then_some(Sink::Stdout)));
    let stderr = child
        .stderr
        .take()
        .map(|s| forward(s, tx, echo.then_some(Sink::Stderr)));
    let mut counts = Counts::default();
    for line in rx {
        counts.scan_line(&line);
    }
    for handle in [stdout, stderr].into_iter().flatten() {
        let _ = handle.join();
    }
    let success = child.wait().is_ok_and(|status| status.success());
    (success, counts)
}

#[derive(Debug, Clone, Copy)]
enum Sink {
    Stdout,
    Stderr,
}

/// Copies a child's stream to ours (when `sink` is set) line by line and
/// forwards each line for scanning.
fn forward<R: Read + Send + 'static>(
    stream: R,
    tx: mpsc::Sender<String>,
    sink: Option<Sink>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    // Write errors (closed terminal) must not stop the scan.
                    match sink {
                        Some(Sink::Stdout) => drop(std::io::stdout().write_all(&buf)),
                        Some(Sink::Stderr) => drop(std::io::stderr().write_all(&buf)),
                        None => {}
                    }
                    let _ = tx.send(String::from_utf8_lossy(&buf).into_owned());
                }
            }
        }
    })
}

/// A long-running child in its own process group.
#[derive(Debug)]
pub(crate) struct Service {
    name: &'static str,
    child: Child,
}

impl Service {
    /// Starts `cmd` as the leader of a new process group.
    pub(crate) fn start(name: &'static str, cmd: &mut Command) -> Result<Self, String> {
        println!("$ {}", describe(cmd));
        let child = cmd
            .process_group(0)
            .spawn()
            .map_err(|err| format!("could not start {name} (`{}`): {err}", describe(cmd)))?;
        Ok(Self { name, child })
    }

    /// The service's name, for messages.
    pub(crate) fn name(&self) -> &'static str {
        self.name
    }

    /// `Some(description)` once the service has exited on its own.
    pub(crate) fn exited(&mut self) -> Option<String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Some(status.to_string()),
            Ok(None) => None,
            Err(err) => Some(err.to_string()),
        }
    }

    /// Stops the whole process group: SIGTERM, then SIGKILL after a grace period.
    pub(crate) fn stop(mut self) {
        if self.exited().is_some() {
            // The leader is gone but helpers in its group may remain.
            signal_group(self.child.id(), "KILL");
            return;
        }
        signal_group(self.child.id(), "TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.exited().is_some() {
                // Children of the leader (e.g. the emulator under `cargo run`)
                // may still be shutting down; make sure the group is gone.
                signal_group(self.child.id(), "KILL");
                return;
            }
            thread::sleep(Duration::from_millis(100));
        }
        signal_group(self.child.id(), "KILL");
        let _ = self.child.wait();
    }
}

/// Sends `signal` to the process group `pgid` (std has no kill(2); the `kill`
/// utility is always present on the machines this runs on).
fn signal_group(pgid: u32, signal: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg("--")
        .arg(format!("-{pgid}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_libtest_result_lines() {
        let mut counts = Counts::default();
        counts.scan_line("running 3 tests");
        counts.scan_line(
            "test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s",
        );
        counts.scan_line(
            "test result: FAILED. 4 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 1.20s\n",
        );
        counts.scan_line("test tests::result ... ok");
        assert_eq!(
            counts,
            Counts {
                passed: 7,
                failed: 2,
                reports: 2
            }
        );
    }

    #[test]
    fn ignores_lines_that_only_look_like_results() {
        let mut counts = Counts::default();
        counts.scan_line("println!(\"test result: ok. 3 passed\")");
        counts.scan_line("test result: ok. no counts here");
        assert_eq!(counts, Counts::default());
    }

    #[test]
    fn scanned_command_reports_exit_status_and_counts() {
        let (ok, counts) = scan(
            Command::new("sh").args([
                "-c",
                "echo 'test result: ok. 2 passed; 0 failed; 0 ignored'; \
             echo 'test result: FAILED. 0 passed; 1 failed; 0 ignored' >&2; exit 3",
            ]),
            false,
        );
        assert!(!ok);
        assert_eq!((counts.passed, counts.failed, counts.reports), (2, 1, 2));
    }

    #[test]
    fn stopping_a_service_ends_its_whole_group() {
        let service = Service::start(
            "sleeper",
            Command::new("sh").args(["-c", "sleep 30 & sleep 30; wait"]),
        )
        .unwrap();
        let pgid = service.child.id();
        let deadline = Instant::now() + Duration::from_secs(5);
        while live_members_of_group(pgid).len() < 3 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(live_members_of_group(pgid).len(), 3, "sh and two sleeps");
        service.stop();
        // Zombies may linger when pid 1 does not reap orphans; only live
        // (non-zombie) members of the group count.
        let alive = live_members_of_group(pgid);
        assert!(
            alive.is_empty(),
            "process group {pgid} still has members {alive:?}"
        );
    }

    /// Pids of non-zombie processes whose process group is `pgid`, from /proc.
    fn live_members_of_group(pgid: u32) -> Vec<u32> {
        let mut pids = Vec::new();
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // Fields after the parenthesised command: state, ppid, pgrp, ...
            let Some((_, after)) = stat.rsplit_once(')') else {
                continue;
            };
            let fields: Vec<&str> = after.split_whitespace().collect();
            if fields.len() > 2 && fields[0] != "Z" && fields[2] == pgid.to_string() {
                pids.push(pid);
            }
        }
        pids
    }
}
