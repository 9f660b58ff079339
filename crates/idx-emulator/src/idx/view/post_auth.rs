//! The steps after authentication: `skip` and the grace period of the
//! optional enrollment, the password-expiry warning, consent (end user,
//! granular, admin) and "Keep me signed in?".
//!
//! Invariants: `skip` appears only where the flow allows it; consent lists
//! the transaction's requested scopes, `openid` never as a choice and the
//! mandatory ones immutable; the new password's settings are the policy's,
//! the same the check applies.

use serde_json::{Value, json};

use super::ctx::{Ctx, StepView, with_message};
use super::objects::{password_authenticator, password_enrollment};
use crate::config::{ConsentKind, User};
use crate::http::iso8601;
use crate::idx::password::POLICY;
use crate::idx::post_auth::MANDATORY_SCOPES;

/// The `skip` remediation (`authenticator-enroll-select-authenticator-with-skip.json`).
fn skip_form(ctx: &Ctx<'_>) -> Value {
    Value::Object(ctx.form("skip", "/idp/idx/skip", vec![]))
}

/// The optional enrollment: `skip` after the choice, and the grace period
/// on the authenticator to enroll (`authenticator-enroll-grace-period*.json`).
pub(super) fn optional_enrollment(
    ctx: &Ctx<'_>,
    remediation: &mut Vec<Value>,
    listed: &mut [(&'static str, Value)],
) {
    let flow = &ctx.tx.flow;
    if flow.skippable {
        remediation.push(skip_form(ctx));
    }
    let grace = match (flow.skips_left, flow.grace_until) {
        (Some(left), _) => json!({ "type": "BY_SKIP_COUNT", "remainingSkips": left }),
        (None, Some(until)) => json!({ "type": "BY_DATE_TIME", "expiry": iso8601(until) }),
        (None, None) => return,
    };
    for (name, value) in listed.iter_mut() {
        if *name == "authenticators"
            && let Some(first) = value["value"].get_mut(0)
        {
            first["gracePeriod"] = grace.clone();
        }
    }
}

/// [`Step::PasswordExpiryWarning`](crate::store::Step::PasswordExpiryWarning)
/// (fixture `authenticator-expiry-warning-password.json`).
pub(super) fn expiry_warning(ctx: &Ctx<'_>, user: &User, message: Option<&Value>) -> StepView {
    let days = ctx.tx.flow.policy.password_expires_in_days.unwrap_or(0);
    let mut current = password_authenticator();
    current["settings"] = POLICY.settings();
    current["settings"]["daysToExpiry"] = json!(days);
    let passcode = with_message(
        json!({ "name": "passcode", "label": "New password", "secret": true }),
        message,
    );
    let form = ctx.form(
        "reenroll-authenticator-warning",
        "/idp/idx/challenge/answer",
        vec![json!({ "name": "credentials", "type": "object", "form": { "value": [passcode] }, "required": true })],
    );
    StepView {
        current: vec![(
            "currentAuthenticator",
            json!({ "type": "object", "value": current }),
        )],
        remediation: vec![ctx.related(form, "$.currentAuthenticator"), skip_form(ctx)],
        listed: vec![
            (
                "authenticators",
                json!({ "type": "array", "value": [password_authenticator()] }),
            ),
            (
                "authenticatorEnrollments",
                json!({ "type": "array", "value": [password_enrollment(user)] }),
            ),
        ],
    }
}

/// What consent says about a scope: (label, description).
fn scope_text(scope: &str) -> (&'static str, &'static str) {
    match scope {
        "profile" => (
            "View your profile information.",
            "This allows the app to view your profile information.",
        ),
        "email" => (
            "View your email address.",
            "This allows the app to view your email address.",
        ),
        "phone" => (
            "View your phone number.",
            "This allows the app to view your phone number.",
        ),
        "address" => (
            "View your address.",
            "This allows the app to view your address.",
        ),
        "offline_access" => (
            "Keep you signed in to the app.",
            "This allows the app to keep you signed in.",
        ),
        _ => ("", ""),
    }
}

/// [`Step::Consent`](crate::store::Step::Consent) (fixtures
/// `consent-enduser.json`, `consent-granular.json`, `consent-admin.json`).
pub(super) fn consent(ctx: &Ctx<'_>, kind: ConsentKind) -> StepView {
    let scopes = &ctx.tx.scopes;
    let form = match kind {
        ConsentKind::EndUser | ConsentKind::Admin => {
            let name = if kind == ConsentKind::Admin {
                "admin-consent"
            } else {
                "consent"
            };
            let consent = json!({
                "name": "consent",
                "type": "boolean",
                "required": true,
                "options": [
                    { "label": "Allow Access", "value": true },
                    { "label": "Don't Allow", "value": false },
                ],
            });
            let mut form = ctx.form(name, "/idp/idx/consent", vec![consent]);
            let listed: Vec<Value> = scopes
                .iter()
                .filter(|s| *s != "openid")
                .map(|s| {
                    let (label, desc) = scope_text(s);
                    json!({ "name": s, "label": label, "value": s, "desc": desc })
                })
                .collect();
            form.insert("scopes".into(), Value::Array(listed));
            form
        }
        ConsentKind::Granular => {
            let opted: Vec<Value> = scopes
                .iter()
                .map(|s| {
                    let mut field = json!({
                        "name": s,
                        "type": "boolean",
                        "required": true,
                        "mutable": !MANDATORY_SCOPES.contains(&s.as_str()),
                        "visible": true,
                        "value": true,
                    });
                    let (label, _) = scope_text(s);
                    if !label.is_empty() {
                        field["label"] = json!(label);
                    }
                    field
                })
                .collect();
            ctx.form(
                "granular-consent",
                "/idp/idx/consent",
                vec![
                    json!({ "name": "consent", "type": "boolean", "required": true, "visible": false }),
                    json!({ "name": "optedScopes", "form": { "value": opted } }),
                ],
            )
        }
    };
    StepView {
        remediation: vec![Value::Object(form)],
        ..StepView::default()
    }
}

/// [`Step::KeepMeSignedIn`](crate::store::Step::KeepMeSignedIn) (fixture
/// `post-auth-keep-me-signed-in.json`).
pub(super) fn keep_me_signed_in(ctx: &Ctx<'_>) -> StepView {
    let field = json!({
        "name": "keepMeSignedIn",
        "type": "boolean",
        "label": "Stay signed in",
        "required": true,
        "mutable": true,
        "value": false,
    });
    StepView {
        remediation: vec![Value::Object(ctx.form(
            "keep-me-signed-in",
            "/idp/idx/keep-me-signed-in",
            vec![field],
        ))],
        ..StepView::default()
    }
}
