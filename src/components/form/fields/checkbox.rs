//! A checkbox: a boolean input (e.g. "Keep me signed in").
//!
//! Invariant: always sent, `false` when unticked; its label wraps the box
//! so the whole text is the click target.

use idx_core::Input;
use leptos::prelude::*;

use super::FieldParts;
use crate::components::form::state::FormState;

/// One checkbox, bound to `state.bools[name]`.
#[component]
pub fn Checkbox(input: Input, state: FormState) -> impl IntoView {
    let parts = FieldParts::new(&input, state);
    let (name, id) = (parts.name.clone(), parts.id.clone());
    let (checked_of, set_name) = (name.clone(), name.clone());
    let checked = move || {
        state
            .bools
            .with(|b| b.get(&checked_of).copied().unwrap_or(false))
    };
    view! {
        <div class="field">
            <label class="choice" for=id.clone()>
                <input
                    type="checkbox"
                    id=id.clone()
                    name=name
                    prop:checked=checked
                    on:change=move |ev| {
                        let v = event_target_checked(&ev);
                        state.bools.update(|b| {
                            b.insert(set_name.clone(), v);
                        });
                    }
                />
                <span>{parts.label}</span>
            </label>
        </div>
    }
}
