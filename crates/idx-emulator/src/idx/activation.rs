//! Starting a transaction from an emailed link (protocol reference 8.8):
//! `/v1/interact` with an `activation_token` (a staged user sets their
//! password, then the enrollments their policy requires) or a
//! `recovery_token` (straight to `reset-authenticator`), plus `max_age` and
//! `acr_values`; the expired activation's `request-activation-email`; and
//! the minting of those tokens for the control API.
//!
//! Invariants: a token is used once (an expired one is kept, so it can be
//! told from an invalid one, until it is presented); an unknown, used or
//! foreign token is Okta's OAuth `invalid_request` ("The activation token
//! is invalid", `oauth2/error-activation-token-invalid.json`, and the
//! recovery equivalent), never an IDX body; tokens are never logged.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::outcome::{Outcome, not_offered, ok};
use crate::config::{Config, UserStatus};
use crate::http::{oauth_error, str_field};
use crate::secret::random_id;
use crate::store::{Flow, OneTimeToken, Step, Store, TokenPurpose, Transaction};

/// Lifetime of an activation token (Okta's default: 7 days).
const ACTIVATION_SECS: u64 = 7 * 24 * 3600;
/// Lifetime of a recovery token (Okta's default: 1 hour).
const RECOVERY_SECS: u64 = 3600;

/// Where a new transaction starts.
#[derive(Debug)]
pub(crate) struct Start {
    /// The user the token names, if any.
    pub(crate) username: Option<String>,
    /// The first step.
    pub(crate) step: Step,
    /// A recovery (by `recovery_token`).
    pub(crate) recovery: bool,
    /// The flow state, with `max_age` and `acr_values`.
    pub(crate) flow: Flow,
}

/// Why `/v1/interact` refuses to start a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The `<what>` token is unknown, used, foreign or not for this user.
    Token(&'static str),
    /// `max_age` is not an integer of at least -1.
    MaxAge,
}

impl Refused {
    /// The OAuth error answering it.
    pub(crate) fn response(self) -> Response {
        let description = match self {
            Refused::Token(what) => format!("The {what} token is invalid"),
            Refused::MaxAge => "The 'max_age' parameter must be a non-negative integer.".into(),
        };
        oauth_error(StatusCode::BAD_REQUEST, "invalid_request", &description)
    }
}

/// The start of a transaction for the `/v1/interact` parameters `form`.
pub(crate) fn start(
    store: &mut Store,
    config: &Config,
    form: &Map<String, Value>,
    now: u64,
) -> Result<Start, Refused> {
    let mut flow = Flow::default();
    if let Some(age) = str_field(form, "max_age") {
        match age.trim().parse::<i64>() {
            Ok(n) if n >= -1 => flow.max_age = Some(n),
            _ => return Err(Refused::MaxAge),
        }
    }
    flow.acr_values = str_field(form, "acr_values").map(str::to_owned);
    let mut start = Start {
        username: None,
        step: Step::Identify,
        recovery: false,
        flow,
    };
    for (param, purpose, what) in [
        ("activation_token", TokenPurpose::Activation, "activation"),
        ("recovery_token", TokenPurpose::Recovery, "recovery"),
    ] {
        let Some(value) = str_field(form, param) else {
            continue;
        };
        let token = store
            .self_service
            .tokens
            .remove(value)
            .filter(|t| t.purpose == purpose)
            .ok_or(Refused::Token(what))?;
        let user = store
            .user(config, &token.username)
            .ok_or(Refused::Token(what))?;
        let expired = token.expires_at <= now;
        start.username = Some(user.username.clone());
        start.flow.policy = user.policy.clone();
        match purpose {
            TokenPurpose::Activation if user.status != UserStatus::Staged => {
                return Err(Refused::Token(what));
            }
            TokenPurpose::Activation if expired => start.step = Step::RequestActivation,
            TokenPurpose::Activation => {
                start.flow.activating = true;
                start.step = Step::EnrollPassword;
            }
            TokenPurpose::Recovery if expired || user.status == UserStatus::Staged => {
                return Err(Refused::Token(what));
            }
            TokenPurpose::Recovery => {
                start.recovery = true;
                start.step = Step::ResetPassword;
            }
        }
        eprintln!("idx-emulator: transaction started by an {what} token");
        break;
    }
    Ok(start)
}

/// `POST /idp/idx/request-activation` (`request-activation-email`).
pub(super) fn request(tx: &mut Transaction) -> Outcome {
    if tx.step != Step::RequestActivation {
        return not_offered();
    }
    tx.step = Step::ActivationRequested;
    eprintln!("idx-emulator: a new activation email was requested");
    ok()
}

/// A one-time `purpose` token for `username` (control API), already
/// expired when `expired`; `None` when the user cannot use one (unknown;
/// activation: not staged; recovery: staged).
pub fn mint(
    store: &mut Store,
    config: &Config,
    username: &str,
    purpose: TokenPurpose,
    expired: bool,
    now: u64,
) -> Option<String> {
    let user = store.user(config, username)?;
    let staged = user.status == UserStatus::Staged;
    let lifetime = match purpose {
        TokenPurpose::Activation if staged => ACTIVATION_SECS,
        TokenPurpose::Recovery if !staged => RECOVERY_SECS,
        _ => return None,
    };
    let token = random_id("", 20);
    store.self_service.tokens.insert(
        token.clone(),
        OneTimeToken {
            purpose,
            username: user.username,
            expires_at: if expired { 0 } else { now + lifetime },
        },
    );
    Some(token)
}
