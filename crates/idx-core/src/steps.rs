//! Input mapping between okta-auth-js names and IDX wire fields (protocol
//! doc §5.4, §6.5), used both to describe a step's inputs and to build the
//! body that submits it.
//!
//! Invariants: one function ([`bindings`]) decides which wire field an input
//! name maps to, so the inputs shown to the UI and the body sent to the
//! server cannot drift apart; a body is only produced after every value was
//! checked (known input, right type, allowed option, required inputs present);
//! immutable values (state handle, fixed authenticator ids) always come from
//! the form being submitted, never from the caller.

use serde_json::{Map, Value as Json};

use crate::error::InputError;
use crate::model::{
    Authenticator, AuthenticatorOption, Input, InputKind, InputOption, InputValue, StepName,
};
use crate::values::{Value, Values};
use crate::wire::{WireField, WireForm, WireOption};

/// How one part of a form is filled.
#[derive(Debug, Clone)]
pub(crate) enum Binding {
    /// A user-editable wire field, known to the caller under `sdk`.
    Leaf {
        sdk: String,
        path: Vec<String>,
        field: WireField,
        required: bool,
    },
    /// A fixed value copied from the form (state handle, ids).
    Fixed { path: Vec<String>, value: Json },
    /// A choice among options that carry their own forms (`authenticator` of
    /// `select-authenticator-*`); also accepts `methodType` for the chosen option.
    Choice {
        path: Vec<String>,
        field: WireField,
        required: bool,
    },
}

/// Authenticator key for the okta-auth-js naming rules (`okta_verify`, `okta_password`).
pub(crate) fn bindings(step: &StepName, form: &WireForm, auth_key: Option<&str>) -> Vec<Binding> {
    let mut out = Vec::new();
    collect(step, &form.value, &[], false, auth_key, &mut out);
    out
}

fn collect(
    step: &StepName,
    fields: &[WireField],
    prefix: &[String],
    parent_required: bool,
    auth_key: Option<&str>,
    out: &mut Vec<Binding>,
) {
    let editable = fields.iter().filter(|f| f.is_mutable()).count();
    for field in fields {
        let mut path = prefix.to_vec();
        path.push(field.name.clone());
        let required = field.required.unwrap_or(false) || (parent_required && editable == 1);
        if !field.is_mutable() {
            if let Some(value) = field.value.as_ref().map(fixed_value) {
                out.push(Binding::Fixed { path, value });
            }
        } else if field
            .options
            .as_ref()
            .is_some_and(|opts| opts.iter().any(|o| o.sub_form().is_some()))
        {
            // A choice among option forms is the point of its step (nothing
            // can be submitted without it), even where the wire omits `required`.
            out.push(Binding::Choice {
                path,
                field: field.clone(),
                required: true,
            });
        } else if let Some(sub) = field.sub_form() {
            collect(step, &sub, &path, required, auth_key, out);
        } else {
            out.push(Binding::Leaf {
                sdk: sdk_name(step, &path, auth_key),
                path,
                field: field.clone(),
                required,
            });
        }
    }
}

/// A fixed value, with `{form: {value: [...]}}` unwrapped into the object it describes.
fn fixed_value(value: &Json) -> Json {
    match crate::wire::value_form(value) {
        Some(fields) => {
            let mut obj = Map::new();
            for f in fields {
                if let Some(v) = &f.value {
                    obj.insert(f.name.clone(), fixed_value(v));
                }
            }
            Json::Object(obj)
        }
        None => value.clone(),
    }
}

/// The okta-auth-js name of a wire path for this step (§6.5).
fn sdk_name(step: &StepName, path: &[String], auth_key: Option<&str>) -> String {
    let joined = path.join(".");
    let last = path.last().map(String::as_str).unwrap_or_default();
    match step {
        StepName::Identify | StepName::IdentifyRecovery | StepName::UnlockAccount => {
            match joined.as_str() {
                "identifier" => "username".into(),
                "credentials.passcode" => "password".into(),
                _ => last.into(),
            }
        }
        StepName::ChallengeAuthenticator
        | StepName::EnrollAuthenticator
        | StepName::ResetAuthenticator
        | StepName::ReenrollAuthenticator
        | StepName::ReenrollAuthenticatorWarning => match joined.as_str() {
            "credentials.totp" => "verificationCode".into(),
            "credentials.passcode" => match (step, auth_key) {
                (
                    StepName::ResetAuthenticator
                    | StepName::ReenrollAuthenticator
                    | StepName::ReenrollAuthenticatorWarning,
                    _,
                ) => "newPassword".into(),
                (_, Some("okta_password")) => "password".into(),
                _ => "verificationCode".into(),
            },
            _ => last.into(),
        },
        StepName::Unknown(_) => joined,
        _ => last.into(),
    }
}

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
            .map(|m| crate::parse::messages(&m.value))
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

fn scalar_options(field: &WireField) -> Vec<InputOption> {
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
                .and_then(|p| crate::wire::resolve_pointer(root, p))
                .map(crate::parse::authenticator);
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
        Json::Array(_) | Json::Object(_) => crate::wire::value_form(v).is_none(),
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
