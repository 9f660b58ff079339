//! Choosing how to verify: `select-authenticator-authenticate` and
//! `select-authenticator-enroll` (one button per authenticator, Okta Verify
//! split into its methods), and `authenticator-verification-data` when it
//! asks for a method.
//!
//! Invariants: each choice is a button carrying `data-authenticator` (and
//! `data-method` when it picks a method) that submits the step at once;
//! every choice is titled by its own authenticator or method (FastPass as
//! FastPass, never as a push); a method choice is titled by the
//! authenticator it belongs to; choosing Okta Verify enrollment asks for
//! the QR code channel first, as Okta's widget does on a computer.

use idx_core::{AuthenticatorOption, NextStep, StepName, Values};
use leptos::prelude::*;

use super::frame::StepFrame;
use crate::flow::{Intent, use_flow};
use crate::i18n::use_i18n;

/// Words for a verification method; the server's label for one we do not know.
fn method_label(method: &str, fallback: &str) -> String {
    let i18n = use_i18n();
    match method {
        "push" => i18n.t("method.push"),
        "totp" => i18n.t("method.totp"),
        "signed_nonce" => i18n.t("method.fastpass"),
        "sms" => i18n.t("method.sms"),
        "voice" => i18n.t("method.voice"),
        _ if !fallback.trim().is_empty() => fallback.to_owned(),
        other => other.to_owned(),
    }
}

/// The decorative mark of a choice (hidden from assistive technology).
fn icon_for(key: &str, method: Option<&str>) -> &'static str {
    match (key, method) {
        ("okta_verify", Some("push")) => "✓",
        ("okta_verify", Some("signed_nonce")) => "⚡",
        ("okta_verify", _) => "#",
        ("okta_email", _) => "@",
        ("okta_password", _) => "*",
        ("phone_number", _) => "☎",
        ("security_question", _) => "?",
        ("google_otp" | "custom_otp" | "rsa_token" | "onprem_mfa" | "symantec_vip", _) => "#",
        ("yubikey_token" | "webauthn", _) => "⚿",
        ("tac", _) => "⌛",
        ("duo", _) => "D",
        ("smart_card_idp", _) => "▭",
        _ => "•",
    }
}

/// One choice button.
#[component]
fn ChoiceButton(
    step: StepName,
    option: AuthenticatorOption,
    method: Option<(String, String)>,
) -> impl IntoView {
    let flow = use_flow();
    let busy = flow.submit.pending();
    let key = option.key.clone().unwrap_or_default();
    let (title, sub) = match &method {
        Some((m, l)) => (method_label(m, l), option.label.clone()),
        None => (option.label.clone(), String::new()),
    };
    let icon = icon_for(&key, method.as_ref().map(|(m, _)| m.as_str()));
    let chosen = option.id.clone().or(option.key.clone()).unwrap_or_default();
    let method_value = method.as_ref().map(|(m, _)| m.clone());
    // Okta Verify enrollment starts with the QR code, as Okta's widget does
    // on a computer; the enrollment screen offers the other channels.
    let channel = option
        .channels
        .iter()
        .any(|c| c.value == "qrcode")
        .then_some("qrcode");
    view! {
        <li>
            <button
                type="button"
                data-authenticator=key
                data-method=method_value.clone()
                disabled=move || busy.get()
                on:click=move |_| {
                    let mut values = Values::new().text("authenticator", chosen.clone());
                    if let Some(m) = &method_value {
                        values.insert_text("methodType", m.clone());
                    }
                    if let Some(c) = channel {
                        values.insert_text("channel", c);
                    }
                    flow.dispatch(Intent::Step(step.clone(), values));
                }
            >
                <span class="choice-icon" aria-hidden="true">{icon}</span>
                <span class="choice-text">
                    <span class="choice-title">{title}</span>
                    {(!sub.is_empty()).then(|| view! { <span class="choice-sub">{sub}</span> })}
                </span>
            </button>
        </li>
    }
}

/// Whether `option` is offered as one button per method. Okta Verify
/// always is; the phone only where its method goes in the same request
/// (unlock): elsewhere the phone is one choice and its own method step
/// (`phone::PhoneMethod`) names the masked number first, as Okta's widget
/// does; any other authenticator with several methods is split.
fn split_by_method(step: &StepName, option: &AuthenticatorOption) -> bool {
    match option.key.as_deref() {
        Some("okta_verify") => true,
        Some("phone_number") => *step == StepName::SelectAuthenticatorUnlockAccount,
        _ => option.methods.len() > 1,
    }
}

/// The choice buttons of a `select-authenticator-*` step: Okta Verify split
/// into its methods (push, code, FastPass), then the others. Without a
/// frame, so other screens can offer the list too (Duo's "choose another").
#[component]
pub fn ChoiceList(step: NextStep) -> impl IntoView {
    let mut buttons = Vec::new();
    for option in &step.authenticator_options {
        if split_by_method(&step.name, option) {
            if option.methods.is_empty() {
                buttons.push(view! {
                    <ChoiceButton step=step.name.clone() option=option.clone() method=None />
                });
            }
            for m in &option.methods {
                buttons.push(view! {
                    <ChoiceButton
                        step=step.name.clone()
                        option=option.clone()
                        method=Some((m.value.clone(), m.label.clone()))
                    />
                });
            }
        } else {
            buttons.push(
                view! { <ChoiceButton step=step.name.clone() option=option.clone() method=None /> },
            );
        }
    }
    view! {
        <form data-step=step.name.as_str().to_owned() method="post" on:submit=|ev| ev.prevent_default()>
            <ul class="choices">{buttons}</ul>
        </form>
    }
}

/// `select-authenticator-*`: the list under its heading.
#[component]
pub fn ChooseAuthenticator(step: NextStep) -> impl IntoView {
    let enroll = matches!(step.name, StepName::SelectAuthenticatorEnroll);
    let i18n = use_i18n();
    let (title, lead) = if enroll {
        (i18n.t("choose.enroll.title"), i18n.t("choose.enroll.lead"))
    } else {
        (i18n.t("choose.title"), i18n.t("choose.lead"))
    };
    view! {
        <StepFrame title=title lead=lead>
            <ChoiceList step=step />
        </StepFrame>
    }
}

/// `authenticator-verification-data` with a method choice.
#[component]
pub fn ChooseMethod(step: NextStep) -> impl IntoView {
    let flow = use_flow();
    let busy = flow.submit.pending();
    let key = step
        .authenticator
        .as_ref()
        .and_then(|a| a.key.clone())
        .unwrap_or_default();
    let name = step.name.clone();
    let buttons = step
        .input("methodType")
        .map(|i| i.options.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|o| {
            let key = key.clone();
            let name = name.clone();
            let value = o.value.clone();
            let title = method_label(&o.value, &o.label);
            let icon = icon_for(&key, Some(&o.value));
            view! {
                <li>
                    <button
                        type="button"
                        data-authenticator=key.clone()
                        data-method=o.value.clone()
                        disabled=move || busy.get()
                        on:click=move |_| {
                            flow.dispatch(
                                Intent::Step(name.clone(), Values::new().text("methodType", value.clone())),
                            )
                        }
                    >
                        <span class="choice-icon" aria-hidden="true">{icon}</span>
                        <span class="choice-text"><span class="choice-title">{title}</span></span>
                    </button>
                </li>
            }
        })
        .collect_view();
    // Titled by the authenticator whose methods these are, never by another's.
    let i18n = use_i18n();
    let title = match step
        .authenticator
        .as_ref()
        .and_then(|a| a.display_name.clone())
    {
        Some(name) if !name.trim().is_empty() => {
            i18n.f("auth.choose.method.title_named", &[("name", &name)])
        }
        _ => i18n.t("choose.title"),
    };
    view! {
        <StepFrame title=title lead=i18n.t("choose.lead")>
            <form data-step=step.name.as_str().to_owned() method="post" on:submit=|ev| ev.prevent_default()>
                <ul class="choices">{buttons}</ul>
            </form>
        </StepFrame>
    }
}
