//! The state of one generic form: what was typed and ticked, the messages
//! of the client-side checks, and the check that turns it into idx-core
//! [`Values`].
//!
//! Invariants: nothing is sent while a check fails (an empty required
//! field, a code that is not six digits where the authenticator's codes
//! are, text over `maxLength`, a new password that misses a stated rule or
//! differs from its confirmation); only visible inputs are checked and
//! sent; passwords are sent exactly as typed, other text trimmed; values
//! kept from an earlier render of the step win over the server's defaults.

use std::collections::HashMap;

use idx_core::{Input, InputKind, InputValue, NextStep, Values};
use leptos::prelude::*;

use super::inputs::{is_code, label_of};
use super::new_password::{CONFIRM, NewPassword};
use crate::i18n::{I18n, Lang, use_i18n};

/// Text and checkbox values by input name, shared by a form and its fields.
#[derive(Clone, Copy, Debug)]
pub struct FormState {
    /// Text values (including chosen option values).
    pub text: RwSignal<HashMap<String, String>>,
    /// Checkbox values.
    pub bools: RwSignal<HashMap<String, bool>>,
    /// Client-side messages by input name.
    pub errors: RwSignal<HashMap<String, String>>,
    /// Authenticator key of the step (decides code rules).
    pub authenticator_key: StoredValue<Option<String>>,
    /// The new password this step sets, if it sets one.
    pub new_password: StoredValue<Option<NewPassword>>,
    /// The language, captured where the form is built: event handlers run
    /// without a reactive owner, so they cannot look it up themselves.
    pub i18n: I18n,
}

impl FormState {
    /// State seeded from the inputs' defaults and values kept from before.
    pub fn new(step: &NextStep, kept: &HashMap<String, String>) -> Self {
        let mut text = HashMap::new();
        let mut bools = HashMap::new();
        seed(&step.inputs, kept, &mut text, &mut bools);
        Self {
            text: RwSignal::new(text),
            bools: RwSignal::new(bools),
            errors: RwSignal::new(HashMap::new()),
            authenticator_key: StoredValue::new(
                step.authenticator.as_ref().and_then(|a| a.key.clone()),
            ),
            new_password: StoredValue::new(NewPassword::of(step)),
            i18n: use_i18n(),
        }
    }

    /// Checks the inputs; on failure records messages and returns `None`.
    pub fn validate(&self, inputs: &[Input]) -> Option<Values> {
        let mut errors = HashMap::new();
        let mut values = Values::new();
        let text = self.text.get_untracked();
        let bools = self.bools.get_untracked();
        let key = self.authenticator_key.get_value();
        collect(
            inputs,
            &text,
            &bools,
            key.as_deref(),
            &self.i18n,
            &mut values,
            &mut errors,
        );
        if let Some(new) = self.new_password.get_value()
            && !errors.contains_key(&new.input)
            && values.get(&new.input).is_some()
        {
            let typed = text.get(&new.input).cloned().unwrap_or_default();
            if !new.unmet(&typed).is_empty() {
                errors.insert(new.input.clone(), self.i18n.t("password.unmet"));
            } else if text.get(CONFIRM).map(String::as_str) != Some(typed.as_str()) {
                errors.insert(CONFIRM.to_owned(), self.i18n.t("password.mismatch"));
            }
        }
        let ok = errors.is_empty();
        self.errors.set(errors);
        ok.then_some(values)
    }
}

/// Fills `text` and `bools` from what was kept, else the inputs' own values
/// (recursing into objects); a checkbox without a value starts unticked.
fn seed(
    inputs: &[Input],
    kept: &HashMap<String, String>,
    text: &mut HashMap<String, String>,
    bools: &mut HashMap<String, bool>,
) {
    for input in inputs {
        match (&input.kind, &input.value) {
            (InputKind::Object, _) => seed(&input.inputs, kept, text, bools),
            (InputKind::Boolean, Some(InputValue::Bool(b))) => {
                bools.insert(input.name.clone(), *b);
            }
            (InputKind::Boolean, _) => {
                bools.insert(input.name.clone(), false);
            }
            (_, value) => {
                let v = kept.get(&input.name).cloned().or_else(|| match value {
                    Some(InputValue::Text(t)) => Some(t.clone()),
                    _ => None,
                });
                if let Some(v) = v {
                    text.insert(input.name.clone(), v);
                }
            }
        }
    }
}

/// Authenticators whose codes are always six digits.
fn six_digit_key(key: Option<&str>) -> bool {
    matches!(
        key,
        None | Some("okta_verify" | "okta_email" | "google_otp" | "phone_number")
    )
}

/// Checks the visible `inputs` (recursing into objects), putting what may
/// be sent in `values` and a message per failing input in `errors`.
fn collect(
    inputs: &[Input],
    text: &HashMap<String, String>,
    bools: &HashMap<String, bool>,
    key: Option<&str>,
    i18n: &I18n,
    values: &mut Values,
    errors: &mut HashMap<String, String>,
) {
    for input in inputs.iter().filter(|i| i.visible) {
        match input.kind {
            InputKind::Object if !input.inputs.is_empty() => {
                collect(&input.inputs, text, bools, key, i18n, values, errors);
            }
            InputKind::Boolean => {
                values.insert_bool(
                    &input.name,
                    bools.get(&input.name).copied().unwrap_or(false),
                );
            }
            _ => {
                let raw = text.get(&input.name).cloned().unwrap_or_default();
                // Passwords are sent exactly as typed; other text is trimmed.
                let v = if input.secret && !is_code(input) {
                    raw
                } else {
                    raw.trim().to_owned()
                };
                if v.is_empty() {
                    if input.required {
                        // English reads "Enter your username."; the other
                        // languages quote the label as it is shown.
                        let label = label_of(input, i18n);
                        let what = if i18n.lang() == Lang::En {
                            label.to_lowercase()
                        } else {
                            label
                        };
                        errors.insert(
                            input.name.clone(),
                            i18n.f("form.required", &[("field", &what)]),
                        );
                    }
                    continue;
                }
                if is_code(input) && six_digit_key(key) {
                    let digits: String = v.chars().filter(|c| !c.is_whitespace()).collect();
                    if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
                        errors.insert(input.name.clone(), i18n.t("form.code_format"));
                        continue;
                    }
                    values.insert_text(&input.name, digits);
                    continue;
                }
                if let Some(max) = input.max_length
                    && v.chars().count() > max as usize
                {
                    errors.insert(
                        input.name.clone(),
                        i18n.f("form.max_length", &[("max", &max.to_string())]),
                    );
                    continue;
                }
                values.insert_text(&input.name, v);
            }
        }
    }
}
