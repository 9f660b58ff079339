//! The password as a challenge ([`Step::PasswordChallenge`], username
//! first): `challenge-authenticator` with a secret `passcode`, and the
//! user's password enrollment with its `recover` action.
//!
//! Invariants: the passcode field is secret; a wrong password's message is
//! global (as recorded), so a field message here only reports a blank.
//!
//! [`Step::PasswordChallenge`]: crate::store::Step::PasswordChallenge

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView, with_message};
use super::objects::enrollment_id;
use crate::config::User;
use crate::idx::authenticators::PASSWORD_ID;

/// `currentAuthenticatorEnrollment` of the password challenge.
fn password_current(ctx: &Ctx<'_>, user: &User) -> Value {
    json!({
        "type": "object",
        "value": {
            "type": "password",
            "key": "okta_password",
            "id": enrollment_id("lae", user),
            "authenticatorId": PASSWORD_ID,
            "displayName": "Password",
            "methods": [{ "type": "password" }],
            "recover": ctx.form("recover", "/idp/idx/recover", vec![]),
        },
    })
}

/// The password challenge (fixture `authenticator-verification-password.json`).
pub(super) fn challenge(ctx: &Ctx<'_>, user: &User, message: Option<&Value>) -> StepView {
    let passcode = with_message(
        json!({ "name": "passcode", "label": "Password", "secret": true }),
        message,
    );
    let form = ctx.form(
        "challenge-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "form": { "value": [passcode] }, "required": true })],
    );
    StepView {
        current: vec![(
            "currentAuthenticatorEnrollment",
            password_current(ctx, user),
        )],
        remediation: vec![ctx.related(form, "$.currentAuthenticatorEnrollment")],
        ..StepView::default()
    }
}
