//! Building the request that submits a step or runs an action of a
//! [`Transaction`] (protocol doc §3.6, §3.7, §3.9, §3.10).
//!
//! Invariants: the URL is always the form's own `href` and the state handle
//! always the form's own value; values are checked before anything is built,
//! so an [`InputError`] means no request exists.

use crate::error::InputError;
use crate::model::{StepName, Transaction};
use crate::request::Request;
use crate::steps;
use crate::values::Values;
use crate::wire::WireForm;

impl Transaction {
    /// Builds the request that submits `step` with `values` (SDK input names,
    /// see [`NextStep::inputs`](crate::NextStep::inputs)).
    ///
    /// Mapping highlights (protocol doc §6.5, §8): `identify` takes `username`,
    /// `password`, `rememberMe`; `select-authenticator-*` takes `authenticator`
    /// (a key such as `okta_verify`, or an option id) and optionally
    /// `methodType` (`push`/`totp`) to pick the method in one step;
    /// `challenge-authenticator` takes `verificationCode`, sent as
    /// `credentials.totp` for Okta Verify and `credentials.passcode` otherwise.
    ///
    /// # Errors
    /// [`InputError`] naming the input when a value is missing, unknown, of
    /// the wrong type or not one of the options; [`InputError::NotAvailable`]
    /// when the transaction has no such step.
    pub fn proceed_request(&self, step: &StepName, values: &Values) -> Result<Request, InputError> {
        let index = self
            .available_steps
            .iter()
            .position(|s| &s.name == step)
            .ok_or_else(|| InputError::NotAvailable(step.as_str().to_owned()))?;
        let next = &self.available_steps[index];
        let form = &self.forms.remediations[index];
        if matches!(step, StepName::RedirectIdp | StepName::PivIdp) {
            return Err(InputError::Invalid {
                name: "redirect-idp".into(),
                reason: "is a browser navigation to `href`, not a request".into(),
            });
        }
        let body = steps::build_body(
            step,
            form,
            next.authenticator.as_ref(),
            &next.authenticator_options,
            values,
        )?;
        form_request(form, &body, step.as_str())
    }

    /// Builds the request for an action by name (`cancel`,
    /// `currentAuthenticator-resend`, `currentAuthenticator-poll`, ...).
    ///
    /// # Errors
    /// [`InputError::NotAvailable`] when there is no such action.
    pub fn action_request(&self, name: &str) -> Result<Request, InputError> {
        let (_, form) = self
            .forms
            .actions
            .iter()
            .find(|(n, _)| n == name)
            .ok_or_else(|| InputError::NotAvailable(name.to_owned()))?;
        let body = steps::build_body(&StepName::from(name), form, None, &[], &Values::new())?;
        form_request(form, &body, name)
    }

    /// Builds the `cancel` action (protocol doc §3.10).
    ///
    /// # Errors
    /// [`InputError::NotAvailable`] when the state has no `cancel` action.
    pub fn cancel_request(&self) -> Result<Request, InputError> {
        self.action_request("cancel")
    }

    /// Builds one poll of the current poll step (`challenge-poll`, `enroll-poll`,
    /// `poll`), or of a `*-poll` action when no poll remediation exists (§3.9).
    /// Mutable defaults such as `autoChallenge: true` are sent as they are.
    ///
    /// # Errors
    /// [`InputError::NotAvailable`] when nothing in the state polls.
    pub fn poll_request(&self) -> Result<Request, InputError> {
        if let Some(step) = self.available_steps.iter().find(|s| s.poll.is_some()) {
            return self.proceed_request(&step.name.clone(), &Values::new());
        }
        let action = self
            .actions
            .iter()
            .find(|a| a.ends_with("-poll"))
            .ok_or_else(|| InputError::NotAvailable("poll".into()))?;
        self.action_request(action)
    }

    /// Builds a resend: the first action whose name contains `resend`, else the
    /// `resend` remediation (after a rejected push, §8.4).
    ///
    /// # Errors
    /// [`InputError::NotAvailable`] when nothing can be resent.
    pub fn resend_request(&self) -> Result<Request, InputError> {
        if let Some(action) = self.actions.iter().find(|a| a.contains("resend")) {
            return self.action_request(action);
        }
        self.proceed_request(&StepName::Resend, &Values::new())
    }

    /// Builds the `skip` remediation.
    ///
    /// # Errors
    /// [`InputError::NotAvailable`] when the state has no `skip`.
    pub fn skip_request(&self) -> Result<Request, InputError> {
        self.proceed_request(&StepName::Skip, &Values::new())
    }
}

fn form_request(
    form: &WireForm,
    body: &serde_json::Value,
    name: &str,
) -> Result<Request, InputError> {
    let href = form
        .href
        .clone()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| InputError::Invalid {
            name: name.to_owned(),
            reason: "the form has no href".into(),
        })?;
    Ok(Request::post_idx(href, body))
}
