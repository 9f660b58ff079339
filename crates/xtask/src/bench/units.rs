//! Units of the report.
//!
//! Invariant: 1 KB = 1024 bytes and 1 MB = 1024 KB everywhere in the report.

pub(super) fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

pub(super) fn mb(bytes: f64) -> String {
    format!("{:.2} MB", bytes / (1024.0 * 1024.0))
}
