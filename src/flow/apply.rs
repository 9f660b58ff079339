//! Applying an answer: a new transaction becomes the shown state, an
//! expired one ends the flow, a failure becomes a notice, and a success
//! redeems the code for a session.
//!
//! Invariants: what the user typed is kept only while the step stays the
//! same; the saved meta is deleted when the transaction ends (terminal,
//! expired, signed in); tokens that fail verification are never kept, and
//! neither is the flow that produced them.

use std::collections::HashMap;

use idx_core::{InteractionCode, Message, Status, Transaction};
use leptos::prelude::*;

use super::context::{Flow, Intent, Phase};
use super::error::FlowError;
use crate::notice::Notice;
use crate::{meta, session, storage, tokens};

impl Flow {
    /// Makes `t` the current state. `rerender`: whether the screen is
    /// rebuilt (not for a poll that keeps the step).
    pub(super) async fn apply(self, t: Transaction, rerender: bool) {
        // The screen's code first (a split module), so it shows at once; a
        // module that cannot download shows its own "try again".
        crate::split::ready_for(&t).await;
        let status = t.status;
        let code = t.interaction_code.clone();
        let same_step = self.tx.with_untracked(|old| {
            old.as_ref()
                .and_then(|o| o.next_step.as_ref())
                .map(|s| &s.name)
                == t.next_step.as_ref().map(|s| &s.name)
        });
        if !same_step {
            self.typed.set(HashMap::new());
        }
        self.tx.set(Some(t));
        self.count_applied(rerender);
        match status {
            Status::Pending => self.set_phase(Phase::Step),
            Status::Terminal | Status::Failure => {
                meta::clear();
                self.set_phase(Phase::Terminal);
            }
            Status::Canceled => self.restart(),
            Status::Success => {
                self.set_phase(Phase::Finishing);
                let Some(code) = code else {
                    self.set_phase(Phase::Terminal);
                    return;
                };
                self.finish(code).await;
            }
        }
    }

    /// The transaction is dead (`idx.session.expired`): show why, offer a
    /// new start.
    pub(super) fn expire(self, messages: Vec<Message>) {
        meta::clear();
        self.tx.set(None);
        self.typed.set(HashMap::new());
        self.expired_messages.set(messages);
        self.retry.set(None);
        self.set_phase(Phase::Expired);
        self.count_applied(true);
    }

    /// Shows `err`; `retry` is what "Try again" repeats.
    pub(super) fn fail(self, err: FlowError, retry: Option<Intent>) {
        self.notices
            .set(vec![Notice::error(err.message(&self.i18n))]);
        self.retry.set(retry);
    }

    fn count_applied(self, rerender: bool) {
        self.states_applied.update(|n| *n += 1);
        if rerender {
            self.screen_changes.update(|n| *n += 1);
        }
    }

    /// Redeems the interaction code (that code loads on demand:
    /// `crate::split`); a module that cannot download ends the attempt with
    /// a message and a new start.
    pub(super) async fn finish(self, code: InteractionCode) {
        if !crate::split::finish(self, code).await {
            self.notices
                .set(vec![Notice::error(self.i18n.t("split.failed"))]);
            self.set_phase(Phase::Terminal);
        }
    }

    /// Redeems the interaction code of the saved transaction and keeps the
    /// verified session.
    pub(crate) async fn redeem(self, code: InteractionCode) {
        let config = self.config.get_value();
        let Some(saved) = meta::load(&config) else {
            self.notices
                .set(vec![Notice::error(self.i18n.t("flow.lost"))]);
            self.set_phase(Phase::Terminal);
            return;
        };
        match tokens::redeem(&*self.driver(), &saved.tx, &code).await {
            Ok(signed_in) => {
                meta::clear();
                if let Err(e) = session::store(&signed_in) {
                    let err = FlowError::Browser(e.to_string());
                    self.notices
                        .set(vec![Notice::error(err.message(&self.i18n))]);
                    self.set_phase(Phase::Terminal);
                    return;
                }
                self.return_to.set(saved.return_to.clone());
                self.set_phase(Phase::Done);
            }
            Err(e) => {
                // Never keep tokens that failed verification, nor the flow
                // that produced them: the code is single-use anyway.
                storage::clear_all();
                self.notices.set(vec![Notice::error(
                    FlowError::redeem(e).message(&self.i18n),
                )]);
                self.set_phase(Phase::Terminal);
            }
        }
    }
}
