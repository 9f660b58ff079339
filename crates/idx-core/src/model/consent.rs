//! What a consent step shows besides its form (protocol doc §8.5): the
//! scopes an app asks for, and the sign-in an email magic link is about.
//!
//! Invariants: plain data read from form-level lists without failing; an
//! entry with no name is dropped; a label falls back to the name, so a
//! scope is never shown blank.

use crate::wire::WireInfo;

/// One scope an app asks for (`admin-consent`, `consent`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The scope as sent (`okta.users.read`, `email`).
    pub name: String,
    /// The words to show (the name when the server gives none).
    pub label: String,
    /// What granting it allows, when stated.
    pub description: Option<String>,
}

/// One fact about the sign-in an `email-challenge-consent` asks about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInfo {
    /// `appName`, `browser`, ...
    pub name: String,
    /// The server's label (`Application`, `Browser`).
    pub label: String,
    /// The value (`Info DyneX`, `FIREFOX`).
    pub value: String,
}

impl Scope {
    pub(crate) fn all_from_wire(wire: &[WireInfo]) -> Vec<Self> {
        wire.iter()
            .filter_map(|w| {
                let name = w.name.clone().filter(|n| !n.trim().is_empty())?;
                Some(Self {
                    label: w
                        .label
                        .clone()
                        .filter(|l| !l.trim().is_empty())
                        .unwrap_or_else(|| name.clone()),
                    description: w.desc.clone().filter(|d| !d.trim().is_empty()),
                    name,
                })
            })
            .collect()
    }
}

impl RequestInfo {
    pub(crate) fn all_from_wire(wire: &[WireInfo]) -> Vec<Self> {
        wire.iter()
            .filter_map(|w| {
                let name = w.name.clone().filter(|n| !n.trim().is_empty())?;
                let value = w.value.as_ref()?.as_str()?.to_owned();
                Some(Self {
                    label: w.label.clone().unwrap_or_else(|| name.clone()),
                    name,
                    value,
                })
            })
            .collect()
    }
}
