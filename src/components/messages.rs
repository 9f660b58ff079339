//! Global message region: IDX messages and the app's own notices.
//!
//! Invariants: the region (`[data-testid=messages]`, `aria-live=polite`) is
//! always in the DOM, even when empty, so screen readers announce what is
//! added to it; text is rendered as text (never as HTML), so a message from
//! the server cannot inject markup.

use leptos::prelude::*;

/// Severity of a notice; maps to IDX `class` (`ERROR`, `INFO`, `WARNING`).
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

impl Level {
    fn class(self) -> &'static str {
        match self {
            Self::Error => "message error",
            Self::Info => "message info",
            Self::Warning => "message warning",
            Self::Success => "message success",
        }
    }

    /// Maps an IDX message class (`ERROR`, `INFO`, `WARNING`, unknown → info).
    pub fn from_idx(class: &str) -> Self {
        match class.to_ascii_uppercase().as_str() {
            "ERROR" => Self::Error,
            "WARNING" => Self::Warning,
            _ => Self::Info,
        }
    }
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
}

/// The live region. `children` (e.g. a retry button) render after the notices.
#[component]
pub fn Messages(
    /// Notices to show, in order.
    #[prop(into)]
    items: Signal<Vec<Notice>>,
    /// Extra content inside the region (a retry button).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="messages" data-testid="messages" aria-live="polite">
            <For
                each=move || items.get().into_iter().enumerate()
                key=|(i, n)| (*i, n.text.clone())
                children=move |(_, n)| {
                    view! {
                        <div class=n.level.class()>
                            <p>{n.text}</p>
                        </div>
                    }
                }
            />
            {children.map(|c| c())}
        </div>
    }
}
