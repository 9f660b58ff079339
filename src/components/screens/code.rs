//! Code entry: `challenge-authenticator` and `enroll-authenticator`, titled
//! after the authenticator (Okta Verify code, email code, password, or a
//! generic one), with "Forgot password?" where the state offers it.
//!
//! Invariants: the email lead names the address only when the server sent
//! one; another code is offered only where the step can resend, and only
//! after [`RESEND_AFTER_MS`](super::RESEND_AFTER_MS) (or the
//! [`ResendDelay`](super::ResendDelay) in context).

use std::collections::HashMap;
use std::sync::Arc;

use idx_core::{NextStep, Transaction};
use leptos::prelude::*;

use super::frame::StepFrame;
use super::recovery::recover_link;
use super::resend::{RESEND_AFTER_MS, ResendButton, due_after};
use crate::components::form::StepForm;
use crate::i18n::use_i18n;

/// The code screen of `step`, keeping what was typed before (`kept`).
pub(super) fn code_screen(
    tx: &Transaction,
    step: NextStep,
    kept: HashMap<String, String>,
) -> AnyView {
    let i18n = use_i18n();
    let key = step.authenticator.as_ref().and_then(|a| a.key.clone());
    let (title, lead) = match key.as_deref() {
        Some("okta_verify") => (
            i18n.t("challenge.okta_verify.title"),
            i18n.t("challenge.okta_verify.lead"),
        ),
        Some("okta_email") => {
            let to = step
                .authenticator
                .as_ref()
                .and_then(|a| a.profile.iter().find(|(k, _)| k == "email"))
                .map(|(_, v)| v.clone());
            (
                i18n.t("challenge.email.title"),
                match to {
                    Some(addr) => i18n.f("challenge.email.lead_to", &[("email", &addr)]),
                    None => i18n.t("challenge.email.lead"),
                },
            )
        }
        Some("okta_password") => (i18n.t("challenge.password.title"), String::new()),
        _ => (
            i18n.t("challenge.generic.title"),
            i18n.t("challenge.generic.lead"),
        ),
    };
    let verify = i18n.t("action.verify");
    // Like Okta's widget, another email is offered only after a while, so
    // nobody asks again while the first is on its way.
    let footer = step.can_resend.then(|| -> ChildrenFn {
        let due = due_after(RESEND_AFTER_MS);
        Arc::new(move || {
            let i18n = use_i18n();
            view! {
                <Show when=move || due.get()>
                    <p class="hint" data-testid="resend-hint">{i18n.t("challenge.resend_hint")}</p>
                    <ResendButton label=i18n.t("challenge.resend") />
                </Show>
            }
            .into_any()
        })
    });
    let recover = recover_link(tx);
    view! {
        <StepFrame title=title lead=lead footer=footer>
            <StepForm step=step submit_label=verify kept=kept />
            {recover}
        </StepFrame>
    }
    .into_any()
}
