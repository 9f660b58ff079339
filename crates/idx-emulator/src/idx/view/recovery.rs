//! The recovery steps: `identify-recovery` (who forgot their password),
//! `reset-authenticator` (the new password, with the policy's settings),
//! and the authenticator being recovered, named in every recovery state.
//!
//! Invariants: the new password's settings are [`password::POLICY`]'s,
//! the same the check applies; the new passcode field is secret; the
//! terminal "not allowed" answer lives in `terminal`.
//!
//! [`password::POLICY`]: crate::idx::password::POLICY

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView, with_message};
use super::objects::{authenticator_obj, password_authenticator, password_enrollment};
use crate::config::User;
use crate::idx::authenticators::user_factors;
use crate::idx::password::POLICY;
use crate::store::{Step, Transaction};

/// [`Step::IdentifyRecovery`] (posted to `/idp/idx/identify`; protocol
/// reference 3.8 and 5.7, and the widget's playground mock
/// `identify-recovery.json`, not among the shared fixtures).
pub(super) fn identify_recovery(ctx: &Ctx<'_>) -> StepView {
    let form = ctx.form(
        "identify-recovery",
        "/idp/idx/identify",
        vec![json!({ "name": "identifier", "label": "Username", "required": true })],
    );
    StepView {
        remediation: vec![Value::Object(form)],
        ..StepView::default()
    }
}

/// `currentAuthenticator` of `reset-authenticator`: the password
/// authenticator with the policy's settings (fixture
/// `authenticator-reset-password.json`).
fn password_reset_current() -> Value {
    let mut v = password_authenticator();
    v["settings"] = POLICY.settings();
    json!({ "type": "object", "value": v })
}

/// [`Step::ResetPassword`] (fixture `authenticator-reset-password.json`):
/// the new password, and whether to sign out other devices.
pub(super) fn reset_password(ctx: &Ctx<'_>, user: &User, message: Option<&Value>) -> StepView {
    let passcode = with_message(
        json!({ "name": "passcode", "label": "New password", "secret": true }),
        message,
    );
    let revoke = json!({ "name": "revokeSessions", "type": "boolean", "label": "Sign me out of all other devices" });
    let form = ctx.form(
        "reset-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "required": true, "form": { "value": [passcode, revoke] } })],
    );
    let mut enrollments: Vec<Value> = user_factors(user)
        .iter()
        .map(|f| authenticator_obj(user, *f, true))
        .collect();
    enrollments.push(password_enrollment(user));
    StepView {
        current: vec![("currentAuthenticator", password_reset_current())],
        remediation: vec![ctx.related(form, "$.currentAuthenticator")],
        listed: vec![
            (
                "authenticators",
                json!({ "type": "array", "value": [password_authenticator()] }),
            ),
            (
                "authenticatorEnrollments",
                json!({ "type": "array", "value": enrollments }),
            ),
        ],
    }
}

/// `recoveryAuthenticator`: a recovery names the authenticator it recovers
/// in every state after the user is known (`authenticator-expired-password.json`
/// records the member); the new password's settings come with it.
pub(super) fn recovering(tx: &Transaction) -> Value {
    let mut recovering = password_authenticator();
    if tx.step == Step::ResetPassword {
        recovering["settings"] = POLICY.settings();
    }
    json!({ "type": "object", "value": recovering })
}
