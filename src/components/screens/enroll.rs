//! Okta Verify enrollment: `enroll-poll` (the phone is being set up by the
//! QR code shown here, or by a link sent by email or SMS) and
//! `enrollment-channel-data` (the address to send the link to).
//!
//! Invariants: the screen polls only while mounted and the tab is visible
//! ([`poll_while_mounted`]); the QR code is an image with a text
//! alternative; the other channels the state allows
//! (`select-enrollment-channel`) sit behind "Can't scan?" under a QR code
//! and are listed at once under a sent link, and revealing them keeps the
//! keyboard user's place.

use std::collections::HashMap;
use std::sync::Arc;

use idx_core::{NextStep, StepName, Values};
use leptos::prelude::*;

use super::frame::{StepFrame, form_screen};
use super::poll::{PollTexts, poll_while_mounted};
use super::resend::{RESEND_AFTER_MS, ResendButton, due_after};
use crate::flow::{Intent, use_flow};
use crate::focus;
use crate::i18n::use_i18n;

/// `enroll-poll`: Okta Verify is being set up on the person's phone, by the
/// QR code shown here or a link sent by email or SMS; polls until the phone
/// finishes, and offers the other channels the state allows
/// (`select-enrollment-channel`).
#[component]
pub fn EnrollPoll() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let status = RwSignal::new(i18n.t("enroll.waiting"));
    poll_while_mounted(
        status,
        PollTexts {
            waiting: "enroll.waiting",
            failed: "enroll.poll_failed",
        },
    );
    let (authenticator, channels, can_resend) = flow.tx.with_untracked(|t| {
        let Some(t) = t.as_ref() else {
            return (None, Vec::new(), false);
        };
        let channels = t
            .step(&StepName::SelectEnrollmentChannel)
            .and_then(|s| s.input("channel"))
            .map(|i| i.options.iter().map(|o| o.value.clone()).collect())
            .unwrap_or_default();
        let step = t.next_step.as_ref();
        (
            step.and_then(|s| s.authenticator.clone()),
            channels,
            step.is_some_and(|s| s.can_resend),
        )
    });
    let authenticator = authenticator.unwrap_or_default();
    let selected = authenticator
        .selected_channel
        .clone()
        .unwrap_or_else(|| "qrcode".to_owned());
    let showing_qr = authenticator.qr_code.is_some();
    let body = match authenticator.qr_code.clone() {
        Some(qr) => view! {
            <ol class="enroll-steps">
                <li>{i18n.t("enroll.qr.install")}</li>
                <li>{i18n.t("enroll.qr.add")}</li>
                <li>{i18n.t("enroll.qr.scan")}</li>
            </ol>
            <img class="qr" src=qr alt=i18n.t("enroll.qr.alt") width="200" height="200" data-testid="enroll-qr" />
        }
        .into_any(),
        None => {
            let text = match (selected.as_str(), authenticator.channel_address.as_deref()) {
                ("email", Some(to)) => i18n.f("enroll.sent.email", &[("address", to)]),
                ("sms", Some(to)) => i18n.f("enroll.sent.sms", &[("address", to)]),
                _ => i18n.t("enroll.sent.generic"),
            };
            view! { <p data-testid="enroll-sent">{text}</p> }.into_any()
        }
    };
    // The other ways offered: behind "Can't scan?" under a QR code, listed
    // at once under a sent link.
    let others: Vec<String> = channels
        .into_iter()
        .filter(|c| *c != selected && matches!(c.as_str(), "qrcode" | "email" | "sms"))
        .collect();
    let reveal = RwSignal::new(!showing_qr);
    let resend_due = due_after(RESEND_AFTER_MS);
    let footer: ChildrenFn = Arc::new(move || {
        let i18n = use_i18n();
        let has_others = !others.is_empty();
        let others = others.clone();
        view! {
            <Show when=move || can_resend && resend_due.get()>
                <ResendButton label=i18n.t("enroll.resend") />
            </Show>
            <Show when=move || has_others && !reveal.get()>
                <button
                    type="button"
                    class="link"
                    data-action="cant-scan"
                    on:click=move |_| {
                        reveal.set(true);
                        // The button goes away: keep the keyboard user's place.
                        focus::focus_soon("[data-action=enroll-channel]");
                    }
                >
                    {i18n.t("enroll.cant_scan")}
                </button>
            </Show>
            <Show when=move || reveal.get()>
                {
                    let others = others.clone();
                    move || channel_buttons(&others)
                }
            </Show>
        }
        .into_any()
    });
    view! {
        <StepFrame title=i18n.t("enroll.title") footer=Some(footer)>
            <div class="enroll" data-testid="enroll-waiting">
                {body}
                <p class="status-line" role="status" aria-live="polite">{move || status.get()}</p>
            </div>
        </StepFrame>
    }
}

/// One button per other enrollment channel (`select-enrollment-channel`).
fn channel_buttons(channels: &[String]) -> impl IntoView + use<> {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    channels
        .iter()
        .map(|channel| {
            let channel = channel.clone();
            let label = i18n.t(&format!("enroll.channel.{channel}"));
            view! {
                <button
                    type="button"
                    class="link"
                    data-action="enroll-channel"
                    data-channel=channel.clone()
                    disabled=move || busy.get()
                    on:click=move |_| {
                        flow.dispatch(Intent::Step(
                            StepName::SelectEnrollmentChannel,
                            Values::new().text("channel", channel.clone()),
                        ));
                    }
                >
                    {label}
                </button>
            }
        })
        .collect_view()
}

/// `enrollment-channel-data`: the email address or phone number to send
/// the enrollment link to.
pub(super) fn channel_data_screen(step: NextStep, kept: HashMap<String, String>) -> AnyView {
    let i18n = use_i18n();
    let lead = i18n.t(if step.input("phoneNumber").is_some() {
        "enroll.data.sms"
    } else {
        "enroll.data.email"
    });
    form_screen(
        i18n.t("enroll.title"),
        lead,
        step,
        i18n.t("enroll.send"),
        kept,
    )
}
