//! Duo Security (`duo`): Okta describes a Duo frame run by Duo's script
//! (protocol doc part 2 §7.1), which this page's Content-Security-Policy
//! does not allow (no third-party script or frame). So the screen says Duo
//! cannot open here and offers the other authenticators of the state.
//!
//! Invariants: never a dead end: the state's own authenticator list is
//! shown in place (`select-authenticator-*`), else a plain way out (the
//! frame's cancel); Okta's Duo errors (failed, timed out) show as messages.

use idx_core::{NextStep, StepName, Transaction};
use leptos::prelude::*;

use super::choose::ChoiceList;
use super::frame::StepFrame;
use crate::i18n::use_i18n;

/// The Duo screen of a challenge or an enrollment.
pub(super) fn duo_screen(tx: &Transaction, step: &NextStep) -> AnyView {
    let i18n = use_i18n();
    let title = i18n.t(if step.name == StepName::ChallengeAuthenticator {
        "auth.duo.verify.title"
    } else {
        "auth.duo.enroll.title"
    });
    let others = tx
        .step(&StepName::SelectAuthenticatorAuthenticate)
        .or_else(|| tx.step(&StepName::SelectAuthenticatorEnroll))
        .cloned()
        .map(|mut s| {
            s.authenticator_options
                .retain(|o| o.key.as_deref() != Some("duo"));
            s
        })
        .filter(|s| !s.authenticator_options.is_empty());
    let rest = match others {
        Some(list) => view! {
            <h2>{i18n.t("auth.choose_other")}</h2>
            <ChoiceList step=list />
        }
        .into_any(),
        None => view! { <p data-testid="no-other">{i18n.t("auth.duo.none_left")}</p> }.into_any(),
    };
    view! {
        <StepFrame title=title>
            <p data-testid="duo-unsupported">{i18n.t("auth.duo.unsupported")}</p>
            {rest}
        </StepFrame>
    }
    .into_any()
}
