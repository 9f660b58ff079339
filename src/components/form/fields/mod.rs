//! The field components of the generic form, one per kind of IDX input:
//! a text field (`text`), a checkbox (`checkbox`), a radio group for a few
//! options (`radio`), a select for many (`select`), and a nested object
//! (`object`). [`render_input`] picks one; [`FieldParts`] is what they share.
//!
//! Invariants (UI contract): every field has `name=<idx-core input name>`,
//! `id=field-<name>` and a `<label for>` (a radio group: a `<legend>`, its
//! first radio carrying the id); its message is `#field-<name>-error`,
//! present only while there is a message, referenced by `aria-describedby`
//! and flagged with `aria-invalid`; the client-side check's message wins
//! over the server's.

use idx_core::{Input, InputKind};
use leptos::prelude::*;

use super::inputs::label_of;
use super::state::FormState;

pub mod checkbox;
pub mod object;
pub mod radio;
pub mod select;
pub mod text;

use checkbox::Checkbox;
use object::ObjectField;
use radio::RadioGroup;
use select::SelectField;
use text::TextField;

/// Up to this many options are radios; more make a select.
const MAX_RADIOS: usize = 5;

/// One input as its field (recursing into object inputs). The server's
/// `control` (a profile attribute's `inputType`) wins over the count rule.
/// Text fields and checkboxes (identify's) are built here; the other kinds
/// load with the later steps' code (`crate::split`).
pub fn render_input(input: &Input, state: FormState) -> AnyView {
    let input = input.clone();
    match input.kind {
        InputKind::Object if !input.inputs.is_empty() => crate::split::other_field(input, state),
        // A yes/no attribute the server asks to show as radios (sign-up).
        InputKind::Boolean if input.options.is_empty() => {
            view! { <Checkbox input=input state=state /> }.into_any()
        }
        _ if input.options.is_empty() => view! { <TextField input=input state=state /> }.into_any(),
        _ => crate::split::other_field(input, state),
    }
}

/// An object, a select or a radio group (what [`render_input`] does not
/// build itself).
pub(crate) fn other_field(input: Input, state: FormState) -> AnyView {
    match input.kind {
        InputKind::Object if !input.inputs.is_empty() => {
            view! { <ObjectField input=input state=state /> }.into_any()
        }
        _ if input.control.as_deref() == Some("select") => {
            view! { <SelectField input=input state=state /> }.into_any()
        }
        _ if input.options.len() <= MAX_RADIOS || input.control.as_deref() == Some("radio") => {
            view! { <RadioGroup input=input state=state /> }.into_any()
        }
        _ => view! { <SelectField input=input state=state /> }.into_any(),
    }
}

/// What every field shows around its control: ids, label, required mark,
/// and the message slot with the attributes that point at it.
#[derive(Clone)]
struct FieldParts {
    /// The input's name (also the key of its value in the form state).
    name: String,
    /// `field-<name>`.
    id: String,
    /// The label shown.
    label: String,
    required: bool,
    /// The message under the field: the client-side check's, else the server's.
    error: Signal<Option<String>>,
}

impl FieldParts {
    fn new(input: &Input, state: FormState) -> Self {
        let name = input.name.clone();
        let server_msg = input
            .messages
            .iter()
            .map(|m| state.i18n.idx(m))
            .collect::<Vec<_>>()
            .join(" ");
        let err_name = name.clone();
        let error = Signal::derive(move || {
            state
                .errors
                .with(|e| e.get(&err_name).cloned())
                .or_else(|| (!server_msg.is_empty()).then(|| server_msg.clone()))
        });
        Self {
            id: format!("field-{name}"),
            label: label_of(input, &state.i18n),
            required: input.required,
            error,
            name,
        }
    }

    /// `field-<name>-error`.
    fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }

    /// `aria-invalid`: set while a message is shown.
    fn invalid(&self) -> impl Fn() -> Option<&'static str> + Copy + use<> {
        let error = self.error;
        move || error.get().is_some().then_some("true")
    }

    /// `aria-describedby`: the message, while one is shown.
    fn described(&self) -> impl Fn() -> Option<String> + Clone + use<> {
        let (error, err_id) = (self.error, self.error_id());
        move || error.get().is_some().then(|| err_id.clone())
    }

    /// The message slot (in the DOM only while there is a message).
    fn error_slot(&self) -> impl IntoView + use<> {
        let (error, err_id) = (self.error, self.error_id());
        move || {
            error.get().map(|text| {
                view! { <div class="field-error" id=err_id.clone()>{text}</div> }
            })
        }
    }

    /// The visual "required" mark (the control says so itself).
    fn mark(&self) -> impl IntoView + use<> {
        self.required.then(|| {
            view! { <span class="required-mark" aria-hidden="true">"*"</span> }
        })
    }
}
