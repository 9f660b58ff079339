//! Reading shapes off JSON bodies: member names and href paths, the
//! parts of a body compared where values differ by nature.
//!
//! Invariants: pure helpers over `serde_json` values, used by every
//! comparison and importing none.

use std::collections::BTreeSet;

use serde_json::Value;

/// The member names of an object (empty for anything else).
pub(crate) fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// `set` without `omit`, with `extra`.
pub(crate) fn adjusted(
    mut set: BTreeSet<String>,
    omit: &[&str],
    extra: &[&str],
) -> BTreeSet<String> {
    for k in omit {
        set.remove(*k);
    }
    for k in extra {
        set.insert((*k).to_owned());
    }
    set
}

/// The path of an href, without scheme and host.
pub(crate) fn path_part(href: &str) -> String {
    match href.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map(|i| rest[i..].to_owned())
            .unwrap_or_default(),
        None => href.to_owned(),
    }
}
