//! The sign-up and set-up steps: `enroll-profile` (the org's profile
//! schema, the password when the org asks it there, `select-identify`),
//! the new address's code (`enroll-authenticator`, email) and the first
//! password (`enroll-authenticator`, password).
//!
//! Invariants: the form lists the schema's attributes in its order, each
//! with its type, flags, lengths and choices (a choice list or a boolean's
//! input type as Okta's `display` option); every field message sits on its
//! own field; password fields are secret; the password's settings are the
//! policy's.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView, with_message};
use super::objects::password_authenticator;
use super::self_service::captcha_field;
use crate::config::{Attribute, AttributeKind, Registration};
use crate::http::messages;
use crate::idx::authenticators::EMAIL_ID;
use crate::idx::password::POLICY;

/// The messages collection of field `name`, if it has a message.
fn named(errors: &[(String, Value)], name: &str) -> Option<Value> {
    errors
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, m)| messages(vec![m.clone()]))
}

/// One attribute as a field of `userProfile` (fixtures
/// `enroll-profile-new-boolean-fields.json`,
/// `profile-enrollment-string-fields-options.json`).
fn attribute_field(a: &Attribute, message: Option<&Value>) -> Value {
    let mut f = json!({
        "name": a.name,
        "type": a.kind.as_str(),
        "label": a.label,
        "required": a.required,
    });
    if a.custom_label {
        f["customLabel"] = json!(true);
    }
    if let Some(n) = a.min_length {
        f["minLength"] = json!(n);
    }
    if let Some(n) = a.max_length {
        f["maxLength"] = json!(n);
    }
    let input = a.input_type.clone().or_else(|| match a.kind {
        AttributeKind::Boolean => Some("checkbox".to_owned()),
        _ if !a.options.is_empty() => Some("select".to_owned()),
        _ => None,
    });
    if let Some(input) = input {
        let mut display = json!({ "inputType": input });
        if !a.options.is_empty() {
            display["options"] = json!(
                a.options
                    .iter()
                    .map(|o| json!({ "label": o.label, "value": o.value }))
                    .collect::<Vec<_>>()
            );
        }
        f["options"] =
            json!([{ "label": "display", "value": { "type": "object", "value": display } }]);
    }
    with_message(f, message)
}

/// [`Step::EnrollProfile`](crate::store::Step::EnrollProfile) (fixtures
/// `enroll-profile-new.json`, `enroll-profile-with-password.json`,
/// `error-new-signup-email-exists.json`).
pub(super) fn enroll_profile(
    ctx: &Ctx<'_>,
    registration: &Registration,
    errors: &[(String, Value)],
) -> StepView {
    let attributes: Vec<Value> = registration
        .profile
        .iter()
        .map(|a| attribute_field(a, named(errors, &a.name).as_ref()))
        .collect();
    let mut fields = vec![json!({ "name": "userProfile", "form": { "value": attributes } })];
    let mut current = Vec::new();
    if registration.password {
        let passcode = with_message(
            json!({ "name": "passcode", "label": "Enter Password", "required": true, "secret": true }),
            named(errors, "passcode").as_ref(),
        );
        fields.push(json!({
            "name": "credentials",
            "type": "object",
            "form": { "value": [passcode] },
            "required": true,
            "relatesTo": "$.currentAuthenticator",
        }));
        let mut password = password_authenticator();
        password["settings"] = POLICY.settings();
        current.push((
            "currentAuthenticator",
            json!({ "type": "object", "value": password }),
        ));
    }
    fields.extend(captcha_field(ctx));
    StepView {
        current,
        remediation: vec![
            Value::Object(ctx.form("enroll-profile", "/idp/idx/enroll/new", fields)),
            Value::Object(ctx.form("select-identify", "/idp/idx/identify/select", vec![])),
        ],
        ..StepView::default()
    }
}

/// The org's email authenticator, to enroll.
fn email_authenticator() -> Value {
    json!({
        "type": "email",
        "key": "okta_email",
        "id": EMAIL_ID,
        "displayName": "Email",
        "methods": [{ "type": "email" }],
    })
}

/// [`Step::EnrollEmail`](crate::store::Step::EnrollEmail) (fixture
/// `authenticator-enroll-email.json`): the code sent to the new address.
pub(super) fn enroll_email(ctx: &Ctx<'_>, message: Option<&Value>) -> StepView {
    let mut current = email_authenticator();
    current["resend"] = Value::Object(ctx.form("resend", "/idp/idx/challenge/resend", vec![]));
    let mut poll = ctx.form("poll", "/idp/idx/challenge/poll", vec![]);
    poll.insert("refresh".into(), json!(4000));
    current["poll"] = Value::Object(poll);
    let passcode = with_message(
        json!({ "name": "passcode", "label": "Enter code" }),
        message,
    );
    let form = ctx.form(
        "enroll-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "form": { "value": [passcode] }, "required": true })],
    );
    StepView {
        current: vec![(
            "currentAuthenticator",
            json!({ "type": "object", "value": current }),
        )],
        remediation: vec![ctx.related(form, "$.currentAuthenticator")],
        listed: vec![
            (
                "authenticators",
                json!({ "type": "array", "value": [email_authenticator()] }),
            ),
            (
                "authenticatorEnrollments",
                json!({ "type": "array", "value": [] }),
            ),
            (
                "enrollmentAuthenticator",
                json!({ "type": "object", "value": email_authenticator() }),
            ),
        ],
    }
}

/// [`Step::EnrollPassword`](crate::store::Step::EnrollPassword) (fixture
/// `authenticator-enroll-password.json`): the first password.
pub(super) fn enroll_password(ctx: &Ctx<'_>, message: Option<&Value>) -> StepView {
    let mut current = password_authenticator();
    current["settings"] = POLICY.settings();
    let passcode = with_message(
        json!({ "name": "passcode", "label": "Enter password", "secret": true }),
        message,
    );
    let form = ctx.form(
        "enroll-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "required": true, "form": { "value": [passcode] } })],
    );
    StepView {
        current: vec![(
            "currentAuthenticator",
            json!({ "type": "object", "value": current }),
        )],
        remediation: vec![ctx.related(form, "$.currentAuthenticator")],
        listed: vec![(
            "authenticators",
            json!({ "type": "array", "value": [password_authenticator()] }),
        )],
    }
}
