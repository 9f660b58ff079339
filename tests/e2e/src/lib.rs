//! End-to-end browser tests.
