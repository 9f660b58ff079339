//! Which wire field each input name maps to: a form's fields walked into
//! [`Binding`]s (user-editable leaves under their okta-auth-js names, fixed
//! values, authenticator choices), protocol doc §5.4, §6.5.
//!
//! Invariants: [`bindings`] is the only place that names an input, so the
//! inputs shown and the body sent are built from the same list; immutable
//! fields (the state handle, fixed ids) become [`Binding::Fixed`] and can
//! never be set by the caller.

use serde_json::{Map, Value as Json};

use crate::model::StepName;
use crate::wire::{self, WireField, WireForm};

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
pub(super) fn fixed_value(value: &Json) -> Json {
    match wire::value_form(value) {
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
