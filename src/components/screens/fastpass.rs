//! Okta FastPass (Okta Verify `signed_nonce`): waiting for Okta Verify on
//! this device (`device-challenge-poll`, a signed-nonce `challenge-poll`)
//! and the "Sign in with Okta FastPass" step (`launch-authenticator`),
//! protocol doc part 2 §6.
//!
//! Invariants: FastPass is never worded as a push; the screen polls only
//! while mounted (`poll_while_mounted`); by challenge method: loopback
//! relays the challenge in the background (`loopback`) and, when nothing
//! answers, cancels the poll with Okta's reason so the server offers
//! another way; a custom URI, universal or app link is an "Open Okta
//! Verify" link (a navigation, not a request of ours) while polling goes
//! on; every variant has "Use another way", which cancels the poll
//! (`USER_CANCELED`) and shows what the server offers next.

use idx_core::{
    ChallengeMethod, DeviceChallenge, NextStep, PollCancel, StepName, Transaction, Values,
};
use leptos::prelude::*;

use super::frame::StepFrame;
use super::loopback::{Relay, relay};
use super::poll::{PollTexts, poll_while_mounted};
use super::screen_timer::ScreenTimer;
use crate::flow::{Intent, use_flow};
use crate::i18n::use_i18n;

/// Whether a poll step is FastPass rather than a push.
pub(super) fn is_fastpass(step: &NextStep) -> bool {
    step.name == StepName::DeviceChallengePoll
        || step.authenticator.as_ref().is_some_and(|a| {
            a.device_challenge.is_some() || a.methods.iter().any(|m| m == "signed_nonce")
        })
}

/// `launch-authenticator` as the step to show: FastPass is how this
/// organization signs people in.
#[component]
pub fn LaunchFastPass(step: NextStep) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let app = flow
        .tx
        .with_untracked(|t| t.as_ref().and_then(|t| t.app.clone()).and_then(|a| a.label));
    let lead = match app {
        Some(app) => i18n.f("auth.fastpass.required_app", &[("app", &app)]),
        None => i18n.t("auth.fastpass.required"),
    };
    let name = step.name.clone();
    view! {
        <StepFrame title=i18n.t("auth.fastpass.title") lead=lead>
            <form data-step=step.name.as_str().to_owned() method="post" on:submit=move |ev| {
                ev.prevent_default();
                flow.dispatch(Intent::Step(name.clone(), Values::new()));
            }>
                <button
                    type="submit"
                    class="primary"
                    data-authenticator="okta_verify"
                    data-method="signed_nonce"
                    aria-busy=move || busy.get().then_some("true")
                    disabled=move || busy.get()
                >
                    {i18n.t("auth.fastpass.button")}
                </button>
            </form>
        </StepFrame>
    }
}

/// A "Sign in with Okta FastPass" button for a screen whose state also
/// offers `launch-authenticator` (the identify page).
pub(super) fn launch_button(tx: &Transaction) -> Option<AnyView> {
    tx.step(&StepName::LaunchAuthenticator)?;
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    Some(
        view! {
            <button
                type="button"
                class="secondary launch"
                data-authenticator="okta_verify"
                data-method="signed_nonce"
                disabled=move || busy.get()
                on:click=move |_| {
                    flow.dispatch(Intent::Step(StepName::LaunchAuthenticator, Values::new()))
                }
            >
                {i18n.t("auth.fastpass.button")}
            </button>
        }
        .into_any(),
    )
}

/// Waiting for Okta Verify on this device (see the module invariants).
#[component]
pub fn FastPassWaiting(step: NextStep) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let status = RwSignal::new(i18n.t("auth.fastpass.waiting"));
    poll_while_mounted(
        status,
        PollTexts {
            waiting: "auth.fastpass.waiting",
            failed: "auth.fastpass.poll_failed",
        },
    );
    let challenge = step
        .authenticator
        .as_ref()
        .and_then(|a| a.device_challenge.clone());
    let method = challenge.as_ref().map(|c| c.method.clone());
    if let Some(c) = challenge
        .clone()
        .filter(|c| c.method == ChallengeMethod::Loopback)
    {
        start_relay(c);
    }
    let can_cancel = flow
        .tx
        .with_untracked(|t| t.as_ref().is_some_and(Transaction::can_cancel_polling));
    let (title, lead) = match method {
        Some(ChallengeMethod::Loopback) => {
            ("auth.fastpass.verifying", "auth.fastpass.loopback.lead")
        }
        Some(ChallengeMethod::CustomUri) => (
            "auth.fastpass.custom_uri.title",
            "auth.fastpass.custom_uri.no_prompt",
        ),
        Some(ChallengeMethod::UniversalLink | ChallengeMethod::AppLink) => {
            ("auth.fastpass.title", "auth.fastpass.link.lead")
        }
        _ => ("auth.fastpass.verifying", "auth.fastpass.dtc"),
    };
    let links = challenge.map(|c| launch_links(&c));
    view! {
        <StepFrame title=i18n.t(title) lead=i18n.t(lead)>
            <div class="fastpass" data-testid="fastpass-waiting">
                {links}
                <p class="status-line" role="status" aria-live="polite">{move || status.get()}</p>
            </div>
            <Show when=move || can_cancel>
                <button
                    type="button"
                    class="link"
                    data-action="fastpass-another-way"
                    disabled=move || busy.get()
                    on:click=move |_| flow.dispatch(Intent::CancelPolling(PollCancel::UserCanceled))
                >
                    {i18n.t("auth.fastpass.another_way")}
                </button>
            </Show>
        </StepFrame>
    }
}

/// "Open Okta Verify" (a custom URI, universal or app link), the download
/// link, and Chrome's local-network help where Okta sends them.
fn launch_links(c: &DeviceChallenge) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let open = c
        .href
        .clone()
        .filter(|_| {
            matches!(
                c.method,
                ChallengeMethod::CustomUri
                    | ChallengeMethod::UniversalLink
                    | ChallengeMethod::AppLink
            )
        })
        .map(|href| {
            view! {
                <a class="button primary" href=href data-action="open-okta-verify" rel="external">
                    {i18n.t("auth.fastpass.open")}
                </a>
            }
        });
    let download = c.download_href.clone().map(|href| {
        view! {
            <p><a href=href target="_blank" rel="noopener noreferrer" data-action="download-okta-verify">
                {i18n.t("auth.fastpass.download")}
            </a></p>
        }
    });
    let help = c.local_network_help.clone().map(|href| {
        view! {
            <p><a href=href target="_blank" rel="noopener noreferrer">{i18n.t("auth.fastpass.lna_help")}</a></p>
        }
    });
    view! { {open} {download} {help} }
}

/// Relays a loopback challenge in the background; when Okta Verify cannot
/// be reached or refuses, cancels the poll with Okta's reason (unless the
/// screen is gone by then).
fn start_relay(challenge: DeviceChallenge) {
    let flow = use_flow();
    let alive = ScreenTimer::new();
    leptos::task::spawn_local(async move {
        let outcome = relay(flow.driver().transport().clone(), challenge).await;
        if !alive.is_open() {
            return;
        }
        let why = match outcome {
            Relay::Answered => return,
            Relay::Unreachable => PollCancel::Unreachable,
            Relay::Refused(status) => PollCancel::ReturnedError(status),
        };
        flow.dispatch(Intent::CancelPolling(why));
    });
}
