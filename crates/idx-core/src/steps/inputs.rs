//! The public inputs of a step and the choices of an authenticator
//! selection, built from the step's [`Binding`]s.
//!
//! Invariants: an input exists only for a [`Binding::Leaf`] or
//! [`Binding::Choice`] (fixed values are never inputs); options and length
//! limits are the wire's, read without failing.

use serde_json::Value as Json;

use super::binding::Binding;
use crate::model::{
    Authenticator, AuthenticatorOption, Input, InputKind, InputOption, InputValue, Message,
};
use crate::wire::{self, WireField};

/// The public inputs of a step.
pub(crate) fn inputs(bindings: &[Binding], options: &[AuthenticatorOption]) -> Vec<Input> {
    bindings
        .iter()
        .filter_map(|b| match b {
            Binding::Leaf {
                sdk,
                field,
                required,
                ..
            } => Some(input_from(sdk.clone(), field, *required)),
            Binding::Choice {
                path,
                field,
                required,
            } => {
                let mut input = input_from(path.join("."), field, *required);
                input.kind = InputKind::String;
                input.options = options
                    .iter()
                    .map(|o| InputOption {
                        label: o.label.clone(),
                        value: o.key.clone().or_else(|| o.id.clone()).unwrap_or_default(),
                    })
                    .collect();
                Some(input)
            }
            Binding::Fixed { .. } => None,
        })
        .collect()
}

fn input_from(name: String, field: &WireField, required: bool) -> Input {
    let kind = match field.kind.as_deref() {
        None | Some("string") => InputKind::String,
        Some("boolean") => InputKind::Boolean,
        Some("number" | "integer") => InputKind::Number,
        Some("object") => InputKind::Object,
        Some(other) => InputKind::Other(other.into()),
    };
    let value = match &field.value {
        Some(Json::String(s)) => Some(InputValue::Text(s.clone())),
        Some(Json::Bool(b)) => Some(InputValue::Bool(*b)),
        Some(Json::Number(n)) => Some(InputValue::Text(n.to_string())),
        _ => None,
    };
    Input {
        name,
        label: field.label.clone(),
        kind,
        required,
        secret: field.secret.unwrap_or(false),
        visible: field.visible.unwrap_or(true),
        options: scalar_options(field),
        value,
        min_length: field.min_length.map(to_u32),
        max_length: field.max_length.map(to_u32),
        messages: field
            .messages
            .as_ref()
            .map(|m| Message::all_from_wire(&m.value))
            .unwrap_or_default(),
        inputs: Vec::new(),
    }
}

#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "lengths are small non-negative numbers; `as` saturates"
)]
fn to_u32(n: f64) -> u32 {
    n as u32
}

pub(super) fn scalar_options(field: &WireField) -> Vec<InputOption> {
    field
        .options
        .iter()
        .flatten()
        .filter_map(|o| {
            o.scalar().map(|value| InputOption {
                label: o.label.clone().unwrap_or_default(),
                value,
            })
        })
        .collect()
}

/// The authenticator options of a choice field, resolved against the body.
pub(crate) fn authenticator_options(field: &WireField, root: &Json) -> Vec<AuthenticatorOption> {
    field
        .options
        .iter()
        .flatten()
        .map(|o| {
            let sub = o.sub_form().unwrap_or_default();
            let fixed = |name: &str| {
                sub.iter()
                    .find(|f| f.name == name)
                    .and_then(|f| f.value.as_ref())
                    .and_then(Json::as_str)
                    .map(str::to_owned)
            };
            let authenticator = o
                .relates_to
                .as_ref()
                .and_then(|p| wire::resolve_pointer(root, p))
                .map(Authenticator::from_json);
            let methods = sub
                .iter()
                .find(|f| f.name == "methodType")
                .map(|f| {
                    if f.is_mutable() {
                        scalar_options(f)
                    } else {
                        f.value
                            .as_ref()
                            .and_then(Json::as_str)
                            .map(|v| {
                                vec![InputOption {
                                    label: String::new(),
                                    value: v.to_owned(),
                                }]
                            })
                            .unwrap_or_default()
                    }
                })
                .unwrap_or_default();
            let channels = sub
                .iter()
                .find(|f| f.name == "channel" && f.is_mutable())
                .map(scalar_options)
                .unwrap_or_default();
            AuthenticatorOption {
                label: o.label.clone().unwrap_or_default(),
                key: authenticator.as_ref().and_then(|a| a.key.clone()),
                id: fixed("id"),
                enrollment_id: fixed("enrollmentId"),
                methods,
                channels,
                authenticator,
            }
        })
        .collect()
}
