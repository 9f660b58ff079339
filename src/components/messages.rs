//! Global message region: IDX messages and the app's own notices
//! ([`Notice`], defined low in `crate::notice` and re-exported here).
//!
//! Invariants: the region (`[data-testid=messages]`, `aria-live=polite`) is
//! always in the DOM, even when empty, so screen readers announce what is
//! added to it; text is rendered as text (never as HTML), so a message from
//! the server cannot inject markup.

use leptos::prelude::*;

pub use crate::notice::{Level, Notice};

/// The style class of a notice's line.
fn class(level: Level) -> &'static str {
    match level {
        Level::Error => "message error",
        Level::Info => "message info",
        Level::Warning => "message warning",
        Level::Success => "message success",
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
                        <div class=class(n.level)>
                            <p>{n.text}</p>
                        </div>
                    }
                }
            />
            {children.map(|c| c())}
        </div>
    }
}
