//! Self-service unlock: `select-authenticator-unlock-account`, who is
//! locked out and how to verify it (email).
//!
//! Invariants: the form names no user; only the email authenticator is
//! offered (the emulated factor that can verify an unlock).

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView};
use crate::idx::authenticators::EMAIL_ID;

/// [`Step::UnlockAccount`](crate::store::Step::UnlockAccount) (fixture
/// `user-unlock-account.json`).
pub(super) fn select(ctx: &Ctx<'_>) -> StepView {
    let email = json!({
        "label": "Email",
        "value": { "form": { "value": [
            { "name": "id", "required": true, "value": EMAIL_ID, "mutable": false },
            { "name": "methodType", "required": false, "value": "email", "mutable": false },
        ] } },
        "relatesTo": "$.authenticatorEnrollments.value[0]",
    });
    let form = ctx.form(
        "select-authenticator-unlock-account",
        "/idp/idx/challenge",
        vec![
            json!({ "name": "identifier", "label": "Username", "required": true }),
            json!({ "name": "authenticator", "type": "object", "options": [email] }),
        ],
    );
    let authenticator = json!({
        "type": "email",
        "key": "okta_email",
        "id": EMAIL_ID,
        "displayName": "Email",
        "methods": [{ "type": "email" }],
    });
    StepView {
        remediation: vec![Value::Object(form)],
        listed: vec![
            (
                "authenticators",
                json!({ "type": "array", "value": [authenticator.clone()] }),
            ),
            (
                "authenticatorEnrollments",
                json!({ "type": "array", "value": [authenticator] }),
            ),
        ],
        ..StepView::default()
    }
}
