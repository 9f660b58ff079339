//! Phone (`phone_number`, SMS or voice call): choosing how to get the code
//! (`authenticator-verification-data`), the words of the code page
//! (which number, texted or called, "send again" or "call again"), and the
//! enrollment form (`enroll`, with the country picker of `countries`).
//!
//! Invariants: the number shown is only ever Okta's masked one from the
//! enrollment profile ("your phone" without a profile); the first method
//! the state offers is the main button and the other one is offered as
//! "instead", as Okta's widget does; a call is worded as a call.

use idx_core::{Authenticator, NextStep, Values};
use leptos::prelude::*;

use super::frame::StepFrame;
use crate::flow::{Intent, use_flow};
use crate::i18n::{I18n, use_i18n};

pub mod countries;
pub mod enroll;

pub use enroll::PhoneEnroll;

/// The masked number (with its nickname), else "your phone".
pub(super) fn phone_words(i18n: &I18n, authenticator: Option<&Authenticator>) -> String {
    let phone = authenticator
        .and_then(|a| a.phone.clone())
        .unwrap_or_default();
    match (phone.number, phone.nickname) {
        (Some(number), Some(nick)) => format!("{number} ({nick})"),
        (Some(number), None) => number,
        (None, Some(nick)) => nick,
        (None, None) => i18n.t("auth.phone.your_phone"),
    }
}

/// `sms` or `voice`: the channel of the current challenge (voice only when
/// the authenticator says so).
pub(super) fn channel(authenticator: Option<&Authenticator>) -> &'static str {
    match authenticator
        .and_then(|a| a.methods.first())
        .map(String::as_str)
    {
        Some("voice") => "voice",
        _ => "sms",
    }
}

/// Title, lead, resend hint and resend label of a phone code page.
pub(super) struct CodeWords {
    pub(super) title: String,
    pub(super) lead: String,
    pub(super) resend_hint: String,
    pub(super) resend: String,
}

/// The words of the code page of a phone challenge or enrollment.
pub(super) fn code_words(step: &NextStep, enroll: bool) -> CodeWords {
    let i18n = use_i18n();
    let auth = step.authenticator.as_ref();
    let ch = channel(auth);
    let phone = phone_words(&i18n, auth);
    CodeWords {
        title: i18n.t(if enroll {
            "auth.phone.enroll.title"
        } else {
            "auth.phone.verify.title"
        }),
        lead: i18n.f(&format!("auth.phone.code.{ch}"), &[("phone", &phone)]),
        resend_hint: i18n.t(&format!("auth.phone.resend_hint.{ch}")),
        resend: i18n.t(&format!("auth.phone.resend.{ch}")),
    }
}

/// `authenticator-verification-data` for a phone: the number it goes to,
/// the first method as the main button, the other as "instead".
#[component]
pub fn PhoneMethod(step: NextStep) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let phone = phone_words(&i18n, step.authenticator.as_ref());
    let methods: Vec<String> = step
        .input("methodType")
        .map(|i| {
            i.options
                .iter()
                .map(|o| o.value.clone())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m == "sms" || m == "voice")
        .collect();
    let name = step.name.clone();
    let buttons = methods
        .iter()
        .enumerate()
        .map(|(i, method)| {
            let (class, key) = if i == 0 {
                ("primary", format!("auth.phone.primary.{method}"))
            } else {
                ("link", format!("auth.phone.secondary.{method}"))
            };
            let (name, value) = (name.clone(), method.clone());
            view! {
                <button
                    type="button"
                    class=class
                    data-authenticator="phone_number"
                    data-method=method.clone()
                    aria-busy=move || (busy.get() && i == 0).then_some("true")
                    disabled=move || busy.get()
                    on:click=move |_| {
                        flow.dispatch(Intent::Step(
                            name.clone(),
                            Values::new().text("methodType", value.clone()),
                        ));
                    }
                >
                    {i18n.t(&key)}
                </button>
            }
        })
        .collect_view();
    view! {
        <StepFrame
            title=i18n.t("auth.phone.verify.title")
            lead=i18n.f("auth.phone.verify.lead", &[("phone", &phone)])
        >
            <form
                data-step=step.name.as_str().to_owned()
                method="post"
                class="phone-methods"
                on:submit=|ev| ev.prevent_default()
            >
                {buttons}
            </form>
        </StepFrame>
    }
}
