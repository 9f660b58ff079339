//! The Google Authenticator steps: the code challenge and the enrollment
//! (QR code and shared secret, then a code).
//!
//! Invariants: the verify step has no `contextualData`, as recorded; the
//! enrollment shows the QR code and secret made when it started, so every
//! rendering shows the same ones.

use serde_json::{Map, Value, json};

use super::ctx::{Ctx, StepView, with_message};
use super::enroll_required::{step as enroll_step, to_enroll};
use super::select::factor_step;
use crate::config::User;
use crate::store::{Factor, GoogleEnrollment};

/// The `credentials{passcode}` form named `name`.
fn passcode_form(ctx: &Ctx<'_>, name: &str, message: Option<&Value>) -> Map<String, Value> {
    let passcode = with_message(
        json!({ "name": "passcode", "label": "Enter code", "required": true, "visible": true }),
        message,
    );
    ctx.form(
        name,
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "form": { "value": [passcode] }, "required": true })],
    )
}

/// The code challenge (fixtures `authenticator-verification-google-authenticator.json`,
/// `error-authenticator-verification-on-google-otp-*.json`).
pub(super) fn challenge(ctx: &Ctx<'_>, user: &User, message: Option<&Value>) -> StepView {
    let form = passcode_form(ctx, "challenge-authenticator", message);
    let current = to_enroll(user, Factor::GoogleOtp);
    factor_step(ctx, user, "currentAuthenticator", current, form)
}

/// The enrollment (fixtures `X/authenticator-enroll-google-authenticator.json`,
/// `X/error-authenticator-enroll-google-invalid-otp.json`).
pub(super) fn enroll(
    ctx: &Ctx<'_>,
    user: &User,
    enrollment: &GoogleEnrollment,
    message: Option<&Value>,
) -> StepView {
    let form = passcode_form(ctx, "enroll-authenticator", message);
    let mut current = to_enroll(user, Factor::GoogleOtp);
    current["contextualData"] = json!({
        "qrcode": { "method": "embedded", "href": enrollment.qr_code.expose(), "type": "image/png" },
        "sharedSecret": enrollment.secret.expose(),
    });
    enroll_step(ctx, user, Factor::GoogleOtp, current, form, true)
}
