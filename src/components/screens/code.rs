//! Code entry: `challenge-authenticator` and `enroll-authenticator`, titled
//! after the authenticator (Okta Verify code, email code, password, phone,
//! the OTP family of `otp`, or a generic one), with "Forgot password?"
//! where the state offers it.
//!
//! Invariants: the email lead names the address only when the server sent
//! one, the phone lead only Okta's masked number; another code is offered
//! only where the step can resend, and only after
//! [`RESEND_AFTER_MS`](super::RESEND_AFTER_MS) (or the
//! [`ResendDelay`](super::ResendDelay) in context), worded as a call for a
//! voice call; after an RSA / on-prem passcode change the code field starts
//! empty for the next code.

use std::collections::HashMap;
use std::sync::Arc;

use idx_core::{NextStep, StepName, Transaction};
use leptos::prelude::*;

use super::frame::StepFrame;
use super::otp::otp_words;
use super::phone;
use super::recovery::recover_link;
use super::resend::{RESEND_AFTER_MS, ResendButton, due_after};
use crate::components::form::StepForm;
use crate::i18n::use_i18n;

/// The code screen of `step`, keeping what was typed before (`kept`).
pub(super) fn code_screen(
    tx: &Transaction,
    step: NextStep,
    mut kept: HashMap<String, String>,
) -> AnyView {
    let i18n = use_i18n();
    let key = step.authenticator.as_ref().and_then(|a| a.key.clone());
    if tx.has_message("errors.E0000113") {
        // The PIN was accepted: the token's next code goes in an empty field.
        kept.remove("verificationCode");
    }
    let mut resend_words = (i18n.t("challenge.resend_hint"), i18n.t("challenge.resend"));
    let otp = otp_words(tx, &step);
    let enrolling = step.name == StepName::EnrollAuthenticator;
    let (title, lead) = match key.as_deref() {
        Some("phone_number") => {
            let words = phone::code_words(&step, step.name != StepName::ChallengeAuthenticator);
            resend_words = (words.resend_hint, words.resend);
            (words.title, words.lead)
        }
        _ if otp.is_some() => otp.unwrap_or_default(),
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
        // Setting the first password (sign-up, an activation link) is not
        // entering one: worded as the other new-password screens.
        Some("okta_password") if enrolling => (i18n.t("step.new_password"), String::new()),
        Some("okta_password") => (i18n.t("challenge.password.title"), String::new()),
        _ => (
            i18n.t("challenge.generic.title"),
            i18n.t("challenge.generic.lead"),
        ),
    };
    let verify = if enrolling && key.as_deref() == Some("okta_password") {
        i18n.t("reset.submit")
    } else {
        i18n.t("action.verify")
    };
    // Like Okta's widget, another email is offered only after a while, so
    // nobody asks again while the first is on its way.
    let footer = step.can_resend.then(|| -> ChildrenFn {
        let due = due_after(RESEND_AFTER_MS);
        let (hint, label) = resend_words;
        Arc::new(move || {
            let (hint, label) = (hint.clone(), label.clone());
            view! {
                <Show when=move || due.get()>
                    <p class="hint" data-testid="resend-hint">{hint.clone()}</p>
                    <ResendButton label=label.clone() />
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
