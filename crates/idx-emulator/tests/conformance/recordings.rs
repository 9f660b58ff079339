//! The recorded Okta responses (read in place from `../shared/idx-fixtures`,
//! never copied) and the tally of a suite's cases against them.
//!
//! Invariants: under `CI=true` missing recordings fail the suite; elsewhere
//! a test without them says SKIPPED and passes nothing off as checked; a
//! case records every drift rather than stopping at the first.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use serde_json::Value;

use crate::common::Reply;
use crate::compare::{Allow, compare};

/// The recordings' folder, or `None` (with a loud SKIPPED) outside CI when
/// they are not set up.
pub(crate) fn fixtures_dir() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/idx-fixtures/responses");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "fixtures not found at {} (required when CI=true)",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED: conformance fixtures not found at {}; set them up to run this test",
        dir.display()
    );
    None
}

/// The recording `name` (a path under the folder) as JSON.
pub(crate) fn load(dir: &Path, name: &str) -> Value {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("fixture {name} is not JSON: {e}"))
}

/// The cases checked so far, and every drift found.
#[derive(Default)]
pub(crate) struct Checked {
    pub(crate) failures: Vec<String>,
    pub(crate) cases: usize,
}

impl Checked {
    /// Checks `reply` (expected `status`) against recording `fixture`,
    /// allowing the deliberate differences `allow`.
    pub(crate) fn case(
        &mut self,
        dir: &Path,
        name: &str,
        fixture: &str,
        reply: &Reply,
        status: StatusCode,
        allow: Allow,
    ) {
        self.case_adjusted(dir, name, fixture, reply, status, allow, |_| {});
    }

    /// [`Checked::case`] against the recording as `adjust` leaves it (for a
    /// recording whose mock-server quirks are fixed up, each with its reason).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn case_adjusted(
        &mut self,
        dir: &Path,
        name: &str,
        fixture: &str,
        reply: &Reply,
        status: StatusCode,
        allow: Allow,
        adjust: impl FnOnce(&mut Value),
    ) {
        self.cases += 1;
        if reply.status != status {
            self.failures.push(format!(
                "{name}: status {} (expected {status})",
                reply.status
            ));
        }
        let mut theirs = load(dir, fixture);
        adjust(&mut theirs);
        self.failures.extend(compare(
            &format!("{name} [{fixture}]"),
            &reply.body,
            &theirs,
            &allow,
        ));
    }
}
