//! Polling a poll step (`challenge-poll`, `enroll-poll`) for as long as the
//! screen that shows it lives.
//!
//! Invariants: one round at a time, each scheduled on the screen's own
//! [`ScreenTimer`] (so polling ends with the screen); rounds follow the
//! step's `refresh` interval and back off after a failure or a rate limit,
//! saying so in the status line; a hidden tab sends no polls (checked again
//! every [`HIDDEN_RECHECK_MS`]) and polls at once when shown again; a round
//! is skipped while a submit runs; polling ends once the state no longer
//! polls.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;

use super::screen_timer::ScreenTimer;
use crate::flow::{Flow, FlowError, use_flow};
use crate::i18n::{I18n, use_i18n};
use crate::timer;

/// The `refresh` to use when the step states none.
const DEFAULT_REFRESH_MS: u32 = 4000;

/// The backoff never waits longer than this.
const MAX_BACKOFF_MS: u32 = 30_000;

/// How often a hidden tab checks whether it is shown again.
const HIDDEN_RECHECK_MS: u32 = 500;

/// The status-line texts (i18n keys) of a poll loop.
#[derive(Debug, Clone, Copy)]
pub(super) struct PollTexts {
    /// While waiting normally.
    pub(super) waiting: &'static str,
    /// After a failed poll (`{seconds}` until the next one).
    pub(super) failed: &'static str,
}

/// Polls the current poll step at its `refresh` interval for as long as the
/// calling screen lives, reporting in `status` (see the module invariants).
pub(super) fn poll_while_mounted(status: RwSignal<String>, texts: PollTexts) {
    Poller {
        flow: use_flow(),
        i18n: use_i18n(),
        status,
        texts,
        timer: ScreenTimer::new(),
        failures: Rc::default(),
    }
    .wait();
}

/// The state of one screen's polling, shared by its rounds.
#[derive(Clone)]
struct Poller {
    flow: Flow,
    i18n: I18n,
    status: RwSignal<String>,
    texts: PollTexts,
    timer: ScreenTimer,
    /// Failed polls in a row (4 after a rate limit: the longest backoff).
    failures: Rc<Cell<u32>>,
}

impl Poller {
    /// Schedules the next round: after the step's `refresh`, or the backoff.
    fn wait(&self) {
        let refresh = self.flow.tx.with_untracked(|t| {
            t.as_ref()
                .and_then(|t| t.next_step.as_ref())
                .and_then(|s| s.poll)
                .map_or(DEFAULT_REFRESH_MS, |p| p.refresh_ms)
        });
        let delay = match self.failures.get() {
            0 => refresh,
            failures => backoff(refresh, failures),
        };
        let next = self.clone();
        self.timer.after(delay, move || next.round(refresh));
    }

    /// A round: pauses while the tab is hidden, else polls.
    fn round(&self, refresh: u32) {
        if timer::page_visible() {
            self.poll(refresh);
        } else {
            self.status.set(self.i18n.t("push.paused"));
            self.until_visible(refresh);
        }
    }

    /// Checks every [`HIDDEN_RECHECK_MS`] until the tab is shown, then polls.
    fn until_visible(&self, refresh: u32) {
        let next = self.clone();
        self.timer.after(HIDDEN_RECHECK_MS, move || {
            if timer::page_visible() {
                next.poll(refresh);
            } else {
                next.until_visible(refresh);
            }
        });
    }

    /// Sends one poll (unless a submit runs) and schedules the next round
    /// while the step still polls; `refresh` is the interval this round
    /// waited for, which the backoff after a failure doubles.
    fn poll(&self, refresh: u32) {
        if self.flow.submit.pending().get_untracked() {
            self.wait();
            return;
        }
        let this = self.clone();
        leptos::task::spawn_local(async move {
            let result = this.flow.poll_once().await;
            if !this.timer.is_open() {
                return;
            }
            let (i18n, texts) = (this.i18n, this.texts);
            match result {
                Ok(true) => {
                    this.failures.set(0);
                    this.status.set(i18n.t(texts.waiting));
                }
                Ok(false) => return,
                Err(FlowError::RateLimited) => {
                    this.failures.set(4);
                    this.status.set(i18n.t("push.rate_limited"));
                }
                Err(_) => {
                    let failures = this.failures.get() + 1;
                    this.failures.set(failures);
                    let next = backoff(refresh, failures) / 1000;
                    this.status
                        .set(i18n.f(texts.failed, &[("seconds", &next.to_string())]));
                }
            }
            this.wait();
        });
    }
}

/// The wait after `failures` failed polls in a row: the refresh interval
/// (at least a second) doubled per failure, at most four times, and never
/// more than [`MAX_BACKOFF_MS`].
fn backoff(refresh: u32, failures: u32) -> u32 {
    (refresh.max(1000) << failures.min(4)).min(MAX_BACKOFF_MS)
}
