//! [`StepForm`]: the generic form of one step, from its `inputs` to an
//! `Intent::Step` with what was entered.
//!
//! Invariants (UI contract): the form is `<form data-step=NAME
//! method=post>` with no `action` and only the visible inputs, so even with
//! its handler gone the browser could not put a field in a URL; its submit
//! button is `button[type=submit]`, disabled and `aria-busy` while a request
//! runs, and a second submit meanwhile does nothing; a failing check sends
//! nothing and focuses the first field in error; what was typed is kept in
//! the flow when the step is sent, so a failed request does not lose it,
//! except passwords (and a new password's confirmation): once handed to the
//! request they are dropped from the form and never kept. A step that needs
//! the org's CAPTCHA runs it on submit and sends its token with the rest.

use std::collections::HashMap;

use idx_core::NextStep;
use leptos::prelude::*;

use super::captcha::{CaptchaSlot, failure_notice};
use super::fields::render_input;
use super::inputs::is_password;
use super::new_password::{CONFIRM, new_password_extras};
use super::state::FormState;
use crate::flow::{Intent, use_flow};
use crate::i18n::use_i18n;

/// Renders the inputs of a step and submits them as the step.
#[component]
pub fn StepForm(
    /// The step to render.
    step: NextStep,
    /// Label of the main button.
    #[prop(into)]
    submit_label: String,
    /// Values kept from an earlier render of the same step.
    #[prop(optional)]
    kept: HashMap<String, String>,
) -> impl IntoView {
    let flow = use_flow();
    let state = FormState::new(&step, &kept);
    let new_password = state.new_password.get_value();
    let mut step = step;
    // A new password is required whatever the wire says (Okta's reset
    // form omits `required`): an empty one can only be refused.
    if let Some(new) = &new_password {
        for input in step.inputs.iter_mut().filter(|i| i.name == new.input) {
            input.required = true;
        }
    }
    let inputs = StoredValue::new(step.inputs.clone());
    let name = step.name.clone();
    // A step that needs the org's CAPTCHA gets its answer on submit.
    let captcha = step.needs_captcha().then(CaptchaSlot::new);
    let solving = captcha
        .as_ref()
        .map_or_else(|| RwSignal::new(false), |c| c.solving);
    let blocked = captcha.as_ref().is_some_and(|c| !c.runnable());
    let captcha_view = captcha.as_ref().map(CaptchaSlot::view);
    let captcha = StoredValue::new_local(captcha);
    let i18n = use_i18n();
    let pending = flow.submit.pending();
    let busy = Signal::derive(move || pending.get() || solving.get());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let inputs = inputs.get_value();
        match state.validate(&inputs) {
            Some(values) => {
                // Passwords are dropped only once the request is handed
                // over: a CAPTCHA that fails first loses nothing typed.
                let name = name.clone();
                let send = move |values: idx_core::Values| {
                    let is_secret = |field: &str| {
                        field == CONFIRM || inputs.iter().any(|i| i.name == field && is_password(i))
                    };
                    state
                        .text
                        .update(|text| text.retain(|field, _| !is_secret(field)));
                    flow.typed.set(state.text.get_untracked());
                    flow.dispatch(Intent::Step(name, values));
                };
                let Some(captcha) = captcha.get_value() else {
                    send(values);
                    return;
                };
                captcha.solving.set(true);
                flow.notices.set(Vec::new());
                leptos::task::spawn_local(async move {
                    let answer = captcha.solve(i18n.lang().tag()).await;
                    captcha.solving.try_set(false);
                    match answer {
                        Ok(token) => send(values.text(idx_core::CAPTCHA_TOKEN_INPUT, token)),
                        Err(error) => {
                            flow.notices.set(vec![failure_notice(&i18n, &error)]);
                        }
                    }
                });
            }
            None => crate::focus::focus_first_invalid(),
        }
    };
    let fields = step
        .inputs
        .iter()
        .filter(|i| i.visible)
        .map(|i| match &new_password {
            Some(new) if new.input == i.name => {
                view! { {render_input(i, state)} {new_password_extras(new.clone(), state)} }
                    .into_any()
            }
            _ => render_input(i, state),
        })
        .collect_view();
    view! {
        <form
            data-step=step.name.as_str().to_owned()
            method="post"
            on:submit=on_submit
            novalidate=true
        >
            {fields}
            {captcha_view}
            <button
                type="submit"
                class="primary"
                aria-busy=move || busy.get().then_some("true")
                disabled=move || blocked || busy.get()
            >
                {submit_label}
            </button>
        </form>
    }
}
