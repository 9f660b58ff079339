//! IDX messages, global or attached to an input: the class, the stable i18n
//! key code should switch on, the server's text and its parameters.
//!
//! Invariants: messages are data, never errors; the list built from the wire
//! keeps the server's order and drops repeats of the same key and text.

use serde_json::Value as Json;

use crate::wire::WireMessage;

/// Class of an IDX message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MessageClass {
    /// `ERROR`
    Error,
    /// `INFO`
    Info,
    /// `WARNING`
    Warning,
    /// Any other class, as sent.
    Other(String),
}

impl From<&str> for MessageClass {
    fn from(class: &str) -> Self {
        match class {
            "ERROR" => Self::Error,
            "INFO" => Self::Info,
            "WARNING" => Self::Warning,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// An IDX message, global or attached to an input (protocol doc §4.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// ERROR / INFO / WARNING.
    pub class: MessageClass,
    /// The stable i18n key (what code should switch on), e.g. `idx.session.expired`.
    pub i18n_key: Option<String>,
    /// Display text (English in every recording).
    pub text: String,
    /// i18n parameters, as text.
    pub params: Vec<String>,
}

impl Message {
    /// Public messages from wire messages, de-duplicated by key and text (auth-js `getMessagesFromResponse`).
    pub(crate) fn all_from_wire(wire: &[WireMessage]) -> Vec<Self> {
        let mut out: Vec<Message> = Vec::new();
        for m in wire {
            let message = Message {
                class: MessageClass::from(m.class.as_deref().unwrap_or("INFO")),
                i18n_key: m.i18n.as_ref().and_then(|i| i.key.clone()),
                text: m.message.clone().unwrap_or_default(),
                params: m
                    .i18n
                    .as_ref()
                    .and_then(|i| i.params.as_ref())
                    .map(|ps| {
                        ps.iter()
                            .map(|p| match p {
                                Json::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            if !out
                .iter()
                .any(|o| o.i18n_key == message.i18n_key && o.text == message.text)
            {
                out.push(message);
            }
        }
        out
    }
}
