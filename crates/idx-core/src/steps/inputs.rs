//! The public inputs of a step and the choices of an authenticator
//! selection, built from the step's [`Binding`]s.
//!
//! Invariants: an input exists only for a [`Binding::Leaf`] or
//! [`Binding::Choice`] (fixed values are never inputs); options and length
//! limits are the wire's, read without failing; a profile attribute's
//! `display` option (`{inputType, options}`, protocol doc §8.3) is read as
//! the control and choices it describes, never offered as a choice itself.

use serde_json::Value as Json;

use super::binding::Binding;
use crate::model::{
    Authenticator, AuthenticatorOption, Input, InputKind, InputOption, InputValue, Message,
};
use crate::wire::{self, WireField};

/// The public inputs of a step.
pub(crate) fn inputs(bindings: &[Binding], options: &[AuthenticatorOption]) -> Vec<Input> {
    let mut out = Vec::new();
    for b in bindings {
        match b {
            Binding::Variants { variants, .. } => out.extend(variant_inputs(variants, options)),
            other => out.extend(inputs_of(other, options)),
        }
    }
    out
}

/// The inputs of alternative forms, each name once (the first variant's
/// input wins); required only where every variant requires it.
fn variant_inputs(variants: &[Vec<Binding>], options: &[AuthenticatorOption]) -> Vec<Input> {
    let per_variant: Vec<Vec<Input>> = variants.iter().map(|v| inputs(v, options)).collect();
    let mut out: Vec<Input> = Vec::new();
    for input in per_variant.iter().flatten() {
        if out.iter().any(|i| i.name == input.name) {
            continue;
        }
        let mut input = input.clone();
        input.required = per_variant
            .iter()
            .all(|v| v.iter().any(|i| i.name == input.name && i.required));
        out.push(input);
    }
    out
}

fn inputs_of(binding: &Binding, options: &[AuthenticatorOption]) -> Option<Input> {
    Some(binding).and_then(|b| match b {
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
        Binding::Fixed { .. } | Binding::Variants { .. } => None,
    })
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
        control: display(field).and_then(|d| d.get("inputType")?.as_str().map(str::to_owned)),
        description: field.desc.clone().filter(|d| !d.trim().is_empty()),
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

/// The choices of a scalar field: its own scalar options, else those its
/// `display` option lists (a select or radio profile attribute).
pub(super) fn scalar_options(field: &WireField) -> Vec<InputOption> {
    let own: Vec<InputOption> = field
        .options
        .iter()
        .flatten()
        .filter_map(|o| {
            o.scalar().map(|value| InputOption {
                label: o.label.clone().unwrap_or_default(),
                value,
            })
        })
        .collect();
    if !own.is_empty() {
        return own;
    }
    display(field)
        .and_then(|d| d.get("options")?.as_array())
        .map(|opts| {
            opts.iter()
                .filter_map(|o| {
                    let value = match o.get("value")? {
                        Json::String(s) => s.clone(),
                        Json::Bool(b) => b.to_string(),
                        Json::Number(n) => n.to_string(),
                        _ => return None,
                    };
                    let label = o.get("label").and_then(Json::as_str).unwrap_or_default();
                    Some(InputOption {
                        label: label.to_owned(),
                        value,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The `{inputType, options?, format?}` object of a profile attribute's
/// `display` option (`options:[{label:"display", value:{type:"object", value:{..}}}]`).
fn display(field: &WireField) -> Option<&Json> {
    field
        .options
        .iter()
        .flatten()
        .find(|o| o.label.as_deref() == Some("display"))?
        .value
        .as_ref()?
        .get("value")
        .filter(|v| v.get("inputType").is_some())
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
