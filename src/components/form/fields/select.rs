//! A select: an input with more options than a radio group holds.
//!
//! Invariants: the first entry is an empty "choose" option, so nothing is
//! picked for the person; an option without a label shows its value.

use idx_core::Input;
use leptos::prelude::*;

use super::FieldParts;
use crate::components::form::state::FormState;

/// One `<select>`, bound to `state.text[name]`.
#[component]
pub fn SelectField(input: Input, state: FormState) -> impl IntoView {
    let parts = FieldParts::new(&input, state);
    let (name, id) = (parts.name.clone(), parts.id.clone());
    let (value_of, set_name) = (name.clone(), name.clone());
    let options = input
        .options
        .into_iter()
        .map(|o| {
            let text = if o.label.trim().is_empty() {
                o.value.clone()
            } else {
                o.label
            };
            view! { <option value=o.value>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{parts.label.clone()}{parts.mark()}</label>
            <select
                id=id
                name=name
                aria-describedby=parts.described()
                aria-invalid=parts.invalid()
                prop:value=move || state.text.with(|t| t.get(&value_of).cloned().unwrap_or_default())
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    state.text.update(|t| {
                        t.insert(set_name.clone(), v);
                    });
                }
            >
                <option value="">{state.i18n.t("form.choose")}</option>
                {options}
            </select>
            {parts.error_slot()}
        </div>
    }
}
