//! The inputs of a step, under the names okta-auth-js users know, with
//! their kind, choices, default value, length limits and field messages.
//!
//! Invariant: plain data; a default value is what the server sent, never a
//! typed secret (typed values live in [`Values`](crate::Values)).

use super::message::Message;

/// The type of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// Text (the default when the wire says nothing).
    String,
    /// A checkbox.
    Boolean,
    /// A number.
    Number,
    /// An object with nested `inputs`.
    Object,
    /// Any other type, as sent.
    Other(String),
}

/// A current/default value of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputValue {
    /// Text (numbers are kept as their text).
    Text(String),
    /// A boolean.
    Bool(bool),
}

/// A choice of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputOption {
    /// Display label (may be empty).
    pub label: String,
    /// The value to submit for this choice.
    pub value: String,
}

/// One input of a step, under the SDK name users of okta-auth-js know
/// (`username`, `password`, `verificationCode`, `methodType`...; the raw
/// field name, dotted for nested fields, for steps without a mapping).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Name to use as the key in [`Values`](crate::Values).
    pub name: String,
    /// Display label.
    pub label: Option<String>,
    /// Type.
    pub kind: InputKind,
    /// Must have a value before the step is submitted.
    pub required: bool,
    /// Mask it (password, code).
    pub secret: bool,
    /// False for hidden inputs.
    pub visible: bool,
    /// Choices, when the input is a choice.
    pub options: Vec<InputOption>,
    /// Current or default value.
    pub value: Option<InputValue>,
    /// Minimum length, if stated.
    pub min_length: Option<u32>,
    /// Maximum length, if stated.
    pub max_length: Option<u32>,
    /// Field-level messages (e.g. `api.authn.error.PASSCODE_INVALID`).
    pub messages: Vec<Message>,
    /// Nested inputs of an [`InputKind::Object`] input. Empty for inputs of
    /// parsed steps: nested wire forms (`credentials.passcode`) are flattened
    /// into SDK-named inputs (`password`), or dotted names for unknown steps,
    /// so the UI renders one flat list.
    pub inputs: Vec<Input>,
}
