//! Parsing responses: IDX states into [`Transaction`]s, `/interact` into an
//! interaction handle, and every non-IDX body into a typed [`ResponseError`].
//!
//! Invariants: parsing never panics and never fails on unknown members; the
//! HTTP status is secondary (protocol doc §4.2): any JSON body with a
//! `version` member is an IDX state, whatever the status; an expired
//! transaction (`idx.session.expired`, nothing to remediate) is reported as
//! [`IdxOutcome::Expired`], never as a plain TERMINAL state.

use serde_json::Value as Json;

use crate::error::ResponseError;
use crate::model::{
    App, Authenticator, Forms, IdxOutcome, Message, MessageClass, NextStep, Poll, Status, StepName,
    Transaction, User,
};
use crate::secret::{InteractionCode, InteractionHandle};
use crate::steps;
use crate::wire::{WireForm, WireMessage, WireMessages, resolve_pointer};

/// The only IDX version this client speaks (auth-js `IDX_API_VERSION`).
pub const IDX_VERSION: &str = "1.0.0";

/// i18n key of an expired transaction (protocol doc §4.4).
pub const SESSION_EXPIRED_KEY: &str = "idx.session.expired";

/// Reads a body as a JSON object, or classifies it as an error.
pub(crate) fn json_body(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<serde_json::Map<String, Json>, ResponseError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ResponseError::Empty { status });
    }
    match serde_json::from_slice::<Json>(body) {
        Ok(Json::Object(map)) => Ok(map),
        Ok(_) => Err(ResponseError::Unexpected {
            status,
            detail: "JSON body is not an object".into(),
        }),
        Err(_) => Err(ResponseError::Unexpected {
            status,
            detail: format!(
                "body is not JSON (content type {})",
                content_type.unwrap_or("unknown")
            ),
        }),
    }
}

/// Turns a JSON object that is not the expected document into the matching
/// error shape (OAuth, classic Okta API, or unexpected).
pub(crate) fn error_shape(status: u16, map: &serde_json::Map<String, Json>) -> ResponseError {
    let text = |key: &str| map.get(key).and_then(Json::as_str).map(str::to_owned);
    if let (Some(error), Some(description)) = (text("error"), text("error_description")) {
        return ResponseError::OAuth {
            status,
            error,
            description: Some(description),
        };
    }
    if let Some(code) = text("errorCode") {
        let causes = map
            .get("errorCauses")
            .and_then(Json::as_array)
            .map(|causes| {
                causes
                    .iter()
                    .filter_map(|c| c.get("errorSummary").and_then(Json::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        return ResponseError::Api {
            status,
            code,
            summary: text("errorSummary").unwrap_or_default(),
            causes,
        };
    }
    if let Some(error) = text("error")
        && status >= 400
        && text("message").is_none()
    {
        return ResponseError::OAuth {
            status,
            error,
            description: None,
        };
    }
    let detail = text("message")
        .or_else(|| text("error"))
        .map(|m| m.chars().take(200).collect())
        .unwrap_or_else(|| "JSON of no known shape".into());
    ResponseError::Unexpected { status, detail }
}

/// Parses the response of `/v1/interact` (protocol doc §3.4).
///
/// # Errors
/// The OAuth or classic error the server sent, or [`ResponseError::Unexpected`].
pub fn parse_interact_response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<InteractionHandle, ResponseError> {
    let map = json_body(status, content_type, body)?;
    match map.get("interaction_handle").and_then(Json::as_str) {
        Some(handle) if (200..300).contains(&status) => Ok(InteractionHandle::new(handle)),
        _ => Err(error_shape(status, &map)),
    }
}

/// Parses the response of any IDX call (introspect, a remediation, an
/// action, a poll) into an [`IdxOutcome`] (protocol doc §4.3, §6).
///
/// # Errors
/// A [`ResponseError`] when the body is not an IDX state: empty, not JSON,
/// an OAuth or classic Okta error, or an unsupported version.
pub fn parse_idx_response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<IdxOutcome, ResponseError> {
    let map = json_body(status, content_type, body)?;
    let Some(version) = map.get("version") else {
        return Err(error_shape(status, &map));
    };
    if version.as_str() != Some(IDX_VERSION) {
        return Err(ResponseError::UnsupportedVersion(
            version
                .as_str()
                .unwrap_or("(not a string)")
                .chars()
                .take(40)
                .collect(),
        ));
    }
    let root = Json::Object(map);
    Ok(build(status, &root))
}

fn build(status: u16, root: &Json) -> IdxOutcome {
    let remediations: Vec<WireForm> = root
        .pointer("/remediation/value")
        .and_then(Json::as_array)
        .map(|forms| {
            forms
                .iter()
                .filter_map(|f| serde_json::from_value::<WireForm>(f.clone()).ok())
                .filter(|f| !f.name.is_empty())
                .collect()
        })
        .unwrap_or_default();
    // Parsed through the lenient wrapper: one malformed message must not hide the others.
    let messages = root
        .get("messages")
        .and_then(|m| serde_json::from_value::<WireMessages>(m.clone()).ok())
        .map(|m| messages(&m.value))
        .unwrap_or_default();
    let interaction_code = interaction_code(root);

    if remediations.is_empty()
        && interaction_code.is_none()
        && messages
            .iter()
            .any(|m| m.i18n_key.as_deref() == Some(SESSION_EXPIRED_KEY))
    {
        return IdxOutcome::Expired { messages };
    }

    let actions = actions(root);
    let action_names: Vec<String> = actions.iter().map(|(n, _)| n.clone()).collect();
    let can_resend = action_names.iter().any(|n| n.contains("resend"));
    let can_skip = remediations.iter().any(|r| r.name == "skip");
    let current = current_authenticator(root);

    let available_steps: Vec<NextStep> = remediations
        .iter()
        .map(|form| next_step(form, root, current.as_ref(), can_resend, can_skip))
        .collect();

    let status_kind = if interaction_code.is_some() {
        Status::Success
    } else if remediations.is_empty() {
        Status::Terminal
    } else {
        Status::Pending
    };
    let next = match status_kind {
        Status::Pending => available_steps.first().cloned(),
        _ => None,
    };
    let text = |p: &str| root.pointer(p).and_then(Json::as_str).map(str::to_owned);
    let user = root.pointer("/user/value").map(|u| User {
        id: u.get("id").and_then(Json::as_str).map(str::to_owned),
        identifier: u
            .get("identifier")
            .and_then(Json::as_str)
            .map(str::to_owned),
        first_name: u
            .pointer("/profile/firstName")
            .and_then(Json::as_str)
            .map(str::to_owned),
        last_name: u
            .pointer("/profile/lastName")
            .and_then(Json::as_str)
            .map(str::to_owned),
    });
    let app = root.pointer("/app/value").map(|a| App {
        id: a.get("id").and_then(Json::as_str).map(str::to_owned),
        name: a.get("name").and_then(Json::as_str).map(str::to_owned),
        label: a.get("label").and_then(Json::as_str).map(str::to_owned),
    });

    IdxOutcome::Transaction(Box::new(Transaction {
        status: status_kind,
        next_step: next,
        available_steps,
        actions: action_names,
        messages,
        user,
        app,
        interaction_code,
        expires_at: text("/expiresAt"),
        intent: text("/intent"),
        request_succeeded: (200..300).contains(&status),
        http_status: status,
        webauthn_credentials: crate::webauthn::enrolled_credentials(root),
        autofill_challenge: root
            .pointer("/webauthnAutofillUIChallenge/value/challengeData")
            .and_then(crate::webauthn::ChallengeData::from_json),
        forms: Forms {
            remediations,
            actions,
        },
    }))
}

fn next_step(
    form: &WireForm,
    root: &Json,
    current: Option<&Authenticator>,
    can_resend: bool,
    can_skip: bool,
) -> NextStep {
    let name = StepName::from(form.name.as_str());
    let related = form
        .relates_to
        .as_ref()
        .and_then(|p| resolve_pointer(root, p))
        .map(|v| authenticator(v.get("value").filter(|x| x.is_object()).unwrap_or(v)));
    let uses_current = matches!(
        name,
        StepName::ChallengeAuthenticator
            | StepName::EnrollAuthenticator
            | StepName::ChallengePoll
            | StepName::EnrollPoll
            | StepName::AuthenticatorVerificationData
            | StepName::AuthenticatorEnrollmentData
            | StepName::Resend
            | StepName::ResetAuthenticator
            | StepName::ReenrollAuthenticator
            | StepName::ReenrollAuthenticatorWarning
    );
    let auth = related.or_else(|| current.filter(|_| uses_current).cloned());
    let binds = steps::bindings(&name, form, auth.as_ref().and_then(|a| a.key.as_deref()));
    let options = binds
        .iter()
        .find_map(|b| match b {
            steps::Binding::Choice { field, .. } => Some(steps::authenticator_options(field, root)),
            _ => None,
        })
        .unwrap_or_default();
    let inputs = steps::inputs(&binds, &options);
    let is_poll = matches!(
        name,
        StepName::ChallengePoll
            | StepName::EnrollPoll
            | StepName::Poll
            | StepName::DeviceChallengePoll
    ) || form.refresh.is_some();
    let poll = is_poll.then(|| Poll {
        refresh_ms: form
            .refresh
            .filter(|r| r.is_finite() && *r >= 0.0)
            .map_or(4000, to_ms),
    });
    NextStep {
        href: matches!(name, StepName::RedirectIdp)
            .then(|| form.href.clone())
            .flatten(),
        idp_name: form.idp.as_ref().and_then(|i| i.name.clone()),
        name,
        inputs,
        authenticator: auth,
        authenticator_options: options,
        can_resend,
        can_skip,
        poll,
    }
}

#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "checked finite and non-negative; `as` saturates at u32::MAX"
)]
fn to_ms(refresh: f64) -> u32 {
    refresh as u32
}

fn current_authenticator(root: &Json) -> Option<Authenticator> {
    root.pointer("/currentAuthenticator/value")
        .or_else(|| root.pointer("/currentAuthenticatorEnrollment/value"))
        .map(authenticator)
}

/// Builds the public authenticator from its JSON object (§5.6).
pub(crate) fn authenticator(v: &Json) -> Authenticator {
    let text = |p: &str| {
        v.pointer(p).and_then(|x| match x {
            Json::String(s) => Some(s.clone()),
            Json::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    Authenticator {
        id: text("/id"),
        key: text("/key"),
        kind: text("/type"),
        display_name: text("/displayName"),
        methods: v
            .get("methods")
            .and_then(Json::as_array)
            .map(|ms| {
                ms.iter()
                    .filter_map(|m| m.get("type").and_then(Json::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        correct_answer: text("/contextualData/correctAnswer"),
        qr_code: text("/contextualData/qrcode/href"),
        selected_channel: text("/contextualData/selectedChannel"),
        password_rules: crate::password::PasswordRules::from_settings(v),
        channel_address: text("/contextualData/email")
            .or_else(|| text("/contextualData/phoneNumber")),
        profile: v
            .get("profile")
            .and_then(Json::as_object)
            .map(|p| {
                p.iter()
                    .filter_map(|(k, x)| x.as_str().map(|s| (k.clone(), s.to_owned())))
                    .collect()
            })
            .unwrap_or_default(),
        description: text("/description"),
        challenge_data: v
            .pointer("/contextualData/challengeData")
            .and_then(crate::webauthn::ChallengeData::from_json),
        activation_data: v
            .pointer("/contextualData/activationData")
            .and_then(crate::webauthn::ActivationData::from_json),
    }
}

/// Public messages from wire messages, de-duplicated by key and text (auth-js `getMessagesFromResponse`).
pub(crate) fn messages(wire: &[WireMessage]) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    for m in wire {
        let message = Message {
            class: MessageClass::from(m.class.as_deref().unwrap_or("INFO")),
            i18n_key: m.i18n.as_ref().and_then(|i| i.key.clone()),
            text: m.message.clone().unwrap_or_default(),
            params: m
                .i18n
                .as_ref()
                .and_then(|i| i.params.as_ref())
                .map(|ps| {
                    ps.iter()
                        .map(|p| match p {
                            Json::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        if !out
            .iter()
            .any(|o| o.i18n_key == message.i18n_key && o.text == message.text)
        {
            out.push(message);
        }
    }
    out
}

fn interaction_code(root: &Json) -> Option<InteractionCode> {
    root.pointer("/successWithInteractionCode/value")?
        .as_array()?
        .iter()
        .find(|f| f.get("name").and_then(Json::as_str) == Some("interaction_code"))?
        .get("value")?
        .as_str()
        .filter(|c| !c.is_empty())
        .map(InteractionCode::new)
}

/// Top-level forms (`cancel`) and forms nested one level in `{type:"object"}`
/// members (`currentAuthenticator-resend`, ...), protocol doc §3.7.
fn actions(root: &Json) -> Vec<(String, WireForm)> {
    let mut out = Vec::new();
    let Some(map) = root.as_object() else {
        return out;
    };
    let is_form = |v: &Json| v.get("rel").is_some() && v.get("href").is_some();
    for (key, value) in map {
        if matches!(key.as_str(), "remediation" | "successWithInteractionCode") {
            continue;
        }
        if is_form(value) {
            if let Ok(form) = serde_json::from_value::<WireForm>(value.clone()) {
                out.push((key.clone(), form));
            }
        } else if let Some(inner) = value.get("value").and_then(Json::as_object) {
            for (sub, form) in inner {
                if is_form(form)
                    && let Ok(form) = serde_json::from_value::<WireForm>(form.clone())
                {
                    out.push((format!("{key}-{sub}"), form));
                }
            }
        }
    }
    out
}
