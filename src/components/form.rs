//! The generic step form: renders any IDX step from its `inputs` and turns
//! what the user entered into idx-core [`Values`].
//!
//! Invariants (UI contract): the form is `<form data-step=NAME>`; every
//! rendered input has `name=<idx-core input name>`, `id=field-<name>` and a
//! `<label for>`; its message slot is `#field-<name>-error`, referenced by
//! `aria-describedby` and flagged with `aria-invalid`. Nothing is sent while
//! a client-side check fails (empty required field, a code that is not six
//! digits, a new password that misses a stated rule or differs from its
//! confirmation); the submit button is disabled and `aria-busy` while a
//! request runs. A new password (`newPassword`, or the password of a password
//! enrollment) gets the rules the server states as a live checklist and a
//! confirmation field that is never sent.

use std::collections::HashMap;

use idx_core::{
    Input, InputKind, InputValue, NextStep, PasswordOwner, PasswordRule, PasswordRules, StepName,
    Values,
};
use leptos::prelude::*;

use crate::flow::{Flow, Intent, use_flow};
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

/// The confirmation field's name: app-only, never sent.
const CONFIRM: &str = "confirmPassword";

/// A password the step sets, with what it must meet.
#[derive(Debug, Clone)]
pub struct NewPassword {
    /// The input holding it.
    pub input: String,
    /// The server's rules (`settings.complexity`), when stated.
    pub rules: Option<PasswordRules>,
    /// Username, first and last name of the person (what it must not contain).
    owner: [Option<String>; 3],
}

impl NewPassword {
    /// The new password of `step`: `newPassword` (reset, expired password),
    /// or the password of a password enrollment.
    fn of(step: &NextStep) -> Option<Self> {
        let enrolling_password = step.name == StepName::EnrollAuthenticator
            && step.authenticator.as_ref().and_then(|a| a.key.as_deref()) == Some("okta_password");
        let input = step.inputs.iter().find(|i| {
            i.visible && (i.name == "newPassword" || (enrolling_password && i.name == "password"))
        })?;
        let user = use_context::<Flow>().and_then(|flow| {
            flow.tx
                .with_untracked(|t| t.as_ref().and_then(|t| t.user.clone()))
        });
        Some(Self {
            input: input.name.clone(),
            rules: step.authenticator.as_ref().and_then(|a| a.password_rules),
            owner: [
                user.as_ref().and_then(|u| u.identifier.clone()),
                user.as_ref().and_then(|u| u.first_name.clone()),
                user.as_ref().and_then(|u| u.last_name.clone()),
            ],
        })
    }

    fn owner(&self) -> PasswordOwner<'_> {
        PasswordOwner {
            username: self.owner[0].as_deref(),
            first_name: self.owner[1].as_deref(),
            last_name: self.owner[2].as_deref(),
        }
    }

    /// The stated rules `typed` misses.
    fn unmet(&self, typed: &str) -> Vec<PasswordRule> {
        self.rules
            .map(|r| r.unmet(typed, self.owner()))
            .unwrap_or_default()
    }
}

/// Words for one password rule.
fn rule_text(rule: PasswordRule, i18n: &I18n) -> String {
    let n = |key: &str, n: u32| i18n.f(key, &[("n", &n.to_string())]);
    match rule {
        PasswordRule::MinLength(k) => n("password.rule.length", k),
        PasswordRule::LowerCase(k) => n("password.rule.lower", k),
        PasswordRule::UpperCase(k) => n("password.rule.upper", k),
        PasswordRule::Number(k) => n("password.rule.number", k),
        PasswordRule::Symbol(k) => n("password.rule.symbol", k),
        PasswordRule::NoUsername => i18n.t("password.rule.no_username"),
        PasswordRule::NoFirstName => i18n.t("password.rule.no_first_name"),
        PasswordRule::NoLastName => i18n.t("password.rule.no_last_name"),
        _ => String::new(),
    }
}

/// Under a new password: its rules, ticked off as the person types (the
/// password field points at the list with `aria-describedby`), and the
/// confirmation field.
fn new_password_extras(new: NewPassword, state: FormState) -> impl IntoView {
    let i18n = state.i18n;
    let input = new.input.clone();
    let rules = new.rules.map(|r| r.rules()).unwrap_or_default();
    let list = (!rules.is_empty()).then(|| {
        let items = rules
            .into_iter()
            .map(|rule| {
                let new = new.clone();
                let input = input.clone();
                let met = Memo::new(move |_| {
                    state.text.with(|t| {
                        rule.met_by(t.get(&input).map_or("", String::as_str), new.owner())
                    })
                });
                view! {
                    <li class:met=move || met.get()>
                        <span class="rule-mark" aria-hidden="true">{move || if met.get() { "✓" } else { "•" }}</span>
                        {rule_text(rule, &i18n)}
                        <span class="visually-hidden">
                            {move || i18n.t(if met.get() { "password.met" } else { "password.not_met" })}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="password-rules" id=format!("field-{input}-rules")>
                <p>{i18n.t("password.rules_title")}</p>
                <ul>{items}</ul>
            </div>
        }
    });
    let confirm = Input {
        name: CONFIRM.to_owned(),
        label: Some(i18n.t("field.confirm_password")),
        kind: InputKind::String,
        required: true,
        secret: true,
        visible: true,
        options: Vec::new(),
        value: None,
        min_length: None,
        max_length: None,
        messages: Vec::new(),
        inputs: Vec::new(),
    };
    view! {
        {list}
        {render_input(&confirm, state)}
    }
}

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

/// Whether an input holds a one-time code (numeric keypad, OTP autofill).
pub fn is_code(input: &Input) -> bool {
    matches!(
        input.name.as_str(),
        "verificationCode" | "otp" | "passcode" | "totp"
    ) && !matches!(input.kind, InputKind::Boolean)
}

/// Authenticators whose codes are always six digits.
fn six_digit_key(key: Option<&str>) -> bool {
    matches!(
        key,
        None | Some("okta_verify" | "okta_email" | "google_otp" | "phone_number")
    )
}

/// A label to show. Okta's labels come in English only, so in another
/// language the well-known fields use the app's translation; otherwise the
/// server's label, else a readable form of the name.
pub fn label_of(input: &Input, i18n: &I18n) -> String {
    let known = match input.name.as_str() {
        "username" | "identifier" => Some("field.username"),
        "password" => Some("field.password"),
        "verificationCode" | "passcode" | "totp" => Some("field.code"),
        "rememberMe" => Some("field.remember_me"),
        _ => None,
    };
    let server = input
        .label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    match (server, known) {
        (_, Some(key)) if i18n.lang() != Lang::En => i18n.t(key),
        (Some(label), _) => label.to_owned(),
        (None, Some(key)) => i18n.t(key),
        (None, None) => {
            let name = input.name.as_str();
            name.rsplit('.').next().unwrap_or(name).to_owned()
        }
    }
}

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

/// Renders the inputs of a step and submits them as the step.
#[component]
pub fn StepForm(
    /// The step to render.
    step: NextStep,
    /// Label of the main button.
    #[prop(into)]
    submit_label: String,
    /// Values kept from an earlier render of the same step.
    #[prop(optional)]
    kept: HashMap<String, String>,
) -> impl IntoView {
    let flow = use_flow();
    let state = FormState::new(&step, &kept);
    let new_password = state.new_password.get_value();
    let mut step = step;
    // A new password is required whatever the wire says (Okta's reset
    // form omits `required`): an empty one can only be refused.
    if let Some(new) = &new_password {
        for input in step.inputs.iter_mut().filter(|i| i.name == new.input) {
            input.required = true;
        }
    }
    let inputs = StoredValue::new(step.inputs.clone());
    let name = step.name.clone();
    let busy = flow.submit.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        match state.validate(&inputs.get_value()) {
            Some(values) => {
                flow.typed.set(state.text.get_untracked());
                flow.dispatch(Intent::Step(name.clone(), values));
            }
            None => crate::focus::focus_first_invalid(),
        }
    };
    let fields = step
        .inputs
        .iter()
        .filter(|i| i.visible)
        .map(|i| match &new_password {
            Some(new) if new.input == i.name => {
                view! { {render_input(i, state)} {new_password_extras(new.clone(), state)} }
                    .into_any()
            }
            _ => render_input(i, state),
        })
        .collect_view();
    view! {
        <form data-step=step.name.as_str().to_owned() on:submit=on_submit novalidate=true>
            {fields}
            <button
                type="submit"
                class="primary"
                aria-busy=move || busy.get().then_some("true")
                disabled=move || busy.get()
            >
                {submit_label}
            </button>
        </form>
    }
}

/// One input (recursing into object inputs).
pub fn render_input(input: &Input, state: FormState) -> AnyView {
    let name = input.name.clone();
    let id = format!("field-{name}");
    let err_id = format!("field-{name}-error");
    let label = label_of(input, &state.i18n);
    let required = input.required;
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
    let invalid = move || error.get().is_some().then_some("true");
    let error_slot = {
        let err_id = err_id.clone();
        move || {
            error.get().map(|text| {
                view! { <div class="field-error" id=err_id.clone()>{text}</div> }
            })
        }
    };
    let described = {
        let err_id = err_id.clone();
        move || error.get().is_some().then(|| err_id.clone())
    };
    let mark = required.then(|| {
        view! { <span class="required-mark" aria-hidden="true">"*"</span> }
    });

    match input.kind {
        InputKind::Object if !input.inputs.is_empty() => {
            let inner = input
                .inputs
                .iter()
                .filter(|i| i.visible)
                .map(|i| render_input(i, state))
                .collect_view();
            if input.inputs.iter().filter(|i| i.visible).count() == 1 {
                // credentials { passcode }: the inner label says it all.
                return inner.into_any();
            }
            view! { <fieldset><legend>{label}</legend>{inner}</fieldset> }.into_any()
        }
        InputKind::Boolean => {
            let n = name.clone();
            let checked = move || state.bools.with(|b| b.get(&n).copied().unwrap_or(false));
            let n2 = name.clone();
            view! {
                <div class="field">
                    <label class="choice" for=id.clone()>
                        <input
                            type="checkbox"
                            id=id.clone()
                            name=name.clone()
                            prop:checked=checked
                            on:change=move |ev| {
                                let v = event_target_checked(&ev);
                                state.bools.update(|b| {
                                    b.insert(n2.clone(), v);
                                });
                            }
                        />
                        <span>{label}</span>
                    </label>
                </div>
            }
            .into_any()
        }
        _ if !input.options.is_empty() => {
            let options = input.options.clone();
            if options.len() <= 5 {
                let radios = options
                    .into_iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let n = name.clone();
                        let value = o.value.clone();
                        let v2 = o.value.clone();
                        let rid = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                        let text = if o.label.trim().is_empty() { o.value.clone() } else { o.label };
                        let n_sel = name.clone();
                        let rid_for = rid.clone();
                        view! {
                            <label class="choice" for=rid_for>
                                <input
                                    type="radio"
                                    id=rid
                                    name=name.clone()
                                    value=value
                                    prop:checked=move || state.text.with(|t| t.get(&n_sel) == Some(&v2))
                                    on:change=move |_| {
                                        let v = o.value.clone();
                                        state.text.update(|t| {
                                            t.insert(n.clone(), v);
                                        });
                                    }
                                />
                                <span>{text}</span>
                            </label>
                        }
                    })
                    .collect_view();
                view! {
                    <fieldset
                        class="field"
                        aria-describedby=described
                        aria-invalid=invalid
                    >
                        <legend id=format!("{id}-legend")>{label}{mark}</legend>
                        {radios}
                        {error_slot}
                    </fieldset>
                }
                .into_any()
            } else {
                let n = name.clone();
                let n_val = name.clone();
                view! {
                    <div class="field">
                        <label for=id.clone()>{label}{mark}</label>
                        <select
                            id=id.clone()
                            name=name.clone()
                            aria-describedby=described
                            aria-invalid=invalid
                            prop:value=move || state.text.with(|t| t.get(&n_val).cloned().unwrap_or_default())
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                state.text.update(|t| {
                                    t.insert(n.clone(), v);
                                });
                            }
                        >
                            <option value="">{state.i18n.t("form.choose")}</option>
                            {options
                                .into_iter()
                                .map(|o| {
                                    let text = if o.label.trim().is_empty() { o.value.clone() } else { o.label };
                                    view! { <option value=o.value>{text}</option> }
                                })
                                .collect_view()}
                        </select>
                        {error_slot}
                    </div>
                }
                .into_any()
            }
        }
        _ => {
            let code = is_code(input);
            let secret = input.secret && !code;
            let shown = RwSignal::new(false);
            let kind = move || {
                if secret && !shown.get() {
                    "password"
                } else {
                    "text"
                }
            };
            let new_password = state
                .new_password
                .with_value(|n| n.as_ref().map(|n| (n.input == name, n.rules.is_some())));
            let (is_new, has_rules) = new_password.unwrap_or((false, false));
            let autocomplete = match name.as_str() {
                _ if code => "one-time-code",
                CONFIRM => "new-password",
                _ if is_new => "new-password",
                "username" | "identifier" => "username",
                "password" | "passcode" => "current-password",
                _ if secret => "current-password",
                _ => "on",
            };
            let n = name.clone();
            let n_val = name.clone();
            let max_len = input.max_length.map(|m| m.to_string());
            let toggle = secret.then(|| {
                view! {
                    <button
                        type="button"
                        class="toggle"
                        aria-controls=id.clone()
                        aria-pressed=move || if shown.get() { "true" } else { "false" }
                        on:click=move |_| shown.update(|s| *s = !*s)
                    >
                        {move || state.i18n.t(if shown.get() { "form.hide" } else { "form.show" })}
                    </button>
                }
            });
            let is_username = matches!(name.as_str(), "username" | "identifier");
            view! {
                <div class="field">
                    <label for=id.clone()>{label}{mark}</label>
                    <div class="input-row">
                        <input
                            type=kind
                            id=id.clone()
                            name=name.clone()
                            class:code=code
                            autocomplete=autocomplete
                            inputmode=code.then_some("numeric")
                            pattern=code.then_some("[0-9]*")
                            maxlength=max_len
                            autocapitalize=(is_username || code).then_some("none")
                            spellcheck=(is_username || code || secret).then_some("false")
                            required=required
                            aria-required=required.then_some("true")
                            aria-describedby={
                                let rules_id = (is_new && has_rules).then(|| format!("{id}-rules"));
                                move || {
                                    let ids: Vec<String> =
                                        described().into_iter().chain(rules_id.clone()).collect();
                                    (!ids.is_empty()).then(|| ids.join(" "))
                                }
                            }
                            aria-invalid=invalid
                            prop:value=move || state.text.with(|t| t.get(&n_val).cloned().unwrap_or_default())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                state.text.update(|t| {
                                    t.insert(n.clone(), v);
                                });
                            }
                        />
                        {toggle}
                    </div>
                    {error_slot}
                </div>
            }
            .into_any()
        }
    }
}
