//! Phone enrollment (`authenticator-enrollment-data` for `phone_number`):
//! SMS or voice call, the country picker, the national number and, for a
//! call, an extension; sent as `authenticator{id, methodType, phoneNumber}`
//! with the number in E.164 (`+<code><number>`, `x<ext>` for a call).
//!
//! Invariants (UI contract): the form is `form[data-step]`; the number is
//! `name=phoneNumber`, `id=field-phoneNumber` with its `<label for>` and
//! its message in `#field-phoneNumber-error` (`aria-describedby`,
//! `aria-invalid`); the number is checked and assembled by idx-core before
//! anything is sent, and a refused number keeps everything typed; Okta's
//! own field messages show until the person types again.

use std::collections::HashMap;

use idx_core::{NextStep, PhoneNumberError, Values, e164_phone_number};
use leptos::prelude::*;

use super::countries::{COUNTRIES, by_iso, default_for};
use crate::components::screens::frame::StepFrame;
use crate::flow::{Intent, use_flow};
use crate::focus;
use crate::i18n::{browser_languages, use_i18n};

/// The i18n key of the message for a refused number.
fn error_key(e: PhoneNumberError) -> &'static str {
    match e {
        PhoneNumberError::Empty => "auth.phone.error.empty",
        PhoneNumberError::NotDigits => "auth.phone.error.digits",
        PhoneNumberError::TooShort => "auth.phone.error.short",
        PhoneNumberError::TooLong => "auth.phone.error.long",
        PhoneNumberError::Country => "auth.phone.error.country",
        _ => "auth.phone.error.extension",
    }
}

/// The phone enrollment form (see the module invariants).
#[component]
pub fn PhoneEnroll(step: NextStep, kept: HashMap<String, String>) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
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
    let first = methods.first().cloned().unwrap_or_else(|| "sms".into());
    let method = RwSignal::new(
        kept.get("methodType")
            .filter(|m| methods.contains(m))
            .cloned()
            .unwrap_or(first),
    );
    let preferred = browser_languages().first().cloned().unwrap_or_default();
    let country = RwSignal::new(
        kept.get("country")
            .and_then(|c| by_iso(c))
            .unwrap_or_else(|| default_for(&preferred))
            .iso
            .to_owned(),
    );
    let number = RwSignal::new(kept.get("phoneNumber").cloned().unwrap_or_default());
    let extension = RwSignal::new(kept.get("extension").cloned().unwrap_or_default());
    let number_error = RwSignal::new(None::<String>);
    let extension_error = RwSignal::new(None::<String>);
    // Okta's messages on the number (e.g. an invalid number), until edited.
    let server_error = RwSignal::new(step.input("phoneNumber").and_then(|i| {
        (!i.messages.is_empty()).then(|| {
            i.messages
                .iter()
                .map(|m| i18n.idx(m))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }));
    let shown_error = move || number_error.get().or_else(|| server_error.get());
    let send_method = step.input("methodType").is_some();
    let name = step.name.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let m = method.get_untracked();
        let code = by_iso(&country.get_untracked()).map_or("", |c| c.code);
        let ext = extension.get_untracked();
        let ext = (m == "voice").then_some(ext.as_str());
        number_error.set(None);
        extension_error.set(None);
        match e164_phone_number(code, &number.get_untracked(), ext) {
            Ok(e164) => {
                let mut typed = HashMap::new();
                typed.insert("methodType".to_owned(), m.clone());
                typed.insert("country".to_owned(), country.get_untracked());
                typed.insert("phoneNumber".to_owned(), number.get_untracked());
                typed.insert("extension".to_owned(), extension.get_untracked());
                flow.typed.set(typed);
                let mut values = Values::new().text("phoneNumber", e164);
                if send_method {
                    values.insert_text("methodType", m);
                }
                flow.dispatch(Intent::Step(name.clone(), values));
            }
            Err(PhoneNumberError::Extension) => {
                extension_error.set(Some(i18n.t(error_key(PhoneNumberError::Extension))));
                focus::focus_first_invalid();
            }
            Err(e) => {
                number_error.set(Some(i18n.t(error_key(e))));
                focus::focus_first_invalid();
            }
        }
    };
    let method_choice = (methods.len() > 1).then(|| {
        let radios = methods
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let (value, checked) = (m.clone(), m.clone());
                view! {
                    <label class="choice">
                        <input
                            type="radio"
                            name="methodType"
                            id=(i == 0).then_some("field-methodType")
                            value=m.clone()
                            prop:checked=move || method.get() == checked
                            on:change=move |_| method.set(value.clone())
                        />
                        {i18n.t(&format!("auth.phone.method.{m}"))}
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="field">
                <legend>{i18n.t("auth.phone.method")}</legend>
                {radios}
            </fieldset>
        }
    });
    let options = COUNTRIES
        .iter()
        .map(|c| {
            let iso = c.iso;
            view! {
                <option value=iso selected=move || country.get() == iso>
                    {format!("{} (+{})", c.name, c.code)}
                </option>
            }
        })
        .collect_view();
    let prefix = move || {
        by_iso(&country.get())
            .map(|c| format!("+{}", c.code))
            .unwrap_or_default()
    };
    view! {
        <StepFrame title=i18n.t("auth.phone.enroll.title")>
            <p class="lead">{move || i18n.t(&format!("auth.phone.enroll.lead.{}", method.get()))}</p>
            <form data-step=step.name.as_str().to_owned() method="post" on:submit=on_submit novalidate=true>
                {method_choice}
                <div class="field">
                    <label for="field-country">{i18n.t("auth.phone.country")}</label>
                    <select
                        id="field-country"
                        name="country"
                        autocomplete="country"
                        on:change=move |ev| country.set(event_target_value(&ev))
                    >
                        {options}
                    </select>
                </div>
                <div class="field">
                    <label for="field-phoneNumber">{i18n.t("auth.phone.number")}</label>
                    <div class="input-row phone-row">
                        <span class="phone-prefix" aria-hidden="true">{prefix}</span>
                        <input
                            type="tel"
                            id="field-phoneNumber"
                            name="phoneNumber"
                            autocomplete="tel-national"
                            required=true
                            aria-required="true"
                            aria-invalid=move || shown_error().map(|_| "true")
                            aria-describedby=move || shown_error().map(|_| "field-phoneNumber-error")
                            prop:value=move || number.get()
                            on:input=move |ev| {
                                number.set(event_target_value(&ev));
                                server_error.set(None);
                            }
                        />
                    </div>
                    {move || shown_error().map(|e| view! {
                        <div class="field-error" id="field-phoneNumber-error">{e}</div>
                    })}
                </div>
                <Show when=move || method.get() == "voice">
                    <div class="field">
                        <label for="field-extension">{i18n.t("auth.phone.extension")}</label>
                        <input
                            type="text"
                            id="field-extension"
                            name="extension"
                            inputmode="numeric"
                            autocomplete="off"
                            aria-invalid=move || extension_error.get().map(|_| "true")
                            aria-describedby=move || extension_error.get().map(|_| "field-extension-error")
                            prop:value=move || extension.get()
                            on:input=move |ev| extension.set(event_target_value(&ev))
                        />
                        {move || extension_error.get().map(|e| view! {
                            <div class="field-error" id="field-extension-error">{e}</div>
                        })}
                    </div>
                </Show>
                <button
                    type="submit"
                    class="primary"
                    aria-busy=move || busy.get().then_some("true")
                    disabled=move || busy.get()
                >
                    {move || i18n.t(&format!("auth.phone.primary.{}", method.get()))}
                </button>
            </form>
        </StepFrame>
    }
}
