//! The step screens: [`step_screen`] picks one for the current IDX step.
//! Dedicated screens exist where the experience differs from the generic
//! form; every other step goes through the generic form (`generic`).
//!
//! One module per step family, each named after its screens: `identify`
//! (identify, identity providers), `choose` (authenticator and method
//! choice), `code` (code entry: Okta Verify TOTP, email, password),
//! `push` (push waiting, push rejected), `enroll` (Okta Verify enrollment),
//! `recovery` (password recovery and new password), `end` (terminal and
//! expired, worded by how it ended), `register` (sign-up and profile
//! update), `unlock` (account unlock), `consent` (admin, end-user, granular
//! and email consent), `later` (keep me signed in, grace period, passkey
//! prompt, activation email); the other authenticators: `phone` (method
//! choice, code words, enrollment with its country list),
//! `security_question`, `google` (Google Authenticator enrollment), `otp`
//! (the words of the OTP family on the code page), `fastpass` (Okta FastPass
//! waiting and launch, relaying through `loopback`), `duo` (not supported
//! here: the other choices). `frame` is the common frame of a step and
//! `ways` the state's other ways on that every frame offers (skip, another
//! authenticator, unlock, sign up, back to sign in); `resend`, `poll` and
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

use std::collections::HashMap;

use idx_core::{NextStep, StepName, Transaction};
use leptos::prelude::*;

use crate::flow::use_flow;

pub mod choose;
mod code;
mod consent;
mod duo;
pub mod end;
pub mod enroll;
pub mod fastpass;
pub mod frame;
mod generic;
pub mod google;
mod identify;
mod later;
mod loopback;
mod otp;
mod passkey;
pub mod phone;
mod poll;
pub mod push;
mod recovery;
mod register;
pub mod resend;
mod screen_timer;
mod security_question;
mod unlock;
mod ways;
mod webauthn;

pub use choose::{ChooseAuthenticator, ChooseMethod};
pub use end::EndScreen;
pub use enroll::EnrollPoll;
pub use frame::StepFrame;
pub use push::{PushRejected, PushWaiting};
pub use resend::{RESEND_AFTER_MS, ResendDelay};

/// Identify's passkey sign-in (autofill and button) when the state offers
/// it, else nothing (loaded on demand: `crate::split`).
pub(crate) fn passkey_view(tx: &Transaction) -> AnyView {
    passkey::passkey_sign_in(tx).unwrap_or_else(|| ().into_any())
}

/// Picks the screen for the current step.
pub fn step_screen(tx: &Transaction) -> AnyView {
    let Some(step) = tx.next_step.clone() else {
        return crate::split::end_screen(false);
    };
    let kept = use_flow().typed.get_untracked();
    if crate::split::is_first_screen(&step) {
        return identify::identify_screen(tx, step, kept);
    }
    crate::split::later_screen(tx.clone(), step, kept)
}

/// Every screen but identify's: loaded when first needed (`crate::split`).
pub(crate) fn later_step_screen(
    tx: &Transaction,
    step: NextStep,
    kept: HashMap<String, String>,
) -> AnyView {
    if let Some(view) = authenticator_screen(tx, &step, &kept) {
        return view;
    }
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
        StepName::ResetAuthenticator
        | StepName::ReenrollAuthenticator
        | StepName::ReenrollAuthenticatorWarning => recovery::new_password_screen(step, kept),
        StepName::ChallengePoll => view! { <PushWaiting /> }.into_any(),
        StepName::EnrollPoll => view! { <EnrollPoll /> }.into_any(),
        StepName::EnrollmentChannelData => enroll::channel_data_screen(step, kept),
        StepName::Resend => view! { <PushRejected /> }.into_any(),
        StepName::RedirectIdp | StepName::PivIdp => identify::idp_screen(tx),
        // Sign-up, unlock, consent and the steps around a finished sign-in.
        StepName::EnrollProfile | StepName::ProfileUpdate => register::profile_screen(step, kept),
        StepName::UnlockAccount => unlock::unlock_identify_screen(step, kept),
        StepName::SelectAuthenticatorUnlockAccount => unlock::unlock_choose_screen(step, kept),
        StepName::AdminConsent
        | StepName::Consent
        | StepName::GranularConsent
        | StepName::EmailChallengeConsent => consent::consent_screen(tx, step),
        StepName::KeepMeSignedIn => later::keep_signed_in_screen(step),
        StepName::DeviceAssuranceGracePeriod => later::grace_period_screen(tx, step),
        StepName::EnrollAuthenticatorPromotion => later::promotion_screen(step, kept),
        StepName::RequestActivationEmail => later::request_activation_screen(tx, step),
        _ => generic::generic_screen(step, kept),
    }
}

/// The screens of the authenticators beyond Okta Verify, email and
/// password (phone, security question, Google Authenticator, Duo, Okta
/// FastPass), picked by the step and the authenticator it is about;
/// `None` for every other step.
fn authenticator_screen(
    tx: &Transaction,
    step: &NextStep,
    kept: &HashMap<String, String>,
) -> Option<AnyView> {
    let key = step.authenticator_key();
    let (step, kept) = (step.clone(), kept.clone());
    Some(match (&step.name, key) {
        (StepName::AuthenticatorVerificationData, Some("phone_number"))
            if step
                .input("methodType")
                .is_some_and(|i| !i.options.is_empty()) =>
        {
            view! { <phone::PhoneMethod step=step /> }.into_any()
        }
        (StepName::AuthenticatorEnrollmentData, _) if step.input("phoneNumber").is_some() => {
            view! { <phone::PhoneEnroll step=step kept=kept /> }.into_any()
        }
        (
            StepName::ChallengeAuthenticator | StepName::EnrollAuthenticator,
            Some("security_question"),
        ) => security_question::security_question_screen(step, kept),
        (StepName::EnrollAuthenticator | StepName::ResetAuthenticator, Some("google_otp"))
            if google::is_app_enrollment(&step) =>
        {
            view! { <google::GoogleEnroll step=step kept=kept /> }.into_any()
        }
        (StepName::ChallengeAuthenticator | StepName::EnrollAuthenticator, Some("duo")) => {
            duo::duo_screen(tx, &step)
        }
        (StepName::DeviceChallengePoll | StepName::ChallengePoll, _)
            if fastpass::is_fastpass(&step) =>
        {
            view! { <fastpass::FastPassWaiting step=step /> }.into_any()
        }
        (StepName::ChallengeAuthenticator, Some("webauthn")) => webauthn::verify_screen(tx, step),
        (
            StepName::EnrollAuthenticator | StepName::EnrollAuthenticatorPromotion,
            Some("webauthn"),
        ) => webauthn::enroll_screen(tx, step),
        (StepName::LaunchAuthenticator, _) => {
            view! { <fastpass::LaunchFastPass step=step /> }.into_any()
        }
        _ => return None,
    })
}
