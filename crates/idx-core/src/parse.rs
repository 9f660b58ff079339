//! Parsing responses: IDX states into [`Transaction`]s, `/interact` into an
//! interaction handle, and every non-IDX body into a typed [`ResponseError`].
//!
//! Invariants: parsing never panics and never fails on unknown members; the
//! HTTP status is secondary (protocol doc §4.2): any JSON body with a
//! `version` member is an IDX state, whatever the status; an expired
//! transaction (`idx.session.expired`, nothing to remediate) is reported as
//! [`IdxOutcome::Expired`], never as a plain TERMINAL state.
//!
//! Layering: above `steps` (a step's inputs) and `model` (including the
//! authenticator and message readers both share), which never import it;
//! `oauth` and `id_token` reuse its body classification ([`json_body`],
//! [`error_shape`]).

use serde_json::Value as Json;

use crate::error::ResponseError;
use crate::model::{
    App, Authenticator, Forms, IdxOutcome, Message, NextStep, Poll, RequestInfo, Scope, Status,
    StepName, Transaction, User,
};
use crate::secret::{InteractionCode, InteractionHandle};
use crate::steps;
use crate::wire::{WireForm, WireMessages, resolve_pointer};

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
        .map(|m| Message::all_from_wire(&m.value))
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
        logo: link(a, "logo"),
        client_uri: link(a, "clientUri"),
        terms_of_service: link(a, "termsOfService"),
        privacy_policy: link(a, "privacyPolicy"),
    });
    // A `success` form is a browser navigation (GET), like `redirect-idp`.
    let success_redirect = root
        .get("success")
        .and_then(|s| s.get("href"))
        .and_then(Json::as_str)
        .filter(|h| is_web_url(h))
        .map(str::to_owned);

    IdxOutcome::Transaction(Box::new(Transaction {
        status: status_kind,
        next_step: next,
        available_steps,
        actions: action_names,
        messages,
        user,
        app,
        interaction_code,
        success_redirect,
        issuer_uri: text("/authentication/value/issuer/uri"),
        expires_at: text("/expiresAt"),
        intent: text("/intent"),
        request_succeeded: (200..300).contains(&status),
        http_status: status,
        webauthn_credentials: crate::model::webauthn::enrolled_credentials(root),
        autofill_challenge: root
            .pointer("/webauthnAutofillUIChallenge/value/challengeData")
            .and_then(crate::model::webauthn::ChallengeData::from_json),
        captcha: crate::model::Captcha::from_root(root),
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
        .map(|v| Authenticator::from_json(v.get("value").filter(|x| x.is_object()).unwrap_or(v)));
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
            | StepName::EnrollProfile
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
        href: matches!(name, StepName::RedirectIdp | StepName::PivIdp)
            .then(|| form.href.clone())
            .flatten(),
        idp_name: form.idp.as_ref().and_then(|i| i.name.clone()),
        idp_type: form
            .kind
            .clone()
            .filter(|_| matches!(name, StepName::RedirectIdp | StepName::PivIdp)),
        scopes: Scope::all_from_wire(&form.scopes),
        request_info: RequestInfo::all_from_wire(&form.request_info),
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

/// The `href` of a link member of the app (`logo`, `termsOfService`...),
/// when it is an http(s) URL: it becomes an `<img src>` or `<a href>`.
fn link(app: &Json, member: &str) -> Option<String> {
    app.get(member)?
        .get("href")?
        .as_str()
        .filter(|h| is_web_url(h))
        .map(str::to_owned)
}

fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn current_authenticator(root: &Json) -> Option<Authenticator> {
    root.pointer("/currentAuthenticator/value")
        .or_else(|| root.pointer("/currentAuthenticatorEnrollment/value"))
        .map(Authenticator::from_json)
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
