//! The choice of factor: `select-authenticator-authenticate`, offered in
//! every factor state, and the lists of the user's authenticators and
//! enrollments it relates to.
//!
//! Invariants: the options list the user's factors in the order of
//! [`user_factors`], and each option's `relatesTo` indexes the same
//! position in `authenticators` (Okta Verify) or `authenticatorEnrollments`
//! (email), which list the same factors in the same order; Okta Verify is
//! always a method choice, even with one method.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView};
use super::objects::{authenticator_obj, ov_methods};
use crate::config::User;
use crate::idx::authenticators::{EMAIL_ID, OV_ID, user_factors};
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
        })
        .collect();
    Value::Object(ctx.form(
        "select-authenticator-authenticate",
        "/idp/idx/challenge",
        vec![json!({ "name": "authenticator", "type": "object", "options": options })],
    ))
}

/// `authenticators` and `authenticatorEnrollments` of every factor state:
/// the user's factors, as the org's authenticators and as their enrollments.
pub(super) fn user_authenticators(user: &User) -> Vec<(&'static str, Value)> {
    let factors = user_factors(user);
    vec![
        (
            "authenticators",
            json!({ "type": "array", "value": factors.iter().map(|f| authenticator_obj(user, *f, false)).collect::<Vec<_>>() }),
        ),
        (
            "authenticatorEnrollments",
            json!({ "type": "array", "value": factors.iter().map(|f| authenticator_obj(user, *f, true)).collect::<Vec<_>>() }),
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
