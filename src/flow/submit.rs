//! Intents and polls: the requests a step sends, each one driver call.
//!
//! Invariants: a refused value sends nothing; a failed request keeps the
//! transaction and remembers a retryable intent for "Try again"; cancel
//! ends the transaction whatever the server answers (a new one starts);
//! a poll answer that arrives after another state was applied, or while a
//! submit runs, is dropped.

use idx_core::{IdxOutcome, Status};
use leptos::prelude::*;

use super::context::{Flow, Intent};
use super::error::FlowError;
use crate::notice::Notice;

impl Flow {
    /// Runs one intent (the submit action calls it).
    pub(super) async fn run_intent(self, intent: Intent) {
        let Some(current) = self.tx.get_untracked() else {
            return;
        };
        let driver = self.driver();
        let result = match &intent {
            Intent::Step(step, values) => driver.proceed(&current, step, values).await,
            Intent::Action(name) => driver.action(&current, name).await,
            Intent::Resend => driver.resend(&current).await,
            Intent::Cancel => driver.cancel(&current).await,
            Intent::CancelPolling(why) => driver.cancel_polling(&current, *why).await,
        };
        let result = FlowError::idx(result);
        if matches!(intent, Intent::Cancel) {
            match result {
                // Nothing to cancel at the server: just start over.
                Err(FlowError::Input(_)) => return self.restart(),
                // auth-js semantics: a canceled transaction is over; the
                // state cancel returns is ignored and a new one starts.
                Ok(_) => {
                    self.notices.set(Vec::new());
                    return self.restart();
                }
                Err(_) => {}
            }
        }
        match result {
            Ok(IdxOutcome::Transaction(t)) => {
                self.retry.set(None);
                self.notices.set(Vec::new());
                let resent = matches!(intent, Intent::Resend) && t.request_succeeded;
                let email = t
                    .next_step
                    .as_ref()
                    .and_then(|s| s.authenticator.as_ref())
                    .is_some_and(|a| a.key.as_deref() == Some("okta_email"));
                self.apply(*t, true).await;
                if resent {
                    self.notices.set(vec![Notice::success(self.i18n.t(if email {
                        "flow.email_resent"
                    } else {
                        "flow.resent"
                    }))]);
                }
            }
            Ok(IdxOutcome::Expired { messages }) => self.expire(messages),
            Ok(_) => self.fail(FlowError::Server(0), Some(intent)),
            Err(e) => {
                let retry = e.retryable().then_some(intent);
                self.fail(e, retry);
            }
        }
    }

    /// One poll of the current poll step. `Ok(true)` while the caller should
    /// keep polling (the state still polls).
    pub async fn poll_once(self) -> Result<bool, FlowError> {
        let Some(current) = self.tx.get_untracked() else {
            return Ok(false);
        };
        let sent_at = self.states_applied.get_untracked();
        let outcome = FlowError::idx(self.driver().poll(&current).await)?;
        if self.states_applied.get_untracked() != sent_at || self.submit.pending().get_untracked() {
            // The user acted meanwhile; this answer is stale.
            return Ok(false);
        }
        match outcome {
            IdxOutcome::Transaction(t) => {
                let same_step = t.next_step.as_ref().map(|s| &s.name)
                    == current.next_step.as_ref().map(|s| &s.name)
                    && t.status == Status::Pending;
                // A poll that keeps the same step updates data (number
                // challenge) without re-rendering the screen.
                self.apply(*t, !same_step).await;
                Ok(same_step)
            }
            IdxOutcome::Expired { messages } => {
                self.expire(messages);
                Ok(false)
            }
            _ => Err(FlowError::Server(0)),
        }
    }
}
