//! Private wire structs mirroring the IDX JSON (protocol doc §5).
//!
//! Invariants: every member is optional or defaulted and unknown members are
//! ignored, so a new server field never breaks parsing; booleans are read
//! leniently (a fixture has `"required": "false"`); these types never leave
//! the crate: the public model in [`crate::model`] is built from them.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A form: a remediation or an action (§5.2).
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireForm {
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) href: Option<String>,
    #[serde(default)]
    pub(crate) method: Option<String>,
    #[serde(default)]
    pub(crate) accepts: Option<String>,
    #[serde(default, deserialize_with = "lenient_vec")]
    pub(crate) value: Vec<WireField>,
    #[serde(default)]
    pub(crate) relates_to: Option<Value>,
    #[serde(default)]
    pub(crate) refresh: Option<f64>,
    #[serde(default, rename = "type")]
    pub(crate) kind: Option<String>,
    #[serde(default)]
    pub(crate) idp: Option<WireIdp>,
    /// Form-level scope list of `admin-consent` / `consent` (protocol doc §8.5).
    #[serde(default, deserialize_with = "lenient_vec")]
    pub(crate) scopes: Vec<WireInfo>,
    /// Form-level `requestInfo` of `email-challenge-consent` (§8.5).
    #[serde(default, deserialize_with = "lenient_vec")]
    pub(crate) request_info: Vec<WireInfo>,
}

/// One `{name, label, value, desc}` entry of a form-level list (consent
/// scopes, request info); the value is read only when it is text.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub(crate) struct WireInfo {
    #[serde(default)]
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) label: Option<String>,
    #[serde(default)]
    pub(crate) value: Option<Value>,
    #[serde(default)]
    pub(crate) desc: Option<String>,
}

/// `idp` member of a `redirect-idp` remediation.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub(crate) struct WireIdp {
    #[serde(default)]
    pub(crate) id: Option<String>,
    #[serde(default)]
    pub(crate) name: Option<String>,
}

/// A field of a form (§5.3).
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireField {
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) label: Option<String>,
    #[serde(default, rename = "type")]
    pub(crate) kind: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub(crate) required: Option<bool>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub(crate) secret: Option<bool>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub(crate) visible: Option<bool>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub(crate) mutable: Option<bool>,
    #[serde(default)]
    pub(crate) value: Option<Value>,
    #[serde(default)]
    pub(crate) form: Option<WireSubForm>,
    #[serde(default, deserialize_with = "lenient_opt_vec")]
    pub(crate) options: Option<Vec<WireOption>>,
    #[serde(default)]
    pub(crate) min_length: Option<f64>,
    #[serde(default)]
    pub(crate) max_length: Option<f64>,
    #[serde(default)]
    pub(crate) messages: Option<WireMessages>,
    #[serde(default)]
    pub(crate) desc: Option<String>,
}

impl WireField {
    /// `mutable` defaults to true when absent (auth-js `actionParser.ts`).
    pub(crate) fn is_mutable(&self) -> bool {
        self.mutable != Some(false)
    }

    /// The nested form, either as `form` or as a `value: {form: ...}` wrapper.
    pub(crate) fn sub_form(&self) -> Option<Vec<WireField>> {
        if let Some(form) = &self.form {
            return Some(form.value.clone());
        }
        self.value.as_ref().and_then(value_form)
    }
}

/// Reads `{form: {value: [fields]}}` out of a JSON value.
pub(crate) fn value_form(value: &Value) -> Option<Vec<WireField>> {
    let form = value.get("form")?;
    serde_json::from_value::<WireSubForm>(form.clone())
        .ok()
        .map(|f| f.value)
}

/// A nested `{value: [fields]}` form.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub(crate) struct WireSubForm {
    #[serde(default, deserialize_with = "lenient_vec")]
    pub(crate) value: Vec<WireField>,
}

/// An option of a choice field.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireOption {
    #[serde(default)]
    pub(crate) label: Option<String>,
    #[serde(default)]
    pub(crate) value: Option<Value>,
    #[serde(default)]
    pub(crate) relates_to: Option<Value>,
    #[serde(default)]
    pub(crate) form: Option<WireSubForm>,
}

impl WireOption {
    /// The option's own form (authenticator options), if it has one.
    pub(crate) fn sub_form(&self) -> Option<Vec<WireField>> {
        if let Some(form) = &self.form {
            return Some(form.value.clone());
        }
        self.value.as_ref().and_then(value_form)
    }

    /// The option's scalar value as text (`"push"`, `"sms"`, `true` → `"true"`).
    pub(crate) fn scalar(&self) -> Option<String> {
        match self.value.as_ref()? {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// `{type: "array", value: [messages]}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub(crate) struct WireMessages {
    #[serde(default, deserialize_with = "lenient_vec")]
    pub(crate) value: Vec<WireMessage>,
}

/// One IDX message (§4.1).
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub(crate) struct WireMessage {
    #[serde(default)]
    pub(crate) message: Option<String>,
    #[serde(default)]
    pub(crate) i18n: Option<WireI18n>,
    #[serde(default)]
    pub(crate) class: Option<String>,
    #[serde(default, deserialize_with = "lenient_vec")]
    pub(crate) links: Vec<WireLink>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub(crate) struct WireLink {
    #[serde(default)]
    pub(crate) url: Option<String>,
    #[serde(default)]
    pub(crate) label: Option<String>,
}

/// `i18n: {key, params}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub(crate) struct WireI18n {
    #[serde(default)]
    pub(crate) key: Option<String>,
    #[serde(default)]
    pub(crate) params: Option<Vec<Value>>,
}

/// A list whose malformed items are dropped instead of failing the whole
/// document, so one odd field never hides a remediation. A non-list is empty.
fn lenient_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

fn lenient_opt_vec<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    lenient_vec(deserializer).map(Some)
}

/// Accepts `true`, `false`, `"true"`, `"false"`; anything else counts as absent.
fn lenient_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Bool(b) => Some(b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    })
}

/// Resolves an auth-js style pointer (`$.authenticators.value[2]`,
/// `["$.currentAuthenticator"]`, `authenticatorChallenge`) against the whole
/// body (§5.5). `None` when it does not resolve.
pub(crate) fn resolve_pointer<'a>(root: &'a Value, pointer: &Value) -> Option<&'a Value> {
    let text = match pointer {
        Value::String(s) => s.as_str(),
        Value::Array(items) => items.first()?.as_str()?,
        _ => return None,
    };
    let mut node = root;
    for part in text.trim_start_matches('$').split('.') {
        if part.is_empty() {
            continue;
        }
        let (name, indices) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            node = node.get(name)?;
        }
        for index in indices.split('[').filter(|s| !s.is_empty()) {
            let n: usize = index.trim_end_matches(']').parse().ok()?;
            node = node.get(n)?;
        }
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointer_resolution() {
        let doc = json!({"authenticators": {"value": [{"key": "a"}, {"key": "b"}]},
                         "currentAuthenticator": {"type": "object", "value": {"key": "c"}}});
        let p = json!("$.authenticators.value[1]");
        assert_eq!(resolve_pointer(&doc, &p), Some(&json!({"key": "b"})));
        let p = json!(["$.currentAuthenticator"]);
        assert_eq!(
            resolve_pointer(&doc, &p).and_then(|v| v.get("value")),
            Some(&json!({"key": "c"}))
        );
        assert_eq!(
            resolve_pointer(&doc, &json!("$.authenticators.value[9]")),
            None
        );
        assert_eq!(resolve_pointer(&doc, &json!(42)), None);
    }

    #[test]
    fn one_bad_field_does_not_hide_the_form() {
        let f: WireForm = serde_json::from_value(json!({
            "name": "identify", "href": "http://x",
            "value": [{"name": "identifier", "label": 7}, 42, {"name": "rememberMe", "type": "boolean"}]
        }))
        .unwrap();
        assert_eq!(f.value.len(), 1);
        assert_eq!(f.value[0].name, "rememberMe");
    }

    #[test]
    fn lenient_booleans() {
        let f: WireField =
            serde_json::from_value(json!({"name": "x", "required": "false", "secret": 3})).unwrap();
        assert_eq!(f.required, Some(false));
        assert_eq!(f.secret, None);
        assert!(f.is_mutable());
    }
}
