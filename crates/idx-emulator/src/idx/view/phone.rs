//! The phone steps: the method choice (`authenticator-verification-data`),
//! the code challenge (`challenge-authenticator`, or `enroll-authenticator`
//! for a number being enrolled) and the number to enroll
//! (`authenticator-enrollment-data`).
//!
//! Invariants: the number appears masked (`+1 XXX-XXX-2342`), never whole;
//! `methods` of the current authenticator names the method the code went
//! by; a challenge always offers `resend`; the verify steps keep the factor
//! choice available, the enrollment steps the enrollment choice.

use serde_json::{Map, Value, json};

use super::ctx::{Ctx, StepView, with_message};
use super::enroll_required::{step as enroll_step, to_enroll};
use super::objects::{authenticator_obj, enrollment_id};
use super::select::factor_step;
use crate::config::User;
use crate::idx::authenticators::PHONE_ID;
use crate::idx::phone::methods;
use crate::store::{Factor, PhoneCode};

/// The `credentials{passcode}` form named `name`.
fn passcode_form(ctx: &Ctx<'_>, name: &str, message: Option<&Value>) -> Map<String, Value> {
    let passcode = with_message(
        json!({ "name": "passcode", "label": "Enter code" }),
        message,
    );
    ctx.form(
        name,
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "form": { "value": [passcode] }, "required": true })],
    )
}

/// The method choice (fixture `v3/idp/idx/challenge/sms-method.json`).
pub(super) fn verification_data(ctx: &Ctx<'_>, user: &User) -> StepView {
    let options: Vec<Value> = methods(user)
        .iter()
        .map(|m| match m.as_str() {
            "sms" => json!({ "label": "SMS", "value": "sms" }),
            _ => json!({ "label": "Voice call", "value": "voice" }),
        })
        .collect();
    let form = ctx.form(
        "authenticator-verification-data",
        "/idp/idx/challenge",
        vec![json!({ "name": "authenticator", "label": "Phone", "form": { "value": [
            { "name": "id", "required": true, "value": PHONE_ID, "mutable": false },
            { "name": "methodType", "type": "string", "required": true, "options": options },
            { "name": "enrollmentId", "required": true, "value": enrollment_id("sms", user), "mutable": false },
        ] } })],
    );
    let current = authenticator_obj(user, Factor::Phone, true);
    factor_step(ctx, user, "currentAuthenticatorEnrollment", current, form)
}

/// The code challenge (fixtures `v3/idp/idx/challenge/sms-challenge.json`,
/// `error-authenticator-challenge-phone-invalid-otp.json`; enrolling:
/// `authenticator-enroll-phone.json`, `error-authenticator-enroll-phone-invalid-otp.json`).
pub(super) fn challenge(
    ctx: &Ctx<'_>,
    user: &User,
    code: &PhoneCode,
    message: Option<&Value>,
) -> StepView {
    let resend = Value::Object(ctx.form("resend", "/idp/idx/challenge/resend", vec![]));
    let method = json!([{ "type": code.method.as_str() }]);
    if code.enrolling {
        let mut current = to_enroll(user, Factor::Phone);
        current["resend"] = resend;
        current["methods"] = method;
        let form = passcode_form(ctx, "enroll-authenticator", message);
        return enroll_step(ctx, user, Factor::Phone, current, form, true);
    }
    let mut current = authenticator_obj(user, Factor::Phone, true);
    current["resend"] = resend;
    current["methods"] = method;
    let form = passcode_form(ctx, "challenge-authenticator", message);
    factor_step(ctx, user, "currentAuthenticatorEnrollment", current, form)
}

/// The number to enroll (fixtures `error-authenticator-enroll-phone-invalid-number.json`,
/// `authenticator-enroll-data-phone.json`).
pub(super) fn enrollment_data(ctx: &Ctx<'_>, user: &User) -> StepView {
    let form = ctx.form(
        "authenticator-enrollment-data",
        "/idp/idx/credential/enroll",
        vec![
            json!({ "name": "authenticator", "label": "Phone", "form": { "value": [
            { "name": "id", "required": true, "value": PHONE_ID, "mutable": false },
            { "name": "methodType", "type": "string", "required": true, "options": [
                { "label": "SMS", "value": "sms" },
                { "label": "Voice call", "value": "voice" },
            ] },
            { "name": "phoneNumber", "label": "Phone number", "required": true },
        ] } }),
        ],
    );
    let current = to_enroll(user, Factor::Phone);
    enroll_step(ctx, user, Factor::Phone, current, form, false)
}
