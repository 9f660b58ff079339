//! A text field: usernames, passwords, one-time codes and any other text.
//!
//! Invariants: a secret is a password field with a show/hide toggle (a
//! one-time code is not treated as secret: it is shown as typed); a code
//! gets the numeric keypad and one-time-code autofill; `autocomplete` tells
//! password managers a new password from the current one; a new password
//! with stated rules points at its checklist with `aria-describedby`.

use idx_core::Input;
use leptos::prelude::*;

use super::FieldParts;
use crate::components::form::inputs::is_code;
use crate::components::form::new_password::CONFIRM;
use crate::components::form::state::FormState;

/// One text input, bound to `state.text[name]`.
#[component]
pub fn TextField(input: Input, state: FormState) -> impl IntoView {
    let parts = FieldParts::new(&input, state);
    let (name, id, required) = (parts.name.clone(), parts.id.clone(), parts.required);
    let code = is_code(&input);
    let secret = input.secret && !code;
    let shown = RwSignal::new(false);
    let kind = move || {
        if secret && !shown.get() {
            "password"
        } else {
            "text"
        }
    };
    let new_password = state
        .new_password
        .with_value(|n| n.as_ref().map(|n| (n.input == name, n.rules.is_some())));
    let (is_new, has_rules) = new_password.unwrap_or((false, false));
    let autocomplete = match name.as_str() {
        _ if code => "one-time-code",
        CONFIRM => "new-password",
        _ if is_new => "new-password",
        "username" | "identifier" => "username",
        "password" | "passcode" => "current-password",
        _ if secret => "current-password",
        _ => "on",
    };
    let max_len = input.max_length.map(|m| m.to_string());
    let toggle = secret.then(|| {
        view! {
            <button
                type="button"
                class="toggle"
                aria-controls=id.clone()
                aria-pressed=move || if shown.get() { "true" } else { "false" }
                on:click=move |_| shown.update(|s| *s = !*s)
            >
                {move || state.i18n.t(if shown.get() { "form.hide" } else { "form.show" })}
            </button>
        }
    });
    let is_username = matches!(name.as_str(), "username" | "identifier");
    let described = {
        let described = parts.described();
        let rules_id = (is_new && has_rules).then(|| format!("{id}-rules"));
        move || {
            let ids: Vec<String> = described().into_iter().chain(rules_id.clone()).collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let (value_of, set_name) = (name.clone(), name.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{parts.label.clone()}{parts.mark()}</label>
            <div class="input-row">
                <input
                    type=kind
                    id=id
                    name=name
                    class:code=code
                    autocomplete=autocomplete
                    inputmode=code.then_some("numeric")
                    pattern=code.then_some("[0-9]*")
                    maxlength=max_len
                    autocapitalize=(is_username || code).then_some("none")
                    spellcheck=(is_username || code || secret).then_some("false")
                    required=required
                    aria-required=required.then_some("true")
                    aria-describedby=described
                    aria-invalid=parts.invalid()
                    prop:value=move || state.text.with(|t| t.get(&value_of).cloned().unwrap_or_default())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        state.text.update(|t| {
                            t.insert(set_name.clone(), v);
                        });
                    }
                />
                {toggle}
            </div>
            {parts.error_slot()}
        </div>
    }
}
