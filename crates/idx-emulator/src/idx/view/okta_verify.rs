//! The Okta Verify steps: its method choice, the code challenge, waiting
//! for a push, and a rejected push.
//!
//! Invariants: each step keeps the factor choice available and lists the
//! user's authenticators; `currentAuthenticator` lists only the method in
//! use (all usable ones for the method choice); the number challenge's
//! answer (`correctAnswer`) is shown while its push waits and never after;
//! the push's `refresh` is the configured polling interval.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView, with_message};
use super::objects::{authenticator_obj, ov_methods};
use super::select::{select_authenticator, user_authenticators};
use crate::config::User;
use crate::idx::authenticators::OV_ID;
use crate::store::Factor;

/// Okta Verify as `currentAuthenticator`, with `methods` in use, and for a
/// push its `resend` action and number challenge.
fn ov_current(ctx: &Ctx<'_>, user: &User, methods: &[&str], push: bool) -> Value {
    let mut v = authenticator_obj(user, Factor::OktaVerify, false);
    v["methods"] = Value::Array(methods.iter().map(|t| json!({ "type": t })).collect());
    if push {
        let resend = ctx.form(
            "resend",
            "/idp/idx/challenge",
            vec![json!({
                "name": "authenticator",
                "required": true,
                "value": { "methodType": "push", "id": OV_ID },
                "visible": false,
                "mutable": false,
            })],
        );
        v["resend"] = Value::Object(resend);
        if let Some(answer) = ctx.push.and_then(|p| p.correct_answer.as_ref()) {
            v["contextualData"] = json!({ "correctAnswer": answer });
        }
    }
    json!({ "type": "object", "value": v })
}

/// A step of Okta Verify: its form relating to `currentAuthenticator`, then
/// the factor choice.
fn ov_step(ctx: &Ctx<'_>, user: &User, form: Value, current: Value) -> StepView {
    StepView {
        current: vec![("currentAuthenticator", current)],
        remediation: vec![form, select_authenticator(ctx, user)],
        listed: user_authenticators(user),
    }
}

/// The method choice, `authenticator-verification-data` (fixture
/// `v3/idp/idx/challenge/verify-ov-select-method.json`).
pub(super) fn verification_data(ctx: &Ctx<'_>, user: &User) -> StepView {
    let opts: Vec<Value> = ov_methods(user)
        .iter()
        .map(|(v, l)| json!({ "label": l, "value": v }))
        .collect();
    let mut sub = vec![
        json!({ "name": "id", "required": true, "value": OV_ID, "mutable": false }),
        json!({ "name": "methodType", "type": "string", "required": true, "options": opts }),
    ];
    if user.has_push() {
        sub.push(json!({ "name": "autoChallenge", "type": "boolean", "label": "Send push automatically", "required": false, "value": false, "mutable": true }));
    }
    let form = ctx.form(
        "authenticator-verification-data",
        "/idp/idx/challenge",
        vec![json!({ "name": "authenticator", "label": "Okta Verify", "form": { "value": sub } })],
    );
    let methods: Vec<&str> = ov_methods(user).iter().map(|(t, _)| *t).collect();
    ov_step(
        ctx,
        user,
        ctx.related(form, "$.currentAuthenticator"),
        ov_current(ctx, user, &methods, false),
    )
}

/// The code challenge (fixtures `v3/idp/idx/challenge/verify-ov-code-mfa.json`,
/// `error-okta-verify-totp.json`).
pub(super) fn code_challenge(ctx: &Ctx<'_>, user: &User, message: Option<&Value>) -> StepView {
    let totp = with_message(
        json!({ "name": "totp", "label": "Enter code", "required": true, "visible": true }),
        message,
    );
    let form = ctx.form(
        "challenge-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "form": { "value": [totp] }, "required": true })],
    );
    ov_step(
        ctx,
        user,
        ctx.related(form, "$.currentAuthenticator"),
        ov_current(ctx, user, &["totp"], false),
    )
}

/// Waiting for the push (fixtures `v3/idp/idx/challenge/verify-ov-send-push.json`,
/// `.../verify-ov-push-manual.json`).
pub(super) fn push_poll(ctx: &Ctx<'_>, user: &User) -> StepView {
    let mut form = ctx.form(
        "challenge-poll",
        "/idp/idx/authenticators/poll",
        vec![json!({ "name": "autoChallenge", "type": "boolean", "label": "Send push automatically", "required": false, "value": false, "mutable": true })],
    );
    form.insert("refresh".into(), json!(ctx.refresh_ms));
    ov_step(
        ctx,
        user,
        ctx.related(form, "$.currentAuthenticator"),
        ov_current(ctx, user, &["push"], true),
    )
}

/// The push was rejected: send another (fixture
/// `authenticator-verification-okta-verify-reject-push.json`).
pub(super) fn push_rejected(ctx: &Ctx<'_>, user: &User) -> StepView {
    let form = ctx.form(
        "resend",
        "/idp/idx/challenge",
        vec![json!({ "name": "authenticator", "type": "object", "label": "Okta Verify", "value": { "form": { "value": [
            { "name": "id", "value": OV_ID, "required": true, "mutable": false },
            { "name": "methodType", "value": "push", "label": "PUSH", "required": true, "mutable": false },
        ] } } })],
    );
    let mut current = ov_current(ctx, user, &["push"], false);
    if let Some(m) = current.get_mut("value").and_then(Value::as_object_mut) {
        m.remove("contextualData");
    }
    ov_step(
        ctx,
        user,
        ctx.related(form, "$.currentAuthenticator"),
        current,
    )
}
