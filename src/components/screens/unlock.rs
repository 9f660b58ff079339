//! Account unlock (protocol doc §8.4): `unlock-account` when it asks for
//! the username first, and `select-authenticator-unlock-account` (the
//! username, then how to verify it is you). The challenge that follows and
//! the "account unlocked" end are the usual screens.
//!
//! Invariants: a choice sends the username typed with it in one request
//! (`identifier`, the option's id and, where the option has methods, the
//! one picked); nothing is sent while the username is missing; each choice
//! is a button carrying `data-authenticator` (and `data-method`).

use std::collections::HashMap;

use idx_core::NextStep;
use leptos::prelude::*;

use super::frame::{StepFrame, form_screen};
use crate::components::form::{FormState, render_input};
use crate::flow::{Intent, use_flow};
use crate::i18n::use_i18n;

/// `unlock-account` with a username field (identifier first).
pub(super) fn unlock_identify_screen(step: NextStep, kept: HashMap<String, String>) -> AnyView {
    let i18n = use_i18n();
    form_screen(
        i18n.t("unlock.title"),
        i18n.t("unlock.identify_lead"),
        step,
        i18n.t("action.next"),
        kept,
    )
}

/// Words of an unlock choice: by method where the option has several.
fn choice_label(option_label: &str, method: Option<&str>) -> String {
    let i18n = use_i18n();
    match method {
        Some("email") => i18n.t("unlock.by_email"),
        Some("sms") => i18n.t("method.sms"),
        Some("voice") => i18n.t("method.voice"),
        _ => option_label.to_owned(),
    }
}

/// `select-authenticator-unlock-account`: the username (when asked) and one
/// button per authenticator and method.
pub(super) fn unlock_choose_screen(step: NextStep, kept: HashMap<String, String>) -> AnyView {
    let flow = use_flow();
    let i18n = use_i18n();
    let busy = flow.submit.pending();
    let state = FormState::new(&step, &kept);
    let username: Vec<_> = step
        .inputs
        .iter()
        .filter(|i| i.visible && i.name == "username")
        .cloned()
        .collect();
    let field = username
        .iter()
        .map(|i| render_input(i, state))
        .collect_view();
    let inputs = StoredValue::new(username);
    let name = step.name.clone();
    let choices = step
        .authenticator_options
        .iter()
        .flat_map(|o| {
            let methods: Vec<Option<String>> = if o.methods.is_empty() {
                vec![None]
            } else {
                o.methods.iter().map(|m| Some(m.value.clone())).collect()
            };
            methods.into_iter().map(move |m| (o.clone(), m))
        })
        .map(|(option, method)| {
            let chosen = option.id.clone().or(option.key.clone()).unwrap_or_default();
            let text = choice_label(&option.label, method.as_deref());
            let name = name.clone();
            let method_value = method.clone();
            view! {
                <li>
                    <button
                        type="button"
                        data-authenticator=option.key.clone().unwrap_or_default()
                        data-method=method.clone()
                        disabled=move || busy.get()
                        on:click=move |_| {
                            let Some(mut values) = state.validate(&inputs.get_value()) else {
                                crate::focus::focus_first_invalid();
                                return;
                            };
                            values.insert_text("authenticator", chosen.clone());
                            if let Some(m) = &method_value {
                                values.insert_text("methodType", m.clone());
                            }
                            flow.typed.set(state.text.get_untracked());
                            flow.dispatch(Intent::Step(name.clone(), values));
                        }
                    >
                        <span class="choice-title">{text}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <StepFrame title=i18n.t("unlock.title") lead=i18n.t("unlock.choose_lead")>
            <form data-step=step.name.as_str().to_owned() method="post" novalidate=true on:submit=|ev| ev.prevent_default()>
                {field}
                <ul class="choices">{choices}</ul>
            </form>
        </StepFrame>
    }
    .into_any()
}
