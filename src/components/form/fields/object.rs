//! A nested object input (e.g. `credentials { passcode }`): its visible
//! inputs, each as its own field.
//!
//! Invariant: an object with one visible input is just that input (its
//! label says it all); with more, they are grouped in a `<fieldset>` named
//! after the object. The object itself has no value of its own.

use idx_core::Input;
use leptos::prelude::*;

use super::render_input;
use crate::components::form::inputs::label_of;
use crate::components::form::state::FormState;

/// The visible inputs of `input`, grouped when there are several.
#[component]
pub fn ObjectField(input: Input, state: FormState) -> impl IntoView {
    let visible: Vec<&Input> = input.inputs.iter().filter(|i| i.visible).collect();
    let inner = visible
        .iter()
        .map(|i| render_input(i, state))
        .collect_view();
    if visible.len() == 1 {
        return inner.into_any();
    }
    let label = label_of(&input, &state.i18n);
    view! { <fieldset><legend>{label}</legend>{inner}</fieldset> }.into_any()
}
