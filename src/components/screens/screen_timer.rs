//! [`ScreenTimer`]: timeouts owned by the screen that starts them.
//!
//! Invariants: a screen has at most one pending timeout per timer; the
//! screen's cleanup clears it and closes the timer, after which nothing is
//! scheduled any more, so no callback of a screen runs once it is gone
//! (work already under way, such as a poll on the wire, finishes and then
//! finds the timer closed).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use leptos::prelude::*;

/// What a timer holds.
#[derive(Debug, Default)]
enum Slot {
    /// Nothing scheduled.
    #[default]
    Idle,
    /// The pending timeout.
    Pending(TimeoutHandle),
    /// The screen is gone.
    Closed,
}

/// A timer owned by the calling component: created in its body, it is
/// cleared on the component's cleanup. Cheap to clone; clones share it.
#[derive(Debug, Clone)]
pub(super) struct ScreenTimer(Arc<Mutex<Slot>>);

impl ScreenTimer {
    /// A timer that the current reactive owner (the calling component)
    /// clears when it is cleaned up.
    pub(super) fn new() -> Self {
        let timer = Self(Arc::default());
        let owned = timer.clone();
        on_cleanup(move || owned.close());
        timer
    }

    /// Runs `then` after `ms` milliseconds, unless the screen is gone by
    /// then; replaces (clears) any timeout still pending. Does nothing once
    /// the screen is gone.
    pub(super) fn after(&self, ms: u32, then: impl FnOnce() + 'static) {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match &*slot {
            Slot::Closed => return,
            Slot::Pending(handle) => handle.clear(),
            Slot::Idle => {}
        }
        // Without a window there is no timer either: nothing will run.
        *slot = set_timeout_with_handle(then, Duration::from_millis(ms.into()))
            .map_or(Slot::Idle, Slot::Pending);
    }

    /// Whether the screen that owns this timer is still there.
    pub(super) fn is_open(&self) -> bool {
        let slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        !matches!(*slot, Slot::Closed)
    }

    fn close(&self) {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Slot::Pending(handle) = std::mem::replace(&mut *slot, Slot::Closed) {
            handle.clear();
        }
    }
}
