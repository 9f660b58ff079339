//! Values the user supplies for a step: a small typed map keyed by input name.
//!
//! Invariant: text values are [`SecretString`]s and the map's `Debug` shows
//! names only, because passwords and codes travel through it.

use std::collections::BTreeMap;
use std::fmt;

use crate::secret::SecretString;

/// One value for an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text (username, password, code, a choice's value).
    Text(SecretString),
    /// A checkbox.
    Bool(bool),
}

/// Values for a step, by input name (`username`, `password`, `verificationCode`,
/// `authenticator`, `methodType`, `rememberMe`, ...).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Values(BTreeMap<String, Value>);

impl Values {
    /// No values (e.g. for `skip` or a poll).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text value (builder style).
    #[must_use]
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert_text(name, value);
        self
    }

    /// Adds a boolean value (builder style).
    #[must_use]
    pub fn bool(mut self, name: impl Into<String>, value: bool) -> Self {
        self.insert_bool(name, value);
        self
    }

    /// Sets a text value.
    pub fn insert_text(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0
            .insert(name.into(), Value::Text(SecretString::new(value.into())));
    }

    /// Sets a boolean value.
    pub fn insert_bool(&mut self, name: impl Into<String>, value: bool) {
        self.0.insert(name.into(), Value::Bool(value));
    }

    /// The value for `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// The text value for `name` (`None` for booleans and missing names).
    pub fn get_text(&self, name: &str) -> Option<&str> {
        match self.0.get(name)? {
            Value::Text(s) => Some(s.secret()),
            Value::Bool(_) => None,
        }
    }

    /// Names and values, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Values {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}
