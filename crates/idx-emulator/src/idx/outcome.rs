//! What a remediation handler decides, and the answers several steps share.
//!
//! A handler changes the transaction and returns an [`Outcome`]: render the
//! transaction as it now is, with a status and [`Notes`] (the messages to
//! attach), or a ready answer. The step machine saves the transaction first
//! and renders after, so every answer shows the state the store holds.
//!
//! Invariants: handlers never build an IDX body themselves; the messages
//! here carry Okta's recorded keys and texts (fixtures named on each); a
//! remediation a step does not offer is `400 E0000020`, whatever the step.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use crate::http::{idx_bad_request, message};

/// Messages to attach to a rendering.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    /// Global messages (`messages` member).
    pub(crate) global: Vec<Value>,
    /// A message on the answer field of the current challenge.
    pub(crate) field: Option<Value>,
}

impl Notes {
    /// Only a global message.
    pub(crate) fn global(msg: Value) -> Self {
        Self {
            global: vec![msg],
            field: None,
        }
    }

    /// Only a field message.
    pub(crate) fn field(msg: Value) -> Self {
        Self {
            global: vec![],
            field: Some(msg),
        }
    }
}

/// What a remediation handler decided.
pub(super) enum Outcome {
    /// Render the (possibly updated) transaction with this status and notes.
    Render(StatusCode, Notes),
    /// Answer this response as is.
    Raw(Response),
}

/// The (possibly updated) state, 200, no message.
pub(super) fn ok() -> Outcome {
    Outcome::Render(StatusCode::OK, Notes::default())
}

/// The remediation is not offered in the transaction's current step.
pub(super) fn not_offered() -> Outcome {
    Outcome::Raw(idx_bad_request(
        "This step is not available in the current state of the transaction.",
    ))
}

/// 400 with Okta's "Bad request." and `detail`, the state kept.
pub(super) fn bad_input(detail: &str) -> Outcome {
    Outcome::Render(
        StatusCode::BAD_REQUEST,
        Notes::global(message(
            "E0000020",
            &format!("Bad request. {detail}"),
            "ERROR",
        )),
    )
}

/// 400 with a message on the answer field: it was left blank.
pub(super) fn blank_field() -> Outcome {
    Outcome::Render(
        StatusCode::BAD_REQUEST,
        Notes::field(message(
            "model.validation.field.blank",
            "This field cannot be left blank",
            "ERROR",
        )),
    )
}

/// 403: the user is locked out after too many failed attempts.
pub(super) fn suspended() -> Outcome {
    Outcome::Render(
        StatusCode::FORBIDDEN,
        Notes::global(message(
            "authfactor.challenge.suspended_factor",
            "This factor is suspended for your account due to too many failed attempts",
            "ERROR",
        )),
    )
}

/// 400: an identify form was sent without a username.
pub(super) fn username_required() -> Outcome {
    Outcome::Render(
        StatusCode::BAD_REQUEST,
        Notes::global(message(
            "error.username.required",
            "Please enter a username",
            "ERROR",
        )),
    )
}

/// 401 with a message on the code field: a wrong one-time code (fixtures
/// `error-okta-verify-totp.json`, `error-401-invalid-email-otp-passcode.json`).
pub(super) fn invalid_code() -> Outcome {
    Outcome::Render(
        StatusCode::UNAUTHORIZED,
        Notes::field(message(
            "api.authn.error.PASSCODE_INVALID",
            "Invalid code. Try again.",
            "ERROR",
        )),
    )
}
