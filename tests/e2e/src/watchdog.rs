//! Child processes that cannot outlive the test process: a server the tests
//! start (chromedriver, nginx) runs under a small `sh` watchdog in a new
//! process group, which is killed as a whole on drop; and when the test
//! process disappears without dropping (Ctrl-C, SIGKILL), the watchdog
//! notices and kills the group itself.
//!
//! Invariant: only the group this module started is ever signalled, by its
//! own id.

use std::ffi::OsStr;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// `sh -c` script: `$1` is the output file, `$2` our pid, the rest the
/// command. The command runs in the background with its output in `$1`; the
/// shell waits while its parent is still `$2` and, once it is gone (the shell
/// got reparented), kills the whole process group. Field 4 of
/// /proc/self/stat is the parent pid (the command name "(sh)" has no spaces).
const WATCHDOG: &str = r#"out="$1"; parent="$2"; shift 2
"$@" </dev/null >"$out" 2>&1 &
while [ "$(cut -d' ' -f4 /proc/$$/stat)" = "$parent" ]; do sleep 1; done
kill -KILL 0"#;

/// A command running under the watchdog; its whole group is killed on drop.
#[derive(Debug)]
pub struct Watched {
    child: Child,
    stopped: bool,
}

impl Watched {
    /// Starts `program` with `args`, its stdout and stderr going to `output`.
    pub fn spawn<S: AsRef<OsStr>>(
        program: &str,
        args: &[S],
        output: &Path,
    ) -> Result<Self, String> {
        let child = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg(format!("e2e-{program}"))
            .arg(output)
            .arg(std::process::id().to_string())
            .arg(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|err| format!("cannot start {program}: {err}"))?;
        Ok(Self {
            child,
            stopped: false,
        })
    }

    /// Kills the group and reaps the watchdog, once (a reaped group's id
    /// could be reused, so it is never signalled twice).
    pub fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        // std has no kill(2) and unsafe code is forbidden: use kill(1) on the group.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        self.stop();
    }
}
