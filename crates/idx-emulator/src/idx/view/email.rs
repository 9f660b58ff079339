//! The email steps: the method choice (`authenticator-verification-data`)
//! and the code challenge.
//!
//! Invariants: each step keeps the factor choice available and lists the
//! user's authenticators; the current enrollment shows the address masked
//! and always offers `resend`; only the challenge polls (a magic link may
//! answer it elsewhere), with a fixed 4 s `refresh` as recorded.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView, with_message};
use super::objects::authenticator_obj;
use super::select::{select_authenticator, user_authenticators};
use crate::config::User;
use crate::idx::authenticators::EMAIL_ID;
use crate::store::Factor;

/// The user's email enrollment as `currentAuthenticatorEnrollment`, with
/// `resend`, and `poll` while the code is awaited.
fn email_current(ctx: &Ctx<'_>, user: &User, with_poll: bool) -> Value {
    let mut v = authenticator_obj(user, Factor::Email, true);
    v["resend"] = Value::Object(ctx.form("resend", "/idp/idx/challenge/resend", vec![]));
    if with_poll {
        let mut poll = ctx.form("poll", "/idp/idx/challenge/poll", vec![]);
        poll.insert("refresh".into(), json!(4000));
        v["poll"] = Value::Object(poll);
    }
    json!({ "type": "object", "value": v })
}

/// A step of email: its form relating to `currentAuthenticatorEnrollment`,
/// then the factor choice.
fn email_step(ctx: &Ctx<'_>, user: &User, form: Value, with_poll: bool) -> StepView {
    StepView {
        current: vec![(
            "currentAuthenticatorEnrollment",
            email_current(ctx, user, with_poll),
        )],
        remediation: vec![form, select_authenticator(ctx, user)],
        listed: user_authenticators(user),
    }
}

/// The method choice (fixture `authenticator-verification-data-email.json`).
pub(super) fn verification_data(ctx: &Ctx<'_>, user: &User) -> StepView {
    let form = ctx.form(
        "authenticator-verification-data",
        "/idp/idx/challenge",
        vec![json!({ "name": "authenticator", "label": "Email", "form": { "value": [
            { "name": "id", "required": true, "value": EMAIL_ID, "mutable": false },
            { "name": "methodType", "type": "string", "required": true, "options": [{ "label": "Email", "value": "email" }] },
        ] } })],
    );
    email_step(
        ctx,
        user,
        ctx.related(form, "$.currentAuthenticatorEnrollment"),
        false,
    )
}

/// The code challenge (fixtures `authenticator-verification-email.json`,
/// `error-401-invalid-email-otp-passcode.json`).
pub(super) fn challenge(ctx: &Ctx<'_>, user: &User, message: Option<&Value>) -> StepView {
    let passcode = with_message(
        json!({ "name": "passcode", "label": "Enter code" }),
        message,
    );
    let form = ctx.form(
        "challenge-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "form": { "value": [passcode] }, "required": true })],
    );
    email_step(
        ctx,
        user,
        ctx.related(form, "$.currentAuthenticatorEnrollment"),
        true,
    )
}
