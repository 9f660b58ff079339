//! Rendering a transaction's current step as an IDX response body.
//!
//! [`render`] writes the envelope every state shares (`version`,
//! `stateHandle`, `expiresAt`, `intent`, messages, `user`, `cancel`, `app`)
//! and asks one function per [`Step`] for the rest, a [`ctx::StepView`].
//! Those functions live in a file per step family: `identify`, `password`
//! (the password as a challenge), `select` (the factor choice),
//! `okta_verify`, `email`, `recovery`, `enroll`, `success`, `terminal`; the
//! objects several families list are in `objects`. A new authenticator or
//! flow adds its file here and its arms to [`step_view`].
//!
//! Invariants: pure (no store access, no I/O); every form carries its own
//! `stateHandle` field (immutable, hidden) and an absolute `href` on the
//! emulator's base URL; shapes follow the recorded Gen3 fixtures named on each
//! function (`../shared/idx-fixtures/responses/...`), which the conformance
//! tests compare against; `user` is shown once the user is known, never at
//! identify.

mod ctx;
mod email;
mod enroll;
mod identify;
mod objects;
mod okta_verify;
mod password;
mod recovery;
mod select;
mod success;
mod terminal;

use serde_json::{Map, Value, json};

pub(crate) use ctx::Ctx;
use ctx::StepView;
pub(crate) use terminal::expired;

use super::outcome::Notes;
use crate::http::{iso8601, messages};
use crate::store::{Factor, Step};

/// What the current step shows, by step (and whether the user is known).
fn step_view(ctx: &Ctx<'_>, field_message: Option<&Value>) -> StepView {
    match (&ctx.tx.step, ctx.user) {
        (Step::Identify, _) => identify::identify(ctx),
        (Step::IdentifyRecovery, _) => recovery::identify_recovery(ctx),
        (_, None) => identify::who_are_you(ctx),
        (Step::PasswordChallenge, Some(user)) => password::challenge(ctx, user, field_message),
        (Step::SelectAuthenticator, Some(user)) => select::select(ctx, user),
        (Step::VerificationData(Factor::OktaVerify), Some(user)) => {
            okta_verify::verification_data(ctx, user)
        }
        (Step::VerificationData(Factor::Email), Some(user)) => email::verification_data(ctx, user),
        (Step::TotpChallenge, Some(user)) => okta_verify::code_challenge(ctx, user, field_message),
        (Step::PushPoll { .. }, Some(user)) => okta_verify::push_poll(ctx, user),
        (Step::PushRejected, Some(user)) => okta_verify::push_rejected(ctx, user),
        (Step::EmailChallenge, Some(user)) => email::challenge(ctx, user, field_message),
        (Step::ResetPassword, Some(user)) => recovery::reset_password(ctx, user, field_message),
        // A terminal body, rendered by `render` itself.
        (Step::RecoveryNotAllowed, _) => StepView::default(),
        (Step::SelectEnroll, Some(user)) => enroll::select_enroll(ctx, user),
        (Step::EnrollChannelData, Some(user)) => enroll::channel_data(ctx, user, field_message),
        (Step::EnrollPoll(enrollment), Some(user)) => enroll::poll(ctx, user, enrollment),
        (Step::Success { interaction_code }, Some(_)) => success::success(ctx, interaction_code),
    }
}

/// Render the transaction's current step.
pub(crate) fn render(ctx: &Ctx<'_>, notes: &Notes) -> Value {
    let tx = ctx.tx;
    if tx.step == Step::RecoveryNotAllowed {
        return terminal::recovery_not_allowed(tx);
    }
    let field_message = notes.field.as_ref().map(|m| messages(vec![m.clone()]));
    let step = step_view(ctx, field_message.as_ref());

    let mut body = Map::new();
    body.insert("version".into(), json!("1.0.0"));
    body.insert("stateHandle".into(), json!(tx.state_handle));
    body.insert("expiresAt".into(), json!(iso8601(tx.expires_at)));
    body.insert("intent".into(), json!("LOGIN"));
    for (key, value) in step.current {
        body.insert(key.into(), value);
    }
    if !step.remediation.is_empty() {
        body.insert(
            "remediation".into(),
            json!({ "type": "array", "value": step.remediation }),
        );
    }
    if !notes.global.is_empty() {
        body.insert("messages".into(), messages(notes.global.clone()));
    }
    for (key, value) in step.listed {
        body.insert(key.into(), value);
    }
    if let (Some(user), false) = (ctx.user, matches!(tx.step, Step::Identify)) {
        if tx.recovery {
            body.insert("recoveryAuthenticator".into(), recovery::recovering(tx));
        }
        body.insert("user".into(), objects::user_obj(user));
    }
    body.insert(
        "cancel".into(),
        Value::Object(ctx.form("cancel", "/idp/idx/cancel", vec![])),
    );
    body.insert("app".into(), objects::app_obj(&tx.client_id));
    Value::Object(body)
}
