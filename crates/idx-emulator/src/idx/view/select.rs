//! The choice of factor: `select-authenticator-authenticate`, offered in
//! every factor state, and the lists of the user's authenticators and
//! enrollments it relates to.
//!
//! Invariants: the options list the user's factors in the order of
//! [`user_factors`], and each option's `relatesTo` indexes the same
//! position in `authenticators` (Okta Verify) or `authenticatorEnrollments`
//! (the others), which list the same factors in the same order; Okta Verify
//! is always a method choice, even with one method.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView};
use super::objects::{authenticator_obj, enrollment_id, ov_methods};
use super::webauthn;
use crate::config::User;
use crate::idx::authenticators::{
    CUSTOM_OTP_ID, EMAIL_ID, GOOGLE_ID, OV_ID, PHONE_ID, QUESTION_ID, RSA_ID, user_factors,
};
use crate::idx::phone;
use crate::store::Factor;

/// `select-authenticator-authenticate` (fixture `v3/idp/idx/identify/verify-ov-mfa.json`):
/// Okta Verify relates to `$.authenticators`, email to `$.authenticatorEnrollments`.
pub(super) fn select_authenticator(ctx: &Ctx<'_>, user: &User) -> Value {
    let options: Vec<Value> = user_factors(user)
        .iter()
        .enumerate()
        .map(|(i, f)| match f {
            Factor::OktaVerify => {
                let methods = ov_methods(user);
                // Always a choice list, even with one method, as in
                // `authenticator-verification-data-okta-verify-push-only-*.json`.
                let opts: Vec<Value> = methods
                    .iter()
                    .map(|(v, l)| json!({ "label": l, "value": v }))
                    .collect();
                let method_field = json!({ "name": "methodType", "type": "string", "required": false, "options": opts });
                json!({
                    "label": "Okta Verify",
                    "value": { "form": { "value": [
                        { "name": "id", "required": true, "value": OV_ID, "mutable": false },
                        method_field,
                    ] } },
                    "relatesTo": format!("$.authenticators.value[{i}]"),
                })
            }
            Factor::Email => json!({
                "label": "Email",
                "value": { "form": { "value": [
                    { "name": "id", "required": true, "value": EMAIL_ID, "mutable": false },
                    { "name": "methodType", "required": false, "value": "email", "mutable": false },
                ] } },
                "relatesTo": format!("$.authenticatorEnrollments.value[{i}]"),
            }),
            Factor::WebAuthn => json!({
                "label": authenticator_obj(user, Factor::WebAuthn, false)["displayName"],
                "value": { "form": { "value": webauthn::option_form(true) } },
                // One authenticator, possibly several keys: as Okta Verify.
                "relatesTo": format!("$.authenticators.value[{i}]"),
            }),
            other @ (Factor::Phone
            | Factor::SecurityQuestion
            | Factor::GoogleOtp
            | Factor::CustomOtp
            | Factor::Rsa) => json!({
                "label": authenticator_obj(user, *other, false)["displayName"],
                "value": { "form": { "value": other_option(user, *other) } },
                "relatesTo": format!("$.authenticatorEnrollments.value[{i}]"),
            }),
        })
        .collect();
    Value::Object(ctx.form(
        "select-authenticator-authenticate",
        "/idp/idx/challenge",
        vec![json!({ "name": "authenticator", "type": "object", "options": options })],
    ))
}

/// The option form of phone, security question, Google Authenticator and
/// the OTP tokens (fixtures `v3/idp/idx/challenge/sms-method.json`: the
/// phone's methods and its enrollment; `authenticator-verification-select-authenticator.json`:
/// the others by id, RSA with its enrollment).
fn other_option(user: &User, f: Factor) -> Vec<Value> {
    let id = |id: &str| json!({ "name": "id", "required": true, "value": id, "mutable": false });
    let enrollment = |prefix: &str| json!({ "name": "enrollmentId", "required": true, "value": enrollment_id(prefix, user), "mutable": false });
    match f {
        Factor::Phone => {
            let options: Vec<Value> = phone::methods(user)
                .iter()
                .map(|m| match m.as_str() {
                    "sms" => json!({ "label": "SMS", "value": "sms" }),
                    _ => json!({ "label": "Voice call", "value": "voice" }),
                })
                .collect();
            vec![
                id(PHONE_ID),
                json!({ "name": "methodType", "type": "string", "required": false, "options": options }),
                enrollment("sms"),
            ]
        }
        Factor::SecurityQuestion => vec![id(QUESTION_ID)],
        Factor::GoogleOtp => vec![id(GOOGLE_ID)],
        Factor::CustomOtp => vec![id(CUSTOM_OTP_ID)],
        Factor::Rsa => vec![id(RSA_ID), enrollment("rsa")],
        // Offered by `select_authenticator` itself.
        Factor::OktaVerify | Factor::Email | Factor::WebAuthn => Vec::new(),
    }
}

/// `authenticators` and `authenticatorEnrollments` of every factor state:
/// the user's factors, as the org's authenticators and as their enrollments.
pub(super) fn user_authenticators(user: &User) -> Vec<(&'static str, Value)> {
    let factors = user_factors(user);
    // One enrollment per factor, but one per registered key for WebAuthn
    // (listed last, so the other factors keep their indexes).
    let enrollments: Vec<Value> = factors
        .iter()
        .flat_map(|f| match f {
            Factor::WebAuthn => webauthn::enrollments(user),
            other => vec![authenticator_obj(user, *other, true)],
        })
        .collect();
    vec![
        (
            "authenticators",
            json!({ "type": "array", "value": factors.iter().map(|f| authenticator_obj(user, *f, false)).collect::<Vec<_>>() }),
        ),
        (
            "authenticatorEnrollments",
            json!({ "type": "array", "value": enrollments }),
        ),
    ]
}

/// [`Step::SelectAuthenticator`](crate::store::Step::SelectAuthenticator):
/// the choice alone.
pub(super) fn select(ctx: &Ctx<'_>, user: &User) -> StepView {
    StepView {
        remediation: vec![select_authenticator(ctx, user)],
        listed: user_authenticators(user),
        ..StepView::default()
    }
}

/// A step of one factor: `form` relating to the body member `member`
/// (`currentAuthenticator` or `currentAuthenticatorEnrollment`, which holds
/// `current`), then the factor choice, and the user's authenticators.
pub(super) fn factor_step(
    ctx: &Ctx<'_>,
    user: &User,
    member: &'static str,
    current: Value,
    form: serde_json::Map<String, Value>,
) -> StepView {
    StepView {
        current: vec![(member, json!({ "type": "object", "value": current }))],
        remediation: vec![
            ctx.related(form, &format!("$.{member}")),
            select_authenticator(ctx, user),
        ],
        listed: user_authenticators(user),
    }
}
