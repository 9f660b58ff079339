//! Rendering a transaction's current step as an IDX response body.
//!
//! [`render`] writes the envelope every state shares (`version`,
//! `stateHandle`, `expiresAt`, `intent`, messages, `user`, `cancel`, `app`)
//! and asks one function per [`Step`] for the rest, a [`ctx::StepView`].
//! Those functions live in a file per step family: `identify`, `password`
//! (the password as a challenge), `select` (the factor choice),
//! `okta_verify`, `email`, `phone`, `security_question`, `google`, `otp`,
//! `fastpass`, `recovery`, `enroll` (Okta Verify), `enroll_required` (the
//! other required enrollments' shared parts), `success`, `terminal`,
//! `post_auth` (skip, expiry warning, consent, keep me signed in),
//! `register` (sign-up and set-up), `unlock`, `webauthn` (security keys and
//! passkeys); the objects several families
//! list are in `objects`, and what the self-service flows add to the shared
//! parts (links at identify, CAPTCHA, a step's own messages,
//! `authentication`, terminal bodies) in `self_service`. A new
//! authenticator or flow adds its file here and its arms to [`step_view`].
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
mod enroll_required;
mod fastpass;
mod google;
mod identify;
mod objects;
mod okta_verify;
mod otp;
mod password;
mod phone;
mod post_auth;
mod recovery;
mod register;
mod security_question;
mod select;
mod self_service;
mod success;
mod terminal;
mod unlock;
mod webauthn;

use serde_json::{Map, Value, json};

pub(crate) use ctx::Ctx;
use ctx::StepView;
pub(crate) use terminal::expired;

use super::outcome::Notes;
use crate::http::{iso8601, messages};
use crate::store::{Factor, Step};

/// What the current step shows, by step (and whether the user is known).
fn step_view(ctx: &Ctx<'_>, notes: &Notes, field_message: Option<&Value>) -> StepView {
    match (&ctx.tx.step, ctx.user) {
        (Step::Identify, _) => identify::identify(ctx),
        (Step::IdentifyRecovery, _) => recovery::identify_recovery(ctx),
        (Step::EnrollProfile, _) => match &ctx.org.registration {
            Some(r) => register::enroll_profile(ctx, r, &notes.named),
            None => StepView::default(),
        },
        (Step::UnlockAccount, _) => unlock::select(ctx),
        // Terminal bodies, rendered by `render` itself.
        (Step::ConsentDenied | Step::ActivationRequested, _) => StepView::default(),
        (Step::DeviceChallengePoll(c), _) => fastpass::device_challenge_poll(ctx, c),
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
        (Step::VerificationData(Factor::Phone), Some(user)) => phone::verification_data(ctx, user),
        // The other factors have no method choice; the machine never goes there.
        (Step::VerificationData(_), Some(user)) => select::select(ctx, user),
        (Step::PhoneChallenge(code), Some(user)) => {
            phone::challenge(ctx, user, code, field_message)
        }
        (Step::PhoneEnrollData, Some(user)) => phone::enrollment_data(ctx, user),
        (Step::QuestionChallenge, Some(user)) => {
            security_question::challenge(ctx, user, field_message)
        }
        (Step::QuestionEnroll, Some(user)) => security_question::enroll(ctx, user, field_message),
        (Step::GoogleChallenge, Some(user)) => google::challenge(ctx, user, field_message),
        (Step::GoogleEnroll(e), Some(user)) => google::enroll(ctx, user, e, field_message),
        (Step::OtpChallenge { factor, .. }, Some(user)) => otp::challenge(ctx, user, *factor),
        (Step::EnrollRequired(factor), Some(user)) => enroll_required::select(ctx, user, *factor),
        (Step::SignedNoncePoll(c), Some(user)) => fastpass::signed_nonce_poll(ctx, user, c),
        (Step::WebAuthnChallenge { challenge }, Some(user)) => {
            webauthn::challenge(ctx, user, challenge)
        }
        (Step::WebAuthnEnroll { challenge }, Some(user)) => webauthn::enroll(ctx, user, challenge),
        // Terminal bodies, rendered by `render` itself.
        (Step::PhoneSmsLimited, _) => StepView::default(),
        (Step::Success { interaction_code }, Some(_)) => success::success(ctx, interaction_code),
        (Step::PasswordExpiryWarning, Some(user)) => {
            post_auth::expiry_warning(ctx, user, field_message)
        }
        (Step::Consent(kind), Some(_)) => post_auth::consent(ctx, *kind),
        (Step::KeepMeSignedIn, Some(_)) => post_auth::keep_me_signed_in(ctx),
        (Step::EnrollEmail, Some(_)) => register::enroll_email(ctx, field_message),
        (Step::EnrollPassword, Some(_)) => register::enroll_password(ctx, field_message),
        // Messages only (`self_service::step_messages`).
        (Step::Unlocked, Some(_)) => StepView::default(),
        (Step::RequestActivation, Some(_)) => self_service::request_activation(ctx),
        (Step::DeviceAssuranceGrace, Some(_)) => self_service::device_assurance_grace(ctx),
    }
}

/// Render the transaction's current step.
pub(crate) fn render(ctx: &Ctx<'_>, notes: &Notes) -> Value {
    let tx = ctx.tx;
    if tx.step == Step::RecoveryNotAllowed {
        return terminal::recovery_not_allowed(tx);
    }
    if let Some(body) = self_service::terminal_body(ctx) {
        return body;
    }
    if tx.step == Step::PhoneSmsLimited {
        return terminal::phone_sms_limited(tx);
    }
    let field_message = notes.field.as_ref().map(|m| messages(vec![m.clone()]));
    let step = step_view(ctx, notes, field_message.as_ref());

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
    let global = if notes.global.is_empty() {
        self_service::step_messages(ctx)
    } else {
        notes.global.clone()
    };
    if !global.is_empty() {
        body.insert("messages".into(), messages(global));
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
    self_service::decorate(ctx, &mut body);
    Value::Object(body)
}
