//! The OTP token steps (custom OTP, RSA SecurID): the code challenge.
//!
//! Invariants: the challenge relates to the user's enrollment of the token
//! and keeps the factor choice available; the passcode field is shaped as
//! each token's recording has it.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView};
use super::objects::authenticator_obj;
use super::select::factor_step;
use crate::config::User;
use crate::store::Factor;

/// The code challenge (fixtures `X/authenticator-verification-custom-otp.json`,
/// `X/authenticator-verification-rsa.json`; their errors are global).
pub(super) fn challenge(ctx: &Ctx<'_>, user: &User, factor: Factor) -> StepView {
    let passcode: Value = match factor {
        Factor::CustomOtp => {
            json!({ "name": "passcode", "label": "Enter code", "required": true, "visible": true })
        }
        _ => json!({ "name": "passcode", "label": "Enter code" }),
    };
    let form = ctx.form(
        "challenge-authenticator",
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "form": { "value": [passcode] }, "required": true })],
    );
    let current = authenticator_obj(user, factor, true);
    factor_step(ctx, user, "currentAuthenticatorEnrollment", current, form)
}
