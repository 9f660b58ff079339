//! Steps around a finished sign-in (protocol doc §6.8, §8.6, §8.8):
//! keep me signed in, the device-assurance grace period, the prompt to set
//! up a passkey or authenticator after sign-in, and the request for a new
//! activation email when an activation link has expired. Skipping them is
//! the frame's ("Maybe later", "Skip").
//!
//! Invariants: keep-me-signed-in sends an explicit `true` or `false`, one
//! button each, never a default; a message's links are shown only as
//! idx-core passed them (http(s)), opening in a new tab so the sign-in
//! stays; the grace period's deadline is shown in the person's locale.

use std::collections::HashMap;

use idx_core::{Message, NextStep, StepName, Transaction, Values};
use leptos::prelude::*;

use super::frame::{StepFrame, form_screen};
use crate::flow::{Intent, use_flow};
use crate::i18n::use_i18n;

/// `keep-me-signed-in`: "Stay signed in" or "Don't stay signed in".
pub(super) fn keep_signed_in_screen(step: NextStep) -> AnyView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let send = move |keep: bool| {
        flow.dispatch(Intent::Step(
            StepName::KeepMeSignedIn,
            Values::new().bool("keepMeSignedIn", keep),
        ));
    };
    view! {
        <StepFrame title=i18n.t("kmsi.title") lead=i18n.t("kmsi.lead")>
            <form data-step=step.name.as_str().to_owned() method="post" novalidate=true on:submit=|ev| ev.prevent_default()>
                <div class="button-row">
                    <button
                        type="button"
                        class="secondary"
                        data-action="kmsi-no"
                        disabled=move || busy.get()
                        on:click=move |_| send(false)
                    >
                        {i18n.t("kmsi.no")}
                    </button>
                    <button
                        type="submit"
                        class="primary"
                        data-action="kmsi-yes"
                        aria-busy=move || busy.get().then_some("true")
                        disabled=move || busy.get()
                        on:click=move |ev| {
                            ev.prevent_default();
                            send(true);
                        }
                    >
                        {i18n.t("kmsi.yes")}
                    </button>
                </div>
            </form>
        </StepFrame>
    }
    .into_any()
}

/// The links of the messages that carry some, each under its message's words.
pub(super) fn message_links(messages: &[Message]) -> Option<impl IntoView + use<>> {
    let i18n = use_i18n();
    let items: Vec<_> = messages
        .iter()
        .flat_map(|m| {
            let text = i18n.idx(m);
            m.links.iter().map(move |l| (l.clone(), text.clone()))
        })
        .map(|(link, text)| {
            let words = link.label.clone().unwrap_or(text);
            view! {
                <li>
                    <a href=link.url rel="external noopener" target="_blank" data-action="help-link">
                        {words}
                    </a>
                </li>
            }
        })
        .collect();
    (!items.is_empty()).then(|| view! { <ul class="message-links">{items}</ul> })
}

/// `2024-09-05T00:00:00.000Z` in the browser's locale (the widget's
/// "due by" date); the text as sent when the browser cannot read it.
fn local_date(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_else(|| iso.to_owned())
}

/// `device-assurance-grace-period`: what to fix and by when, the help
/// links, and "Continue to app".
pub(super) fn grace_period_screen(tx: &Transaction, step: NextStep) -> AnyView {
    let i18n = use_i18n();
    let deadline = tx
        .messages
        .iter()
        .find(|m| {
            m.i18n_key
                .as_deref()
                .is_some_and(|k| k.starts_with("idx.device_assurance.grace_period"))
        })
        .and_then(|m| m.params.first())
        .map(|d| i18n.f("grace.due", &[("date", &local_date(d))]));
    // The help links are the frame's (every message with links is).
    form_screen(
        i18n.t("grace.title"),
        deadline.unwrap_or_else(|| i18n.t("grace.lead")),
        step,
        i18n.t("grace.continue"),
        HashMap::new(),
    )
}

/// `enroll-authenticator-promotion`: set up a passkey now (the frame offers
/// "Maybe later").
pub(super) fn promotion_screen(step: NextStep, kept: HashMap<String, String>) -> AnyView {
    let i18n = use_i18n();
    form_screen(
        i18n.t("promotion.title"),
        i18n.t("promotion.lead"),
        step,
        i18n.t("promotion.submit"),
        kept,
    )
}

/// `request-activation-email`: the activation link expired; ask for a new
/// one. Okta's own message says why; the app's lead only stands in for it
/// when there is none, so the reason is not said twice.
pub(super) fn request_activation_screen(tx: &Transaction, step: NextStep) -> AnyView {
    let i18n = use_i18n();
    let lead = if tx.messages.is_empty() {
        i18n.t("activation.lead")
    } else {
        String::new()
    };
    form_screen(
        i18n.t("activation.title"),
        lead,
        step,
        i18n.t("activation.request"),
        HashMap::new(),
    )
}
