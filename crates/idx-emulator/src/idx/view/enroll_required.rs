//! The shared parts of the required enrollments of phone, the security
//! question, Google Authenticator and a security key: `select-authenticator-enroll` with
//! the one authenticator the policy requires, and what every step of the
//! enrollment lists.
//!
//! Invariants: enrollment is required, so the choice has no `skip` and its
//! `authenticator` is required; the choice stays offered in every step of
//! the enrollment (to start over); the lists show the authenticator to
//! enroll and the password the user has, plus `enrollmentAuthenticator`
//! once it is chosen.

use serde_json::{Map, Value, json};

use super::ctx::{Ctx, StepView};
use super::objects::{authenticator_obj, password_enrollment};
use crate::config::User;
use crate::store::Factor;

/// `factor` as the org's authenticator to enroll.
pub(super) fn to_enroll(user: &User, factor: Factor) -> Value {
    authenticator_obj(user, factor, false)
}

/// The option form of `factor` in `select-authenticator-enroll` (fixtures
/// `authenticator-enroll-phone.json`, `X/error-authenticator-enroll-security-question.json`,
/// `X/authenticator-enroll-google-authenticator.json`).
fn option_form(user: &User, factor: Factor) -> Vec<Value> {
    let id = json!({ "name": "id", "required": true, "value": to_enroll(user, factor)["id"], "mutable": false });
    match factor {
        Factor::Phone => vec![
            id,
            json!({ "name": "methodType", "type": "string", "required": false, "options": [
                { "label": "SMS", "value": "sms" },
                { "label": "Voice call", "value": "voice" },
            ] }),
            json!({ "name": "phoneNumber", "label": "Phone number", "required": false }),
        ],
        Factor::SecurityQuestion => vec![
            id,
            json!({ "name": "methodType", "required": false, "value": "security_question", "mutable": false }),
        ],
        // The recording hides both (`X/authenticator-enroll-webauthn.json`).
        Factor::WebAuthn => super::webauthn::option_form(false),
        _ => vec![id],
    }
}

/// `select-authenticator-enroll` with `factor` only, required (no `skip`).
pub(super) fn select_enroll(ctx: &Ctx<'_>, user: &User, factor: Factor) -> Value {
    let obj = to_enroll(user, factor);
    Value::Object(ctx.form(
        "select-authenticator-enroll",
        "/idp/idx/credential/enroll",
        vec![json!({
            "name": "authenticator",
            "type": "object",
            "required": true,
            "options": [{
                "label": obj["displayName"],
                "value": { "form": { "value": option_form(user, factor) } },
                "relatesTo": "$.authenticators.value[0]",
            }],
        })],
    ))
}

/// `authenticators`, `authenticatorEnrollments` and, once chosen,
/// `enrollmentAuthenticator` while enrolling `factor`.
fn lists(user: &User, factor: Factor, chosen: bool) -> Vec<(&'static str, Value)> {
    let mut listed = vec![
        (
            "authenticators",
            json!({ "type": "array", "value": [to_enroll(user, factor)] }),
        ),
        (
            "authenticatorEnrollments",
            json!({ "type": "array", "value": [password_enrollment(user)] }),
        ),
    ];
    if chosen {
        listed.push((
            "enrollmentAuthenticator",
            json!({ "type": "object", "value": to_enroll(user, factor) }),
        ));
    }
    listed
}

/// [`Step::EnrollRequired`](crate::store::Step::EnrollRequired): the choice alone.
pub(super) fn select(ctx: &Ctx<'_>, user: &User, factor: Factor) -> StepView {
    StepView {
        remediation: vec![select_enroll(ctx, user, factor)],
        listed: lists(user, factor, false),
        ..StepView::default()
    }
}

/// A step of enrolling `factor`: `form` relating to `currentAuthenticator`
/// (`current`), then the choice to start over; `chosen` adds
/// `enrollmentAuthenticator`.
pub(super) fn step(
    ctx: &Ctx<'_>,
    user: &User,
    factor: Factor,
    current: Value,
    form: Map<String, Value>,
    chosen: bool,
) -> StepView {
    StepView {
        current: vec![(
            "currentAuthenticator",
            json!({ "type": "object", "value": current }),
        )],
        remediation: vec![
            ctx.related(form, "$.currentAuthenticator"),
            select_enroll(ctx, user, factor),
        ],
        listed: lists(user, factor, chosen),
    }
}
