//! The app's own notices: a line of text and its severity, shown in the
//! message region next to IDX messages.
//!
//! A plain-data module at the bottom of the app, so the flow can report
//! what happened without depending on any view; the message region
//! (`components::messages`) renders these. Invariant: a notice is text,
//! never markup.

/// Severity of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something went wrong; the user must act.
    Error,
    /// Neutral information.
    Info,
    /// A caution (e.g. unknown user in identifier-first).
    Warning,
    /// Something completed.
    Success,
}

/// One line in the message region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Severity.
    pub level: Level,
    /// Plain text shown to the user.
    pub text: String,
}

impl Notice {
    /// An error notice.
    pub fn error(text: impl Into<String>) -> Self {
        Self {
            level: Level::Error,
            text: text.into(),
        }
    }

    /// An informational notice.
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            level: Level::Info,
            text: text.into(),
        }
    }

    /// A notice that something completed.
    pub fn success(text: impl Into<String>) -> Self {
        Self {
            level: Level::Success,
            text: text.into(),
        }
    }
}
