//! The state's other ways on, offered by every step frame as Okta's widget
//! does (protocol doc §8.1–§8.4): skip ("Set up later", "Remind me later",
//! "Maybe later"), back to the authenticator list ("Verify with something
//! else"), "Unlock account?", "Sign up" and "Back to sign in".
//!
//! Invariants: a way is offered only when the state has the remediation it
//! runs, and never on the screen of that remediation itself; each is a
//! button with its own `data-action`, disabled while a request runs; going
//! back to the authenticator list sends nothing (the list is already in the
//! state, §8.2) and is offered only when the list has another choice to make.

use idx_core::{NextStep, StepName, Transaction, Values};
use leptos::prelude::*;

use crate::flow::{Intent, use_flow};
use crate::i18n::use_i18n;

/// What a way does when chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Run {
    /// Submit this remediation with no values.
    Step(StepName),
    /// Show this remediation of the same state (no request).
    Show(StepName),
}

/// One way on: its `data-action`, the i18n key of its words, what it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Way {
    action: &'static str,
    label: &'static str,
    run: Run,
}

/// The list of authenticators to go back to beside `current`, if any.
fn switch_target(tx: &Transaction, current: &StepName) -> Option<(StepName, &'static str)> {
    let (list, label) = match current {
        StepName::ChallengeAuthenticator
        | StepName::ChallengePoll
        | StepName::AuthenticatorVerificationData
        | StepName::Resend => (
            StepName::SelectAuthenticatorAuthenticate,
            "ways.switch_authenticator",
        ),
        StepName::EnrollAuthenticator
        | StepName::EnrollPoll
        | StepName::AuthenticatorEnrollmentData
        | StepName::SelectEnrollmentChannel
        | StepName::EnrollmentChannelData => {
            (StepName::SelectAuthenticatorEnroll, "ways.switch_enroll")
        }
        _ => return None,
    };
    let step = tx.step(&list)?;
    let choices: usize = step
        .authenticator_options
        .iter()
        .map(|o| o.methods.len().max(1))
        .sum();
    (choices > 1).then_some((list, label))
}

/// The words of `skip` beside `current`, as the widget puts them.
fn skip_label(current: &StepName) -> &'static str {
    match current {
        StepName::SelectAuthenticatorEnroll | StepName::EnrollAuthenticator => "ways.set_up_later",
        StepName::ReenrollAuthenticatorWarning => "ways.remind_later",
        StepName::EnrollAuthenticatorPromotion => "ways.maybe_later",
        _ => "ways.skip",
    }
}

/// Every way on that `tx` offers beside the step shown.
fn ways(tx: &Transaction, current: &NextStep) -> Vec<Way> {
    let name = &current.name;
    let mut out = Vec::new();
    if let Some((list, label)) = switch_target(tx, name) {
        out.push(Way {
            action: "switch-authenticator",
            label,
            run: Run::Show(list),
        });
    }
    let offered = |step: &StepName| name != step && tx.step(step).is_some();
    if offered(&StepName::Skip) {
        out.push(Way {
            action: "skip",
            label: skip_label(name),
            run: Run::Step(StepName::Skip),
        });
    }
    for (step, action, label) in [
        (StepName::UnlockAccount, "unlock", "ways.unlock"),
        (StepName::SelectEnrollProfile, "register", "ways.sign_up"),
        (
            StepName::SelectIdentify,
            "back-to-sign-in",
            "ways.back_to_sign_in",
        ),
    ] {
        if offered(&step) {
            out.push(Way {
                action,
                label,
                run: Run::Step(step),
            });
        }
    }
    out
}

/// The ways on of the current state, as footer buttons (none when the
/// state offers none).
pub(super) fn other_ways() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let list = flow.tx.with_untracked(|tx| {
        tx.as_ref()
            .and_then(|tx| Some(ways(tx, tx.next_step.as_ref()?)))
            .unwrap_or_default()
    });
    list.into_iter()
        .map(|way| {
            let text = i18n.t(way.label);
            let lead = (way.action == "register").then(|| {
                view! { <span class="way-lead">{i18n.t("ways.sign_up_lead")}" "</span> }
            });
            let run = way.run.clone();
            view! {
                <p class="way">
                    {lead}
                    <button
                        type="button"
                        class="link"
                        data-action=way.action
                        disabled=move || busy.get()
                        on:click=move |_| match &run {
                            Run::Step(step) => flow.dispatch(Intent::Step(step.clone(), Values::new())),
                            Run::Show(step) => flow.show_step(step),
                        }
                    >
                        {text}
                    </button>
                </p>
            }
        })
        .collect_view()
}
