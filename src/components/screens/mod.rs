//! The step screens: [`step_screen`] picks one for the current IDX step.
//! Dedicated screens exist where the experience differs from the generic
//! form; every other step goes through the generic form (`generic`).
//!
//! One module per step family, each named after its screens: `identify`
//! (identify, identity providers), `choose` (authenticator and method
//! choice), `code` (code entry: Okta Verify TOTP, email, password),
//! `push` (push waiting, push rejected), `enroll` (Okta Verify enrollment),
//! `recovery` (password recovery and new password), `end` (terminal and
//! expired). `frame` is the common frame of a step; `resend`, `poll` and
//! `screen_timer` are the timers the screens own. Modules that hold
//! components are public (a component's props type must be reachable); the
//! names pages use are re-exported here.
//!
//! Invariants: every screen has one `<h1>` naming the step, the message
//! region, and (while the transaction allows it) a cancel button; choice
//! buttons carry `data-authenticator` (and `data-method` when they pick a
//! method); a screen's timers and polls run only while it is mounted (the
//! screen owns them and clears them on cleanup), and polls only while the
//! tab is visible.

use idx_core::{StepName, Transaction};
use leptos::prelude::*;

use crate::flow::use_flow;

pub mod choose;
mod code;
pub mod end;
pub mod enroll;
pub mod frame;
mod generic;
mod identify;
mod poll;
pub mod push;
mod recovery;
pub mod resend;
mod screen_timer;

pub use choose::{ChooseAuthenticator, ChooseMethod};
pub use end::EndScreen;
pub use enroll::EnrollPoll;
pub use frame::StepFrame;
pub use push::{PushRejected, PushWaiting};
pub use resend::{RESEND_AFTER_MS, ResendDelay};

/// Picks the screen for the current step.
pub fn step_screen(tx: &Transaction) -> AnyView {
    let Some(step) = tx.next_step.clone() else {
        return view! { <EndScreen expired=false /> }.into_any();
    };
    let kept = use_flow().typed.get_untracked();
    match step.name {
        StepName::Identify => identify::identify_screen(tx, step, kept),
        StepName::SelectAuthenticatorAuthenticate | StepName::SelectAuthenticatorEnroll => {
            view! { <ChooseAuthenticator step=step /> }.into_any()
        }
        StepName::AuthenticatorVerificationData
            if step
                .input("methodType")
                .is_some_and(|i| !i.options.is_empty()) =>
        {
            view! { <ChooseMethod step=step /> }.into_any()
        }
        StepName::ChallengeAuthenticator | StepName::EnrollAuthenticator => {
            code::code_screen(tx, step, kept)
        }
        StepName::IdentifyRecovery => recovery::identify_recovery_screen(step, kept),
        StepName::ResetAuthenticator | StepName::ReenrollAuthenticator => {
            recovery::new_password_screen(step, kept)
        }
        StepName::ChallengePoll => view! { <PushWaiting /> }.into_any(),
        StepName::EnrollPoll => view! { <EnrollPoll /> }.into_any(),
        StepName::EnrollmentChannelData => enroll::channel_data_screen(step, kept),
        StepName::Resend => view! { <PushRejected /> }.into_any(),
        StepName::RedirectIdp => identify::idp_screen(tx),
        _ => generic::generic_screen(step, kept),
    }
}
