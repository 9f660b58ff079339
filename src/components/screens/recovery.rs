//! Password recovery: the "Forgot password?" link where the state offers
//! it, `identify-recovery` (who is recovering), and the new-password steps
//! (`reset-authenticator` after recovery, `reenroll-authenticator` for an
//! expired password).
//!
//! Invariants: the link is shown only when the current password
//! authenticator (or enrollment) has a `recover` action, and it runs that
//! action, never a URL of its own; the new password's rules and
//! confirmation belong to the generic form, which refuses to send a
//! password that misses them.

use std::collections::HashMap;

use idx_core::{NextStep, StepName, Transaction};
use leptos::prelude::*;

use super::frame::form_screen;
use crate::flow::{Intent, use_flow};
use crate::i18n::use_i18n;

/// "Forgot password?" where the state offers password recovery (the
/// `recover` action of the current password authenticator or enrollment).
pub(super) fn recover_link(tx: &Transaction) -> Option<AnyView> {
    let action = [
        "currentAuthenticator-recover",
        "currentAuthenticatorEnrollment-recover",
    ]
    .into_iter()
    .find(|name| tx.has_action(name))?;
    let flow = use_flow();
    let busy = flow.submit.pending();
    Some(
        view! {
            <p class="recover">
                <button
                    type="button"
                    class="link"
                    data-action="recover"
                    disabled=move || busy.get()
                    on:click=move |_| flow.dispatch(Intent::Action(action.to_owned()))
                >
                    {use_i18n().t("recover.link")}
                </button>
            </p>
        }
        .into_any(),
    )
}

/// `identify-recovery`: the username whose password is to be reset.
pub(super) fn identify_recovery_screen(step: NextStep, kept: HashMap<String, String>) -> AnyView {
    let i18n = use_i18n();
    form_screen(
        i18n.t("recover.title"),
        i18n.t("recover.lead"),
        step,
        i18n.t("action.next"),
        kept,
    )
}

/// `reset-authenticator` / `reenroll-authenticator`: a new password, with
/// a lead saying why one is needed.
pub(super) fn new_password_screen(step: NextStep, kept: HashMap<String, String>) -> AnyView {
    let i18n = use_i18n();
    let lead = i18n.t(if step.name == StepName::ResetAuthenticator {
        "reset.lead"
    } else {
        "reset.expired_lead"
    });
    form_screen(
        i18n.t("step.new_password"),
        lead,
        step,
        i18n.t("reset.submit"),
        kept,
    )
}
