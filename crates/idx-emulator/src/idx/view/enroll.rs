//! The Okta Verify enrollment steps: `select-authenticator-enroll`, the
//! email address for a link (`enrollment-channel-data`), and waiting for the
//! phone (`enroll-poll`, with the QR code or the emailed link).
//!
//! Invariants: enrollment is required, so the choice has no `skip` and its
//! `authenticator` is required; only the emulated channels are offered
//! (QR code, email; not SMS); the QR code shown is the one made when the
//! enrollment started, so every poll shows the same image; the `refresh` is
//! the configured polling interval.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView, with_message};
use super::objects::password_enrollment;
use crate::config::User;
use crate::idx::authenticators::OV_ID;
use crate::store::{Channel, Enrollment};

/// Okta Verify as an authenticator to enroll (`authenticators`,
/// `enrollmentAuthenticator`; fixture `enroll-okta-verify-mfa.json`): what the
/// enrollment will give, push and code.
fn ov_to_enroll() -> Value {
    json!({
        "type": "app",
        "key": "okta_verify",
        "id": OV_ID,
        "displayName": "Okta Verify",
        "methods": [{ "type": "push" }, { "type": "totp" }],
    })
}

/// The Okta Verify `channel` choice. SMS is not emulated, so of Okta's
/// `qrcode | email | sms` only the first two are offered.
fn channel_field() -> Value {
    json!({
        "name": "channel",
        "type": "string",
        "required": false,
        "options": [
            { "label": "QRCODE", "value": "qrcode" },
            { "label": "EMAIL", "value": "email" },
        ],
    })
}

fn ov_id_field() -> Value {
    json!({ "name": "id", "required": true, "value": OV_ID, "mutable": false })
}

/// `select-authenticator-enroll` with Okta Verify only, required (no `skip`)
/// (fixture `authenticator-enroll-select-authenticator-with-usage-info.json`).
fn select_authenticator_enroll(ctx: &Ctx<'_>) -> Value {
    Value::Object(ctx.form(
        "select-authenticator-enroll",
        "/idp/idx/credential/enroll",
        vec![json!({
            "name": "authenticator",
            "type": "object",
            "required": true,
            "options": [{
                "label": "Okta Verify",
                "value": { "form": { "value": [ov_id_field(), channel_field()] } },
                "relatesTo": "$.authenticators.value[0]",
            }],
        })],
    ))
}

/// `select-enrollment-channel` (fixture `enroll-okta-verify-mfa.json`).
fn select_enrollment_channel(ctx: &Ctx<'_>) -> Value {
    Value::Object(ctx.form(
        "select-enrollment-channel",
        "/idp/idx/credential/enroll",
        vec![json!({
            "name": "authenticator",
            "type": "object",
            "label": "Okta Verify",
            "value": { "form": { "value": [ov_id_field(), channel_field()] } },
        })],
    ))
}

/// `currentAuthenticator` while enrolling Okta Verify: the authenticator
/// with the channel's `contextualData` and, after an emailed link, the
/// `resend` action (fixtures `enroll-okta-verify-mfa.json`,
/// `authenticator-enroll-ov-via-email.json`, `authenticator-enroll-ov-email.json`).
fn ov_enroll_current(ctx: &Ctx<'_>, enrollment: Option<&Enrollment>) -> Value {
    let mut v = ov_to_enroll();
    v["contextualData"] = match enrollment {
        None => json!({ "selectedChannel": "email" }),
        Some(e) => match e.channel {
            Channel::QrCode => json!({
                "qrcode": {
                    "method": "embedded",
                    "href": e.qr_code.as_ref().map(|q| q.expose()),
                    "type": "image/png",
                },
                "selectedChannel": "qrcode",
            }),
            Channel::Email => json!({ "selectedChannel": "email", "email": e.email }),
        },
    };
    if let Some(email) = enrollment.and_then(|e| e.email.as_ref()) {
        // The recording lists the state handle first, then the fixed address.
        let mut resend = ctx.form("resend", "/idp/idx/challenge/resend", vec![]);
        if let Some(Value::Array(fields)) = resend.get_mut("value") {
            fields.push(json!({ "name": "email", "required": true, "value": email, "visible": false, "mutable": false }));
        }
        v["resend"] = Value::Object(resend);
    }
    json!({ "type": "object", "value": v })
}

/// `authenticators` and `authenticatorEnrollments` while enrolling: Okta
/// Verify to enroll, the password the user has; and, once a channel is
/// chosen, `enrollmentAuthenticator`.
fn enrolling(user: &User, channel_chosen: bool) -> Vec<(&'static str, Value)> {
    let mut listed = vec![
        (
            "authenticators",
            json!({ "type": "array", "value": [ov_to_enroll()] }),
        ),
        (
            "authenticatorEnrollments",
            json!({ "type": "array", "value": [password_enrollment(user)] }),
        ),
    ];
    if channel_chosen {
        listed.push((
            "enrollmentAuthenticator",
            json!({ "type": "object", "value": ov_to_enroll() }),
        ));
    }
    listed
}

/// [`Step::SelectEnroll`](crate::store::Step::SelectEnroll).
pub(super) fn select_enroll(ctx: &Ctx<'_>, user: &User) -> StepView {
    StepView {
        remediation: vec![select_authenticator_enroll(ctx)],
        listed: enrolling(user, false),
        ..StepView::default()
    }
}

/// [`Step::EnrollChannelData`](crate::store::Step::EnrollChannelData)
/// (fixture `authenticator-enroll-ov-via-email.json`).
pub(super) fn channel_data(ctx: &Ctx<'_>, user: &User, message: Option<&Value>) -> StepView {
    let email = with_message(
        json!({ "label": "Email", "name": "email", "required": true, "visible": true }),
        message,
    );
    StepView {
        current: vec![("currentAuthenticator", ov_enroll_current(ctx, None))],
        remediation: vec![
            Value::Object(ctx.form(
                "enrollment-channel-data",
                "/idp/idx/challenge/send",
                vec![email],
            )),
            select_enrollment_channel(ctx),
            select_authenticator_enroll(ctx),
        ],
        listed: enrolling(user, true),
    }
}

/// [`Step::EnrollPoll`](crate::store::Step::EnrollPoll) (fixtures
/// `enroll-okta-verify-mfa.json` (QR code), `authenticator-enroll-ov-email.json`
/// (emailed link)).
pub(super) fn poll(ctx: &Ctx<'_>, user: &User, enrollment: &Enrollment) -> StepView {
    let mut poll = ctx.form("enroll-poll", "/idp/idx/challenge/poll", vec![]);
    poll.insert("refresh".into(), json!(ctx.refresh_ms));
    StepView {
        current: vec![(
            "currentAuthenticator",
            ov_enroll_current(ctx, Some(enrollment)),
        )],
        remediation: vec![
            Value::Object(poll),
            select_enrollment_channel(ctx),
            select_authenticator_enroll(ctx),
        ],
        listed: enrolling(user, true),
    }
}
