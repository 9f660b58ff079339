//! The flow context itself: its signals, how it is built and provided, and
//! the commands pages and screens call (start, restart, dispatch, retry,
//! continue from a redirect callback).
//!
//! Invariant: every command that starts a request goes through
//! [`Flow::dispatch`] (one submit at a time) or bumps `starts_requested`
//! (the start resource re-runs once per bump).

use std::collections::HashMap;
use std::rc::Rc;

use idx_core::{Driver, Message, RedirectCallback, StepName, Transaction, Values};
use leptos::prelude::*;

use crate::config::{AppConfig, use_config};
use crate::http::{AppDriver, BrowserTransport, SharedTransport};
use crate::i18n::{I18n, use_i18n};
use crate::meta;
use crate::notice::Notice;
use crate::session;

/// What the login page shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// No flow yet, or `/interact` + introspect running.
    Starting,
    /// Starting failed (network, server): show why and offer a retry.
    StartFailed,
    /// An activation or reset link's token was refused at the start (used,
    /// expired, unknown): say so, and offer a plain sign-in, not a retry.
    LinkRefused,
    /// A PENDING transaction: render its step.
    Step,
    /// TERMINAL: messages and a way to start over.
    Terminal,
    /// The transaction expired: messages and a way to start over.
    Expired,
    /// SUCCESS: exchanging the code and verifying tokens.
    Finishing,
    /// Signed in; navigating away.
    Done,
}

/// Something the user (or the poll loop) asked the flow to do.
#[derive(Debug, Clone)]
pub enum Intent {
    /// Submit a step with values.
    Step(StepName, Values),
    /// Run an action by name (`currentAuthenticator-resend`...).
    Action(String),
    /// Resend (push after rejection, email code).
    Resend,
    /// Cancel the transaction, then start a new one.
    Cancel,
    /// Stop an Okta FastPass poll, saying why; the answer is the next state.
    CancelPolling(idx_core::PollCancel),
}

/// The flow context. `Copy`: pass it freely into closures.
#[derive(Clone, Copy)]
pub struct Flow {
    /// The current transaction (the latest IDX state that applies).
    pub tx: RwSignal<Option<Transaction>>,
    /// What the login page shows.
    pub phase: RwSignal<Phase>,
    /// The app's own notices (failures, "session expired, started again").
    pub notices: RwSignal<Vec<Notice>>,
    /// Messages of an expired transaction (for the expired screen).
    pub expired_messages: RwSignal<Vec<Message>>,
    /// The intent to repeat when the user presses "Try again".
    pub retry: RwSignal<Option<Intent>>,
    /// How many applied states asked for a new screen (every state but a
    /// poll's that keeps the step): the login page rebuilds the screen when
    /// it moves.
    pub screen_changes: RwSignal<u64>,
    /// How many states were applied (submits and polls alike): a poll
    /// compares it before and after its request to know it is stale.
    pub(super) states_applied: RwSignal<u64>,
    /// How many starts were asked for (0 = not started): the start resource
    /// runs again on each.
    pub(super) starts_requested: RwSignal<u32>,
    /// Set once the request that returns the first state (introspect) is on
    /// the wire: the root defers building the router until then, so that
    /// work overlaps the network instead of delaying the request.
    pub first_state_requested: RwSignal<bool>,
    /// Submits an intent. `pending` is the busy state of every button.
    pub submit: Action<Intent, ()>,
    /// Start or resume; `None` until the login page asks.
    pub start: LocalResource<()>,
    /// Same-origin path to open after sign-in.
    pub return_to: RwSignal<String>,
    /// What the user typed in the current step, kept when the same step
    /// comes back (wrong code) and dropped when the step changes.
    pub typed: RwSignal<HashMap<String, String>>,
    /// A redirect callback for the next start to finish (taken once).
    pub(super) callback: StoredValue<Option<RedirectCallback>>,
    pub(super) config: StoredValue<AppConfig>,
    /// Runs every protocol request of this flow.
    driver: StoredValue<Rc<AppDriver>, LocalStorage>,
    /// The language of the notices this flow writes.
    pub(super) i18n: I18n,
}

impl std::fmt::Debug for Flow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flow").finish_non_exhaustive()
    }
}

/// Creates the flow context with the browser transport and provides it.
/// Call once at the root of the routes.
pub fn provide_flow() -> Flow {
    provide_flow_with(SharedTransport::new(BrowserTransport))
}

/// Creates and provides the flow context with a given transport (tests
/// pass a recorder).
pub fn provide_flow_with(transport: SharedTransport) -> Flow {
    let config = use_config();
    let starts_requested = RwSignal::new(0u32);

    // The action and the resource need the finished context; build it in two
    // steps through a cell that both closures read at run time.
    let cell: StoredValue<Option<Flow>> = StoredValue::new(None);

    let submit = Action::new_local(move |intent: &Intent| {
        let intent = intent.clone();
        async move {
            if let Some(flow) = cell.get_value() {
                flow.run_intent(intent).await;
            }
        }
    });

    let start = LocalResource::new(move || {
        let starts = starts_requested.get();
        async move {
            if starts == 0 {
                return;
            }
            if let Some(flow) = cell.get_value() {
                flow.start_or_resume().await;
            }
        }
    });

    let flow = Flow {
        tx: RwSignal::new(None),
        phase: RwSignal::new(Phase::Starting),
        notices: RwSignal::new(Vec::new()),
        expired_messages: RwSignal::new(Vec::new()),
        retry: RwSignal::new(None),
        screen_changes: RwSignal::new(0),
        states_applied: RwSignal::new(0),
        starts_requested,
        first_state_requested: RwSignal::new(false),
        submit,
        start,
        return_to: RwSignal::new("/".to_owned()),
        typed: RwSignal::new(HashMap::new()),
        callback: StoredValue::new(None),
        driver: StoredValue::new_local(Rc::new(Driver::new(config.client(), transport))),
        config: StoredValue::new(config),
        i18n: use_i18n(),
    };
    cell.set_value(Some(flow));
    provide_context(flow);
    flow
}

/// The flow context (panics outside [`provide_flow`]'s subtree).
pub fn use_flow() -> Flow {
    expect_context::<Flow>()
}

impl Flow {
    /// The driver every protocol request of this flow goes through (sign-out
    /// uses it too, so the app has one transport).
    pub fn driver(self) -> Rc<AppDriver> {
        self.driver.get_value()
    }

    /// Starts the flow unless it already runs (called by the login page).
    pub fn ensure_started(self, return_to: Option<String>) {
        if let Some(path) = return_to.and_then(|p| session::safe_return_path(&p)) {
            self.return_to.set(path);
        }
        if self.starts_requested.get_untracked() == 0 {
            self.starts_requested.set(1);
        }
    }

    /// Moves to `phase`, notifying only on a change: a poll that keeps the
    /// step must not re-run the screen (that would restart its poll loop and
    /// timers and move focus back to the top on every poll).
    pub(super) fn set_phase(self, phase: Phase) {
        if self.phase.with_untracked(|now| *now != phase) {
            self.phase.set(phase);
        }
    }

    /// Asks the start resource to run again.
    pub(super) fn request_start(self) {
        self.starts_requested.update(|n| *n += 1);
    }

    /// Continues the saved transaction from a redirect callback whose `state`
    /// matched it: redeems an interaction code, submits a magic link's OTP,
    /// or (more remediation needed) resumes it.
    pub fn continue_from_callback(self, callback: RedirectCallback) {
        let phase = match callback {
            RedirectCallback::Code(_) => Phase::Finishing,
            _ => Phase::Starting,
        };
        self.callback.set_value(Some(callback));
        self.tx.set(None);
        self.retry.set(None);
        self.notices.set(Vec::new());
        self.set_phase(phase);
        self.request_start();
    }

    /// Forgets the current transaction and starts a new one.
    pub fn restart(self) {
        meta::clear();
        self.tx.set(None);
        self.retry.set(None);
        self.set_phase(Phase::Starting);
        self.request_start();
    }

    /// Dispatches an intent unless a request is already running.
    pub fn dispatch(self, intent: Intent) {
        if self.submit.pending().get_untracked() {
            return;
        }
        self.submit.dispatch_local(intent);
    }

    /// Shows another remediation of the current state without a request
    /// (the authenticator list beside a challenge, protocol doc §8.2): the
    /// screen is rebuilt as if the server had answered with that step first.
    pub fn show_step(self, step: &StepName) {
        self.tx.update(|tx| {
            if let Some(tx) = tx.as_mut()
                && let Some(next) = tx.step(step).cloned()
            {
                tx.next_step = Some(next);
            }
        });
        self.typed.set(Default::default());
        self.notices.set(Vec::new());
        self.screen_changes.update(|n| *n += 1);
    }

    /// Repeats the last failed request (or restarts a failed start).
    pub fn retry_now(self) {
        if self.phase.get_untracked() == Phase::StartFailed {
            self.notices.set(Vec::new());
            self.set_phase(Phase::Starting);
            self.request_start();
            return;
        }
        if let Some(intent) = self.retry.get_untracked() {
            self.dispatch(intent);
        }
    }
}
