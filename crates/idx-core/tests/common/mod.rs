//! Shared helpers for the integration tests: locating the recorded fixtures.
//!
//! Invariant: the fixtures are read in place from `<workspace>/../shared/idx-fixtures`
//! and never copied into the repository. When the folder is missing, a test
//! fails under `CI=true` and otherwise says loudly that it skipped.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

/// The fixtures folder, or `None` (after printing SKIPPED) when it is missing
/// outside CI. Panics when it is missing and `CI=true`.
pub fn fixtures_dir(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/idx-fixtures");
    if dir.join("responses").is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "{test}: fixtures folder {} not found (CI=true)",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED: {test}: fixtures folder {} not found",
        dir.display()
    );
    None
}

/// Reads `responses/<name>` from the fixtures folder.
pub fn fixture(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join("responses").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Parses a fixture as an IDX transaction (panics if it is not one).
pub fn transaction(dir: &Path, name: &str) -> idx_core::Transaction {
    match idx_core::parse_idx_response(200, Some(idx_core::ION_JSON), &fixture(dir, name)) {
        Ok(idx_core::IdxOutcome::Transaction(t)) => *t,
        other => panic!("{name}: expected a transaction, got {other:?}"),
    }
}
