//! A new password the step sets (`newPassword` for a reset or an expired
//! password, or the password of a password enrollment): its rules, shown as
//! a live checklist, and a confirmation field.
//!
//! Invariants: the rules are the ones the server states
//! (`settings.complexity`); the server stays the judge, this only spares a
//! round trip. The confirmation ([`CONFIRM`]) lives in the form state but is
//! never sent.

use idx_core::{Input, InputKind, NextStep, PasswordOwner, PasswordRule, PasswordRules, StepName};
use leptos::prelude::*;

use super::fields::render_input;
use super::state::FormState;
use crate::flow::Flow;
use crate::i18n::I18n;

/// The confirmation field's name: app-only, never sent.
pub(super) const CONFIRM: &str = "confirmPassword";

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
    pub(super) fn of(step: &NextStep) -> Option<Self> {
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
    pub(super) fn unmet(&self, typed: &str) -> Vec<PasswordRule> {
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
pub(super) fn new_password_extras(new: NewPassword, state: FormState) -> impl IntoView {
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
