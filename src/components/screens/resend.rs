//! "Send again" (another push, another email, another enrollment link):
//! the button, and the delay before it is offered.
//!
//! Invariants: like Okta's widget, nothing is offered to send again before
//! [`RESEND_AFTER_MS`] (or the [`ResendDelay`] in context), so nobody asks
//! again while the first is still on its way; the delay is a timer of the
//! screen that shows the offer, gone with it.

use leptos::prelude::*;

use super::screen_timer::ScreenTimer;
use crate::flow::{Intent, use_flow};

/// How long the push and email screens wait before offering to send again
/// (Okta's widget waits as long).
pub const RESEND_AFTER_MS: u32 = 30_000;

/// Overrides [`RESEND_AFTER_MS`] for the screens below where it is provided
/// as context (component tests, which cannot wait half a minute).
#[derive(Debug, Clone, Copy)]
pub struct ResendDelay(pub u32);

/// A flag that turns true `ms` (or the [`ResendDelay`] in context) after the
/// calling component was created, unless it is gone by then.
pub(super) fn due_after(ms: u32) -> ReadSignal<bool> {
    let ms = use_context::<ResendDelay>().map_or(ms, |delay| delay.0);
    let due = RwSignal::new(false);
    ScreenTimer::new().after(ms, move || due.set(true));
    due.read_only()
}

/// A button that resends the current challenge.
#[component]
pub fn ResendButton(#[prop(into)] label: String) -> impl IntoView {
    let flow = use_flow();
    let busy = flow.submit.pending();
    view! {
        <button
            type="button"
            class="link"
            data-action="resend"
            disabled=move || busy.get()
            on:click=move |_| flow.dispatch(Intent::Resend)
        >
            {label}
        </button>
    }
}
