//! A radio group: an input with a few options (up to five).
//!
//! Invariants: the group is a `<fieldset>` named by its `<legend>`; the
//! first radio carries `id=field-<name>` (the others `field-<name>-<i>`);
//! an option without a label shows its value; the message and
//! `aria-invalid` belong to the group.

use idx_core::Input;
use leptos::prelude::*;

use super::FieldParts;
use crate::components::form::state::FormState;

/// One radio per option, bound to `state.text[name]`.
#[component]
pub fn RadioGroup(input: Input, state: FormState) -> impl IntoView {
    let parts = FieldParts::new(&input, state);
    let (name, id) = (parts.name.clone(), parts.id.clone());
    let radios = input
        .options
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            let rid = if i == 0 {
                id.clone()
            } else {
                format!("{id}-{i}")
            };
            let text = if o.label.trim().is_empty() {
                o.value.clone()
            } else {
                o.label
            };
            let (checked_of, set_name) = (name.clone(), name.clone());
            let (value, own) = (o.value.clone(), o.value.clone());
            view! {
                <label class="choice" for=rid.clone()>
                    <input
                        type="radio"
                        id=rid.clone()
                        name=name.clone()
                        value=value
                        prop:checked=move || state.text.with(|t| t.get(&checked_of) == Some(&own))
                        on:change=move |_| {
                            let v = o.value.clone();
                            state.text.update(|t| {
                                t.insert(set_name.clone(), v);
                            });
                        }
                    />
                    <span>{text}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field" aria-describedby=parts.described() aria-invalid=parts.invalid()>
            <legend id=format!("{id}-legend")>{parts.label.clone()}{parts.mark()}</legend>
            {radios}
            {parts.error_slot()}
        </fieldset>
    }
}
