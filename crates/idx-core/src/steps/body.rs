//! The JSON body that submits a step, built from the step's [`Binding`]s and
//! the caller's [`Values`] (protocol doc §3.6 order: mutable defaults, then
//! caller values, then immutable values).
//!
//! Invariants: a body exists only after every value was checked (a known
//! input, the right type, an offered option, within the length limits, every
//! required input present); immutable values are written last, so the state
//! handle and fixed ids always come from the form being submitted.

use serde_json::{Map, Value as Json};

use super::binding::{Binding, bindings, fixed_value};
use super::inputs::scalar_options;
use crate::error::InputError;
use crate::model::{Authenticator, AuthenticatorOption, StepName};
use crate::values::{Value, Values};
use crate::wire::{self, WireField, WireForm, WireOption};

/// Builds the JSON body for `form` from `values` (protocol doc §3.6 order:
/// mutable defaults, then caller values, then immutable values).
pub(crate) fn build_body(
    step: &StepName,
    form: &WireForm,
    auth: Option<&Authenticator>,
    root_options: &[AuthenticatorOption],
    values: &Values,
) -> Result<Json, InputError> {
    let binds = bindings(step, form, auth.and_then(|a| a.key.as_deref()));
    let mut body = Map::new();
    let mut used: Vec<&str> = Vec::new();

    // 1. Truthy mutable defaults (a `false` default is not sent, like auth-js).
    for b in &binds {
        if let Binding::Leaf { path, field, .. } = b
            && let Some(v) = &field.value
            && is_truthy(v)
        {
            set_path(&mut body, path, v.clone());
        }
    }

    // 2. Caller values, checked.
    for b in &binds {
        match b {
            Binding::Leaf {
                sdk,
                path,
                field,
                required,
            } => match values.get(sdk) {
                Some(value) => {
                    used.push(sdk);
                    let json = check_leaf(sdk, field, value)?;
                    set_path(&mut body, path, json);
                }
                None if *required && field.value.as_ref().is_none_or(|v| !is_truthy(v)) => {
                    return Err(InputError::Missing { name: sdk.clone() });
                }
                None => {}
            },
            Binding::Choice {
                path,
                field,
                required,
            } => {
                let name = path.join(".");
                used.push("methodType");
                used.push("channel");
                match values.get(&name) {
                    Some(value) => {
                        used.push(path.last().map(String::as_str).unwrap_or_default());
                        let obj = choose(&name, field, root_options, value, values)?;
                        set_path(&mut body, path, obj);
                    }
                    None if *required => return Err(InputError::Missing { name }),
                    None => {}
                }
            }
            Binding::Fixed { .. } => {}
        }
    }

    // 3. Immutable values from the form, overriding anything above.
    for b in &binds {
        if let Binding::Fixed { path, value } = b {
            set_path(&mut body, path, value.clone());
        }
    }

    if let Some((name, _)) = values.iter().find(|(name, _)| !used.contains(name)) {
        return Err(InputError::UnknownInput {
            step: step.as_str().to_owned(),
            name: name.to_owned(),
        });
    }
    Ok(Json::Object(body))
}

fn is_truthy(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::String(s) => !s.is_empty(),
        Json::Number(n) => n.as_f64() != Some(0.0),
        Json::Array(_) | Json::Object(_) => wire::value_form(v).is_none(),
    }
}

fn check_leaf(name: &str, field: &WireField, value: &Value) -> Result<Json, InputError> {
    let json = match (field.kind.as_deref(), value) {
        (Some("boolean"), Value::Bool(b)) => Json::Bool(*b),
        (Some("boolean"), Value::Text(_)) => {
            return Err(InputError::Invalid {
                name: name.into(),
                reason: "expected a boolean".into(),
            });
        }
        (_, Value::Bool(_)) => {
            return Err(InputError::Invalid {
                name: name.into(),
                reason: "expected text".into(),
            });
        }
        (_, Value::Text(text)) => Json::String(text.secret().to_owned()),
    };
    let options = scalar_options(field);
    if let Json::String(text) = &json {
        if !options.is_empty() && !options.iter().any(|o| &o.value == text) {
            return Err(InputError::UnknownOption {
                name: name.into(),
                value: text.clone(),
            });
        }
        if field.required.unwrap_or(false) && text.is_empty() {
            return Err(InputError::Missing { name: name.into() });
        }
        let length = text.chars().count();
        if let Some(min) = field
            .min_length
            .filter(|m| !text.is_empty() && (length as f64) < *m)
        {
            return Err(InputError::Invalid {
                name: name.into(),
                reason: format!("must be at least {min} characters"),
            });
        }
        if let Some(max) = field.max_length.filter(|m| (length as f64) > *m) {
            return Err(InputError::Invalid {
                name: name.into(),
                reason: format!("must be at most {max} characters"),
            });
        }
    }
    Ok(json)
}

/// Resolves an authenticator choice (by key, id or enrollment id) into the
/// object to send: the option's fixed members plus `methodType` and
/// `channel` (Okta Verify enrollment) if given and offered by the option.
fn choose(
    name: &str,
    field: &WireField,
    options: &[AuthenticatorOption],
    value: &Value,
    values: &Values,
) -> Result<Json, InputError> {
    let Value::Text(choice) = value else {
        return Err(InputError::Invalid {
            name: name.into(),
            reason: "expected an authenticator key or id".into(),
        });
    };
    let choice = choice.secret();
    let wire_options: Vec<&WireOption> = field.options.iter().flatten().collect();
    let index = options
        .iter()
        .position(|o| o.id.as_deref() == Some(choice) || o.enrollment_id.as_deref() == Some(choice))
        .or_else(|| {
            options
                .iter()
                .position(|o| o.key.as_deref() == Some(choice))
        })
        .ok_or_else(|| InputError::UnknownOption {
            name: name.into(),
            value: choice.into(),
        })?;
    let option = &options[index];
    let sub = wire_options
        .get(index)
        .and_then(|o| o.sub_form())
        .unwrap_or_default();
    let mut obj = Map::new();
    for f in &sub {
        if !f.is_mutable()
            && let Some(v) = &f.value
        {
            obj.insert(f.name.clone(), fixed_value(v));
        }
    }
    for (member, offered) in [
        ("methodType", &option.methods),
        ("channel", &option.channels),
    ] {
        match values.get(member) {
            Some(Value::Text(picked)) => {
                let picked = picked.secret();
                if !offered.iter().any(|o| o.value == picked) {
                    return Err(InputError::UnknownOption {
                        name: member.into(),
                        value: picked.into(),
                    });
                }
                obj.insert(member.into(), Json::String(picked.into()));
            }
            Some(Value::Bool(_)) => {
                return Err(InputError::Invalid {
                    name: member.into(),
                    reason: "expected text".into(),
                });
            }
            None => {}
        }
    }
    Ok(Json::Object(obj))
}

fn set_path(body: &mut Map<String, Json>, path: &[String], value: Json) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = body;
    for p in parents {
        let entry = node
            .entry(p.clone())
            .or_insert_with(|| Json::Object(Map::new()));
        if !entry.is_object() {
            *entry = Json::Object(Map::new());
        }
        let Json::Object(map) = entry else { return };
        node = map;
    }
    node.insert(last.clone(), value);
}
